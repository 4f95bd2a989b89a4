"use client";
import { dataPanelSchema, PANEL_TYPES, UNIT_LABELS, isUnit, type DataPanel, type PanelType, type VariableValue } from "@boardwatch/dashboards";
import { useDeferredValue, useState } from "react";
import styles from "./dashboards.module.css";
import { PanelView } from "./panel-view";

const TYPE_LABELS: Record<PanelType, string> = { timeseries: "Time series", stat: "Stat", gauge: "Gauge", bargauge: "Bar gauge", table: "Table" };

/** A panel switched to another type keeps its queries and field settings; type options start from defaults. */
export function changePanelType(panel: DataPanel, type: PanelType): DataPanel {
  const { options: _options, ...rest } = panel;
  return dataPanelSchema.parse({ ...rest, type });
}

const num = (text: string): number | null => (text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text));

/** Edits a panel with a live preview: queries and legends, type, unit, decimals, min/max, thresholds. */
export function PanelEditor(props: {
  tenant: string;
  panel: DataPanel;
  startMs: number;
  endMs: number;
  variables: Record<string, VariableValue>;
  onApply: (panel: DataPanel) => void;
  onCancel: () => void;
}) {
  const [panel, setPanel] = useState<DataPanel>(props.panel);
  // The preview follows the form without re-querying on every keystroke.
  const preview = useDeferredValue(panel);
  const update = (patch: Partial<DataPanel>) => setPanel((p) => ({ ...p, ...patch }) as DataPanel);
  const setQuery = (i: number, patch: Partial<DataPanel["queries"][number]>) => update({ queries: panel.queries.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const nextRefId = () => {
    for (let c = 65; c < 91; c++) if (!panel.queries.some((q) => q.refId === String.fromCharCode(c))) return String.fromCharCode(c);
    return `Q${panel.queries.length}`;
  };
  return (
    <div className={styles.overlay} role="dialog" aria-modal="true" aria-label="Edit panel">
      <div className={styles.editor}>
        <div className={styles.editorHead}>
          <h2>Edit panel</h2>
          <button type="button" className="secondary" onClick={props.onCancel}>Discard</button>
          <button type="button" onClick={() => props.onApply(dataPanelSchema.parse(panel))}>Apply</button>
        </div>
        <div className={styles.editorBody}>
          <div className={styles.editorMain}>
            <div className={styles.preview} data-testid="panel-preview">
              <PanelView tenant={props.tenant} panel={preview} startMs={props.startMs} endMs={props.endMs} variables={props.variables} refreshKey={0} />
            </div>
            <div>
              <h2>Queries</h2>
              {panel.queries.map((q, i) => (
                <div key={i} className={styles.queryRow}>
                  <strong>{q.refId}</strong>
                  <textarea aria-label={`Query ${q.refId}`} value={q.expr} spellCheck={false} placeholder="PromQL, e.g. rate(node_cpu_seconds_total[$__rate_interval])"
                    onChange={(e) => setQuery(i, { expr: e.target.value })} />
                  <input aria-label={`Legend ${q.refId}`} value={q.legend} placeholder="Legend, e.g. {{instance}}" onChange={(e) => setQuery(i, { legend: e.target.value })} />
                  <label className="check"><input type="checkbox" checked={q.instant} onChange={(e) => setQuery(i, { instant: e.target.checked })} />instant</label>
                  <button type="button" className="secondary" aria-label={`Remove query ${q.refId}`} onClick={() => update({ queries: panel.queries.filter((_, j) => j !== i) })}>✕</button>
                </div>
              ))}
              <button type="button" className="secondary" style={{ marginTop: 8 }} onClick={() => update({ queries: [...panel.queries, { refId: nextRefId(), expr: "", legend: "", instant: false, hide: false }] })}>
                Add query
              </button>
            </div>
          </div>
          <div className={styles.editorSide}>
            <label>Panel type
              <select aria-label="Panel type" value={panel.type} onChange={(e) => setPanel(changePanelType(panel, e.target.value as PanelType))}>
                {PANEL_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
              </select>
            </label>
            <label>Title<input aria-label="Title" value={panel.title} onChange={(e) => update({ title: e.target.value })} /></label>
            <label>Description<input aria-label="Description" value={panel.description} onChange={(e) => update({ description: e.target.value })} /></label>
            {panel.type === "timeseries" && (
              <label>Style
                <select aria-label="Style" value={panel.options.style} onChange={(e) => update({ options: { ...panel.options, style: e.target.value as "lines" } })}>
                  <option value="lines">Lines</option><option value="area">Area</option><option value="stacked">Stacked</option>
                </select>
              </label>
            )}
            {panel.type !== "timeseries" && (
              <label>Calculation
                <select aria-label="Calculation" value={panel.options.reduce} onChange={(e) => update({ options: { ...panel.options, reduce: e.target.value } } as never)}>
                  {["last", "mean", "max", "min", "sum", "first"].map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </label>
            )}
            {panel.type === "stat" && (
              <label className="check"><input type="checkbox" checked={panel.options.sparkline} onChange={(e) => update({ options: { ...panel.options, sparkline: e.target.checked } })} />Sparkline</label>
            )}
            <label>Unit
              <select aria-label="Unit" value={panel.unit} onChange={(e) => isUnit(e.target.value) && update({ unit: e.target.value })}>
                {Object.entries(UNIT_LABELS).map(([u, l]) => <option key={u} value={u}>{l}</option>)}
              </select>
            </label>
            <label>Decimals<input aria-label="Decimals" type="number" min={0} max={10} value={panel.decimals ?? ""} onChange={(e) => update({ decimals: num(e.target.value) })} /></label>
            <label>Min<input aria-label="Min" type="number" value={panel.min ?? ""} onChange={(e) => update({ min: num(e.target.value) })} /></label>
            <label>Max<input aria-label="Max" type="number" value={panel.max ?? ""} onChange={(e) => update({ max: num(e.target.value) })} /></label>
            <label>Min interval<input aria-label="Min interval" value={panel.minInterval ?? ""} placeholder="auto (scrape interval)" onChange={(e) => update({ minInterval: /^(\d+(ms|[smhdwy]))+$/.test(e.target.value) ? e.target.value : null })} /></label>
            <fieldset>
              <legend>Thresholds</legend>
              {panel.thresholds.map((t, i) => (
                <div key={i} className={styles.thresholdRow}>
                  <input type="color" aria-label={`Threshold ${i + 1} colour`} value={/^#[0-9a-f]{6}$/i.test(t.color) ? t.color : "#43c07a"}
                    onChange={(e) => update({ thresholds: panel.thresholds.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)) })} />
                  {i === 0 ? <span className="muted">Base</span> : (
                    <input type="number" aria-label={`Threshold ${i + 1} value`} value={t.value ?? ""}
                      onChange={(e) => update({ thresholds: panel.thresholds.map((x, j) => (j === i ? { ...x, value: num(e.target.value) ?? 0 } : x)) })} />
                  )}
                  {i > 0 && <button type="button" className="secondary" aria-label={`Remove threshold ${i + 1}`} onClick={() => update({ thresholds: panel.thresholds.filter((_, j) => j !== i) })}>✕</button>}
                </div>
              ))}
              <button type="button" className="secondary" onClick={() => {
                const last = panel.thresholds.at(-1)?.value ?? 0;
                update({ thresholds: [...panel.thresholds, { value: (last ?? 0) + 10, color: "#f0616d" }] });
              }}>Add threshold</button>
            </fieldset>
          </div>
        </div>
      </div>
    </div>
  );
}
