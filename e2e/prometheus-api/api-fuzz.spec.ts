import { expect, test } from "@playwright/test";
import { prng } from "../support/prng";
import { seedTenant } from "../support/seed";

const PIECES = ['sum', 'rate(', ')', '(', '[5m]', '[', ']', '{', '}', 'a="b"', '=~', '"', "'", ',', 'by', '(le)', 'x', '1e309', '-Inf', 'NaN', '@', 'offset', '-5m', ':', '1m', 'histogram_quantile(', 'topk(', '/', 'on()', 'group_left', '\\', '\u0000', '\uD800', '🙂', ' ', '\n', '#', 'bool', 'and', '0x', '9'.repeat(30), '[1y:1s]'];

// Hostile input through every query endpoint: never a crash or a 500, always Prometheus's error envelope with a
// `bad_data` (or `execution` / `timeout`) type and a message. (Known exception outside our code: Next.js answers a
// malformed percent-escape in the path, `/api/v1/label/%ZZ/values`, with its own 500 before any route runs.)
test("hostile queries and parameters always get a clear 4xx, never a 500", async ({ request }) => {
  test.setTimeout(180_000);
  const tenant = await seedTenant("fuzz");
  const headers = { authorization: `Bearer ${tenant.readToken}` };
  const rand = prng(Number(process.env.FUZZ_SEED ?? 7));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Math.floor(Date.now() / 1000);
  const garbageQueries = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(PIECES)).join(""));
  const cases: Array<{ path: string; params: Record<string, string> }> = [
    ...garbageQueries.map((query) => ({ path: "/api/v1/query", params: { query, time: String(now) } })),
    ...garbageQueries.slice(0, 50).map((query) => ({ path: "/api/v1/query_range", params: { query, start: String(now - 600), end: String(now), step: "15" } })),
    ...garbageQueries.slice(0, 30).map((query) => ({ path: "/api/v1/series", params: { "match[]": query } })),
    { path: "/api/v1/query", params: { query: `${"(".repeat(20_000)}1${")".repeat(20_000)}` } },
    { path: "/api/v1/query", params: { query: `${"-".repeat(50_000)}1` } },
    { path: "/api/v1/query", params: { query: "x".repeat(600_000) } },
    { path: "/api/v1/query", params: { query: "up", time: "yesterday" } },
    { path: "/api/v1/query", params: { query: "up", time: "1e400" } },
    { path: "/api/v1/query", params: { query: "up", timeout: "-1s" } },
    { path: "/api/v1/query_range", params: { query: "up", start: "10", end: "5", step: "1" } },
    { path: "/api/v1/query_range", params: { query: "up", start: "0", end: "1e10", step: "1" } },
    { path: "/api/v1/query_range", params: { query: "up", start: "0", end: "10", step: "0" } },
    { path: "/api/v1/query_range", params: { query: "up", start: "0", end: "10", step: "NaN" } },
    { path: "/api/v1/query_range", params: { query: "up", start: "0", end: "10" } },
    { path: "/api/v1/series", params: {} },
    { path: "/api/v1/series", params: { "match[]": "{}" } },
    { path: "/api/v1/labels", params: { start: "not-a-time" } },
    { path: "/api/v1/label/no-such-label/values", params: {} },
    { path: "/api/v1/label/__name__/values", params: { "match[]": "{" } },
    { path: "/api/v1/format_query", params: { query: "sum(" } },
  ];
  const seen = new Set<number>();
  for (const c of cases) {
    const url = `${c.path}?${new URLSearchParams(c.params)}`;
    // Long queries go as a POST form, as Grafana sends them (a URL that long is refused by any HTTP server).
    const res = url.length > 8000 ? await request.post(c.path, { headers, form: c.params }) : await request.get(url, { headers });
    seen.add(res.status());
    expect(res.status(), url.slice(0, 200)).toBeLessThan(500);
    const text = await res.text();
    expect(() => JSON.parse(text), `${url.slice(0, 200)} answered ${res.status()} ${text.slice(0, 200)}`).not.toThrow();
    const body = JSON.parse(text) as { status: string; errorType?: string; error?: string };
    if (res.status() !== 200) {
      expect(body.status, url.slice(0, 200)).toBe("error");
      expect(["bad_data", "execution", "timeout", "not_found"], url.slice(0, 200)).toContain(body.errorType);
      expect(body.error, url.slice(0, 200)).toBeTruthy();
    }
  }
  expect(seen.has(400)).toBe(true);
});
