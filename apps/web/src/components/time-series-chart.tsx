"use client";
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { queryRange } from "@/lib/prometheus-client";
import { formatUnit, type Unit } from "@/lib/units";

const palette = ["#3d8bfd", "#43c07a", "#f2b84b", "#f0616d", "#b07cf7", "#4cc9f0", "#f78c6b", "#9aa5b1"];

/** Renders `{{label}}` templates like Grafana's legend format. */
function legendOf(template: string, labels: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? "");
}

/** A live line chart of one PromQL range query over the last `rangeSeconds`, about one point per 3 px. */
export function TimeSeriesChart(props: { tenant: string; title: string; query: string; legend: string; unit: Unit; rangeSeconds?: number }) {
  const range = props.rangeSeconds ?? 3600;
  const step = Math.max(5, Math.round(range / 300));
  const data = useQuery({
    queryKey: ["range", props.tenant, props.query, range],
    queryFn: () => {
      const end = Math.floor(Date.now() / 1000);
      return queryRange(props.tenant, props.query, end - range, end, step);
    },
    refetchInterval: 15_000,
  });
  const rows = new Map<number, Record<string, number>>();
  const names = (data.data ?? []).map((s) => legendOf(props.legend, s.labels) || JSON.stringify(s.labels));
  data.data?.forEach((s, i) => {
    for (const p of s.points) rows.set(p.t, { ...rows.get(p.t), t: p.t, [names[i]!]: p.v });
  });
  const points = [...rows.values()].sort((a, b) => a.t! - b.t!);
  return (
    <div className="card" data-testid={`chart-${props.title}`}>
      <h2 style={{ marginTop: 0 }}>{props.title}</h2>
      {data.error ? (
        <div className="alert error" role="alert">{(data.error as Error).message}</div>
      ) : points.length === 0 ? (
        <p className="muted" data-testid="no-data">{data.isLoading ? "Loading…" : "No data yet"}</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={points} margin={{ left: 8, right: 16 }}>
            <CartesianGrid stroke="#2a323c" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} scale="time" stroke="#9aa5b1"
              tickFormatter={(t: number) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })} />
            <YAxis stroke="#9aa5b1" width={72} tickFormatter={(v: number) => formatUnit(v, props.unit)} />
            <Tooltip contentStyle={{ background: "#171d24", border: "1px solid #2a323c" }} labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              formatter={(v) => formatUnit(Number(v), props.unit, 2)} />
            <Legend />
            {names.map((n, i) => (
              <Line key={n} dataKey={n} stroke={palette[i % palette.length]} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
