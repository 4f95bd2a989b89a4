/** Float helpers whose exact behaviour PromQL results depend on. */

/** Neumaier-compensated summation step, as Prometheus's `kahanSumInc`; returns [sum, compensation]. */
export function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) return [t, c + (sum - t + inc)];
  return [t, c + (inc - t + sum)];
}

/** Sorts like Go's `sort.Sort` for small inputs (insertion sort), which decides the order of ties in Prometheus. */
export function goSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  if (items.length > 12) {
    // Go switches to pdqsort here; a stable sort gives the same order for every input without ties.
    return items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
  }
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j] as T, items[j - 1] as T); j--) {
      const tmp = items[j] as T;
      items[j] = items[j - 1] as T;
      items[j - 1] = tmp;
    }
  }
  return items;
}

/** The q-quantile of values (sorted in place), interpolating like Prometheus's `quantile`. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = values.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}

/** Prometheus's `almost.Equal`: both NaN, identical, or relative difference below epsilon (absolute near zero). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}
