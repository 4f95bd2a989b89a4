"use client";
import type { Threshold } from "@boardwatch/dashboards";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { chartRows, seriesName } from "@/lib/explore/series";
import { timeTicks } from "@/lib/explore/time-ticks";
import type { RangeSeries } from "@/lib/prometheus-client";
import { formatUnit, type Unit } from "@/lib/units";

export const palette = ["#3d8bfd", "#43c07a", "#f2b84b", "#f0616d", "#b07cf7", "#4cc9f0", "#f78c6b", "#9aa5b1", "#e36bb4", "#8fd14f"];

/** Tick labels with the date once the range spans more than a day. */
function tickFormat(spanMs: number) {
  return (t: number) =>
    spanMs > 86_400_000
      ? new Date(t).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })
      : new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

type Style = "lines" | "area" | "stacked";

// The plot area's horizontal bounds inside the chart: the margins and the y-axis width given below.
const PLOT_LEFT = 8 + 80;
const PLOT_RIGHT = 16;

/**
 * The selection of a click-drag across a chart, in pixels of `target`, reported as a time span. It listens on
 * the chart's box and draws only the highlight, so the chart itself does not re-render while the pointer moves.
 */
function DragToZoom(props: { target: HTMLElement | null; width: number; startMs: number; endMs: number; onZoom: (startMs: number, endMs: number) => void }) {
  const [span, setSpan] = useState<{ a: number; b: number } | null>(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    const el = props.target;
    if (!el) return;
    let drag: { a: number; b: number } | null = null;
    const x = (e: MouseEvent) => Math.min(Math.max(e.clientX - el.getBoundingClientRect().left, PLOT_LEFT), latest.current.width - PLOT_RIGHT);
    const down = (e: MouseEvent) => {
      if (e.button !== 0) return;
      drag = { a: x(e), b: x(e) };
      setSpan(drag);
    };
    const move = (e: MouseEvent) => {
      if (!drag) return;
      drag = { ...drag, b: x(e) };
      setSpan(drag);
    };
    const up = () => {
      if (drag && Math.abs(drag.b - drag.a) > 3) {
        const { width, startMs, endMs, onZoom } = latest.current;
        const t = (px: number) => startMs + ((px - PLOT_LEFT) / (width - PLOT_LEFT - PLOT_RIGHT)) * (endMs - startMs);
        onZoom(t(Math.min(drag.a, drag.b)), t(Math.max(drag.a, drag.b)));
      }
      drag = null;
      setSpan(null);
    };
    el.addEventListener("mousedown", down);
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
    return () => {
      el.removeEventListener("mousedown", down);
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
  }, [props.target]);
  if (!span || span.a === span.b) return null;
  return (
    <div data-testid="zoom-selection" style={{ position: "absolute", top: 0, bottom: 0, left: Math.min(span.a, span.b), width: Math.abs(span.b - span.a),
      background: "rgba(61, 139, 253, .15)", pointerEvents: "none" }} />
  );
}

/**
 * Lines (or areas, stacked or not) of range-query results, one per series. Series go under index keys because
 * recharts reads a string `dataKey` as a property path, and label sets are full of dots and brackets. No dots
 * and no animation, and rows are memoised: 50 series × 1,000 points stay responsive. Dragging across the plot
 * reports the selected time span to `onZoom`; the tooltip lists every series at the hovered time.
 */
export const SeriesChart = memo(function SeriesChart(props: {
  series: readonly RangeSeries[];
  unit: Unit;
  width: number;
  startMs: number;
  endMs: number;
  height?: number;
  /** The legend entry of a series; by default its label set, Prometheus-style. */
  legend?: (labels: Record<string, string>) => string;
  /** Legend entries by series index, when known already (dashboards' legend templates). */
  names?: readonly string[];
  style?: Style;
  decimals?: number | null;
  min?: number | null;
  max?: number | null;
  thresholds?: readonly Threshold[];
  showLegend?: boolean;
  onZoom?: (startMs: number, endMs: number) => void;
}) {
  const legend = props.legend ?? seriesName;
  const rows = useMemo(() => chartRows(props.series), [props.series]);
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const style = props.style ?? "lines";
  const decimals = props.decimals ?? undefined;
  const names = useMemo(() => props.series.map((s, i) => props.names?.[i] ?? legend(s.labels)), [props.series, props.names, legend]);
  const domain: [number | "auto", number | "auto"] = [props.min ?? "auto", props.max ?? "auto"];
  return (
    <div ref={setBox} style={{ position: "relative", width: props.width, ...(props.onZoom ? { userSelect: "none", cursor: "crosshair" } : {}) }}>
    <ComposedChart width={props.width} height={props.height ?? 360} data={rows} margin={{ left: 8, right: PLOT_RIGHT }}>
      <CartesianGrid stroke="#2a323c" strokeDasharray="3 3" />
      <XAxis dataKey="t" type="number" domain={[props.startMs, props.endMs]} scale="time" stroke="#9aa5b1" allowDataOverflow
        ticks={timeTicks(props.startMs, props.endMs, Math.max(2, Math.floor(props.width / 110)), -new Date(props.endMs).getTimezoneOffset() * 60_000)}
        tickFormatter={tickFormat(props.endMs - props.startMs)} />
      <YAxis stroke="#9aa5b1" width={80} domain={domain} allowDataOverflow={props.min != null || props.max != null} tickFormatter={(v: number) => formatUnit(v, props.unit, decimals)} />
      <Tooltip contentStyle={{ background: "#171d24", border: "1px solid #2a323c", maxHeight: 320, overflow: "hidden" }} isAnimationActive={false}
        labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => formatUnit(Number(v), props.unit, decimals ?? 2)} />
      {props.showLegend !== false && <Legend />}
      {(props.thresholds ?? []).filter((t) => t.value !== null).map((t, i) => (
        <ReferenceLine key={`th${i}`} y={t.value!} stroke={t.color} strokeDasharray="4 4" ifOverflow="hidden" />
      ))}
      {props.series.map((_, i) =>
        style === "lines" ? (
          <Line key={i} dataKey={`s${i}`} name={names[i]} stroke={palette[i % palette.length]} dot={false} activeDot={false}
            isAnimationActive={false} connectNulls={false} strokeWidth={1.5} />
        ) : (
          <Area key={i} dataKey={`s${i}`} name={names[i]} stroke={palette[i % palette.length]} fill={palette[i % palette.length]} fillOpacity={0.2}
            dot={false} activeDot={false} isAnimationActive={false} connectNulls={false} stackId={style === "stacked" ? "stack" : undefined} strokeWidth={1.5} />
        ),
      )}
    </ComposedChart>
    {props.onZoom && <DragToZoom target={box} width={props.width} startMs={props.startMs} endMs={props.endMs} onZoom={props.onZoom} />}
    </div>
  );
});
