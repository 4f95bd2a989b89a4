import { expect, test } from "@playwright/test";
import { pushTimeseries } from "prometheus-remote-write";
import { baseURL } from "../support/env";
import { seedTenant } from "../support/seed";

const writeUrl = `${baseURL}/api/v1/write`;
// The client falls back to node-fetch, which it does not depend on; Node's own fetch does the job.
const fetch = globalThis.fetch as never;

async function seriesCount(request: import("@playwright/test").APIRequestContext, token: string) {
  const res = await request.get(`/api/v1/series?match[]={__name__=~".%2B"}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: unknown[] }).data.length;
}

test("the npm prometheus-remote-write client writes samples that queries read back", async ({ request }) => {
  const tenant = await seedTenant("rw");
  const now = Date.now();
  const result = await pushTimeseries(
    [
      { labels: { __name__: "board_temp_celsius", board: "pi-1", site: "lab" }, samples: [{ value: 41.5, timestamp: now - 30_000 }, { value: 42.25, timestamp: now - 15_000 }] },
      { labels: { __name__: "board_temp_celsius", board: "pi-2", site: "lab" }, samples: [{ value: 39, timestamp: now - 15_000 }] },
    ],
    { url: writeUrl, fetch, headers: { authorization: `Bearer ${tenant.writeToken}` } },
  );
  expect(result.status).toBe(204);

  const auth = { authorization: `Bearer ${tenant.readToken}` };
  const q = await request.get(`/api/v1/query?query=board_temp_celsius&time=${(now - 10_000) / 1000}`, { headers: auth });
  expect(q.status()).toBe(200);
  const body = (await q.json()) as { status: string; data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  expect(body.status).toBe("success");
  expect(body.data.resultType).toBe("vector");
  expect(body.data.result.map((r) => [r.metric.board, r.value[1]]).sort()).toEqual([["pi-1", "42.25"], ["pi-2", "39"]]);

  // A retried batch does not duplicate anything.
  await pushTimeseries(
    [{ labels: { __name__: "board_temp_celsius", board: "pi-1", site: "lab" }, samples: [{ value: 41.5, timestamp: now - 30_000 }, { value: 42.25, timestamp: now - 15_000 }] }],
    { url: writeUrl, fetch, headers: { authorization: `Bearer ${tenant.writeToken}` } },
  );
  const count = await request.get(`/api/v1/query?query=count_over_time(board_temp_celsius{board="pi-1"}[5m])&time=${now / 1000}`, { headers: auth });
  expect(((await count.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]!.value[1]).toBe("2");
});

test("hostile or unauthorised remote_write requests get a clear 4xx and change nothing", async ({ request }) => {
  const tenant = await seedTenant("rw-bad");
  const good = { authorization: `Bearer ${tenant.writeToken}`, "content-type": "application/x-protobuf", "content-encoding": "snappy" };
  await pushTimeseries({ labels: { __name__: "kept" }, samples: [{ value: 1, timestamp: Date.now() }] }, { url: writeUrl, fetch, headers: { authorization: good.authorization } });
  const before = await seriesCount(request, tenant.readToken);

  const cases: Array<{ name: string; headers: Record<string, string>; body: Buffer; status: number; message: RegExp }> = [
    { name: "no token", headers: { ...good, authorization: "" }, body: Buffer.from([0]), status: 401, message: /API token/ },
    { name: "read-only token", headers: { ...good, authorization: `Bearer ${tenant.readToken}` }, body: Buffer.from([0]), status: 403, message: /write scope/ },
    { name: "wrong content type", headers: { ...good, "content-type": "application/json" }, body: Buffer.from("{}"), status: 415, message: /Content-Type/ },
    { name: "truncated snappy", headers: good, body: Buffer.from([0xff, 0xff, 0x03, 0x00, 0x01]), status: 400, message: /bad remote_write body/ },
    { name: "snappy of garbage protobuf", headers: good, body: Buffer.from([0x05, 0x10, 0xff, 0xff, 0xff, 0xff]), status: 400, message: /bad remote_write body/ },
  ];
  for (const c of cases) {
    const res = await request.post("/api/v1/write", { headers: c.headers, data: c.body });
    expect(res.status(), c.name).toBe(c.status);
    expect(await res.text(), c.name).toMatch(c.message);
  }

  const huge = await pushTimeseries(
    { labels: { __name__: "too_long", board: "x".repeat(5000) }, samples: [{ value: 1, timestamp: Date.now() }] },
    { url: writeUrl, fetch, headers: { authorization: good.authorization } },
  );
  expect(huge.status).toBe(400);
  expect(huge.errorMessage ?? "").toMatch(/max_label_value_length/);
  expect(await seriesCount(request, tenant.readToken)).toBe(before);
});
