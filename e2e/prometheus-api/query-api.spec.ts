import { expect, test } from "@playwright/test";
import { PrometheusDriver } from "prometheus-query";
import { pushTimeseries } from "prometheus-remote-write";
import { baseURL } from "../support/env";
import { seedTenant } from "../support/seed";

const fetch = globalThis.fetch as never;
const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;

/** Ten minutes of two counters and a gauge at 15 s, written over remote_write. */
async function loadFixture() {
  const tenant = await seedTenant("query");
  const samples = (f: (i: number) => number) => Array.from({ length: 41 }, (_, i) => ({ timestamp: t0 + i * 15_000, value: f(i) }));
  const res = await pushTimeseries(
    [
      { labels: { __name__: "node_cpu_seconds_total", instance: "pi-1", mode: "idle", cpu: "0" }, samples: samples((i) => i * 12) },
      { labels: { __name__: "node_cpu_seconds_total", instance: "pi-1", mode: "user", cpu: "0" }, samples: samples((i) => i * 3) },
      { labels: { __name__: "node_thermal_zone_temp", instance: "pi-1", zone: "0", type: "cpu-thermal" }, samples: samples((i) => 40 + (i % 5)) },
    ],
    { url: `${baseURL}/api/v1/write`, fetch, headers: { authorization: `Bearer ${tenant.writeToken}` } },
  );
  expect(res.status).toBe(204);
  return tenant;
}

test("Grafana-style requests answer like Prometheus", async ({ request }) => {
  const tenant = await loadFixture();
  const headers = { authorization: `Bearer ${tenant.readToken}` };
  const start = (t0 + 5 * 60_000) / 1000;
  const end = (t0 + 10 * 60_000) / 1000;

  // query_range with step, as a POST form (Grafana's default method).
  const range = await request.post("/api/v1/query_range", {
    headers,
    form: { query: "sum by (mode) (rate(node_cpu_seconds_total[1m]))", start: String(start), end: String(end), step: "60" },
  });
  expect(range.status()).toBe(200);
  const body = (await range.json()) as { status: string; data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
  expect(body.data.resultType).toBe("matrix");
  expect(body.data.result.map((s) => s.metric)).toEqual([{ mode: "idle" }, { mode: "user" }]);
  const idle = body.data.result[0]!.values;
  expect(idle.map(([t]) => t)).toEqual(Array.from({ length: 6 }, (_, i) => start + i * 60));
  for (const [, v] of idle) expect(Number(v)).toBeCloseTo(0.8, 12);
  expect(Number(body.data.result[1]!.values[0]![1])).toBeCloseTo(0.2, 12);

  // `stats` adds Prometheus's query statistics: timings and the samples the query touched.
  const withStats = await request.post("/api/v1/query_range", {
    headers,
    form: { query: "rate(node_cpu_seconds_total[1m])", start: String(start), end: String(end), step: "60", stats: "all" },
  });
  const stats = ((await withStats.json()) as { data: { stats: { timings: Record<string, number>; samples: Record<string, number> } } }).data.stats;
  expect(Object.keys(stats.timings).sort()).toEqual(["evalTotalTime", "execQueueTime", "execTotalTime", "innerEvalTime", "queryPreparationTime", "resultSortTime"]);
  expect(stats.timings.evalTotalTime).toBeGreaterThan(0);
  // Two series, 6 steps, each window of 1m holds 4 samples: at least the 2 x 25 samples in [start-1m, end].
  expect(stats.samples.totalQueryableSamples).toBeGreaterThanOrEqual(50);
  expect("stats" in (body.data as object)).toBe(false);

  const series = await request.get(`/api/v1/series?${new URLSearchParams([["match[]", "node_cpu_seconds_total"], ["start", String(start)], ["end", String(end)]])}`, { headers });
  expect(((await series.json()) as { data: unknown[] }).data).toEqual([
    { __name__: "node_cpu_seconds_total", cpu: "0", instance: "pi-1", mode: "idle" },
    { __name__: "node_cpu_seconds_total", cpu: "0", instance: "pi-1", mode: "user" },
  ]);
  const values = await request.get("/api/v1/label/mode/values", { headers });
  expect(await values.json()).toEqual({ status: "success", data: ["idle", "user"] });
  const labels = await request.get(`/api/v1/labels?match[]=node_thermal_zone_temp`, { headers });
  expect(((await labels.json()) as { data: string[] }).data).toEqual(["__name__", "instance", "type", "zone"]);
  const formatted = await request.get(`/api/v1/format_query?query=${encodeURIComponent("sum(rate(x[5m]))by(a)")}`, { headers });
  expect(((await formatted.json()) as { data: string }).data).toBe("sum by (a) (rate(x[5m]))");
  const info = await request.get("/api/v1/status/buildinfo", { headers });
  expect(((await info.json()) as { data: { version: string } }).data.version).toMatch(/^3\./);
});

test("errors use Prometheus's envelope and types", async ({ request }) => {
  const tenant = await seedTenant("errors");
  const headers = { authorization: `Bearer ${tenant.readToken}` };
  const bad = await request.get(`/api/v1/query?query=${encodeURIComponent("sum(rate(x[5m])")}`, { headers });
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { status: string; errorType: string; error: string };
  expect(body.status).toBe("error");
  expect(body.errorType).toBe("bad_data");
  expect(body.error).toMatch(/^invalid parameter "query": 1:\d+: parse error:/);
  const type = await request.get(`/api/v1/query?query=${encodeURIComponent('rate(up)')}`, { headers });
  expect(((await type.json()) as { error: string }).error).toContain('expected type range vector in call to function "rate", got instant vector');
  const step = await request.get("/api/v1/query_range?query=up&start=0&end=100000&step=1", { headers });
  expect(((await step.json()) as { error: string }).error).toContain("exceeded maximum resolution of 11,000 points per timeseries");
  expect((await request.get("/api/v1/series", { headers })).status()).toBe(400);
  expect((await request.get("/api/v1/query?query=up&time=yesterday", { headers })).status()).toBe(400);
  const anonymous = await request.get("/api/v1/query?query=up");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ status: "error", errorType: "unauthorized" });
});

test("the npm prometheus-query client works unchanged", async () => {
  const tenant = await loadFixture();
  const prom = new PrometheusDriver({ endpoint: baseURL, baseURL: "/api/v1", headers: { Authorization: `Bearer ${tenant.readToken}` } });
  const instant = await prom.instantQuery("node_thermal_zone_temp", new Date(t0 + 60_000));
  expect(instant.resultType).toBe("vector");
  expect(instant.result[0]!.value.value).toBe(44);
  const range = await prom.rangeQuery("node_thermal_zone_temp", new Date(t0), new Date(t0 + 60_000), 15);
  expect(range.result[0]!.values.map((v: { value: number }) => v.value)).toEqual([40, 41, 42, 43, 44]);
  expect(await prom.labelValues("instance")).toEqual(["pi-1"]);
  const found = await prom.series("node_cpu_seconds_total", new Date(t0), new Date(t0 + 600_000));
  expect(found).toHaveLength(2);
});
