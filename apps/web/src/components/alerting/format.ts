/** "3m 20s" style durations for "firing for …" and intervals. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts: Array<[number, string]> = [[Math.floor(s / 86400), "d"], [Math.floor((s % 86400) / 3600), "h"], [Math.floor((s % 3600) / 60), "m"], [s % 60, "s"]];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return shown.length === 0 ? "0s" : shown.map(([n, u]) => `${n}${u}`).join(" ");
}

/** Alertmanager's matcher syntax for a label set: what "Silence" pre-fills. */
export function matchersOf(labels: Record<string, string>): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(", ")}}`;
}

/** `{a="1", b="2"}` without the alert name, which is shown on its own. */
export function labelText(labels: Record<string, string>): string {
  const rest = Object.fromEntries(Object.entries(labels).filter(([k]) => k !== "alertname"));
  return Object.keys(rest).length === 0 ? "" : matchersOf(rest);
}

export const stateClass: Record<string, string> = { firing: "badge firing", pending: "badge pending", inactive: "badge", resolved: "badge ok" };
