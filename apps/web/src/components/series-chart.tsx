"use client";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { chartRows, seriesName } from "@/lib/explore/series";
import { timeTicks } from "@/lib/explore/time-ticks";
import type { RangeSeries } from "@/lib/prometheus-client";
import { formatUnit, type Unit } from "@/lib/units";

const palette = ["#3d8bfd", "#43c07a", "#f2b84b", "#f0616d", "#b07cf7", "#4cc9f0", "#f78c6b", "#9aa5b1"];

/** Tick labels with the date once the range spans more than a day. */
function tickFormat(spanMs: number) {
  return (t: number) =>
    spanMs > 86_400_000
      ? new Date(t).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })
      : new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/**
 * Lines of range-query results, one per series, legend by label set. Series go under index keys because
 * recharts reads a string `dataKey` as a property path, and label sets are full of dots and brackets.
 */
export function SeriesChart(props: {
  series: readonly RangeSeries[];
  unit: Unit;
  width: number;
  startMs: number;
  endMs: number;
  height?: number;
  /** The legend entry of a series; by default its label set, Prometheus-style. */
  legend?: (labels: Record<string, string>) => string;
}) {
  const legend = props.legend ?? seriesName;
  return (
    <LineChart width={props.width} height={props.height ?? 360} data={chartRows(props.series)} margin={{ left: 8, right: 16 }}>
      <CartesianGrid stroke="#2a323c" strokeDasharray="3 3" />
      <XAxis dataKey="t" type="number" domain={[props.startMs, props.endMs]} scale="time" stroke="#9aa5b1" allowDataOverflow
        ticks={timeTicks(props.startMs, props.endMs, Math.max(2, Math.floor(props.width / 110)), -new Date(props.endMs).getTimezoneOffset() * 60_000)}
        tickFormatter={tickFormat(props.endMs - props.startMs)} />
      <YAxis stroke="#9aa5b1" width={80} tickFormatter={(v: number) => formatUnit(v, props.unit)} />
      <Tooltip contentStyle={{ background: "#171d24", border: "1px solid #2a323c" }} labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
        formatter={(v) => formatUnit(Number(v), props.unit, 2)} />
      <Legend />
      {props.series.map((s, i) => (
        <Line key={i} dataKey={`s${i}`} name={legend(s.labels)} stroke={palette[i % palette.length]} dot={false}
          isAnimationActive={false} connectNulls={false} />
      ))}
    </LineChart>
  );
}
