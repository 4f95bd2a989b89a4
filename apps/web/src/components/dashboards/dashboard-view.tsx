"use client";
import "react-grid-layout/css/styles.css";
import {
  ALL,
  dataPanelSchema,
  GRID_COLUMNS,
  parseDuration,
  REFRESH_INTERVALS,
  resolveVariables,
  type Dashboard,
  type DataPanel,
  type RefreshInterval,
  type VariableValue,
} from "@boardwatch/dashboards";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import GridLayout from "react-grid-layout";
import { addPanel, applyLayout, nextPanelId, removePanel, replacePanel, toggleRow, visiblePanels } from "@/lib/dashboards/layout";
import { decodeView, encodeView, type ViewState } from "@/lib/dashboards/url-state";
import { resolveRange } from "@/lib/explore/time-range";
import { labelNames, labelValues } from "@/lib/prometheus-client";
import { queryInstant } from "@/lib/explore/instant-query";
import { seriesName } from "@/lib/explore/series";
import { useElementWidth } from "@/lib/use-element-width";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { TimeRangePicker } from "../explore/time-controls";
import styles from "./dashboards.module.css";
import { DashboardSettings } from "./dashboard-settings";
import { PanelEditor } from "./panel-editor";
import { PanelView } from "./panel-view";
import { VariablesBar } from "./variables-bar";
import { VersionsDialog } from "./versions-dialog";
import { downloadJson } from "./download";

const ROW_HEIGHT = 30;

function newPanel(d: Dashboard): DataPanel {
  return dataPanelSchema.parse({ id: nextPanelId(d), type: "timeseries", title: "New panel", gridPos: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ refId: "A", expr: "" }] });
}

/**
 * A dashboard: variables, time range and refresh (all in the URL), and the grid of panels, each querying in
 * parallel. Editors switch to edit mode to drag, resize, add and edit panels, then save a new version.
 */
