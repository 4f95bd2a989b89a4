// Seeds the demo tenant the quick start promises. Idempotent: a second run keeps the first run's login.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEnrolmentToken, createTenant, ensureUser, publicUrl } from "@boardwatch/api";
import { boards, tenants } from "@boardwatch/db";
import { cliActor, db, openTenant } from "../commands/command";

const stateDir = fileURLToPath(new URL("../../../../.boardwatch", import.meta.url));
const loginFile = path.join(stateDir, "demo-login.json");

const remembered = existsSync(loginFile);
const login = remembered
  ? (JSON.parse(readFileSync(loginFile, "utf8")) as { email: string; password: string; tenant: string })
  : { email: "demo@boardwatch.local", password: randomBytes(9).toString("base64url"), tenant: "demo" };

const user = await ensureUser(db(), { email: login.email, password: login.password, name: "Demo Engineer" });
if (!(await tenants.findTenantBySlug(db(), login.tenant))) {
  await createTenant({ db: db(), actor: cliActor }, { slug: login.tenant, name: "Demo fleet", ownerUserId: user.id });
}
// The demo board is this machine, enrolled by `npm start` with a token left here for it.
const tenant = await openTenant(login.tenant);
const enrolmentFile = path.join(stateDir, "demo-enrolment-token");
if ((await boards.listBoards(db(), tenant.tenant.id)).length === 0 && !existsSync(enrolmentFile)) {
  const { token } = await createEnrolmentToken(tenant, { name: "demo board", labels: { site: "demo" }, expiresInHours: 24 * 365, maxUses: 1 }, publicUrl);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(enrolmentFile, token, { mode: 0o600 });
}
if (user.created || remembered) {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(loginFile, JSON.stringify(login), { mode: 0o600 });
  console.log(`[seed] demo tenant "${login.tenant}", login ${login.email} / ${login.password}`);
} else {
  console.log(`[seed] demo tenant "${login.tenant}"; ${login.email} already existed, its password is unchanged`);
}
process.exit(0);
