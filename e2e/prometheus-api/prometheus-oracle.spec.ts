import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { baseURL } from "../support/env";
import { eventually, freePort, startProcess } from "../support/processes";
import { seedTenant } from "../support/seed";

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

async function matrixAt(api: string, headers: Record<string, string>, query: string, timeSec: number): Promise<Map<string, string[]>> {
  const res = await fetch(`${api}/api/v1/query?${new URLSearchParams({ query, time: String(timeSec) })}`, { headers });
  const body = (await res.json()) as { status: string; error?: string; data: { resultType: string; result: Matrix } };
  if (body.status !== "success") throw new Error(`${api}: ${body.error}`);
  return new Map(body.data.result.map((s) => [JSON.stringify(Object.entries(s.metric).sort()), s.values.map(([t, v]) => `${t}=${v}`)]));
}

// Debian's Prometheus 2.42 scrapes itself and node_exporter every second and remote-writes to Boardwatch;
// afterwards both must hold exactly the same samples, series by series.
test("a real Prometheus 2.42 remote-writing to Boardwatch: both stores hold the same samples", async () => {
  test.setTimeout(240_000);
  const tenant = await seedTenant("prom");
  const [promPort, nodePort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), "bw-prometheus-"));
  writeFileSync(
    path.join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      "scrape_configs:",
      `  - { job_name: prometheus, static_configs: [{ targets: ["127.0.0.1:${promPort}"] }] }`,
      `  - { job_name: node, static_configs: [{ targets: ["127.0.0.1:${nodePort}"] }] }`,
      "remote_write:",
      `  - url: ${baseURL}/api/v1/write`,
      `    authorization: { credentials: ${tenant.writeToken} }`,
      "    queue_config: { batch_send_deadline: 1s, max_samples_per_send: 2000 }",
      "    metadata_config: { send_interval: 5s }",
    ].join("\n"),
  );
  const node = startProcess("prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${nodePort}`]);
  const prometheus = startProcess("prometheus", [
    `--config.file=${path.join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${path.join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ]);
  const promApi = `http://127.0.0.1:${promPort}`;
  try {
    // A minute of scrapes (60 of node_exporter), as Prometheus itself counts them.
    const startedAt = Date.now() / 1000;
    await eventually(
      async () => {
        const r = await fetch(`${promApi}/api/v1/query?query=${encodeURIComponent('count_over_time(up{job="node"}[5m])')}`).catch(() => null);
        const v = r?.ok ? ((await r.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]?.value[1] : undefined;
        return Number(v) >= 60 ? true : undefined;
      },
      120_000,
      "Prometheus to scrape node_exporter 60 times",
    );
    const at = Math.floor(Date.now() / 1000) - 3;
    const query = `{__name__=~".+"}[${Math.ceil(at - startedAt) + 60}s]`;
    const expected = await matrixAt(promApi, {}, query, at);
    expect(expected.size).toBeGreaterThan(200);

    const auth = { authorization: `Bearer ${tenant.readToken}` };
    const actual = await eventually(
      async () => {
        const got = await matrixAt(baseURL, auth, query, at);
        const behind = [...expected].filter(([k, v]) => got.get(k)?.length !== v.length);
        return behind.length === 0 ? got : undefined;
      },
      60_000,
      "Boardwatch to hold every sample Prometheus stored",
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [series, samples] of expected) expect(actual.get(series), series).toEqual(samples);

    // The HELP/TYPE/UNIT Prometheus sends along (every 5 s here) answer /api/v1/metadata as Prometheus's own does.
    for (const metric of ["node_cpu_seconds_total", "prometheus_http_requests_total"]) {
      const theirs = ((await (await fetch(`${promApi}/api/v1/metadata?metric=${metric}`)).json()) as { data: Record<string, unknown[]> }).data;
      expect(theirs[metric]).toHaveLength(1);
      await eventually(
        async () => {
          const ours = await fetch(`${baseURL}/api/v1/metadata?metric=${metric}`, { headers: auth });
          const body = (await ours.json()) as { status: string; data: Record<string, unknown[]> };
          return JSON.stringify(body.data) === JSON.stringify(theirs) ? true : undefined;
        },
        30_000,
        `Boardwatch to answer the metadata of ${metric} as Prometheus does`,
      );
    }
  } finally {
    await prometheus.stop();
    await node.stop();
  }
});
