"use client";
import { useQuery } from "@tanstack/react-query";
import { labelText } from "./format";

interface VectorAnswer {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/** The series the expression returns right now: each would be an alert (pending, then firing after `for`). */
export function RulePreview({ tenant, expr }: { tenant: string; expr: string }) {
  const result = useQuery({
    queryKey: ["rule-preview", tenant, expr],
    queryFn: async () => {
      const res = await fetch(`/api/v1/query?${new URLSearchParams({ query: expr })}`, { headers: { "x-boardwatch-tenant": tenant } });
      const body = (await res.json()) as VectorAnswer;
      if (body.status !== "success" || !body.data) throw new Error(body.error ?? `query failed with HTTP ${res.status}`);
      if (body.data.resultType !== "vector") throw new Error(`an alert expression must return an instant vector, not a ${body.data.resultType}`);
      return body.data.result;
    },
    refetchInterval: 15_000,
  });
  return (
    <div className="card" data-testid="rule-preview">
      <h2 style={{ marginTop: 0 }}>Would fire now: {result.data?.length ?? "…"}</h2>
      {result.error && <div className="alert error" role="alert">{result.error.message}</div>}
      {result.data && result.data.length > 0 && (
        <table>
          <thead>
            <tr><th>Series</th><th>Value</th></tr>
          </thead>
          <tbody>
            {result.data.map((s) => (
              <tr key={labelText(s.metric)}>
                <td><code>{labelText(s.metric) || "{}"}</code></td>
                <td>{s.value[1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
