import { emptyDashboard } from "@boardwatch/dashboards";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { enrollBoard, enrolmentRequest } from "../src";
import { anonymousCaller, db, procedureKinds, tableCounts, tenantWithPeople } from "./fixtures";

type People = Awaited<ReturnType<typeof tenantWithPeople>>;
interface Ids { membershipId: string; tokenId: string; invitationId: string; invitationToken: string; boardId: string; enrolmentTokenId: string; silenceId: string; dashboardUid: string }
type Caller = People["owner"]["caller"];

const RULE_GROUP = "name: temperature\nrules:\n- alert: BoardHot\n  expr: node_hwmon_temp_celsius > 80\n";

/**
 * One row per tRPC procedure. `call` invokes it against the *target* tenant (or its objects); `byId` marks
 * procedures that take object ids, which are also tried from the outsider's own tenant with the target's ids.
 */
const cases: Record<string, { call: (c: Caller, slug: string, ids: Ids) => Promise<unknown>; scope: "tenant" | "user"; byId?: true }> = {
  "tenant.list": { scope: "user", call: (c) => c.tenant.list() },
  "tenant.create": { scope: "user", call: (c) => c.tenant.create({ slug: "created-by-anyone", name: "x" }) },
  "tenant.get": { scope: "tenant", call: (c, slug) => c.tenant.get({ tenant: slug }) },
  "tenant.usage": { scope: "tenant", call: (c, slug) => c.tenant.usage({ tenant: slug }) },
  "tenant.update": { scope: "tenant", call: (c, slug) => c.tenant.update({ tenant: slug, name: "hijacked" }) },
  "member.list": { scope: "tenant", call: (c, slug) => c.member.list({ tenant: slug }) },
  "member.changeRole": { scope: "tenant", byId: true, call: (c, slug, ids) => c.member.changeRole({ tenant: slug, membershipId: ids.membershipId, role: "OWNER" }) },
  "member.remove": { scope: "tenant", byId: true, call: (c, slug, ids) => c.member.remove({ tenant: slug, membershipId: ids.membershipId }) },
  "invitation.list": { scope: "tenant", call: (c, slug) => c.invitation.list({ tenant: slug }) },
  "invitation.create": { scope: "tenant", call: (c, slug) => c.invitation.create({ tenant: slug, email: "intruder@example.test", role: "OWNER" }) },
  "invitation.revoke": { scope: "tenant", byId: true, call: (c, slug, ids) => c.invitation.revoke({ tenant: slug, invitationId: ids.invitationId }) },
  "invitation.preview": { scope: "user", call: (c, _slug, ids) => c.invitation.preview({ token: ids.invitationToken }) },
  "invitation.accept": { scope: "user", call: (c, _slug, ids) => c.invitation.accept({ token: ids.invitationToken }) },
  "apiToken.list": { scope: "tenant", call: (c, slug) => c.apiToken.list({ tenant: slug }) },
  "apiToken.create": { scope: "tenant", call: (c, slug) => c.apiToken.create({ tenant: slug, name: "stolen", scopes: ["READ"] }) },
  "apiToken.revoke": { scope: "tenant", byId: true, call: (c, slug, ids) => c.apiToken.revoke({ tenant: slug, tokenId: ids.tokenId }) },
  "audit.list": { scope: "tenant", call: (c, slug) => c.audit.list({ tenant: slug }) },
  "board.list": { scope: "tenant", call: (c, slug) => c.board.list({ tenant: slug }) },
  "board.get": { scope: "tenant", byId: true, call: (c, slug, ids) => c.board.get({ tenant: slug, boardId: ids.boardId }) },
  "board.update": { scope: "tenant", byId: true, call: (c, slug, ids) => c.board.update({ tenant: slug, boardId: ids.boardId, labels: { site: "hijacked" } }) },
  "board.delete": { scope: "tenant", byId: true, call: (c, slug, ids) => c.board.delete({ tenant: slug, boardId: ids.boardId }) },
  "board.revokeCredential": { scope: "tenant", byId: true, call: (c, slug, ids) => c.board.revokeCredential({ tenant: slug, boardId: ids.boardId }) },
  "board.rotateCredential": { scope: "tenant", byId: true, call: (c, slug, ids) => c.board.rotateCredential({ tenant: slug, boardId: ids.boardId }) },
  "enrolmentToken.list": { scope: "tenant", call: (c, slug) => c.enrolmentToken.list({ tenant: slug }) },
  "enrolmentToken.create": { scope: "tenant", call: (c, slug) => c.enrolmentToken.create({ tenant: slug, name: "stolen" }) },
  "enrolmentToken.revoke": { scope: "tenant", byId: true, call: (c, slug, ids) => c.enrolmentToken.revoke({ tenant: slug, tokenId: ids.enrolmentTokenId }) },
  "enrolmentToken.rotate": { scope: "tenant", byId: true, call: (c, slug, ids) => c.enrolmentToken.rotate({ tenant: slug, tokenId: ids.enrolmentTokenId }) },
  "dashboard.list": { scope: "tenant", call: (c, slug) => c.dashboard.list({ tenant: slug }) },
  "dashboard.get": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.get({ tenant: slug, uid: ids.dashboardUid }) },
  "dashboard.create": { scope: "tenant", call: (c, slug) => c.dashboard.create({ tenant: slug, dashboard: emptyDashboard("planted") }) },
  "dashboard.save": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.save({ tenant: slug, uid: ids.dashboardUid, version: 1, dashboard: emptyDashboard("hijacked") }) },
  "dashboard.delete": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.delete({ tenant: slug, uid: ids.dashboardUid }) },
  "dashboard.duplicate": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.duplicate({ tenant: slug, uid: ids.dashboardUid }) },
  "dashboard.versions": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.versions({ tenant: slug, uid: ids.dashboardUid }) },
  "dashboard.restore": { scope: "tenant", byId: true, call: (c, slug, ids) => c.dashboard.restore({ tenant: slug, uid: ids.dashboardUid, version: 1 }) },
  "dashboard.import": { scope: "tenant", call: (c, slug, ids) => c.dashboard.import({ tenant: slug, dashboard: { uid: ids.dashboardUid, title: "hijacked", panels: [] }, overwrite: true }) },
  "alerting.ruleGroups": { scope: "tenant", call: (c, slug) => c.alerting.ruleGroups({ tenant: slug }) },
  "alerting.setRuleGroup": { scope: "tenant", call: (c, slug) => c.alerting.setRuleGroup({ tenant: slug, namespace: "x", yaml: RULE_GROUP }) },
  "alerting.importRuleFile": { scope: "tenant", call: (c, slug) => c.alerting.importRuleFile({ tenant: slug, namespace: "x", yaml: `groups:\n- ${RULE_GROUP.replaceAll("\n", "\n  ")}` }) },
  "alerting.saveRule": {
    scope: "tenant",
    call: (c, slug) => c.alerting.saveRule({ tenant: slug, namespace: "boards", group: "temperature", rule: { alert: "Hijack", expr: "vector(1)", labels: {}, annotations: {} } }),
  },
  "alerting.deleteRuleGroup": { scope: "tenant", call: (c, slug) => c.alerting.deleteRuleGroup({ tenant: slug, namespace: "boards", name: "temperature" }) },
  "alerting.history": { scope: "tenant", call: (c, slug) => c.alerting.history({ tenant: slug }) },
  "alerting.notifications": { scope: "tenant", call: (c, slug) => c.alerting.notifications({ tenant: slug }) },
  "alerting.delivery": { scope: "tenant", call: (c, slug) => c.alerting.delivery({ tenant: slug }) },
  "alerting.saveContactPoint": { scope: "tenant", call: (c, slug) => c.alerting.saveContactPoint({ tenant: slug, name: "stolen", webhookUrl: "http://127.0.0.1:9/hook", sendResolved: true }) },
  "alerting.deleteContactPoint": { scope: "tenant", call: (c, slug) => c.alerting.deleteContactPoint({ tenant: slug, name: "spare" }) },
  "alerting.sendTestMessage": { scope: "tenant", call: (c, slug) => c.alerting.sendTestMessage({ tenant: slug, name: "spare" }) },
  "alerting.savePolicy": {
    scope: "tenant",
    call: (c, slug) => c.alerting.savePolicy({ tenant: slug, receiver: "spare", groupBy: ["alertname"], groupWait: "1s", groupInterval: "1s", repeatInterval: "1h", routes: [] }),
  },
  "alerting.silences": { scope: "tenant", call: (c, slug) => c.alerting.silences({ tenant: slug }) },
  "alerting.createSilence": { scope: "tenant", call: (c, slug) => c.alerting.createSilence({ tenant: slug, matchers: 'alertname="X"', endsAt: new Date(Date.now() + 3600_000), comment: "mute" }) },
  "alerting.expireSilence": { scope: "tenant", byId: true, call: (c, slug, ids) => c.alerting.expireSilence({ tenant: slug, id: ids.silenceId }) },
};

