import { describe, expect, it } from 'vitest';
import { pearson, spearman } from '../../src/core/stats/correlation.js';
import { normalCdf } from '../../src/core/stats/normal.js';
import {
  createThurstonianObjective,
  fitThurstonian,
  preferenceProbability,
  type PairCount,
} from '../../src/elicitation/thurstonian.js';

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

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Answers drawn from planted utilities: each of `answers` per pair picks a with probability Phi(z). */
function simulate(
  mu: readonly number[],
  sigma: readonly number[],
  edges: ReadonlyArray<readonly [number, number]>,
  answers: number,
  random: () => number,
): PairCount[] {
  return edges.map(([a, b]) => {
    const p = normalCdf((mu[a]! - mu[b]!) / Math.hypot(sigma[a]!, sigma[b]!));
    let winsA = 0;
    for (let k = 0; k < answers; k++) if (random() < p) winsA++;
    return { a, b, winsA, winsB: answers - winsA };
  });
}

function allPairs(n: number): Array<[number, number]> {
  const edges: Array<[number, number]> = [];
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) edges.push([a, b]);
  return edges;
}

function normalise(values: readonly number[]): { centred: number[]; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { centred: values.map((v) => (v - mean) / sd), sd };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('fitThurstonian', () => {
  it('recovers planted means and sigmas from all pairs', () => {
    const random = seededRandom(7);
    const n = 40;
    const mu = Array.from({ length: n }, () => gaussian(random));
    const sigma = Array.from({ length: n }, () => 0.6 * Math.exp(0.25 * gaussian(random)));
    const fit = fitThurstonian(n, simulate(mu, sigma, allPairs(n), 20, random));
    const truth = normalise(mu);

    expect(fit.converged).toBe(true);
    expect(spearman(fit.mu, mu)).toBeGreaterThanOrEqual(0.97);
    expect(pearson(fit.mu, mu)).toBeGreaterThanOrEqual(0.99);
    expect(Math.max(...fit.mu.map((v, i) => Math.abs(v - truth.centred[i]!)))).toBeLessThan(0.3);
    // On the normalised scale the true sigmas are sigma / sd(mu).
    expect(median(fit.sigma.map((s, i) => s / (sigma[i]! / truth.sd)))).toBeGreaterThan(0.9);
    expect(median(fit.sigma.map((s, i) => s / (sigma[i]! / truth.sd)))).toBeLessThan(1.1);
    expect(pearson(fit.sigma, sigma)).toBeGreaterThan(0.6);
  });

  it('recovers the order from a sparse graph of about 2 n log2 n pairs', () => {
    const random = seededRandom(11);
    const n = 100;
    const mu = Array.from({ length: n }, () => gaussian(random));
    const sigma = new Array<number>(n).fill(0.5);
    const wanted = Math.round(2 * n * Math.log2(n));
    const seen = new Set<number>();
    const edges: Array<[number, number]> = [];
    while (edges.length < wanted) {
      const a = Math.floor(random() * n);
      const b = Math.floor(random() * n);
      if (a === b || seen.has(Math.min(a, b) * n + Math.max(a, b))) continue;
      seen.add(Math.min(a, b) * n + Math.max(a, b));
      edges.push([a, b]);
    }
    const fit = fitThurstonian(n, simulate(mu, sigma, edges, 20, random));
    expect(fit.converged).toBe(true);
    expect(spearman(fit.mu, mu)).toBeGreaterThanOrEqual(0.97);
  });

  it('fits Thurstone Case V with every sigma fixed', () => {
    const random = seededRandom(3);
    const n = 30;
    const mu = Array.from({ length: n }, () => gaussian(random));
    const fit = fitThurstonian(n, simulate(mu, new Array<number>(n).fill(1), allPairs(n), 20, random), { fixedSigma: true });
    expect(spearman(fit.mu, mu)).toBeGreaterThanOrEqual(0.97);
    // Raw sigmas are all 1, so after normalisation they are all 1 / sd(raw mu), which tracks sd(mu) = ~1.
    expect(new Set(fit.sigma).size).toBe(1);
    expect(fit.sigma[0]! * normalise(mu).sd).toBeGreaterThan(0.85);
    expect(fit.sigma[0]! * normalise(mu).sd).toBeLessThan(1.15);
  });

  it('has analytic gradients that match finite differences, far into the tails too', () => {
    const random = seededRandom(5);
    const n = 6;
    const pairs: PairCount[] = [
      ...allPairs(n).map(([a, b]) => ({ a, b, winsA: Math.floor(random() * 10), winsB: 2.5 + Math.floor(random() * 10) })),
      { a: 5, b: 0, winsA: 1, winsB: 0 },
    ];
    for (const fixedSigma of [false, true]) {
      const objective = createThurstonianObjective(n, pairs, { fixedSigma });
      for (const spread of [1, 12]) {
        // spread 12 puts some z near -30, where only the stable tail formulas stay finite.
        const theta = Float64Array.from({ length: objective.dimension }, (_, i) => (i < n ? spread * gaussian(random) : 0.4 * gaussian(random)));
        const grad = new Float64Array(objective.dimension);
        objective.evaluate(theta, grad);
        for (let i = 0; i < objective.dimension; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(theta[i]!));
          const up = Float64Array.from(theta);
          const down = Float64Array.from(theta);
          up[i] = up[i]! + h;
          down[i] = down[i]! - h;
          const scratch = new Float64Array(objective.dimension);
          const numeric = (objective.evaluate(up, scratch) - objective.evaluate(down, scratch)) / (2 * h);
          expect(Math.abs(numeric - grad[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(grad[i]!)));
        }
      }
    }
  });

  it('stays finite under complete separation', () => {
    // Outcome 0 always beats 1, 1 always beats 2, ...: the likelihood alone would push the gaps to infinity.
    const n = 5;
    const pairs = allPairs(n).map(([a, b]) => ({ a, b, winsA: 20, winsB: 0 }));
    const fit = fitThurstonian(n, pairs);
    expect(fit.converged).toBe(true);
    expect([...fit.mu, ...fit.sigma, fit.negLogLik].every(Number.isFinite)).toBe(true);
    expect(fit.sigma.every((s) => s > 0)).toBe(true);
    expect(fit.mu).toEqual([...fit.mu].sort((x, y) => y - x));
    expect(preferenceProbability(fit, 0, 1)).toBeGreaterThan(0.99);
    expect(fit.negLogLik).toBeLessThan(1);
  });

  it('returns the exact fit for perfectly balanced data', () => {
    const pairs = [
      { a: 0, b: 1, winsA: 10, winsB: 10 },
      { a: 1, b: 2, winsA: 10, winsB: 10 },
      { a: 2, b: 0, winsA: 10, winsB: 10 },
    ];
    expect(fitThurstonian(3, pairs)).toEqual({
      mu: [0, 0, 0],
      sigma: [1, 1, 1],
      negLogLik: expect.closeTo(60 * Math.LN2, 10),
      iterations: 0,
      converged: true,
    });
  });

  it('normalises two outcomes to mu = +-1 with equal sigmas', () => {
    const fit = fitThurstonian(2, [{ a: 0, b: 1, winsA: 15, winsB: 5 }]);
    expect(fit).toEqual({
      mu: [expect.closeTo(1, 12), expect.closeTo(-1, 12)],
      sigma: [expect.closeTo(fit.sigma[1]!, 12), expect.any(Number)],
      negLogLik: expect.closeTo(-(15 * Math.log(0.75) + 5 * Math.log(0.25)), 3),
      iterations: expect.any(Number),
      converged: true,
    });
    // The weak prior pulls the fitted probability only slightly below the observed 0.75.
    expect(preferenceProbability(fit, 0, 1)).toBeCloseTo(0.75, 2);
  });

  it('pools both orders of a pair and skips pairs without answers', () => {
    const split = fitThurstonian(3, [
      { a: 0, b: 1, winsA: 6, winsB: 4 },
      { a: 1, b: 0, winsA: 3, winsB: 7 },
      { a: 1, b: 2, winsA: 12.5, winsB: 7.5 },
      { a: 2, b: 0, winsA: 0, winsB: 0 },
    ]);
    const pooled = fitThurstonian(3, [
      { a: 0, b: 1, winsA: 13, winsB: 7 },
      { a: 2, b: 1, winsA: 7.5, winsB: 12.5 },
    ]);
    expect(split).toEqual(pooled);
  });

  it('is deterministic', () => {
    const random = seededRandom(9);
    const n = 12;
    const pairs = simulate(
      Array.from({ length: n }, () => gaussian(random)),
      new Array<number>(n).fill(0.7),
      allPairs(n),
      10,
      random,
    );
    expect(fitThurstonian(n, pairs)).toEqual(fitThurstonian(n, pairs));
  });

  it('rejects malformed pairs with a message that names the row', () => {
    expect(() => fitThurstonian(3, [{ a: 0, b: 3, winsA: 1, winsB: 0 }])).toThrow('pair 0: outcomes must be integers in [0, 3), got a=0 b=3');
    expect(() => fitThurstonian(3, [{ a: 0, b: 1, winsA: 1, winsB: 0 }, { a: 2, b: 2, winsA: 1, winsB: 0 }])).toThrow(
      'pair 1: an outcome cannot be compared with itself (a = b = 2)',
    );
    expect(() => fitThurstonian(3, [{ a: 0, b: 1, winsA: -1, winsB: 0 }])).toThrow('pair 0: wins must be finite and non-negative, got -1 and 0');
    expect(() => fitThurstonian(0, [])).toThrow('need at least one outcome, got n=0');
  });
});

describe('preferenceProbability', () => {
  it('is Phi of the mean gap over the combined sd', () => {
    const fit = { mu: [0, 1, 1], sigma: [0.6, 0.8, 0], negLogLik: 0, iterations: 0, converged: true };
    expect(preferenceProbability(fit, 1, 0)).toBe(normalCdf(1));
    expect(preferenceProbability(fit, 0, 1)).toBe(normalCdf(-1));
    expect(preferenceProbability(fit, 0, 0)).toBe(0.5);
    expect(() => preferenceProbability(fit, 0, 3)).toThrow('outcomes 0 and 3 must lie in [0, 3)');
  });
});
