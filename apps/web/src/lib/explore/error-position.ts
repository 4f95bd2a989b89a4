/** Where in the query an error points, as Prometheus prints it (1-based) and as an offset into the text. */
export interface ErrorPosition {
  line: number;
  column: number;
  offset: number;
}

export interface LocatedError {
  /** The error without Prometheus's `invalid parameter "query": 1:5:` prefix when a position was found. */
  message: string;
  position?: ErrorPosition;
}

/** The offset of a 1-based line and column in `text`, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  let lineStart = 0;
  for (let l = 1; l < line; l++) {
    const newline = text.indexOf("\n", lineStart);
    if (newline < 0) return text.length;
    lineStart = newline + 1;
  }
  const lineEnd = text.indexOf("\n", lineStart);
  return Math.min(lineStart + Math.max(0, column - 1), lineEnd < 0 ? text.length : lineEnd);
}

/**
 * Finds the `line:column:` of a query error from the API, e.g.
 * `invalid parameter "query": 1:5: parse error: unexpected <op:*>`, and locates it in `query`.
 */
export function locateError(error: string, query: string): LocatedError {
  const m = /^(?:invalid parameter "query": )?(\d+):(\d+): ([\s\S]*)$/.exec(error);
  if (!m) return { message: error };
  const line = Number(m[1]);
  const column = Number(m[2]);
  return { message: m[3]!, position: { line, column, offset: offsetOf(query, line, column) } };
}

/** The query line an error points into and a `^` under its column, for a monospace caret display. */
export function caretLines(query: string, position: ErrorPosition): { source: string; caret: string } {
  const source = query.split("\n")[position.line - 1] ?? "";
  const column = Math.min(position.column, source.length + 1);
  return { source, caret: `${" ".repeat(column - 1)}^` };
}
