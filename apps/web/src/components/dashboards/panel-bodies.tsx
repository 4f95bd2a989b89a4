"use client";
import type { DataPanel } from "@boardwatch/dashboards";
import { memo, useMemo } from "react";
import { Area, AreaChart, YAxis } from "recharts";
import { reduce, thresholdColor, type PanelData } from "@/lib/dashboards/panel-data";
import { formatUnit } from "@/lib/units";
import { SeriesChart } from "../series-chart";
import styles from "./dashboards.module.css";

type Props<T extends DataPanel["type"]> = { panel: Extract<DataPanel, { type: T }>; data: PanelData; width: number; height: number };

const fmt = (panel: DataPanel, v: number) => formatUnit(v, panel.unit, panel.decimals ?? undefined);

/** Time series: lines, areas or stacked areas; dragging across zooms the dashboard's time range. */
export function TimeSeriesBody({ panel, data, width, height, onZoom }: Props<"timeseries"> & { onZoom?: (startMs: number, endMs: number) => void }) {
  const names = useMemo(() => data.series.map((s) => s.name), [data.series]);
  return (
    <SeriesChart series={data.series} names={names} unit={panel.unit} width={width} height={height} startMs={data.startMs} endMs={data.endMs}
      style={panel.options.style} decimals={panel.decimals} min={panel.min} max={panel.max} thresholds={panel.thresholds}
      showLegend={panel.options.legend !== "hidden"} onZoom={onZoom} />
  );
}

const Sparkline = memo(function Sparkline({ points, color, width, height }: { points: PanelData["series"][number]["points"]; color: string; width: number; height: number }) {
  return (
    <AreaChart width={width} height={height} data={points} margin={{ top: 0, right: 0, bottom: 0, left: 0 }}>
      <YAxis hide domain={["auto", "auto"]} />
      <Area dataKey="v" stroke={color} fill={color} fillOpacity={0.25} dot={false} activeDot={false} isAnimationActive={false} />
    </AreaChart>
  );
});

