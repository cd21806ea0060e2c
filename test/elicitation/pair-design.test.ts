import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import {
  allPairsCount,
  defaultBudget,
  nextActiveBatch,
  pairKey,
  planPairDesign,
  randomRegularGraph,
  sampleDistinctPairs,
  type IndexPair,
} from '../../src/elicitation/pair-design.js';

const keys = (pairs: readonly IndexPair[]) => pairs.map(pairKey);
const sortedPairs = (pairs: readonly IndexPair[]) => [...pairs].sort((x, y) => x.a - y.a || x.b - y.b);

function degrees(n: number, pairs: readonly IndexPair[]): number[] {
  const out = new Array<number>(n).fill(0);
  for (const { a, b } of pairs) {
    out[a] = (out[a] ?? 0) + 1;
    out[b] = (out[b] ?? 0) + 1;
  }
  return out;
}

describe('budget', () => {
  it('is ceil(2 N log2 N), at most all pairs', () => {
    expect([2, 5, 12, 13, 30, 100, 510].map(defaultBudget)).toEqual([1, 10, 66, 78, 295, 1329, 9175]);
    expect([2, 5, 12, 13, 30, 100, 510].map(allPairsCount)).toEqual([1, 10, 66, 78, 435, 4950, 129795]);
  });
});

describe('planPairDesign for small catalogs', () => {
  it('asks every pair exactly once, with 5% of them held out', () => {
    const plan = planPairDesign(12, createRng('small'));
    expect([plan.strategy, plan.budget, plan.heldOut.length, plan.initial.length, plan.activeBatchSizes]).toEqual(['all-pairs', 66, 3, 63, []]);
    const all: IndexPair[] = [];
    for (let a = 0; a < 12; a++) for (let b = a + 1; b < 12; b++) all.push({ a, b });
    expect(sortedPairs([...plan.heldOut, ...plan.initial])).toEqual(all);
  });

  it('asks the single pair of two outcomes, holding none out', () => {
    expect(planPairDesign(2, createRng('two'))).toEqual({ strategy: 'all-pairs', budget: 1, heldOut: [], initial: [{ a: 0, b: 1 }], activeBatchSizes: [] });
  });

  it('takes every pair when the budget asks for more than there are', () => {
    const plan = planPairDesign(20, createRng('big-budget'), { budget: 10_000, heldOutFraction: 0.1 });
    expect([plan.strategy, plan.budget, plan.heldOut.length, plan.initial.length]).toEqual(['all-pairs', 190, 19, 171]);
  });
});

describe('planPairDesign for 100 outcomes', () => {
  const plan = planPairDesign(100, createRng('design-100'));

  it('spends the default budget of 2 N log2 N = 1329 pairs, 66 of them held out', () => {
    expect([plan.strategy, plan.budget, plan.heldOut.length]).toEqual(['active', 1329, 66]);
    expect(plan.heldOut.length + plan.initial.length + plan.activeBatchSizes.reduce((s, k) => s + k, 0)).toBe(1329);
    expect(plan.activeBatchSizes.length).toBe(3);
    expect(Math.max(...plan.activeBatchSizes) - Math.min(...plan.activeBatchSizes)).toBeLessThanOrEqual(1);
  });

  it('keeps held-out pairs out of the training graph, with no pair twice and no self-pair', () => {
    const all = [...plan.heldOut, ...plan.initial];
    expect(new Set(keys(all)).size).toBe(all.length);
    expect(all.filter((p) => !(p.a < p.b && p.a >= 0 && p.b < 100))).toEqual([]);
    const heldOut = new Set(keys(plan.heldOut));
    expect(plan.initial.filter((p) => heldOut.has(pairKey(p)))).toEqual([]);
  });

  it('gives every outcome degree >= 2 in the initial graph, for any seed', () => {
    for (const seed of ['design-100', 'a', 'b', 'c', 'd', 'e', 'f', 'g']) {
      const initial = planPairDesign(100, createRng(seed)).initial;
      expect(Math.min(...degrees(100, initial))).toBeGreaterThanOrEqual(2);
    }
    // The initial graph is close to regular: 6 random Hamiltonian cycles for 1263 training pairs.
    const d = degrees(100, plan.initial);
    expect(Math.max(...d)).toBeLessThanOrEqual(12);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(9);
  });

  it('caps the held-out set at maxHeldOut', () => {
    const capped = planPairDesign(100, createRng('cap'), { maxHeldOut: 10 });
    expect(capped.heldOut.length).toBe(10);
    expect(capped.initial.length + capped.activeBatchSizes.reduce((s, k) => s + k, 0)).toBe(1319);
  });

  it('is the same plan for the same seed and another for another seed', () => {
    expect(planPairDesign(100, createRng('design-100'))).toEqual(plan);
    expect(planPairDesign(100, createRng('design-101')).initial).not.toEqual(plan.initial);
  });

  it('completed with active batches, never asks a pair twice and spends exactly the budget', () => {
    const rng = createRng('active-run');
    const mu = Array.from({ length: 100 }, (_, i) => i / 25);
    const sigma = new Array<number>(100).fill(1);
    const asked = new Set(keys([...plan.heldOut, ...plan.initial]));
    const train = [...plan.initial];
    for (const size of plan.activeBatchSizes) {
      const batch = nextActiveBatch(100, { mu, sigma }, asked, degrees(100, train), size, rng);
      expect(batch.length).toBe(size);
      for (const pair of batch) {
        expect(asked.has(pairKey(pair))).toBe(false);
        asked.add(pairKey(pair));
      }
      train.push(...batch);
    }
    expect(asked.size).toBe(1329);
  });
});

