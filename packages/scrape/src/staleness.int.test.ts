// Staleness markers across scrapes of one loopback target, with both state implementations (Redis for real).
import { randomUUID } from "node:crypto";
import { STALE_NAN_BITS, float64Bits } from "@boardwatch/exposition";
import type { SeriesWrite } from "@boardwatch/tsdb";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryStalenessState, RedisStalenessState, ScrapeCache, type StalenessState, markTargetGone, scrape } from "./index";
import { type TargetServer, startTargetServer, testTarget } from "./testing/target-server";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test:scrape:${randomUUID()}:`;
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });

let server: TargetServer;
let response: { status: number; body: string } = { status: 200, body: "" };
let clock = 1_700_000_000_000;
const now = (): number => clock;

beforeAll(async () => {
  await redis.connect();
  server = await startTargetServer((_, res) => void res.writeHead(response.status, { "Content-Type": "text/plain; version=0.0.4" }).end(response.body));
});

afterAll(async () => {
  await server.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function staleMarkers(writes: SeriesWrite[]): Record<string, string>[] {
  return writes.filter((w) => w.samples.some((s) => float64Bits(s.v) === STALE_NAN_BITS)).map((w) => w.labels);
}

const states: [string, () => StalenessState][] = [
  ["MemoryStalenessState", () => new MemoryStalenessState(now)],
  ["RedisStalenessState", () => new RedisStalenessState(redis, prefix)],
];

// Every case runs with and without a ScrapeCache: reusing labels must not change what is written.
const cases = states.flatMap(([name, makeState]) => [
  [name, makeState, undefined] as const,
  [`${name} and a ScrapeCache`, makeState, new ScrapeCache()] as const,
]);

describe.each(cases)("staleness with %s", (_, makeState, cache) => {
  let state: StalenessState;
  const target = () => testTarget(server.url, { job: "stale" });
  const scrapeOptions = (stateKey: string) => ({ now, stateKey, cache });

  beforeEach(() => {
    state = makeState();
    response = { status: 200, body: "" };
  });

  it("marks a series that disappeared stale exactly once, with the bit-exact StaleNaN", async () => {
    const stateKey = randomUUID();
    response.body = 'temp{sensor="a"} 40\ntemp{sensor="b"} 41\n';
    const first = await scrape(target(), state, scrapeOptions(stateKey));
    expect(first.seriesAdded).toBe(2);
    expect(staleMarkers(first.writes)).toEqual([]);

    clock += 15_000;
    response.body = 'temp{sensor="a"} 40\ntemp{sensor="c"} 42\n';
    const second = await scrape(target(), state, scrapeOptions(stateKey));
    expect(second.seriesAdded).toBe(1);
    const markers = second.writes.filter((w) => w.labels.sensor === "b");
    expect(markers).toHaveLength(1);
    expect(markers[0]?.labels).toEqual({ __name__: "temp", sensor: "b", job: "stale", instance: new URL(server.url).host, board: "b1", site: "lab" });
    expect(markers[0]?.samples).toHaveLength(1);
    expect(markers[0]?.samples[0]?.t).toBe(clock);
    expect(float64Bits(markers[0]?.samples[0]?.v as number)).toBe(STALE_NAN_BITS);

    clock += 15_000;
    const third = await scrape(target(), state, scrapeOptions(stateKey));
    expect(staleMarkers(third.writes)).toEqual([]);
    expect(third.seriesAdded).toBe(0);
  });

  it("writes repeated scrapes in full, then notices a series gone, back, timestamped or duplicated", async () => {
    const stateKey = randomUUID();
    const values = (writes: SeriesWrite[]) =>
      writes.filter((w) => w.labels.__name__ === "temp" && !staleMarkers([w]).length).map((w) => [w.labels.sensor, ...w.samples.map((s) => [s.t, s.v])]);
    const body = (a: number, b: number) => `temp{sensor="a"} ${a}\ntemp{sensor="b"} ${b}\n`;
    response.body = body(1, 2);
    await scrape(target(), state, scrapeOptions(stateKey));
    for (const v of [3, 5]) {
      clock += 15_000;
      response.body = body(v, v + 1);
      const repeated = await scrape(target(), state, scrapeOptions(stateKey));
      expect(values(repeated.writes)).toEqual([["a", [clock, v]], ["b", [clock, v + 1]]]);
      expect([repeated.seriesAdded, staleMarkers(repeated.writes)]).toEqual([0, []]);
    }
    clock += 15_000;
    response.body = 'temp{sensor="b"} 7\n';
    const gone = await scrape(target(), state, scrapeOptions(stateKey));
    expect(staleMarkers(gone.writes).map((l) => l.sensor)).toEqual(["a"]);
    clock += 15_000;
    response.body = body(8, 9);
    expect((await scrape(target(), state, scrapeOptions(stateKey))).seriesAdded).toBe(1);
    clock += 15_000;
    response.body = `temp{sensor="a"} 10 ${clock - 1000}\ntemp{sensor="b"} 11\n`;
    const timestamped = await scrape(target(), state, scrapeOptions(stateKey));
    expect(values(timestamped.writes)).toEqual([["a", [clock - 1000, 10]], ["b", [clock, 11]]]);
    clock += 15_000;
    response.body = body(12, 13);
    await scrape(target(), state, scrapeOptions(stateKey));
    clock += 15_000;
    response.body = `${body(14, 15)}temp{sensor="a"} 16\n`;
    const duplicated = await scrape(target(), state, scrapeOptions(stateKey));
    expect(values(duplicated.writes)).toEqual([["a", [clock, 14]], ["b", [clock, 15]]]);
  });

  it("marks every previous series stale when the target goes down, then reports up 0 alone", async () => {
    const stateKey = randomUUID();
    response.body = "a 1\nb 2\nc 3\n";
    await scrape(target(), state, scrapeOptions(stateKey));

    clock += 15_000;
    response = { status: 503, body: "" };
    const down = await scrape(target(), state, scrapeOptions(stateKey));
    expect(down.up).toBe(0);
    expect(down.error).toBe("server returned HTTP status 503 Service Unavailable");
    expect(staleMarkers(down.writes).map((l) => l.__name__).sort()).toEqual(["a", "b", "c"]);
    expect(down.writes.find((w) => w.labels.__name__ === "up")?.samples).toEqual([{ t: clock, v: 0 }]);

    clock += 15_000;
    const stillDown = await scrape(target(), state, scrapeOptions(stateKey));
    expect(staleMarkers(stillDown.writes)).toEqual([]);
    expect(stillDown.writes).toHaveLength(5);

    clock += 15_000;
    response = { status: 200, body: "a 1\n" };
    const back = await scrape(target(), state, scrapeOptions(stateKey));
    expect(back.up).toBe(1);
    expect(back.seriesAdded).toBe(1);
  });

  it("never marks series with explicit timestamps stale, as Prometheus", async () => {
    const stateKey = randomUUID();
    response.body = "pushed 1 1699999999000\nlive 2\n";
    const first = await scrape(target(), state, scrapeOptions(stateKey));
    expect(first.writes.find((w) => w.labels.__name__ === "pushed")?.samples).toEqual([{ t: 1699999999000, v: 1 }]);

    clock += 15_000;
    response.body = "pushed 1 1699999999000\n";
    const second = await scrape(target(), state, scrapeOptions(stateKey));
    expect(second.seriesAdded).toBe(0);
    response.body = "";
    clock += 15_000;
    const third = await scrape(target(), state, scrapeOptions(stateKey));
    expect(staleMarkers(second.writes).map((l) => l.__name__)).toEqual(["live"]);
    expect(staleMarkers(third.writes)).toEqual([]);
  });

  it("marks everything stale, synthetic series included, when the target goes away", async () => {
    const stateKey = randomUUID();
    response.body = "a 1\nb 2\n";
    await scrape(target(), state, scrapeOptions(stateKey));
    clock += 15_000;
    const gone = await markTargetGone(target(), state, { now, stateKey });
    expect(gone.map((w) => w.labels.__name__).sort()).toEqual(
      ["a", "b", "scrape_duration_seconds", "scrape_samples_post_metric_relabeling", "scrape_samples_scraped", "scrape_series_added", "up"].sort(),
    );
    for (const write of gone) {
      expect(write.labels).toMatchObject({ job: "stale", board: "b1" });
      expect(write.samples).toHaveLength(1);
      expect(write.samples[0]?.t).toBe(clock);
      expect(float64Bits(write.samples[0]?.v as number)).toBe(STALE_NAN_BITS);
    }
    expect(await state.load(stateKey)).toEqual(new Set());
  });

  it("labels again when the target labels change", async () => {
    const stateKey = randomUUID();
    response.body = 'temp{sensor="a"} 40\n';
    const first = await scrape(target(), state, scrapeOptions(stateKey));
    const second = await scrape({ ...target(), targetLabels: { board: "b2" } }, state, scrapeOptions(stateKey));
    expect(first.writes[0]?.labels.board).toBe("b1");
    expect(second.writes[0]?.labels.board).toBe("b2");
    expect(staleMarkers(second.writes).map((l) => l.board)).toEqual(["b1"]);
  });
});

it("keeps a scraped `up` out of the writes and the state: ours wins, and it is never marked stale", async () => {
  const state = new MemoryStalenessState();
  response = { status: 200, body: "up 7\nother 1\n" };
  const first = await scrape(testTarget(server.url), state);
  expect(first.writes.filter((w) => w.labels.__name__ === "up").map((w) => w.samples[0]?.v)).toEqual([1]);
  response = { status: 200, body: "other 1\n" };
  const second = await scrape(testTarget(server.url), state);
  expect(staleMarkers(second.writes)).toEqual([]);
});

it("hands out the same label objects from one scrape to the next with a ScrapeCache", async () => {
  const cache = new ScrapeCache();
  const state = new MemoryStalenessState();
  response = { status: 200, body: 'temp{sensor="a"} 40\ntemp{sensor="b"} 41\n' };
  const first = await scrape(testTarget(server.url), state, { cache });
  const second = await scrape(testTarget(server.url), state, { cache });
  expect(second.writes[0]?.labels).toBe(first.writes[0]?.labels);
  expect(second.writes[1]?.labels).toBe(first.writes[1]?.labels);
});
