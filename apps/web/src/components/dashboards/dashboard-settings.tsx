"use client";
import { describeIssues, dashboardSchema, REFRESH_INTERVALS, RELATIVE_RANGES, variableSchema, type Dashboard, type Variable } from "@boardwatch/dashboards";
import { useState } from "react";
import styles from "./dashboards.module.css";

/** A new variable of a type, keeping what the old one had in common. */
function retype(v: Variable, type: Variable["type"]): Variable {
  return variableSchema.parse({ name: v.name, label: v.label, hide: v.hide, type, query: v.type === type ? v.query : "" });
}

/** Title, tags, default time range and refresh, and the template variables of a dashboard being edited. */
export function DashboardSettings(props: { dashboard: Dashboard; onApply: (d: Dashboard) => void; onCancel: () => void }) {
  const [d, setD] = useState(props.dashboard);
  const [tags, setTags] = useState(props.dashboard.tags.join(", "));
  const [error, setError] = useState<string | null>(null);
  const setVar = (i: number, v: Variable) => setD({ ...d, variables: d.variables.map((x, j) => (j === i ? v : x)) });
  const apply = () => {
    const parsed = dashboardSchema.safeParse({ ...d, tags: tags.split(",").map((t) => t.trim()).filter(Boolean) });
    if (!parsed.success) setError(describeIssues(parsed.error));
    else props.onApply(parsed.data);
  };
  return (
    <div className={styles.overlay} role="dialog" aria-modal="true" aria-label="Dashboard settings">
      <div className="card" style={{ width: "min(900px, 100%)", alignSelf: "flex-start", maxHeight: "100%", overflow: "auto" }}>
        <div className={styles.editorHead} style={{ padding: 0, border: 0, marginBottom: 12 }}>
          <h2>Dashboard settings</h2>
          <button type="button" className="secondary" onClick={props.onCancel}>Cancel</button>
          <button type="button" onClick={apply}>Apply</button>
        </div>
        {error && <div className="alert error" role="alert">{error}</div>}
        <form className="row" onSubmit={(e) => e.preventDefault()}>
          <label>Dashboard title<input aria-label="Dashboard title" value={d.title} onChange={(e) => setD({ ...d, title: e.target.value })} /></label>
          <label>Tags<input aria-label="Tags" value={tags} placeholder="comma, separated" onChange={(e) => setTags(e.target.value)} /></label>
          <label>Default range
            <select aria-label="Default range" value={d.time.range} onChange={(e) => setD({ ...d, time: { range: e.target.value as Dashboard["time"]["range"] } })}>
              {RELATIVE_RANGES.map((r) => <option key={r} value={r}>Last {r}</option>)}
            </select>
          </label>
          <label>Default refresh
            <select aria-label="Default refresh" value={d.refresh} onChange={(e) => setD({ ...d, refresh: e.target.value as Dashboard["refresh"] })}>
              {REFRESH_INTERVALS.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
        </form>
        <h2>Variables</h2>
        <p className="muted">
          Use them in queries as <code>$name</code>. Queries: <code>label_values(metric, label)</code>, <code>label_values(label)</code>,{" "}
          <code>query_result(expr)</code>; custom: <code>a,b,c</code>.
        </p>
        {d.variables.map((v, i) => (
          <fieldset key={i} className="row" style={{ display: "flex", gap: 8, alignItems: "flex-end", flexWrap: "wrap" }}>
            <label>Name<input aria-label={`Variable ${i + 1} name`} value={v.name} onChange={(e) => setVar(i, { ...v, name: e.target.value })} /></label>
            <label>Type
              <select aria-label={`Variable ${i + 1} type`} value={v.type} onChange={(e) => setVar(i, retype(v, e.target.value as Variable["type"]))}>
                <option value="query">Query</option><option value="custom">Custom</option><option value="textbox">Text box</option>
              </select>
            </label>
            <label style={{ flex: 1, minWidth: 260 }}>{v.type === "textbox" ? "Default" : v.type === "custom" ? "Values" : "Query"}
              <input aria-label={`Variable ${i + 1} query`} value={v.query} onChange={(e) => setVar(i, { ...v, query: e.target.value })} />
            </label>
            {v.type !== "textbox" && (
              <>
                <label className="check"><input type="checkbox" aria-label={`Variable ${i + 1} multi-value`} checked={v.multi} onChange={(e) => setVar(i, { ...v, multi: e.target.checked })} />Multi-value</label>
                <label className="check"><input type="checkbox" aria-label={`Variable ${i + 1} include All`} checked={v.includeAll} onChange={(e) => setVar(i, { ...v, includeAll: e.target.checked })} />Include All</label>
              </>
            )}
            <button type="button" className="secondary" aria-label={`Remove variable ${i + 1}`} onClick={() => setD({ ...d, variables: d.variables.filter((_, j) => j !== i) })}>✕</button>
          </fieldset>
        ))}
        <button type="button" className="secondary" onClick={() => setD({ ...d, variables: [...d.variables, variableSchema.parse({ type: "query", name: `var${d.variables.length + 1}`, query: "label_values(up, instance)" })] })}>
          Add variable
        </button>
      </div>
    </div>
  );
}
