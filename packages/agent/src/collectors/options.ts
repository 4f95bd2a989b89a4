/** Where a collector reads /proc and /sys from: "/" on a board, a fixture tree in tests. */
export interface CollectorOptions {
  root?: string;
}

export function rootOf(options: CollectorOptions): string {
  return options.root ?? "/";
}