export function DashboardView({ tenant, uid }: { tenant: string; uid: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.dashboard.get.queryOptions({ tenant, uid }));
  const searchParams = useSearchParams();
  const [draft, setDraft] = useState<Dashboard | null>(null);
  const [editing, setEditing] = useState<DataPanel | null>(null);
  const [dialog, setDialog] = useState<"versions" | "settings" | null>(null);
  const [gridRef, width] = useElementWidth<HTMLDivElement>();
  const dashboard = draft ?? saved.data?.dashboard;
  const view = useMemo(() => (dashboard ? decodeView(searchParams, dashboard) : null), [searchParams, dashboard]);

  // "now" moves on each refresh, so relative ranges slide; every panel then queries again, in parallel.
  const [refresh, setRefresh] = useState({ key: 0, nowMs: Date.now() });
  const tick = useCallback(() => setRefresh((r) => ({ key: r.key + 1, nowMs: Date.now() })), []);
  const every = view && view.refresh !== "off" ? parseDuration(view.refresh)! * 1000 : 0;
  useEffect(() => {
    if (!every || draft) return;
    const timer = setInterval(tick, every);
    return () => clearInterval(timer);
  }, [every, draft, tick]);

  const navigate = useCallback((next: ViewState) => window.history.replaceState(null, "", `?${encodeView(next)}`), []);
  const { startMs, endMs } = view ? resolveRange(view.range, refresh.nowMs) : { startMs: 0, endMs: 0 };

  const resolved = useQuery({
    queryKey: ["variables", tenant, dashboard?.variables, view?.variables, view?.range, refresh.key],
    enabled: !!dashboard && !!view,
    queryFn: () =>
      resolveVariables(
        dashboard!.variables,
        {
          labelValues: (label, match) => labelValues(tenant, label, match),
          labelNames: (match) => labelNames(tenant, match),
          queryResult: async (expr) => (await queryInstant(tenant, expr, endMs / 1000)).map((r) => `${seriesName(r.labels)} ${r.samples[0]?.v ?? ""} ${r.samples[0]?.t ?? ""}`),
        },
        view!.variables,
        { intervalSeconds: 60, rateIntervalSeconds: 60, rangeSeconds: (endMs - startMs) / 1000, fromMs: startMs, toMs: endMs },
      ),
    placeholderData: (prev) => prev,
  });
  const variables = useMemo<Record<string, VariableValue>>(() => Object.fromEntries((resolved.data ?? []).map((v) => [v.name, v.value])), [resolved.data]);

  const save = useMutation(
    trpc.dashboard.save.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.dashboard.get.queryKey({ tenant, uid }), data);
        void queryClient.invalidateQueries({ queryKey: trpc.dashboard.versions.queryKey({ tenant, uid }) });
        setDraft(null);
      },
    }),
  );

  if (saved.error) return <ErrorAlert error={saved.error} />;
  if (!saved.data || !dashboard || !view) return <p className="muted">Loading…</p>;
  const canEdit = saved.data.canEdit;
  const edit = draft !== null;
  const panels = visiblePanels(dashboard);
  const layout = panels.map((p) => ({
    i: String(p.id), x: p.gridPos.x, y: p.gridPos.y, w: p.type === "row" ? GRID_COLUMNS : p.gridPos.w, h: p.type === "row" ? 1 : p.gridPos.h,
    isResizable: edit && p.type !== "row", minH: 1, minW: p.type === "row" ? GRID_COLUMNS : 2,
  }));
  const zoom = (s: number, e: number) => navigate({ ...view, range: { kind: "absolute", fromMs: Math.floor(s / 1000) * 1000, toMs: Math.ceil(e / 1000) * 1000 } });
  // Viewers may fold rows too; only editors' folds are saved.
  const toggle = (id: number) =>
    edit ? setDraft(toggleRow(dashboard, id)) : queryClient.setQueryData(trpc.dashboard.get.queryKey({ tenant, uid }), { ...saved.data, dashboard: toggleRow(saved.data.dashboard, id) });
  const exportJson = () => downloadJson(`${saved.data.slug}.json`, { uid, ...dashboard });

  return (
    <div className={styles.viewport}>
      <div className={styles.toolbar}>
        <h1>{dashboard.title}{saved.data.builtIn && <span className="badge" style={{ marginLeft: 8 }}>built-in</span>}{edit && <span className="badge" style={{ marginLeft: 8 }}>editing</span>}</h1>
        <TimeRangePicker value={view.range} onChange={(range) => navigate({ ...view, range })} />
        <label>
          Refresh
          <select aria-label="Refresh" value={view.refresh} onChange={(e) => navigate({ ...view, refresh: e.target.value as RefreshInterval })}>
            {REFRESH_INTERVALS.map((r) => <option key={r} value={r}>{r === "off" ? "Off" : r}</option>)}
          </select>
        </label>
        <button type="button" className="secondary" onClick={tick} aria-label="Reload panels" title="Reload panels">↻</button>
        {!edit && <button type="button" className="secondary" onClick={exportJson}>Export</button>}
        {!saved.data.builtIn && <button type="button" className="secondary" onClick={() => setDialog("versions")}>Versions</button>}
        {canEdit && !edit && <button type="button" onClick={() => setDraft(saved.data.dashboard)}>Edit</button>}
        {edit && (
          <>
            <button type="button" className="secondary" onClick={() => setDraft(addPanel(dashboard, newPanel(dashboard)))}>Add panel</button>
            <button type="button" className="secondary" onClick={() => setDraft(addPanel(dashboard, { id: nextPanelId(dashboard), type: "row", title: "Row", collapsed: false, panels: [], gridPos: { x: 0, y: 0, w: GRID_COLUMNS, h: 1 } }))}>Add row</button>
            <button type="button" className="secondary" onClick={() => setDialog("settings")}>Settings</button>
            <button type="button" className="secondary" onClick={() => { setDraft(null); save.reset(); }}>Discard</button>
            <button type="button" disabled={save.isPending} onClick={() => save.mutate({ tenant, uid, dashboard, version: saved.data.version })}>{save.isPending ? "Saving…" : "Save"}</button>
          </>
        )}
      </div>
      <ErrorAlert error={save.error} />
      <VariablesBar variables={dashboard.variables} resolved={resolved.data}
        onChange={(name, values) => navigate({ ...view, variables: { ...view.variables, [name]: values.length ? values : [ALL] } })} />
      <div ref={gridRef} className={styles.grid} data-testid="dashboard-grid">
        {panels.length === 0 && <p className="muted">This dashboard has no panels yet.{canEdit && !edit && " Press Edit, then Add panel."}</p>}
        {width > 0 && (
          <GridLayout width={width} layout={layout} gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [8, 8], containerPadding: [0, 0] }}
            dragConfig={{ enabled: edit, handle: ".panel-drag", cancel: "button, input, select" }} resizeConfig={{ enabled: edit, handles: ["se"] }}
            onLayoutChange={(items) => edit && setDraft((d) => (d ? applyLayout(d, items) : d))}>
            {panels.map((p) =>
              p.type === "row" ? (
                <div key={String(p.id)} className={styles.row} data-testid="dashboard-row">
                  <button type="button" aria-expanded={!p.collapsed} onClick={() => toggle(p.id)}>
                    {p.collapsed ? "▸" : "▾"} {p.title}
                  </button>
                  {p.collapsed && <span className="muted">({p.panels.length} panels)</span>}
                  {edit && <span className="panel-drag muted" style={{ cursor: "move", marginLeft: "auto" }}>⠿ drag</span>}
                  {edit && <button type="button" aria-label={`Remove row ${p.title}`} onClick={() => setDraft(removePanel(dashboard, p.id))}>✕</button>}
                </div>
              ) : (
                <div key={String(p.id)}>
                  <PanelView tenant={tenant} panel={p} startMs={startMs} endMs={endMs} variables={variables} refreshKey={refresh.key}
                    onZoom={p.type === "timeseries" && !edit ? zoom : undefined}
                    actions={edit && (
                      <span className={styles.panelActions}>
                        <button type="button" className="secondary" onClick={() => setEditing(p)} aria-label={`Edit panel ${p.title}`}>Edit</button>
                        <button type="button" className="secondary" onClick={() => setDraft(removePanel(dashboard, p.id))} aria-label={`Remove panel ${p.title}`}>✕</button>
                      </span>
                    )} />
                </div>
              ),
            )}
          </GridLayout>
        )}
      </div>
      {editing && (
        <PanelEditor tenant={tenant} panel={editing} startMs={startMs} endMs={endMs} variables={variables} onCancel={() => setEditing(null)}
          onApply={(panel) => {
            setDraft((d) => (d ? replacePanel(d, panel) : d));
            setEditing(null);
          }} />
      )}
      {dialog === "versions" && <VersionsDialog tenant={tenant} uid={uid} canRestore={canEdit && !edit} onClose={() => setDialog(null)} />}
      {dialog === "settings" && draft && <DashboardSettings dashboard={draft} onApply={(d) => { setDraft(d); setDialog(null); }} onCancel={() => setDialog(null)} />}
    </div>
  );
}