/** Stat: one big value per series (reduced), coloured by thresholds, with a sparkline of the range. */
export function StatBody({ panel, data, width, height }: Props<"stat">) {
  const series = data.series.slice(0, 12);
  const cols = Math.max(1, Math.min(series.length, Math.floor(width / 140)));
  const rowsCount = Math.max(1, Math.ceil(series.length / cols));
  const cellW = Math.floor(width / cols);
  const cellH = Math.floor(height / rowsCount);
  return (
    <div className={styles.statGrid} style={{ gridTemplateColumns: `repeat(${cols}, 1fr)` }}>
      {series.map((s, i) => {
        const value = reduce(s.points, panel.options.reduce);
        const color = thresholdColor(value, panel.thresholds);
        const background = panel.options.colorMode === "background";
        return (
          <div key={i} className={styles.stat} style={{ background: background ? color : undefined, height: cellH }} data-testid="stat-value">
            {series.length > 1 && <div className={styles.statName}>{s.name}</div>}
            <div className={styles.statValue} style={{ color: background ? "#0f1419" : color, fontSize: Math.max(16, Math.min(48, cellH / 3, cellW / 6)) }}>
              {fmt(panel, value)}
            </div>
            {panel.options.sparkline && s.points.length > 1 && cellH > 70 && (
              <div className={styles.sparkline}>
                <Sparkline points={s.points} color={background ? "#0f1419" : color} width={cellW - 8} height={Math.min(40, cellH / 3)} />
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** Gauge: an arc from min to max (0–100 by default), threshold bands around it. */
export function GaugeBody({ panel, data, width, height }: Props<"gauge">) {
  const series = data.series.slice(0, 12);
  // As many gauges side by side as fit at 120 px, the rest on further rows; each as large as its cell allows.
  const cols = Math.max(1, Math.min(series.length, Math.floor(width / 120)));
  const rows = Math.ceil(series.length / cols);
  const size = Math.max(60, Math.min(width / cols - 8, ((height - rows * 16) / rows) * 1.7));
  const min = panel.min ?? 0;
  const max = panel.max ?? (panel.unit === "percentunit" ? 1 : 100);
  return (
    <div className={styles.gauges}>
      {series.map((s, i) => {
        const value = reduce(s.points, panel.options.reduce);
        const ratio = Number.isFinite(value) ? Math.min(1, Math.max(0, (value - min) / (max - min || 1))) : 0;
        const color = thresholdColor(value, panel.thresholds);
        const r = size / 2 - 10;
        const arc = (from: number, to: number) => {
          const a0 = Math.PI * (1 - from);
          const a1 = Math.PI * (1 - to);
          const p = (a: number) => `${size / 2 + r * Math.cos(a)} ${size / 2 - r * Math.sin(a)}`;
          return `M ${p(a0)} A ${r} ${r} 0 0 1 ${p(a1)}`;
        };
        return (
          <figure key={i} className={styles.gauge} style={{ width: size }} data-testid="gauge">
            <svg width={size} height={size / 2 + 12} role="img" aria-label={`${s.name}: ${fmt(panel, value)}`}>
              <path d={arc(0, 1)} stroke="#2a323c" strokeWidth={12} fill="none" />
              <path d={arc(0, Math.max(0.001, ratio))} stroke={color} strokeWidth={12} fill="none" />
              <text x={size / 2} y={size / 2} textAnchor="middle" fill={color} fontSize={Math.max(12, size / 7)} fontWeight={600}>{fmt(panel, value)}</text>
            </svg>
            {series.length > 1 && <figcaption className={styles.statName}>{s.name}</figcaption>}
          </figure>
        );
      })}
    </div>
  );
}

/** Bar gauge: one bar per series, sorted as the query returns them, filled to the value's share of min–max. */
export function BarGaugeBody({ panel, data }: Props<"bargauge">) {
  const values = data.series.map((s) => ({ name: s.name, value: reduce(s.points, panel.options.reduce) }));
  const finite = values.map((v) => v.value).filter(Number.isFinite);
  const min = panel.min ?? Math.min(0, ...finite);
  const max = panel.max ?? Math.max(1, ...finite);
  const vertical = panel.options.orientation === "vertical";
  return (
    <div className={vertical ? styles.barsVertical : styles.bars} data-testid="bargauge">
      {values.map((v, i) => {
        const ratio = Number.isFinite(v.value) ? Math.min(1, Math.max(0, (v.value - min) / (max - min || 1))) : 0;
        const color = thresholdColor(v.value, panel.thresholds);
        return (
          <div key={i} className={styles.bar}>
            <span className={styles.barName} title={v.name}>{v.name}</span>
            <span className={styles.barTrack}>
              <span className={styles.barFill} style={vertical ? { height: `${ratio * 100}%`, background: color } : { width: `${ratio * 100}%`, background: color }} />
            </span>
            <span className={styles.barValue} style={{ color }}>{fmt(panel, v.value)}</span>
          </div>
        );
      })}
    </div>
  );
}

/**
 * Table: one row per series legend, one column per query (named by its refId, `_` read as a space), the
 * reduced value formatted in the panel's unit; coloured by thresholds.
 */
export function TableBody({ panel, data }: Props<"table">) {
  const refIds = [...new Set(data.series.map((s) => s.refId))];
  const rows = new Map<string, Record<string, number>>();
  for (const s of data.series) (rows.get(s.name) ?? rows.set(s.name, {}).get(s.name)!)[s.refId] = reduce(s.points, panel.options.reduce);
  const single = refIds.length === 1;
  return (
    <table className={styles.table} data-testid="panel-table">
      <thead>
        <tr>
          <th>Series</th>
          {refIds.map((r) => <th key={r}>{single ? "Value" : r.replace(/_/g, " ")}</th>)}
        </tr>
      </thead>
      <tbody>
        {[...rows.entries()].map(([name, values]) => (
          <tr key={name}>
            <td>{name}</td>
            {refIds.map((r) => (
              <td key={r} style={{ color: values[r] === undefined || panel.thresholds.length < 2 ? undefined : thresholdColor(values[r]!, panel.thresholds) }}>
                {values[r] === undefined ? "" : fmt(panel, values[r]!)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
