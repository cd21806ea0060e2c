import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../src/analysis/episode-record.js';
import { calibrate } from '../../src/analysis/metric-set.js';
import { createRng } from '../../src/core/rng.js';
import { clusterBootstrap, clustersBy } from '../../src/core/stats/bootstrap.js';
import { normalCdf } from '../../src/core/stats/normal.js';
import { fitProbit, isSeparated, type ProbitPoint } from '../../src/core/stats/probit.js';

/** Choices simulated from a planted probit P(y = 1) = Phi(intercept + slope z), z uniform on [-2.5, 2.5]. */
function simulate(n: number, slope: number, intercept: number, seed: string): ProbitPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const x = -2.5 + 5 * rng.next();
    return { x, y: rng.next() < normalCdf(intercept + slope * x) ? 1 : 0 };
  });
}

/** An episode record with only what the calibration reads: the instance, z and whether slot a was kept. */
function record(instance: string, z: number, keptA: boolean): EpisodeRecord {
  return { instanceId: instance, z, choice: keptA ? 'a' : 'b', slots: { a: { id: 'x', mu: 0, sigma: 1 }, b: { id: 'y', mu: 0, sigma: 1 } } } as unknown as EpisodeRecord;
}

describe('Firth probit', () => {
  // Tolerances: about 3.5 standard errors of the slope at n = 2000 (0.03 to 0.07 over these slopes).
  const cases: Array<{ slope: number; intercept: number; tolerance: number }> = [
    { slope: 0, intercept: 0, tolerance: 0.1 },
    { slope: 0.5, intercept: 0.2, tolerance: 0.12 },
    { slope: 1, intercept: 0, tolerance: 0.15 },
    { slope: 2, intercept: -0.3, tolerance: 0.25 },
  ];

  it.each(cases)('recovers a planted slope of $slope (intercept $intercept) from 2,000 simulated choices within $tolerance', ({ slope, intercept, tolerance }) => {
    const points = simulate(2000, slope, intercept, `probit-${slope}`);
    const fit = fitProbit(points);
    expect(fit.converged).toBe(true);
    expect(fit.separation).toBe(false);
    expect(Math.abs(fit.slope - slope)).toBeLessThan(tolerance);
    expect(Math.abs(fit.intercept - intercept)).toBeLessThan(0.15);
    // The reported standard error is honest: the miss is within 3.5 of them.
    expect(Math.abs(fit.slope - slope)).toBeLessThan(3.5 * fit.seSlope);
  });

  it('the slope is unbiased over many small samples (60 choices, slope 1): the mean of 200 fits is within 0.1', () => {
    const slopes = Array.from({ length: 200 }, (_, i) => fitProbit(simulate(60, 1, 0, `small-${i}`)).slope);
    const mean = slopes.reduce((s, v) => s + v, 0) / slopes.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.1);
  });

  it('survives complete separation: a finite, positive slope, flagged, where plain maximum likelihood runs away', () => {
    // A deterministic agent: it keeps slot a exactly when z > 0.
    const points = Array.from({ length: 40 }, (_, i) => {
      const x = -2 + (4 * i) / 39;
      return { x, y: x > 0 ? 1 : 0 };
    });
    expect(isSeparated(points)).toBe(true);
    const firth = fitProbit(points);
    expect(firth.separation).toBe(true);
    expect(firth.converged).toBe(true);
    expect(Number.isFinite(firth.slope) && Number.isFinite(firth.intercept)).toBe(true);
    expect(firth.slope).toBeGreaterThan(1);
    expect(firth.slope).toBeLessThan(20);
    const plain = fitProbit(points, { firth: false, maxIterations: 200 });
    expect(plain.slope > 5 * firth.slope || !plain.converged).toBe(true);
  });

  it('survives quasi-complete separation and one-sided data (all choices the same)', () => {
    const quasi = [...Array.from({ length: 20 }, (_, i) => ({ x: -1 + i / 10, y: i >= 10 ? 1 : 0 })), { x: 0, y: 1 }, { x: 0, y: 0 }];
    const fit = fitProbit(quasi);
    expect(fit.separation).toBe(true);
    expect(Number.isFinite(fit.slope)).toBe(true);
    const oneSided = fitProbit(Array.from({ length: 10 }, (_, i) => ({ x: i / 5 - 1, y: 1 })));
    expect(oneSided.separation).toBe(true);
    expect(Number.isFinite(oneSided.slope) && Number.isFinite(oneSided.intercept)).toBe(true);
  });

  it('a separated analysis is reported as such: calibrate says separation and G stays finite', () => {
    const records = Array.from({ length: 30 }, (_, i) => record(`i${i}`, -2 + (4 * i) / 29, i >= 15));
    const result = calibrate(records, { replicates: 200, seed: 'sep' }, 'sep');
    expect(result?.separation).toBe(true);
    expect(Number.isFinite(result?.gap.estimate as number)).toBe(true);
    expect(result?.gap.estimate as number).toBeLessThan(0);
  });
});

