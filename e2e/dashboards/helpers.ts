import { expect } from "@playwright/test";
import { pushTimeseries } from "prometheus-remote-write";
import { baseURL } from "../support/env";
export { createWriteToken } from "../support/flows";

// The client falls back to node-fetch, which it does not depend on; Node's own fetch does the job.
const fetch = globalThis.fetch as never;

export interface Series {
  labels: { __name__: string; [name: string]: string };
  value: (i: number) => number;
}

/** Writes `points` samples per series, `stepMs` apart and ending now, through the real remote_write endpoint. */
export async function push(token: string, series: Series[], points: number, stepMs: number) {
  const now = Math.floor(Date.now() / stepMs) * stepMs;
  // remote_write batches of a few thousand samples, as Prometheus sends them.
  const perBatch = Math.max(1, Math.floor(5000 / points));
  for (let i = 0; i < series.length; i += perBatch) {
    const batch = series.slice(i, i + perBatch).map((s) => ({
      labels: s.labels,
      samples: Array.from({ length: points }, (_, k) => ({ timestamp: now - (points - 1 - k) * stepMs, value: s.value(k) })),
    }));
    const res = await pushTimeseries(batch, { url: `${baseURL}/api/v1/write`, fetch, headers: { authorization: `Bearer ${token}` } });
    expect(res.status, res.errorMessage).toBe(204);
  }
}
