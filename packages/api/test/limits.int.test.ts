import { randomBytes } from "node:crypto";
import { LimitError } from "@boardwatch/tsdb";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env, getSampleStore, RedisRateLimiter, setTenantLimits } from "../src";
import { db, tenantWithPeople } from "./fixtures";

const redis = new Redis(env.REDIS_URL);
const prefix = `bwtest-limits-${randomBytes(4).toString("hex")}`;
let people: Awaited<ReturnType<typeof tenantWithPeople>>;
let tenantId: string;

beforeAll(async () => {
  people = await tenantWithPeople();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: people.slug } })).id;
});
afterAll(async () => {
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
  redis.disconnect();
});

const operator = { db, actor: { userId: null, label: "cli" } };
const sample = (labels: Record<string, string>, n: number) => ({ labels: { __name__: "lim_test", ...labels }, samples: Array.from({ length: n }, (_, i) => ({ t: Date.now() - 60_000 + i, v: i })) });

describe("per-tenant limits", () => {
  it("one ingestion bucket per tenant, shared by every process through Redis", async () => {
    const web = new RedisRateLimiter(redis, prefix);
    const worker = new RedisRateLimiter(new Redis(env.REDIS_URL), prefix);
    const now = Date.now();
    expect(await web.tryTake("t1", 80, 10, 100, now)).toBe(true);
    // The other process sees what the first one took: 20 left, not a fresh 100.
    expect(await worker.tryTake("t1", 30, 10, 100, now)).toBe(false);
    expect(await worker.tryTake("t1", 20, 10, 100, now)).toBe(true);
    expect(await web.tryTake("t2", 100, 10, 100, now)).toBe(true);
    // Refilled at the rate: after 3 s, 30 tokens.
    expect(await web.tryTake("t1", 30, 10, 100, now + 3000)).toBe(true);
    expect(await web.tryTake("t1", 1, 10, 100, now + 3000)).toBe(false);
  });

  it("an operator's overrides apply to the tenant's writes at once and show in its usage", async () => {
    const store = await getSampleStore();
    await store.write(tenantId, [sample({ a: "1", b: "2", c: "3" }, 5)]);
    await setTenantLimits(operator, people.slug, { maxLabelNamesPerSeries: 3, ingestionBurstSize: 50 });
    const wide = await store.write(tenantId, [sample({ a: "1", b: "2", c: "3" }, 1)]).catch((e: unknown) => e);
    expect(wide).toBeInstanceOf(LimitError);
    expect((wide as LimitError).limit).toBe("max_label_names_per_series");
    const burst = await store.write(tenantId, [sample({ a: "1" }, 60)]).catch((e: unknown) => e);
    expect(burst).toMatchObject({ limit: "ingestion_rate", status: 429 });
    const usage = await people.owner.caller.tenant.usage({ tenant: people.slug });
    expect(usage.limits).toMatchObject({ maxLabelNamesPerSeries: 3, ingestionBurstSize: 50, ingestionRate: 10_000 });
    // Nothing already stored was lost.
    const [kept] = await store.select(tenantId, [{ type: "=", name: "__name__", value: "lim_test" }], 0, Date.now());
    expect(kept?.values).toHaveLength(5);
  });

  it("refuses unknown or negative limits, naming them, and changes nothing", async () => {
    await expect(setTenantLimits(operator, people.slug, { maxSeries: 5 })).rejects.toThrow(/unknown limit maxSeries/);
    await expect(setTenantLimits(operator, people.slug, { ingestionRate: -1 })).rejects.toMatchObject({ field: "ingestionRate" });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).limits).toEqual({ maxLabelNamesPerSeries: 3, ingestionBurstSize: 50 });
  });
});
