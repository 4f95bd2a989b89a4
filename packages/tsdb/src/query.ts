/** A SQL statement with its bound parameters; values never go into the text. */
export interface Query {
  sql: string;
  params: unknown[];
}
