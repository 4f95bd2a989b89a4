import { describe, expect, it } from "vitest";
import { authenticateBoardCredential, enrollBoard, enrolmentRequest, findScrapeTarget, listScrapeTargets, recordScrapeResult } from "../src";
import { db, tenantWithPeople } from "./fixtures";

const enrol = (token: string, hostname: string, extra: Record<string, unknown> = {}) =>
  enrollBoard({ db }, enrolmentRequest.parse({ token, hostname, scrapeUrl: `http://127.0.0.1:9100/metrics`, facts: { arch: "arm64" }, ...extra }), "https://bw.example");

describe("board enrolment", () => {
  it("trades a token for a credential, registers the board with the token's labels, and lists it for scraping", async () => {
    const { owner, slug } = await tenantWithPeople();
    const enrolment = await owner.caller.enrolmentToken.create({ tenant: slug, name: "lab", labels: { site: "lab" }, maxUses: 2 });
    expect(enrolment.installCommand).toBe(`curl -fsSL http://localhost:3999/api/agent/install.sh | sudo sh -s -- --token ${enrolment.token}`);
    const enrolled = await enrol(enrolment.token, "pi-1", { labels: { rack: "3" } });
    expect(enrolled).toMatchObject({ tenant: slug, scrapeIntervalSeconds: 15, remoteWriteUrl: "https://bw.example/api/v1/write" });
    expect(enrolled.credential).toMatch(/^bwb_/);

    const [board] = await owner.caller.board.list({ tenant: slug });
    expect(board).toMatchObject({ name: "pi-1", labels: { site: "lab", rack: "3" }, status: "never_seen", mode: "PULL" });
    const target = await findScrapeTarget({ db }, enrolled.boardId);
    expect(target).toMatchObject({ url: "http://127.0.0.1:9100/metrics", intervalMs: 15_000, credential: enrolled.credential });
    expect((await listScrapeTargets({ db })).map((t) => t.boardId)).toContain(enrolled.boardId);
    // Only a hash and a sealed copy are stored.
    const stored = await db.boardCredential.findUniqueOrThrow({ where: { boardId: enrolled.boardId } });
    expect(JSON.stringify(stored)).not.toContain(enrolled.credential.slice(4));
  });

  it("refuses used-up, revoked and unknown tokens; re-enrolment replaces the credential", async () => {
    const { owner, slug } = await tenantWithPeople();
    const once = await owner.caller.enrolmentToken.create({ tenant: slug, name: "once", maxUses: 1 });
    const first = await enrol(once.token, "pi-2");
    await expect(enrol(once.token, "pi-3")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(enrol("bwe_unknown-token", "pi-3")).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const multi = await owner.caller.enrolmentToken.create({ tenant: slug, name: "multi" });
    const again = await enrol(multi.token, "pi-2");
    expect(again.boardId).toBe(first.boardId);
    await expect(authenticateBoardCredential({ db }, first.credential)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(authenticateBoardCredential({ db }, again.credential)).resolves.toMatchObject({ boardId: first.boardId });

    await owner.caller.enrolmentToken.revoke({ tenant: slug, tokenId: multi.id });
    await expect(enrol(multi.token, "pi-4")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const rotated = await owner.caller.enrolmentToken.create({ tenant: slug, name: "r" }).then((t) => owner.caller.enrolmentToken.rotate({ tenant: slug, tokenId: t.id }));
    await expect(enrol(rotated.token, "pi-5")).resolves.toMatchObject({ tenant: slug });
  });

  it("revoking a board credential stops scraping and pushing at once", async () => {
    const { owner, slug } = await tenantWithPeople();
    const t = await owner.caller.enrolmentToken.create({ tenant: slug, name: "x" });
    const board = await enrol(t.token, "pi-9");
    await owner.caller.board.revokeCredential({ tenant: slug, boardId: board.boardId });
    await expect(authenticateBoardCredential({ db }, board.credential)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await findScrapeTarget({ db }, board.boardId)).toBeNull();
    const rotated = await owner.caller.board.rotateCredential({ tenant: slug, boardId: board.boardId });
    await expect(authenticateBoardCredential({ db }, rotated.credential)).resolves.toMatchObject({ boardId: board.boardId });
  });

  it("answers concurrent scrape lookups and records concurrent scrape outcomes per board (grouped statements)", async () => {
    const { owner, slug } = await tenantWithPeople();
    const t = await owner.caller.enrolmentToken.create({ tenant: slug, name: "fleet" });
    const fleet = await Promise.all(Array.from({ length: 6 }, (_, i) => enrol(t.token, `grp-${i}`)));
    await owner.caller.board.revokeCredential({ tenant: slug, boardId: fleet[2]!.boardId });
    const ids = [...fleet.map((b) => b.boardId), "no-such-board", fleet[0]!.boardId];
    const targets = await Promise.all(ids.map((id) => findScrapeTarget({ db }, id)));
    expect(targets.map((x) => x?.credential ?? null)).toEqual([...fleet.map((b, i) => (i === 2 ? null : b.credential)), null, fleet[0]!.credential]);

    const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 12, 0, s));
    await Promise.all([
      ...fleet.map((b, i) => recordScrapeResult({ db }, b.boardId, { at: at(i), durationMs: 10 + i, error: null, seriesCount: 100 + i })),
      recordScrapeResult({ db }, fleet[1]!.boardId, { at: at(30), durationMs: 5000, error: "context deadline exceeded", seriesCount: 0 }),
    ]);
    const rows = await db.board.findMany({ where: { id: { in: fleet.map((b) => b.boardId) } }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.name, r.lastScrapeAt?.toISOString(), r.lastScrapeDurationMs, r.lastScrapeError, r.seriesCount, r.lastSeenAt?.toISOString()])).toEqual(
      fleet.map((_, i) =>
        i === 1
          ? // Its failed scrape came last: the error shows, the last success stays (or none, if it was grouped first).
            [`grp-${i}`, at(30).toISOString(), 5000, "context deadline exceeded", rows[1]!.seriesCount, rows[1]!.lastSeenAt?.toISOString()]
          : [`grp-${i}`, at(i).toISOString(), 10 + i, null, 100 + i, at(i).toISOString()],
      ),
    );
  });

  it("shows a tenant its usage and its limits", async () => {
    const { owner, viewer, slug } = await tenantWithPeople();
    const usage = await viewer.caller.tenant.usage({ tenant: slug });
    expect(usage).toMatchObject({ activeSeries: 0, samplesPerSecond: 0, retentionDays: 30, limits: { maxActiveSeries: expect.any(Number), maxLabelValueLength: 2048 } });
    expect(owner).toBeTruthy();
  });

  it("keeps the agent's relays for the scrapers; 'node' is reserved for the agent itself", async () => {
    const { owner, slug } = await tenantWithPeople();
    const t = await owner.caller.enrolmentToken.create({ tenant: slug, name: "relays" });
    const { boardId } = await enrol(t.token, "pi-relay", { relays: ["app", "app", "mqtt_bridge"] });
    expect((await findScrapeTarget({ db }, boardId))?.relays).toEqual(["app", "mqtt_bridge"]);
    expect((await listScrapeTargets({ db })).find((x) => x.boardId === boardId)?.relays).toEqual(["app", "mqtt_bridge"]);
    expect(() => enrolmentRequest.parse({ token: "bwe_xxxxxxxxxxxx", hostname: "h", relays: ["node"] })).toThrow(/relay jobs cannot be called/);
    expect(() => enrolmentRequest.parse({ token: "bwe_xxxxxxxxxxxx", hostname: "h", relays: ["bad job"] })).toThrow(/job names/);
  });

  it("rejects bad enrolment requests naming the field", () => {
    expect(() => enrolmentRequest.parse({ token: "bwe_xxxxxxxxxxxx", hostname: "bad host!" })).toThrow(/host name/);
    expect(() => enrolmentRequest.parse({ token: "bwe_xxxxxxxxxxxx", hostname: "h", scrapeUrl: "ftp://x" })).toThrow(/http\(s\) URL/);
  });

  it("editors edit boards, viewers cannot; the timeout may not exceed the interval", async () => {
    const { owner, viewer, slug } = await tenantWithPeople();
    const t = await owner.caller.enrolmentToken.create({ tenant: slug, name: "x" });
    const { boardId } = await enrol(t.token, "pi-7");
    const updated = await owner.caller.board.update({ tenant: slug, boardId, labels: { site: "field" }, scrapeIntervalSeconds: 30, scrapeTimeoutSeconds: 20 });
    expect(updated).toMatchObject({ labels: { site: "field" }, scrapeIntervalSeconds: 30, scrapeTimeoutSeconds: 20 });
    await expect(owner.caller.board.update({ tenant: slug, boardId, scrapeTimeoutSeconds: 60 })).rejects.toThrow(/scrapeTimeoutSeconds: must not exceed/);
    await expect(viewer.caller.board.update({ tenant: slug, boardId, labels: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await owner.caller.board.list({ tenant: slug, search: "PI-7" })).map((b) => b.name)).toEqual(["pi-7"]);
  });
});
