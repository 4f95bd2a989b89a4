import { caretLines, type LocatedError } from "@/lib/explore/error-position";
import styles from "./explore.module.css";

/** A query error with, when the server gave one, its line:column and a caret under the query text. */
export function QueryError({ error, query }: { error: LocatedError; query: string }) {
  const { position } = error;
  const lines = position && caretLines(query, position);
  return (
    <div className="alert error" role="alert" data-testid="query-error">
      {position && <strong>Line {position.line}, column {position.column}: </strong>}
      {error.message}
      {lines && <pre className={styles.caret} data-testid="error-caret">{`${lines.source}\n${lines.caret}`}</pre>}
    </div>
  );
}
