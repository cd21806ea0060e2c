import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../src/core/stats/normal.js';
import { choiceAgreement, choiceCredit, cycleRate, pairAccuracy, pairLogLoss, splitHalfReliability, triadCycles } from '../../src/elicitation/coherence.js';
import { fitThurstonian, type PairCount, type ThurstonianFit } from '../../src/elicitation/thurstonian.js';

/** Mulberry32: a small seeded uniform generator on [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fitOf(mu: number[], sigma = mu.map(() => 1)): ThurstonianFit {
  return { mu, sigma, negLogLik: 0, iterations: 0, converged: true };
}

/** A random tournament-like data set: every pair present with probability `density`, some exact ties. */
function randomPairs(n: number, density: number, random: () => number): PairCount[] {
  const pairs: PairCount[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (random() >= density) continue;
      const winsA = Math.floor(random() * 11);
      pairs.push(random() < 0.5 ? { a, b, winsA, winsB: 10 - winsA } : { a: b, b: a, winsA: 10 - winsA, winsB: winsA });
    }
  }
  return pairs;
}

/** Cycle count by brute force over all triples, for checking the bitset enumeration. */
function bruteForceCycles(pairs: readonly PairCount[], n: number): { cycles: number; triads: number } {
  const share = new Map<string, number>();
  for (const p of pairs) if (p.winsA + p.winsB > 0) share.set(`${p.a},${p.b}`, p.winsA / (p.winsA + p.winsB));
  const beats = (i: number, j: number): boolean | null => {
    const s = share.get(`${i},${j}`) ?? (share.has(`${j},${i}`) ? 1 - share.get(`${j},${i}`)! : undefined);
    return s === undefined || s === 0.5 ? null : s > 0.5;
  };
  let cycles = 0;
  let triads = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      for (let k = j + 1; k < n; k++) {
        const ij = beats(i, j);
        const jk = beats(j, k);
        const ki = beats(k, i);
        if (ij === null || jk === null || ki === null) continue;
        triads++;
        if (ij === jk && jk === ki) cycles++;
      }
  return { cycles, triads };
}

describe('pairAccuracy', () => {
  it('counts pairs whose fitted favourite matches the empirical majority, an exact tie on either side as half', () => {
    const fit = fitOf([1, 0, -1, -1]);
    const pairs = [
      { a: 0, b: 1, winsA: 15, winsB: 5 }, // agree: 1
      { a: 1, b: 2, winsA: 4, winsB: 6 }, // disagree: 0
      { a: 2, b: 0, winsA: 10, winsB: 10 }, // empirical tie, fitted favours 0: 0.5
      { a: 0, b: 2, winsA: 1, winsB: 0 }, // agree: 1
      { a: 2, b: 3, winsA: 2.5, winsB: 2.5 }, // fitted exactly 0.5 and empirical tie: 0.5
      { a: 3, b: 2, winsA: 3, winsB: 1 }, // fitted exactly 0.5, empirical favours 3: 0.5
      { a: 1, b: 0, winsA: 0, winsB: 0 }, // no answers: skipped
    ];
    expect(pairAccuracy(fit, pairs)).toBe(3.5 / 6);
    expect(pairAccuracy(fit, [])).toBeNaN();
  });

  it('gives a content-blind agent that always answers A chance accuracy, not 1', () => {
    const n = 6;
    const pairs: PairCount[] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) pairs.push({ a, b, winsA: 5, winsB: 0 });
    const fit = fitThurstonian(n, pairs);
    expect(pairAccuracy(fit, pairs)).toBe(0.5);
  });
});

describe('choiceCredit and choiceAgreement', () => {
  it('scores one pair 1, 0, or 0.5 when the observed share or the predicted P is exactly one half', () => {
    const got = [
      choiceCredit(0.8, 3, 1),
      choiceCredit(0.8, 1, 3),
      choiceCredit(0.2, 1, 3),
      choiceCredit(0.8, 2, 2),
      choiceCredit(0.5, 3, 1),
      choiceCredit(0.5, 2, 2),
    ];
    expect(got).toEqual([1, 0, 1, 0.5, 0.5, 0.5]);
  });

  it('scores any probability model, such as the true one behind a noise ceiling', () => {
    const truth = (pair: PairCount): number => (pair.a < pair.b ? 0.9 : 0.1);
    const pairs = [
      { a: 0, b: 1, winsA: 4, winsB: 1 }, // 1
      { a: 2, b: 1, winsA: 4, winsB: 1 }, // 0
      { a: 0, b: 2, winsA: 3, winsB: 3 }, // 0.5
      { a: 1, b: 2, winsA: 0, winsB: 0 }, // skipped
    ];
    expect(choiceAgreement(pairs, truth)).toBe(1.5 / 3);
    expect(choiceAgreement([], truth)).toBeNaN();
  });
});

describe('pairLogLoss', () => {
  it('is the mean cross-entropy of empirical proportions', () => {
    expect(pairLogLoss(fitOf([0, 0]), [{ a: 0, b: 1, winsA: 3, winsB: 1 }, { a: 1, b: 0, winsA: 0, winsB: 5 }])).toBeCloseTo(Math.LN2, 15);
    const fit = fitOf([0, 1]);
    const p = normalCdf(1 / Math.SQRT2);
    expect(pairLogLoss(fit, [{ a: 1, b: 0, winsA: 3, winsB: 1 }])).toBeCloseTo(-(0.75 * Math.log(p) + 0.25 * Math.log(1 - p)), 15);
  });

  it('clamps fitted probabilities to [1e-6, 1 - 1e-6]', () => {
    const fit = fitOf([100, -100]);
    const pairs = [
      { a: 0, b: 1, winsA: 0, winsB: 4 },
      { a: 0, b: 1, winsA: 4, winsB: 0 },
      { a: 1, b: 0, winsA: 0, winsB: 0 },
    ];
    expect(pairLogLoss(fit, pairs)).toBeCloseTo((-Math.log(1e-6) - Math.log(1 - 1e-6)) / 2, 12);
  });
});

