"use client";

export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<{ t: number; v: number }>;
}

/** A range query through Boardwatch's Prometheus API, with the browser session and the current tenant. */
export async function queryRange(tenant: string, query: string, startSec: number, endSec: number, stepSec: number): Promise<RangeSeries[]> {
  const params = new URLSearchParams({ query, start: String(startSec), end: String(endSec), step: String(stepSec) });
  const res = await fetch(`/api/v1/query_range?${params}`, { headers: { "x-boardwatch-tenant": tenant } });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
  if (body.status !== "success" || !body.data) throw new Error(body.error ?? `query failed with HTTP ${res.status}`);
  return body.data.result.map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => ({ t: t * 1000, v: Number(v) })) }));
}

async function getData<T>(tenant: string, path: string, params: URLSearchParams): Promise<T> {
  const res = await fetch(`${path}?${params}`, { headers: { "x-boardwatch-tenant": tenant } });
  const body = (await res.json()) as { status: string; error?: string; data?: T };
  if (body.status !== "success" || body.data === undefined) throw new Error(body.error ?? `request failed with HTTP ${res.status}`);
  return body.data;
}

/** Values of a label, optionally only of series matching the selector `match`. */
export function labelValues(tenant: string, label: string, match: string | null): Promise<string[]> {
  return getData(tenant, `/api/v1/label/${encodeURIComponent(label)}/values`, new URLSearchParams(match ? [["match[]", match]] : []));
}

/** Label names, optionally only of series matching the selector `match`. */
export function labelNames(tenant: string, match: string | null): Promise<string[]> {
  return getData(tenant, "/api/v1/labels", new URLSearchParams(match ? [["match[]", match]] : []));
}