describe('nextActiveBatch', () => {
  it('prefers the closest pairs when degrees are equal', () => {
    const mu = [0, 10, 0.1, 20, 10.2, 30];
    const sigma = [1, 1, 1, 1, 1, 1];
    const batch = nextActiveBatch(6, { mu, sigma }, new Set(), [0, 0, 0, 0, 0, 0], 2, createRng('close'));
    expect(sortedPairs(batch)).toEqual([
      { a: 0, b: 2 },
      { a: 1, b: 4 },
    ]);
  });

  it('measures closeness in units of the combined sigma', () => {
    // Pair (0,1) is 1 apart with tiny sigmas (z = 7); pair (2,3) is 3 apart with large sigmas (z = 0.7).
    const mu = [0, 1, 10, 13];
    const sigma = [0.1, 0.1, 3, 3];
    const batch = nextActiveBatch(4, { mu, sigma }, new Set(), [0, 0, 0, 0], 1, createRng('z'));
    expect(batch).toEqual([{ a: 2, b: 3 }]);
  });

  it('skips pairs already asked', () => {
    const mu = [0, 10, 0.1, 20, 10.2, 30];
    const batch = nextActiveBatch(6, { mu, sigma: [1, 1, 1, 1, 1, 1] }, new Set([pairKey({ a: 0, b: 2 })]), [0, 0, 0, 0, 0, 0], 1, createRng('asked'));
    expect(batch).toEqual([{ a: 1, b: 4 }]);
  });

  it('favours outcomes with few comparisons when utilities are equally uncertain', () => {
    const n = 8;
    const batch = nextActiveBatch(n, { mu: new Array(n).fill(0), sigma: new Array(n).fill(1) }, new Set(), [10, 10, 10, 10, 10, 10, 1, 1], 1, createRng('degree'));
    expect(batch).toEqual([{ a: 6, b: 7 }]);
  });

  it('gives no outcome more than ceil(2 size / n) + 1 pairs of one batch', () => {
    // Outcome 0 is so uncertain that every pair with it is closer (|z| < 1) than any other pair (|z| > 70).
    const n = 10;
    const mu = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const sigma = [10, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];
    const size = 5;
    const cap = Math.ceil((2 * size) / n) + 1;
    expect(cap).toBe(2);
    const batch = nextActiveBatch(n, { mu, sigma }, new Set(), new Array(n).fill(3), size, createRng('cap'));
    expect(batch.length).toBe(size);
    expect(Math.max(...degrees(n, batch))).toBeLessThanOrEqual(cap);
    expect(batch.slice(0, 2)).toEqual([
      { a: 0, b: 1 },
      { a: 0, b: 2 },
    ]);
    expect(batch.filter((p) => p.a === 0).length).toBe(cap);
  });

  it('returns fewer pairs when fewer are left', () => {
    const asked = new Set([pairKey({ a: 0, b: 1 }), pairKey({ a: 0, b: 2 })]);
    expect(nextActiveBatch(3, { mu: [0, 0, 0], sigma: [1, 1, 1] }, asked, [2, 1, 1], 5, createRng('few'))).toEqual([{ a: 1, b: 2 }]);
  });

  it('is deterministic for a seed', () => {
    const mu = new Array(30).fill(0);
    const sigma = new Array(30).fill(1);
    const deg = new Array(30).fill(3);
    const one = nextActiveBatch(30, { mu, sigma }, new Set(), deg, 20, createRng('tie'));
    expect(nextActiveBatch(30, { mu, sigma }, new Set(), deg, 20, createRng('tie'))).toEqual(one);
    expect(nextActiveBatch(30, { mu, sigma }, new Set(), deg, 20, createRng('tie-2'))).not.toEqual(one);
  });
});

describe('building blocks', () => {
  it('sampleDistinctPairs draws distinct pairs avoiding the excluded, and stops at what exists', () => {
    const excluded = new Set([pairKey({ a: 0, b: 1 })]);
    const pairs = sampleDistinctPairs(4, 100, createRng('sample'), excluded);
    expect(sortedPairs(pairs)).toEqual([
      { a: 0, b: 2 },
      { a: 0, b: 3 },
      { a: 1, b: 2 },
      { a: 1, b: 3 },
      { a: 2, b: 3 },
    ]);
  });

  it('randomRegularGraph of even degree gives every vertex that degree when no edge repeats', () => {
    const edges = randomRegularGraph(50, 4, createRng('regular'), new Set());
    const d = degrees(50, edges);
    expect(new Set(keys(edges)).size).toBe(edges.length);
    expect(Math.max(...d)).toBeLessThanOrEqual(4);
    // Every edge dropped as a repeat leaves two vertices one short of degree 4.
    expect(d.reduce((s, k) => s + (4 - k), 0)).toBe(2 * (100 - edges.length));
    expect(edges.length).toBeGreaterThan(95);
  });
});
