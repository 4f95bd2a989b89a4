/** One row of the Table tab: a label set and its sample (several for a range-vector result such as `x[5m]`). */
export interface TableRow {
  labels: Record<string, string>;
  samples: Array<{ t: number; v: string }>;
}

type Sample = [number, string];

/** The `data` of a successful `/api/v1/query` answer. */
export type InstantData =
  | { resultType: "vector"; result: Array<{ metric: Record<string, string>; value: Sample }> }
  | { resultType: "matrix"; result: Array<{ metric: Record<string, string>; values: Sample[] }> }
  | { resultType: "scalar" | "string"; result: Sample };

const sample = ([t, v]: Sample) => ({ t: t * 1000, v });

/** Table rows of any instant-query result type; timestamps in epoch milliseconds, values kept exact. */
export function tableRows(data: InstantData): TableRow[] {
  switch (data.resultType) {
    case "vector":
      return data.result.map((s) => ({ labels: s.metric, samples: [sample(s.value)] }));
    case "matrix":
      return data.result.map((s) => ({ labels: s.metric, samples: s.values.map(sample) }));
    case "scalar":
    case "string":
      return [{ labels: {}, samples: [sample(data.result)] }];
    default: {
      const exhaustive: never = data;
      return exhaustive;
    }
  }
}

/** An instant query at `timeSec` through Boardwatch's Prometheus API, with the browser session and tenant. */
export async function queryInstant(tenant: string, query: string, timeSec: number): Promise<TableRow[]> {
  const params = new URLSearchParams({ query, time: String(timeSec) });
  const res = await fetch(`/api/v1/query?${params}`, { headers: { "x-boardwatch-tenant": tenant } });
  const body = (await res.json()) as { status: string; error?: string; data?: InstantData };
  if (body.status !== "success" || !body.data) throw new Error(body.error ?? `query failed with HTTP ${res.status}`);
  return tableRows(body.data);
}