describe('triadCycles and cycleRate', () => {
  const always = (a: number, b: number): PairCount => ({ a, b, winsA: 3, winsB: 1 });

  it('finds a 3-cycle and no cycle in a transitive triad', () => {
    const random = seededRandom(1);
    expect(triadCycles([always(0, 1), always(1, 2), always(2, 0)], 3, random)).toEqual({ cycles: 1, triads: 1, eligibleTriads: 1 });
    expect(triadCycles([always(0, 1), always(1, 2), always(0, 2)], 3, random)).toEqual({ cycles: 0, triads: 1, eligibleTriads: 1 });
    expect(cycleRate([always(0, 1), always(1, 2), always(2, 0)], 3, random)).toBe(1);
  });

  it('skips triads with an exact tie or a missing pair, and pools both orders', () => {
    const random = seededRandom(2);
    const tie = { a: 2, b: 0, winsA: 5, winsB: 5 };
    expect(triadCycles([always(0, 1), always(1, 2), tie], 3, random)).toEqual({ cycles: 0, triads: 0, eligibleTriads: 0 });
    expect(cycleRate([always(0, 1), always(1, 2)], 3, random)).toBeNaN();
    // 2 beats 0 by 6 of 10 in one order; 0 beats 2 by 9 of 10 in the other: pooled 0 wins 13 of 20.
    const pooled = [always(0, 1), always(1, 2), { a: 2, b: 0, winsA: 6, winsB: 4 }, { a: 0, b: 2, winsA: 9, winsB: 1 }];
    expect(triadCycles(pooled, 3, random)).toEqual({ cycles: 0, triads: 1, eligibleTriads: 1 });
  });

  it('agrees with brute force across 32-bit word boundaries', () => {
    const random = seededRandom(3);
    const n = 75;
    const pairs = randomPairs(n, 0.6, random);
    const exact = triadCycles(pairs, n, random, Infinity);
    const brute = bruteForceCycles(pairs, n);
    expect(exact).toEqual({ cycles: brute.cycles, triads: brute.triads, eligibleTriads: brute.triads });
    expect(brute.triads).toBeGreaterThan(10_000);
  });

  it('samples at most maxTriads triads, deterministically from the generator', () => {
    const n = 75;
    const pairs = randomPairs(n, 0.6, seededRandom(3));
    const exact = triadCycles(pairs, n, seededRandom(0), Infinity);
    const sampled = triadCycles(pairs, n, seededRandom(4), 2_000);
    expect(sampled.triads).toBe(2_000);
    expect(sampled.eligibleTriads).toBe(exact.eligibleTriads);
    expect(triadCycles(pairs, n, seededRandom(4), 2_000)).toEqual(sampled);
    // Binomial sd of a 2,000-triad sample is about 0.01.
    expect(Math.abs(sampled.cycles / sampled.triads - exact.cycles / exact.triads)).toBeLessThan(0.04);
  });
});

describe('splitHalfReliability', () => {
  it('correlates fits on two halves of the answers and applies Spearman-Brown', () => {
    const random = seededRandom(5);
    const n = 25;
    const mu = Array.from({ length: n }, (_, i) => (i - n / 2) / 6);
    const half = (): PairCount[] => {
      const pairs: PairCount[] = [];
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++) {
          const p = normalCdf((mu[a]! - mu[b]!) / Math.SQRT2);
          let winsA = 0;
          for (let k = 0; k < 10; k++) if (random() < p) winsA++;
          pairs.push({ a, b, winsA, winsB: 10 - winsA });
        }
      }
      return pairs;
    };
    const result = splitHalfReliability(n, half(), half());
    expect(result?.r).toBeGreaterThan(0.95);
    expect(result).toEqual({ r: result?.r, spearmanBrown: (2 * result!.r) / (1 + result!.r) });
  });

  it('gives no Spearman-Brown correction unless r > 0, so r near -1 does not divide by about 0', () => {
    const forward: PairCount[] = [
      { a: 0, b: 1, winsA: 10, winsB: 0 },
      { a: 1, b: 2, winsA: 10, winsB: 0 },
      { a: 0, b: 2, winsA: 10, winsB: 0 },
    ];
    const reversed = forward.map((pair) => ({ ...pair, winsA: pair.winsB, winsB: pair.winsA }));
    const result = splitHalfReliability(3, forward, reversed);
    expect(result?.r).toBeCloseTo(-1, 6);
    expect(result).toEqual({ r: result?.r, spearmanBrown: null });
  });

  it('is null when the utilities of a half have no variance (every pair split 50/50)', () => {
    const tied: PairCount[] = [
      { a: 0, b: 1, winsA: 5, winsB: 5 },
      { a: 1, b: 2, winsA: 5, winsB: 5 },
      { a: 0, b: 2, winsA: 5, winsB: 5 },
    ];
    expect(splitHalfReliability(3, tied, tied)).toBeNull();
  });
});
