/** z of a two-sided 95% interval. */
export const Z95 = 1.959964;

/** A proportion with its interval. */
export interface Proportion {
  k: number;
  n: number;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

/** The Wilson score interval for k successes out of n (z = 1.959964 for 95%). */
export function wilson(k: number, n: number, z: number = Z95): Proportion {
  if (n <= 0) return { k, n, estimate: null, lo: null, hi: null };
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { k, n, estimate: p, lo: Math.max(0, center - half), hi: Math.min(1, center + half) };
}
