import { emptyDashboard } from "@boardwatch/dashboards";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src";
import { db, procedureKinds, tableCounts, tenantWithPeople } from "./fixtures";

type People = Awaited<ReturnType<typeof tenantWithPeople>>;
type Caller = People["owner"]["caller"];

/** Per mutation: invalid inputs and the field each must be blamed on. */
const badInputs: Record<string, Array<{ field: string; call: (c: Caller, slug: string) => Promise<unknown> }>> = {
  "tenant.create": [
    { field: "slug", call: (c) => c.tenant.create({ slug: "Not A Slug!", name: "ok" }) },
    { field: "slug", call: (c) => c.tenant.create({ slug: "ab", name: "ok" }) },
    { field: "name", call: (c) => c.tenant.create({ slug: "valid-slug", name: "   " }) },
  ],
  "tenant.update": [
    { field: "name", call: (c, slug) => c.tenant.update({ tenant: slug, name: "" }) },
    { field: "retentionDays", call: (c, slug) => c.tenant.update({ tenant: slug, retentionDays: 0 }) },
    { field: "tenant", call: (c) => c.tenant.update({ tenant: "UPPER", name: "x" }) },
  ],
  "member.changeRole": [
    { field: "role", call: (c, slug) => c.member.changeRole({ tenant: slug, membershipId: "x", role: "GOD" as never }) },
    { field: "membershipId", call: (c, slug) => c.member.changeRole({ tenant: slug, membershipId: "", role: "VIEWER" }) },
  ],
  "member.remove": [{ field: "membershipId", call: (c, slug) => c.member.remove({ tenant: slug, membershipId: "" }) }],
  "invitation.create": [
    { field: "email", call: (c, slug) => c.invitation.create({ tenant: slug, email: "not-an-email", role: "VIEWER" }) },
    { field: "role", call: (c, slug) => c.invitation.create({ tenant: slug, email: "a@b.test", role: "root" as never }) },
  ],
  "invitation.revoke": [{ field: "invitationId", call: (c, slug) => c.invitation.revoke({ tenant: slug, invitationId: "" }) }],
  "invitation.accept": [{ field: "token", call: (c) => c.invitation.accept({ token: "short" }) }],
  "apiToken.create": [
    { field: "name", call: (c, slug) => c.apiToken.create({ tenant: slug, name: "", scopes: ["READ"] }) },
    { field: "scopes", call: (c, slug) => c.apiToken.create({ tenant: slug, name: "n", scopes: [] }) },
    { field: "scopes", call: (c, slug) => c.apiToken.create({ tenant: slug, name: "n", scopes: ["ADMIN" as never] }) },
    { field: "expiresInDays", call: (c, slug) => c.apiToken.create({ tenant: slug, name: "n", scopes: ["READ"], expiresInDays: -1 }) },
  ],
  "apiToken.revoke": [{ field: "tokenId", call: (c, slug) => c.apiToken.revoke({ tenant: slug, tokenId: "" }) }],
  "board.update": [
    { field: "labels", call: (c, slug) => c.board.update({ tenant: slug, boardId: "b", labels: { "bad-name": "x" } }) },
    { field: "labels", call: (c, slug) => c.board.update({ tenant: slug, boardId: "b", labels: { job: "x" } }) },
    { field: "scrapeIntervalSeconds", call: (c, slug) => c.board.update({ tenant: slug, boardId: "b", scrapeIntervalSeconds: 0 }) },
    { field: "name", call: (c, slug) => c.board.update({ tenant: slug, boardId: "b", name: "" }) },
    { field: "mode", call: (c, slug) => c.board.update({ tenant: slug, boardId: "b", mode: "SIDEWAYS" as never }) },
  ],
  "board.delete": [{ field: "boardId", call: (c, slug) => c.board.delete({ tenant: slug, boardId: "" }) }],
  "board.revokeCredential": [{ field: "boardId", call: (c, slug) => c.board.revokeCredential({ tenant: slug, boardId: "" }) }],
  "board.rotateCredential": [{ field: "boardId", call: (c, slug) => c.board.rotateCredential({ tenant: slug, boardId: "" }) }],
  "enrolmentToken.create": [
    { field: "name", call: (c, slug) => c.enrolmentToken.create({ tenant: slug, name: "" }) },
    { field: "labels", call: (c, slug) => c.enrolmentToken.create({ tenant: slug, name: "n", labels: { __name__: "x" } }) },
    { field: "expiresInHours", call: (c, slug) => c.enrolmentToken.create({ tenant: slug, name: "n", expiresInHours: 0 }) },
    { field: "maxUses", call: (c, slug) => c.enrolmentToken.create({ tenant: slug, name: "n", maxUses: -3 }) },
  ],
  "enrolmentToken.revoke": [{ field: "tokenId", call: (c, slug) => c.enrolmentToken.revoke({ tenant: slug, tokenId: "" }) }],
  "enrolmentToken.rotate": [{ field: "tokenId", call: (c, slug) => c.enrolmentToken.rotate({ tenant: slug, tokenId: "" }) }],
  "dashboard.create": [
    { field: "dashboard", call: (c, slug) => c.dashboard.create({ tenant: slug, dashboard: { ...emptyDashboard("x"), title: "  " } }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.create({ tenant: slug, dashboard: { ...emptyDashboard("x"), panels: [{ ...panel, gridPos: { x: 20, y: 0, w: 8, h: 4 } }] } }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.create({ tenant: slug, dashboard: { ...emptyDashboard("x"), panels: [{ ...panel, unit: "furlongs" as never }] } }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.create({ tenant: slug, dashboard: { ...emptyDashboard("x"), variables: [{ type: "query", name: "bad name", query: "up" } as never] } }) },
  ],
  "dashboard.save": [
    { field: "uid", call: (c, slug) => c.dashboard.save({ tenant: slug, uid: "", version: 1, dashboard: emptyDashboard("x") }) },
    { field: "version", call: (c, slug) => c.dashboard.save({ tenant: slug, uid: "abc", version: 0, dashboard: emptyDashboard("x") }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.save({ tenant: slug, uid: "abc", version: 1, dashboard: { ...emptyDashboard("x"), refresh: "2s" as never } }) },
  ],
  "dashboard.delete": [{ field: "uid", call: (c, slug) => c.dashboard.delete({ tenant: slug, uid: "no spaces" }) }],
  "dashboard.duplicate": [
    { field: "uid", call: (c, slug) => c.dashboard.duplicate({ tenant: slug, uid: "" }) },
    { field: "title", call: (c, slug) => c.dashboard.duplicate({ tenant: slug, uid: "abc", title: " " }) },
  ],
  "dashboard.restore": [{ field: "version", call: (c, slug) => c.dashboard.restore({ tenant: slug, uid: "abc", version: -1 }) }],
  "dashboard.import": [
    { field: "dashboard", call: (c, slug) => c.dashboard.import({ tenant: slug, dashboard: [] as never }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.import({ tenant: slug, dashboard: { panels: [] } }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.import({ tenant: slug, dashboard: { title: "t", panels: [{ type: "stat", id: 1, gridPos: { x: 0, y: 0, w: 4, h: 4 }, targets: [{ refId: "A", expr: "x".repeat(30_000) }] }] } }) },
    { field: "dashboard", call: (c, slug) => c.dashboard.import({ tenant: slug, dashboard: { format: "boardwatch.dashboard/v1", title: "t", time: { range: "13m" } } }) },
  ],
  "alerting.setRuleGroup": [
    { field: "yaml", call: (c, slug) => c.alerting.setRuleGroup({ tenant: slug, namespace: "n", yaml: "name: g\nrules:\n- alert: X\n  expr: rate(up[5m]\n" }) },
    { field: "yaml", call: (c, slug) => c.alerting.setRuleGroup({ tenant: slug, namespace: "n", yaml: "name: g\nrules:\n- alert: X\n  expr: up\n  for: soon\n" }) },
    { field: "namespace", call: (c, slug) => c.alerting.setRuleGroup({ tenant: slug, namespace: "", yaml: "name: g\nrules: []\n" }) },
    { field: "namespace", call: (c, slug) => c.alerting.setRuleGroup({ tenant: slug, namespace: "a b", yaml: "name: g\nrules: []\n" }) },
  ],
  "alerting.importRuleFile": [
    { field: "yaml", call: (c, slug) => c.alerting.importRuleFile({ tenant: slug, namespace: "n", yaml: "groups:\n- name: g\n  rules:\n  - record: bad name\n    expr: up\n" }) },
    { field: "yaml", call: (c, slug) => c.alerting.importRuleFile({ tenant: slug, namespace: "n", yaml: "groups: []\n" }) },
  ],
  "alerting.saveRule": [
    { field: "rule", call: (c, slug) => c.alerting.saveRule({ tenant: slug, namespace: "n", group: "g", rule: { alert: "Hot", expr: "temp >", labels: {}, annotations: {} } }) },
    { field: "rule", call: (c, slug) => c.alerting.saveRule({ tenant: slug, namespace: "n", group: "g", rule: { alert: "Hot", expr: "up", labels: {}, annotations: { summary: "{{ .Broken" } } }) },
    { field: "rule.alert", call: (c, slug) => c.alerting.saveRule({ tenant: slug, namespace: "n", group: "g", rule: { alert: "not valid", expr: "up", labels: {}, annotations: {} } }) },
    { field: "rule.for", call: (c, slug) => c.alerting.saveRule({ tenant: slug, namespace: "n", group: "g", rule: { alert: "Hot", expr: "up", for: "ages", labels: {}, annotations: {} } }) },
  ],
  "alerting.deleteRuleGroup": [{ field: "namespace", call: (c, slug) => c.alerting.deleteRuleGroup({ tenant: slug, namespace: "", name: "g" }) }],
  "alerting.saveContactPoint": [
    { field: "webhookUrl", call: (c, slug) => c.alerting.saveContactPoint({ tenant: slug, name: "slack", webhookUrl: "ftp://x", sendResolved: true }) },
    { field: "webhookUrl", call: (c, slug) => c.alerting.saveContactPoint({ tenant: slug, name: "new-one", sendResolved: true }) },
    { field: "name", call: (c, slug) => c.alerting.saveContactPoint({ tenant: slug, name: "a/b", webhookUrl: "https://hooks.slack.test/x", sendResolved: true }) },
  ],
  "alerting.deleteContactPoint": [{ field: "name", call: (c, slug) => c.alerting.deleteContactPoint({ tenant: slug, name: "" }) }],
  "alerting.sendTestMessage": [{ field: "name", call: (c, slug) => c.alerting.sendTestMessage({ tenant: slug, name: "" }) }],
  "alerting.savePolicy": [
    { field: "groupWait", call: (c, slug) => c.alerting.savePolicy({ tenant: slug, receiver: "default", groupBy: [], groupWait: "soon", groupInterval: "1m", repeatInterval: "1h", routes: [] }) },
    { field: "groupBy", call: (c, slug) => c.alerting.savePolicy({ tenant: slug, receiver: "default", groupBy: ["bad-label"], groupWait: "1s", groupInterval: "1m", repeatInterval: "1h", routes: [] }) },
    { field: "policy", call: (c, slug) => c.alerting.savePolicy({ tenant: slug, receiver: "nobody", groupBy: [], groupWait: "1s", groupInterval: "1m", repeatInterval: "1h", routes: [] }) },
  ],
  "alerting.createSilence": [
    { field: "matchers", call: (c, slug) => c.alerting.createSilence({ tenant: slug, matchers: "alertname=~", endsAt: new Date(Date.now() + 60_000), comment: "c" }) },
    { field: "matchers", call: (c, slug) => c.alerting.createSilence({ tenant: slug, matchers: 'board=~".*"', endsAt: new Date(Date.now() + 60_000), comment: "c" }) },
    { field: "endsAt", call: (c, slug) => c.alerting.createSilence({ tenant: slug, matchers: 'alertname="X"', endsAt: new Date(Date.now() - 60_000), comment: "c" }) },
    { field: "comment", call: (c, slug) => c.alerting.createSilence({ tenant: slug, matchers: 'alertname="X"', endsAt: new Date(Date.now() + 60_000), comment: " " }) },
  ],
  "alerting.expireSilence": [{ field: "id", call: (c, slug) => c.alerting.expireSilence({ tenant: slug, id: "" }) }],
};

const panel = { id: 1, type: "stat" as const, title: "", description: "", gridPos: { x: 0, y: 0, w: 4, h: 4 }, queries: [], minInterval: null, maxDataPoints: null,
  unit: "none" as const, decimals: null, min: null, max: null, thresholds: [], options: { reduce: "last" as const, sparkline: true, colorMode: "value" as const } };

let people: People;
beforeAll(async () => {
  people = await tenantWithPeople();
});

describe("bad input", () => {
  it("covers every mutation", () => {
    const mutations = Object.entries(procedureKinds())
      .filter(([, kind]) => kind === "mutation")
      .map(([path]) => path);
    expect(Object.keys(badInputs).sort()).toEqual(mutations.sort());
  });

  it.each(Object.entries(badInputs).flatMap(([path, rows]) => rows.map((row, i) => ({ path, i, ...row }))))(
    "$path #$i is rejected naming `$field`, writing nothing",
    async ({ call, field }) => {
      const before = await tableCounts();
      const error = await call(people.owner.caller, people.slug).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(new RegExp(`^${field}[.:]`));
      expect(await tableCounts()).toEqual(before);
    },
  );

  it("formats validation errors for the browser with the field and a readable message", async () => {
    const result = await appRouter
      .createCaller({ db, user: { id: people.owner.userId, email: people.owner.email, name: "o" }, ip: null })
      .tenant.create({ slug: "x", name: "ok" })
      .catch((e: TRPCError) => e);
    expect((result as TRPCError).message).toBe("slug: must be at least 3 characters");
  });
});
