/** Collects bound parameters while SQL text is assembled; `add` returns the placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Binds `value` and returns its `$n` placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
