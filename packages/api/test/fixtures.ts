import { randomBytes } from "node:crypto";
import { getDb } from "@boardwatch/db";
import { appRouter, createCaller, ensureUser, env } from "../src";

export const db = getDb(env.DATABASE_URL);

export function uniq(prefix: string) {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/** A signed-in user's tRPC caller, as the web app builds it for a request with that session. */
export async function signedInCaller(label: string) {
  const email = `${uniq(label)}@example.test`;
  const user = await ensureUser(db, { email, password: "correct-horse-battery", name: label });
  return { email, userId: user.id, caller: createCaller({ db, user: { id: user.id, email, name: label }, ip: null }) };
}

export const anonymousCaller = () => createCaller({ db, user: null, ip: null });

/** A tenant owned by a fresh user, plus a viewer and an outsider (owner of another tenant). */
export async function tenantWithPeople() {
  const owner = await signedInCaller("owner");
  const slug = uniq("t");
  await owner.caller.tenant.create({ slug, name: `Tenant ${slug}` });
  const viewer = await signedInCaller("viewer");
  const invitation = await owner.caller.invitation.create({ tenant: slug, email: viewer.email, role: "VIEWER" });
  await viewer.caller.invitation.accept({ token: new URL(invitation.url).pathname.split("/").pop()! });
  const outsider = await signedInCaller("outsider");
  const otherSlug = uniq("o");
  await outsider.caller.tenant.create({ slug: otherSlug, name: "Other" });
  return { slug, owner, viewer, outsider, otherSlug };
}

/** Rows in every control-plane table, to prove a refused call wrote nothing. */
export async function tableCounts() {
  const [tenant, membership, invitation, apiToken, auditEvent, board, enrolmentToken, boardCredential, ruleGroup, silence, alertmanagerConfig] = await Promise.all([
    db.tenant.count(), db.membership.count(), db.invitation.count(), db.apiToken.count(), db.auditEvent.count(),
    db.board.count(), db.enrolmentToken.count(), db.boardCredential.count(), db.ruleGroup.count(), db.silence.count(), db.alertmanagerConfig.count(),
  ]);
  const [dashboard, dashboardVersion] = await Promise.all([db.dashboard.count(), db.dashboardVersion.count()]);
  return { tenant, membership, invitation, apiToken, auditEvent, board, enrolmentToken, boardCredential, ruleGroup, silence, alertmanagerConfig, dashboard, dashboardVersion };
}

/** Every procedure path of the app router with its kind, so table-driven tests notice new procedures. */
export function procedureKinds(): Record<string, "query" | "mutation" | "subscription"> {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;
  return Object.fromEntries(Object.entries(procedures).map(([path, p]) => [path, p._def.type]));
}
