import styles from "./explore.module.css";

/** The person's recent queries in this tenant, newest first; picking one runs it again. */
export function QueryHistory({ entries, onPick }: { entries: readonly string[]; onPick: (query: string) => void }) {
  if (entries.length === 0) return null;
  return (
    <details className={`card ${styles.history}`}>
      <summary>History ({entries.length}) <span className="muted">· kept in this browser, for you and this tenant only</span></summary>
      <ul aria-label="Query history">
        {entries.map((q) => (
          <li key={q}>
            <button type="button" className="secondary" onClick={() => onPick(q)}><code>{q}</code></button>
          </li>
        ))}
      </ul>
    </details>
  );
}
