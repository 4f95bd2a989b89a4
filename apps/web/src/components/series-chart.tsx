"use client";
import type { Threshold } from "@boardwatch/dashboards";
import { memo, useEffect, useId, useMemo, useRef, useState } from "react";
import { CartesianGrid, ComposedChart, ReferenceLine, Tooltip, XAxis, YAxis, usePlotArea } from "recharts";
import { seriesName } from "@/lib/explore/series";
import { layoutSeries, niceTicks, seriesPath, type SeriesLayout } from "@/lib/explore/series-paths";
import { timeTicks } from "@/lib/explore/time-ticks";
import type { RangeSeries } from "@/lib/prometheus-client";
import { formatUnit, type Unit } from "@/lib/units";
import styles from "./series-chart.module.css";

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


/** Index of the time closest to `t` in ascending `times`. */
function nearest(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(times[lo - 1]! - t) < Math.abs(times[lo]! - t) ? lo - 1 : lo;
}

/**
 * Every series as one SVG path, drawn with the chart's scales. One element for all series instead of one
 * recharts item each: recharts re-derives every item whenever one registers, which grows with the square of
 * the series count (seconds at 50 series × 1,000 points).
 */
const SeriesPaths = memo(function SeriesPaths(props: { layout: SeriesLayout; style: Style; baseValue: number; startMs: number; endMs: number; domain: readonly [number, number] }) {
  const plot = usePlotArea();
  const clip = `plot-${useId().replace(/:/g, "")}`;
  const { layout, style, baseValue, startMs, endMs } = props;
  const [d0, d1] = props.domain;
  const px = plot?.x ?? 0;
  const py = plot?.y ?? 0;
  const pw = plot?.width ?? 0;
  const ph = plot?.height ?? 0;
  // The axes are linear over [startMs, endMs] and the y domain, so paths follow from the plot area alone and are
  // built once per layout and size, however often recharts re-renders around them.
  const paths = useMemo(() => {
    if (!pw || !ph) return [];
    const x = (t: number) => px + ((t - startMs) / (endMs - startMs || 1)) * pw;
    const y = (v: number) => py + ph - ((v - d0) / (d1 - d0 || 1)) * ph;
    const { tops } = layout;
    return layout.values.map((row, i) => {
      if (style === "lines") return seriesPath(layout.times, row, row, x, y, null);
      const base = tops ? (k: number) => (i === 0 ? 0 : tops[i - 1]![k]!) : () => baseValue;
      return seriesPath(layout.times, tops?.[i] ?? row, row, x, y, base);
    });
  }, [layout, style, baseValue, startMs, endMs, d0, d1, px, py, pw, ph]);
  return (
    <g className="series-paths" clipPath={`url(#${clip})`}>
      <defs>
        <clipPath id={clip}><rect x={px} y={py} width={pw} height={ph} /></clipPath>
      </defs>
      {paths.map((d, i) => {
        const color = palette[i % palette.length];
        return style === "lines" ? (
          <path key={i} className="series-line" d={d} stroke={color} strokeWidth={1.5} fill="none" />
        ) : (
          <path key={i} className="series-area" d={d} stroke={color} strokeWidth={1.5} fill={color} fillOpacity={0.2} />
        );
      })}
    </g>
  );
});

const LEGEND_LINE = 18;

/**
 * Lines (or areas, stacked or not) of range-query results, one per series, with recharts' axes, grid and
 * tooltip. The tooltip lists every series at the hovered time; dragging across the plot reports the selected
 * time span to `onZoom`. Series are laid out once per result (memoised) and drawn as plain paths.
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
  const style = props.style ?? "lines";
  const layout = useMemo(() => layoutSeries(props.series, style === "stacked"), [props.series, style]);
  const rows = useMemo(() => layout.times.map((t) => ({ t })), [layout]);
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const decimals = props.decimals ?? undefined;
  const names = useMemo(() => props.series.map((s, i) => props.names?.[i] ?? legend(s.labels)), [props.series, props.names, legend]);
  const height = props.height ?? 360;
  const showLegend = props.showLegend !== false;
  const legendChars = names.reduce((n, name) => n + name.length + 5, 0);
  const legendHeight = showLegend ? Math.min(Math.ceil((legendChars * 7) / Math.max(1, props.width)) * LEGEND_LINE + 6, Math.floor(height * 0.35)) : 0;
  const domain: [number, number] = [props.min ?? layout.min, props.max ?? layout.max];
  const tooltip = ({ active, label }: { active?: boolean; label?: string | number }) => {
    if (!active || label === undefined || !layout.times.length) return null;
    const i = nearest(layout.times, Number(label));
    const entries = names.map((name, k) => ({ name, v: layout.values[k]![i]!, color: palette[k % palette.length] })).filter((e) => Number.isFinite(e.v));
    return (
      <div className={styles.tooltip} data-testid="chart-tooltip">
        <div style={{ marginBottom: 4 }}>{new Date(layout.times[i]!).toLocaleString()}</div>
        {entries.slice(0, 30).map((e, k) => (
          <div key={k} style={{ color: e.color }}>
            {e.name}: {formatUnit(e.v, props.unit, decimals ?? 2)}
          </div>
        ))}
        {entries.length > 30 && <div className="muted">… {entries.length - 30} more</div>}
      </div>
    );
  };
  return (
    <div ref={setBox} style={{ position: "relative", width: props.width, ...(props.onZoom ? { userSelect: "none", cursor: "crosshair" } : {}) }}>
      <ComposedChart width={props.width} height={height - legendHeight} data={rows} margin={{ left: 8, right: PLOT_RIGHT, top: 5, bottom: 0 }}>
        <CartesianGrid stroke="#2a323c" strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" domain={[props.startMs, props.endMs]} scale="time" stroke="#9aa5b1" allowDataOverflow
          ticks={timeTicks(props.startMs, props.endMs, Math.max(2, Math.floor(props.width / 110)), -new Date(props.endMs).getTimezoneOffset() * 60_000)}
          tickFormatter={tickFormat(props.endMs - props.startMs)} />
        <YAxis stroke="#9aa5b1" width={80} type="number" domain={domain} ticks={niceTicks(domain[0], domain[1])} allowDataOverflow tickFormatter={(v: number) => formatUnit(v, props.unit, decimals)} />
        <Tooltip content={tooltip} isAnimationActive={false} cursor={{ stroke: "#9aa5b1" }} />
        {(props.thresholds ?? []).filter((t) => t.value !== null).map((t, i) => (
          <ReferenceLine key={`th${i}`} y={t.value!} stroke={t.color} strokeDasharray="4 4" ifOverflow="hidden" />
        ))}
        <SeriesPaths layout={layout} style={style} baseValue={Math.max(domain[0], Math.min(0, domain[1]))} startMs={props.startMs} endMs={props.endMs} domain={domain} />
      </ComposedChart>
      {showLegend && (
        <ul className={styles.legend} data-testid="chart-legend" style={{ height: legendHeight }}>
          {names.map((name, i) => (
            <li key={i}><span style={{ background: palette[i % palette.length] }} />{name}</li>
          ))}
        </ul>
      )}
      {props.onZoom && <DragToZoom target={box} width={props.width} startMs={props.startMs} endMs={props.endMs} onZoom={props.onZoom} />}
    </div>
  );
});