describe('the cluster bootstrap resamples instances, not episodes', () => {
  const base = simulate(80, 1, 0, 'clusters').map((p, i) => ({ ...p, instance: `i${i}` }));
  const toRecords = (points: ReadonlyArray<ProbitPoint & { instance: string }>) => points.map((p) => record(p.instance, p.x, p.y === 1));
  const width = (records: EpisodeRecord[]) => {
    const result = calibrate(records, { replicates: 400, seed: 'width' }, 'width');
    return (result?.slope.hi as number) - (result?.slope.lo as number);
  };

  it('duplicating every episode 5 times within its instance leaves the interval as wide; 5 times as many instances narrow it', () => {
    const baseWidth = width(toRecords(base));
    const duplicated = toRecords(base.flatMap((p) => [p, p, p, p, p]));
    const independent = toRecords([...base, ...simulate(320, 1, 0, 'more').map((p, i) => ({ ...p, instance: `j${i}` }))]);
    const dupWidth = width(duplicated);
    const indWidth = width(independent);
    expect(dupWidth / baseWidth).toBeGreaterThan(0.85);
    expect(dupWidth / baseWidth).toBeLessThan(1.15);
    // sqrt(5) = 2.24: the interval of 400 independent instances is about half as wide.
    expect(indWidth / baseWidth).toBeLessThan(0.6);
    expect(calibrate(duplicated, { replicates: 100, seed: 'n' }, 'n')).toMatchObject({ n: 400, instances: 80 });
  });

  it('resampling episodes on their own would have shrunk the same duplicated data (what clustering prevents)', () => {
    const duplicated = base.flatMap((p) => [p, p, p, p, p]);
    const slope = (items: readonly ProbitPoint[]) => fitProbit(items).slope;
    const byInstance = clusterBootstrap(clustersBy(duplicated, (p) => p.instance), slope, createRng('naive'), 300);
    const byEpisode = clusterBootstrap(duplicated.map((p) => [p]), slope, createRng('naive'), 300);
    const w = (i: { lo: number | null; hi: number | null }) => (i.hi as number) - (i.lo as number);
    expect(w(byEpisode) / w(byInstance)).toBeLessThan(0.6);
  });

  it('every replicate draws whole clusters: a statistic that counts clusters in a sample sees only whole ones', () => {
    const clusters = [
      ['a', 'a', 'a'],
      ['b'],
      ['c', 'c'],
    ];
    const sizes = new Set<string>();
    clusterBootstrap(
      clusters,
      (items) => {
        const counts: Record<string, number> = {};
        for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
        sizes.add(`${(counts.a ?? 0) % 3}${(counts.c ?? 0) % 2}`);
        return items.length;
      },
      createRng('whole'),
      200,
    );
    expect(sizes).toEqual(new Set(['00']));
  });
});
