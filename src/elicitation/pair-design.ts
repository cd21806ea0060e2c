import type { Rng } from '../core/rng.js';

/** An unordered pair of outcome indices, `a < b` (catalog order). */
export interface IndexPair {
  a: number;
  b: number;
}

/** Settings of the pair design. */
export interface PairDesignOptions {
  /** Pairs asked in all, training and held-out. @default ceil(2 N log2 N), at most N(N-1)/2 */
  budget?: number;
  /** Share of the budget held out of the fit. @default 0.05 */
  heldOutFraction?: number;
  /** @default 1000 */
  maxHeldOut?: number;
  /** Active batches after the initial random regular graph. @default 3 */
  activeBatches?: number;
}

/** The plan of which pairs are asked: held-out pairs, the first batch, and the sizes of the active batches that follow. */
export interface PairDesignPlan {
  strategy: 'all-pairs' | 'active';
  budget: number;
  heldOut: IndexPair[];
  initial: IndexPair[];
  activeBatchSizes: number[];
}

/** Number of unordered pairs of n outcomes. */
export function allPairsCount(n: number): number {
  return (n * (n - 1)) / 2;
}

/** The default budget of Utility Engineering: about 2 N log2 N pairs. */
export function defaultBudget(n: number): number {
  return Math.min(allPairsCount(n), Math.ceil(2 * n * Math.log2(Math.max(n, 2))));
}

/** Key of a pair for sets and maps. */
export function pairKey(pair: IndexPair): number {
  return pair.a * 1_000_003 + pair.b;
}

function ordered(i: number, j: number): IndexPair {
  return i < j ? { a: i, b: j } : { a: j, b: i };
}

/** Plans the design: every pair for small catalogs, otherwise a random regular graph followed by active batches. */
export function planPairDesign(n: number, rng: Rng, options: PairDesignOptions = {}): PairDesignPlan {
  const total = allPairsCount(n);
  const budget = Math.min(total, options.budget ?? defaultBudget(n));
  const heldOutCount = Math.min(options.maxHeldOut ?? 1000, Math.round(budget * (options.heldOutFraction ?? 0.05)));
  const trainBudget = budget - heldOutCount;
  if (budget >= total) {
    const pairs: IndexPair[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push({ a: i, b: j });
    const shuffled = rng.shuffle(pairs);
    return { strategy: 'all-pairs', budget, heldOut: shuffled.slice(0, heldOutCount), initial: shuffled.slice(heldOutCount), activeBatchSizes: [] };
  }
  const heldOut = sampleDistinctPairs(n, heldOutCount, rng, new Set());
  const excluded = new Set(heldOut.map(pairKey));
  const degree = Math.max(2, Math.min(n - 1, Math.floor(trainBudget / n)));
  const initial = randomRegularGraph(n, degree, rng, excluded).slice(0, trainBudget);
  const remaining = trainBudget - initial.length;
  const batches = Math.max(1, options.activeBatches ?? 3);
  const sizes: number[] = [];
  for (let k = 0; k < batches; k++) {
    const size = Math.floor(remaining / batches) + (k < remaining % batches ? 1 : 0);
    if (size > 0) sizes.push(size);
  }
  return { strategy: 'active', budget, heldOut, initial, activeBatchSizes: sizes };
}

/** Draws `count` distinct pairs uniformly, avoiding the excluded keys. */
export function sampleDistinctPairs(n: number, count: number, rng: Rng, excluded: ReadonlySet<number>): IndexPair[] {
  const out: IndexPair[] = [];
  const seen = new Set<number>();
  const limit = allPairsCount(n) - excluded.size;
  while (out.length < Math.min(count, limit)) {
    const i = rng.int(n);
    const j = rng.int(n);
    if (i === j) continue;
    const pair = ordered(i, j);
    const key = pairKey(pair);
    if (seen.has(key) || excluded.has(key)) continue;
    seen.add(key);
    out.push(pair);
  }
  return out;
}

/**
 * An approximately random d-regular graph: the union of random Hamiltonian cycles (each adds 2 to every degree),
 * plus a random matching when d is odd. Edges that repeat or are excluded are dropped, so a few degrees fall short.
 */
export function randomRegularGraph(n: number, degree: number, rng: Rng, excluded: ReadonlySet<number>): IndexPair[] {
  const seen = new Set<number>();
  const edges: IndexPair[] = [];
  const add = (i: number, j: number) => {
    if (i === j) return;
    const pair = ordered(i, j);
    const key = pairKey(pair);
    if (seen.has(key) || excluded.has(key)) return;
    seen.add(key);
    edges.push(pair);
  };
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let cycle = 0; cycle < Math.floor(degree / 2); cycle++) {
    const order = rng.shuffle(indices);
    for (let k = 0; k < n; k++) add(order[k] as number, order[(k + 1) % n] as number);
  }
  if (degree % 2 === 1) {
    const order = rng.shuffle(indices);
    for (let k = 0; k + 1 < n; k += 2) add(order[k] as number, order[k + 1] as number);
  }
  return edges;
}

/** What the active step needs to know about the current fit. */
export interface ActiveFitView {
  mu: ArrayLike<number>;
  sigma: ArrayLike<number>;
}

/**
 * The next active batch: unasked pairs whose outcome is least certain under the current fit (small |z|)
 * and whose outcomes have few comparisons so far; no outcome takes more than its share of one batch.
 */
export function nextActiveBatch(
  n: number,
  fit: ActiveFitView,
  asked: ReadonlySet<number>,
  degrees: ArrayLike<number>,
  size: number,
  rng: Rng,
): IndexPair[] {
  let degreeSum = 0;
  for (let i = 0; i < n; i++) degreeSum += degrees[i] as number;
  const meanDegree = Math.max(1, degreeSum / n);
  const candidates: Array<{ pair: IndexPair; score: number }> = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pair = { a: i, b: j };
      if (asked.has(pairKey(pair))) continue;
      const spread = Math.sqrt((fit.sigma[i] as number) ** 2 + (fit.sigma[j] as number) ** 2) || 1;
      const z = Math.abs((fit.mu[i] as number) - (fit.mu[j] as number)) / spread;
      const degreeTerm = ((degrees[i] as number) + (degrees[j] as number)) / (2 * meanDegree);
      candidates.push({ pair, score: z + 0.5 * degreeTerm + 1e-6 * rng.next() });
    }
  }
  candidates.sort((x, y) => x.score - y.score);
  const cap = Math.ceil((2 * size) / n) + 1;
  const used = new Int32Array(n);
  const batch: IndexPair[] = [];
  for (const { pair } of candidates) {
    if (batch.length >= size) break;
    if ((used[pair.a] as number) >= cap || (used[pair.b] as number) >= cap) continue;
    used[pair.a] = (used[pair.a] as number) + 1;
    used[pair.b] = (used[pair.b] as number) + 1;
    batch.push(pair);
  }
  return batch;
}
