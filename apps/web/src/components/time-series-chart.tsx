"use client";
import { formatLegend } from "@boardwatch/dashboards";
import { useQuery } from "@tanstack/react-query";
import { queryRange } from "@/lib/prometheus-client";
import type { Unit } from "@/lib/units";
import { useElementWidth } from "@/lib/use-element-width";
import { SeriesChart } from "./series-chart";

/** A live chart of one PromQL range query over the last `rangeSeconds`, about one point per 3 px. */
export function TimeSeriesChart(props: { tenant: string; title: string; query: string; legend: string; unit: Unit; rangeSeconds?: number }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const range = props.rangeSeconds ?? 3600;
  const step = Math.max(5, Math.round(range / Math.max(100, Math.floor(width / 3))));
  const data = useQuery({
    queryKey: ["range", props.tenant, props.query, range, step],
    queryFn: async () => {
      const end = Math.floor(Date.now() / 1000);
      return { series: await queryRange(props.tenant, props.query, end - range, end, step), startMs: (end - range) * 1000, endMs: end * 1000 };
    },
    enabled: width > 0,
    refetchInterval: 15_000,
  });
  const empty = !data.data || data.data.series.every((s) => s.points.length === 0);
  return (
    <div className="card" data-testid={`chart-${props.title}`}>
      <h2 style={{ marginTop: 0 }}>{props.title}</h2>
      <div ref={ref}>
        {data.error ? (
          <div className="alert error" role="alert">{(data.error as Error).message}</div>
        ) : empty ? (
          <p className="muted" data-testid="no-data">{data.isLoading || width === 0 ? "Loading…" : "No data yet"}</p>
        ) : (
          <SeriesChart series={data.data!.series} unit={props.unit} width={width} height={240} startMs={data.data!.startMs} endMs={data.data!.endMs}
            legend={(labels) => formatLegend(props.legend, labels)} />
        )}
      </div>
    </div>
  );
}