function isMutation(path: string) {
  return procedureKinds()[path] === "mutation";
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

let people: People;
let ids: Ids;
beforeAll(async () => {
  people = await tenantWithPeople();
  const { owner, slug } = people;
  const token = await owner.caller.apiToken.create({ tenant: slug, name: "target", scopes: ["READ"] });
  const invitation = await owner.caller.invitation.create({ tenant: slug, email: "pending@example.test", role: "VIEWER" });
  const viewerMembership = (await owner.caller.member.list({ tenant: slug })).find((m) => m.email === people.viewer.email)!;
  const enrolment = await owner.caller.enrolmentToken.create({ tenant: slug, name: "fleet" });
  const board = await enrollBoard({ db }, enrolmentRequest.parse({ token: enrolment.token, hostname: "pi-target", scrapeUrl: "http://127.0.0.1:9/metrics" }), "http://x");
  ids = {
    membershipId: viewerMembership.id, tokenId: token.id, invitationId: invitation.id, invitationToken: new URL(invitation.url).pathname.split("/").pop()!,
    boardId: board.boardId, enrolmentTokenId: enrolment.id,
    dashboardUid: (await owner.caller.dashboard.create({ tenant: slug, dashboard: emptyDashboard("Target dashboard") })).uid,
    silenceId: (await owner.caller.alerting.createSilence({ tenant: slug, matchers: '{board="pi-target"}', endsAt: new Date(Date.now() + 3600_000), comment: "maintenance" })).id,
  };
  await owner.caller.alerting.setRuleGroup({ tenant: slug, namespace: "boards", yaml: RULE_GROUP });
  await owner.caller.alerting.saveContactPoint({ tenant: slug, name: "spare", webhookUrl: "http://127.0.0.1:9/hook", sendResolved: true });
});

describe("tenant isolation of every tRPC procedure", () => {
  it("has a case for every procedure (add one when you add a procedure)", () => {
    expect(Object.keys(procedureKinds()).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.keys(cases))("%s refuses anonymous callers and writes nothing", async (path) => {
    const before = await tableCounts();
    expect(await codeOf(cases[path]!.call(anonymousCaller(), people.slug, ids))).toBe("UNAUTHORIZED");
    expect(await tableCounts()).toEqual(before);
  });

  it.each(Object.keys(cases).filter((p) => cases[p]!.scope === "tenant"))(
    "%s refuses a member of another tenant, by slug and by object id",
    async (path) => {
      const before = await tableCounts();
      const { outsider, slug, otherSlug } = people;
      expect(await codeOf(cases[path]!.call(outsider.caller, slug, ids))).toBe("NOT_FOUND");
      if (cases[path]!.byId) expect(await codeOf(cases[path]!.call(outsider.caller, otherSlug, ids))).toBe("NOT_FOUND");
      expect(await tableCounts()).toEqual(before);
      expect((await people.owner.caller.tenant.get({ tenant: slug })).name).toBe(`Tenant ${slug}`);
      expect((await people.owner.caller.apiToken.list({ tenant: slug })).every((t) => t.revokedAt === null)).toBe(true);
      expect(await people.owner.caller.member.list({ tenant: slug })).toHaveLength(2);
      expect(await people.owner.caller.dashboard.get({ tenant: slug, uid: ids.dashboardUid })).toMatchObject({ title: "Target dashboard", version: 1 });
      const board = await people.owner.caller.board.get({ tenant: slug, boardId: ids.boardId });
      expect(board.labels).toEqual({});
      expect(await db.boardCredential.count({ where: { boardId: ids.boardId, revokedAt: null } })).toBe(1);
      expect((await people.owner.caller.enrolmentToken.list({ tenant: slug })).every((t) => t.revokedAt === null)).toBe(true);
      expect((await people.owner.caller.alerting.silences({ tenant: slug })).map((s) => s.state)).toEqual(["active"]);
      expect((await people.owner.caller.alerting.delivery({ tenant: slug })).contactPoints.map((c) => c.name)).toEqual(["default", "spare"]);
    },
  );

  it("user-level procedures only ever show or touch the caller's own tenants", async () => {
    const { outsider, slug } = people;
    expect((await outsider.caller.tenant.list()).map((t) => t.slug)).not.toContain(slug);
    expect(await codeOf(cases["invitation.preview"]!.call(outsider.caller, slug, ids))).toBe("FORBIDDEN");
    const before = await tableCounts();
    expect(await codeOf(cases["invitation.accept"]!.call(outsider.caller, slug, ids))).toBe("FORBIDDEN");
    expect(await tableCounts()).toEqual(before);
  });

  it.each(Object.keys(cases).filter((p) => cases[p]!.scope === "tenant" && isMutation(p)))(
    "%s is refused to a viewer of the tenant",
    async (path) => {
      const before = await tableCounts();
      expect(await codeOf(cases[path]!.call(people.viewer.caller, people.slug, ids))).toBe("FORBIDDEN");
      expect(await tableCounts()).toEqual(before);
    },
  );
});
