/**
 * Samples per second of each contender. Contenders take turns in short slices over several rounds, so load
 * from other processes on a shared machine hits them alike and the ratios stay meaningful.
 */
export async function measureInterleaved<K extends string>(
  contenders: Record<K, () => number | Promise<number>>,
  rounds = 10,
  sliceMs = 150,
): Promise<Record<K, number>> {
  const totals: Record<string, { samples: number; ms: number }> = {};
  const entries = Object.entries(contenders) as [K, () => number | Promise<number>][];
  for (const [name, run] of entries) {
    for (let i = 0; i < 50; i++) await run();
    totals[name] = { samples: 0, ms: 0 };
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of entries) {
      const total = totals[name] as { samples: number; ms: number };
      const started = performance.now();
      while (performance.now() - started < sliceMs) total.samples += await run();
      total.ms += performance.now() - started;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([name, t]) => [name, (t.samples / t.ms) * 1000])) as Record<K, number>;
}
