import { users, type Db } from "@boardwatch/db";
import { auth } from "../../auth";
import { AppError } from "../../errors";

/** Finds the account with this email or creates it (through the auth library, so the password is hashed the same way). */
export async function ensureUser(db: Db, input: { email: string; password?: string; name?: string }) {
  const existing = await users.findUserByEmail(db, input.email);
  if (existing) return { id: existing.id, email: existing.email, created: false };
  if (!input.password) throw new AppError("BAD_REQUEST", `required to create the account ${input.email}`, "password");
  const { user } = await auth.api.signUpEmail({
    body: { email: input.email, password: input.password, name: input.name ?? input.email.split("@")[0] ?? input.email },
  });
  return { id: user.id, email: user.email, created: true };
}
