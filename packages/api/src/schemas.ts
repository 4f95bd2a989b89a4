import { z } from "zod";

// Input shapes shared by tRPC procedures and the admin CLI, so both reject the same input the same way.

export const tenantSlug = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(40, "must be at most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be lowercase letters, digits and dashes, not starting or ending with a dash");

export const tenantName = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters");

export const roleInput = z.enum(["OWNER", "ADMIN", "EDITOR", "VIEWER"]);

export const emailInput = z.string().trim().toLowerCase().email("must be an email address").max(254);

export const tokenName = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters");

export const tokenScopes = z
  .array(z.enum(["READ", "WRITE"]))
  .min(1, "must name at least one scope (read, write)")
  .transform((s) => [...new Set(s)]);

export const idInput = z.string().min(1, "must not be empty").max(64);

export const password = z.string().min(10, "must be at least 10 characters").max(128, "must be at most 128 characters");
