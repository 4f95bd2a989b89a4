"use client";
import { ALL, type ResolvedVariable, type Variable } from "@boardwatch/dashboards";
import styles from "./dashboards.module.css";

/**
 * The variables of a dashboard as pickers: a select (multi-select when the variable allows several values,
 * with All when it includes it) or a text box. Changes go to the URL, so a link keeps them.
 */
export function VariablesBar(props: { variables: Variable[]; resolved: ResolvedVariable[] | undefined; onChange: (name: string, values: string[]) => void }) {
  const shown = props.variables.filter((v) => !v.hide);
  if (!shown.length) return null;
  return (
    <div className={styles.variables} role="group" aria-label="Variables">
      {shown.map((v) => {
        const r = props.resolved?.find((x) => x.name === v.name);
        const label = v.label || v.name;
        if (v.type === "textbox") {
          return (
            <label key={v.name}>
              {label}
              <input aria-label={label} defaultValue={r?.selected[0] ?? v.query} key={r?.selected[0]}
                onKeyDown={(e) => e.key === "Enter" && props.onChange(v.name, [e.currentTarget.value])}
                onBlur={(e) => e.currentTarget.value !== r?.selected[0] && props.onChange(v.name, [e.currentTarget.value])} />
            </label>
          );
        }
        const options = r?.options ?? [];
        const multi = v.multi;
        return (
          <label key={v.name} title={r?.error ?? undefined}>
            {label}
            <select aria-label={label} multiple={multi} value={multi ? (r?.selected ?? []) : (r?.selected[0] ?? "")} disabled={!r}
              onChange={(e) => {
                const picked = [...e.currentTarget.selectedOptions].map((o) => o.value);
                // Picking All alongside values means All; picking values after All means those values.
                const values = picked.includes(ALL) && picked.length > 1 ? (r?.selected.includes(ALL) ? picked.filter((p) => p !== ALL) : [ALL]) : picked;
                props.onChange(v.name, values);
              }}>
              {v.includeAll && <option value={ALL}>All</option>}
              {!multi && !v.includeAll && options.length === 0 && <option value="">(none)</option>}
              {options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
            {r?.error && <span className="muted" role="alert">{r.error}</span>}
          </label>
        );
      })}
    </div>
  );
}
