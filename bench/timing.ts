/** The middle value (upper middle for an even count). */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** Median wall time of `runs` calls of `fn`, in ms, after `warmup` untimed calls (plans, caches, JIT). */
export async function medianMs(fn: () => Promise<unknown>, runs = 5, warmup = 0): Promise<number> {
  for (let w = 0; w < warmup; w++) await fn();
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}
