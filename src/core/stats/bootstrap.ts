import type { Rng } from '../rng.js';

/** A percentile interval from bootstrap replicates. */
export interface Interval {
  estimate: number | null;
  lo: number | null;
  hi: number | null;
}

/** The q-quantile of sorted values, by linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

/**
 * A cluster bootstrap: resamples whole clusters (instances) with replacement, so the repeated steps and episodes of one
 * instance never count as independent evidence. Replicates where the statistic is undefined (NaN) are dropped.
 */
export function clusterBootstrap<T>(clusters: ReadonlyArray<readonly T[]>, statistic: (items: readonly T[]) => number, rng: Rng, replicates = 1000, level = 0.95): Interval & { replicates: number } {
  const all = clusters.flat();
  const estimate = all.length > 0 ? statistic(all) : Number.NaN;
  const values: number[] = [];
  for (let r = 0; r < replicates && clusters.length > 0; r++) {
    const sample: T[] = [];
    for (let c = 0; c < clusters.length; c++) sample.push(...(clusters[rng.int(clusters.length)] as readonly T[]));
    const value = statistic(sample);
    if (Number.isFinite(value)) values.push(value);
  }
  values.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return {
    estimate: Number.isFinite(estimate) ? estimate : null,
    lo: values.length > 0 ? quantile(values, alpha) : null,
    hi: values.length > 0 ? quantile(values, 1 - alpha) : null,
    replicates: values.length,
  };
}

/** Groups items into clusters by a key, in first-seen order. */
export function clustersBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = map.get(k);
    if (!list) {
      list = [];
      map.set(k, list);
    }
    list.push(item);
  }
  return [...map.values()];
}
