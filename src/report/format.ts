import type { IntervalMetric, ProportionMetric } from '../analysis/metric-types.js';

/** `0.71 [0.51, 0.85]`, or a dash when there is no estimate. */
export function withInterval(metric: IntervalMetric | ProportionMetric | null | undefined, digits = 2): string {
  if (!metric || metric.estimate === null) return '-';
  const est = metric.estimate.toFixed(digits);
  return metric.lo === null || metric.hi === null ? est : `${est} [${metric.lo.toFixed(digits)}, ${metric.hi.toFixed(digits)}]`;
}

/** A number with fixed digits, or a dash. */
export function num(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

/** `k/n`. */
export function ratio(metric: ProportionMetric): string {
  return `${metric.k}/${metric.n}`;
}
