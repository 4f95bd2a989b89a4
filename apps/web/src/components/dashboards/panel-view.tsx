"use client";
import type { DataPanel, VariableValue } from "@boardwatch/dashboards";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { runPanel, type PanelData } from "@/lib/dashboards/panel-data";
import { useElementSize } from "@/lib/use-element-width";
import styles from "./dashboards.module.css";
import { BarGaugeBody, GaugeBody, StatBody, TableBody, TimeSeriesBody } from "./panel-bodies";

declare global {
  interface Window {
    /** Milliseconds from each panel's data arriving to it being painted, by panel id (read by the e2e timing). */
    __bwPanelRenderMs?: Record<string, number>;
  }
}

function Body({ panel, data, width, height, onZoom }: { panel: DataPanel; data: PanelData; width: number; height: number; onZoom?: (s: number, e: number) => void }) {
  if (data.series.length === 0) return <p className="muted" data-testid="no-data">No data</p>;
  switch (panel.type) {
    case "timeseries":
      return <TimeSeriesBody panel={panel} data={data} width={width} height={height} onZoom={onZoom} />;
    case "stat":
      return <StatBody panel={panel} data={data} width={width} height={height} />;
    case "gauge":
      return <GaugeBody panel={panel} data={data} width={width} height={height} />;
    case "bargauge":
      return <BarGaugeBody panel={panel} data={data} width={width} height={height} />;
    case "table":
      return <TableBody panel={panel} data={data} width={width} height={height} />;
    default: {
      const exhaustive: never = panel;
      return exhaustive;
    }
  }
}

/**
 * One panel: runs its queries (in parallel with every other panel's) for the range and variables, sized to
 * its box, and shows the result; errors are shown per query, in the panel.
 */
export function PanelView(props: {
  tenant: string;
  panel: DataPanel;
  startMs: number;
  endMs: number;
  variables: Record<string, VariableValue>;
  /** Changes on every refresh, so relative ranges are evaluated again. */
  refreshKey: number;
  onZoom?: (startMs: number, endMs: number) => void;
  actions?: React.ReactNode;
}) {
  const { panel } = props;
  const [ref, size, element] = useElementSize<HTMLDivElement>();
  const width = size.width;
  const data = useQuery({
    queryKey: ["panel", props.tenant, panel.queries, panel.maxDataPoints, panel.minInterval, props.startMs, props.endMs, props.variables, Math.round(width / 50), props.refreshKey],
    queryFn: () => runPanel({ tenant: props.tenant, panel, startMs: props.startMs, endMs: props.endMs, widthPx: width, variables: props.variables }),
    enabled: width > 0,
    placeholderData: keepPreviousData,
  });
  const painted = useRef<number | null>(null);
  useEffect(() => {
    const arrived = data.data?.arrivedAt;
    if (arrived === undefined || painted.current === arrived) return;
    painted.current = arrived;
    // The frame after the commit: the browser has laid out and painted what React rendered.
    requestAnimationFrame(() => {
      const ms = performance.now() - arrived;
      (window.__bwPanelRenderMs ??= {})[String(panel.id)] = ms;
      element?.closest("[data-panel]")?.setAttribute("data-render-ms", ms.toFixed(1));
    });
  }, [data.data, panel.id, element]);
  const errors = data.data?.errors ?? [];
  return (
    <section className={styles.panel} data-panel={panel.id} aria-label={panel.title || `Panel ${panel.id}`}>
      <header className={styles.panelHeader}>
        <h3 className={`${styles.panelTitle} panel-drag`} title={panel.description || undefined}>{panel.title || "\u00a0"}</h3>
        {data.isFetching && <span className={styles.spinner} aria-label="Loading" />}
        {(data.error || errors.length > 0) && (
          <span className={styles.panelError} role="alert" title={[data.error?.message, ...errors.map((e) => `${e.refId}: ${e.message}`)].filter(Boolean).join("\n")}>
            ⚠ {data.error?.message ?? errors.map((e) => `${e.refId}: ${e.message}`).join("; ")}
          </span>
        )}
        {props.actions}
      </header>
      <div ref={ref} className={styles.panelBody}>
        {data.data && width > 0 ? (
          <Body panel={panel} data={data.data} width={width} height={Math.max(40, size.height)} onZoom={props.onZoom} />
        ) : (
          !data.error && <p className="muted">Loading…</p>
        )}
      </div>
    </section>
  );
}
