/** Checks that two samples pair up, and returns their common length. */
function pairedLength(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) {
    throw new RangeError(`correlation needs samples of equal length, got ${x.length} and ${y.length}`);
  }
  return x.length;
}

/** Ranks from 1 to n in ascending order, ties given the average of the ranks they span. */
export function ranks(x: ArrayLike<number>): number[] {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => x[i]! - x[j]! || i - j);
  const result = new Array<number>(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && x[order[end]!] === x[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) result[order[k]!] = averageRank;
    start = end;
  }
  return result;
}

/** Pearson product-moment correlation; NaN when either sample has no variance or fewer than two points. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = pairedLength(x, y);
  if (n < 2) return NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i]!;
    meanY += y[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman rank correlation: Pearson correlation of the average ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  pairedLength(x, y);
  return pearson(ranks(x), ranks(y));
}
