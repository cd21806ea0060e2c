import { describe, expect, it } from 'vitest';
import {
  inverseNormalCdf,
  logNormalCdf,
  logNormalCdfBothTails,
  logNormalCdfDerivative,
  normalCdf,
  normalPdf,
} from '../../../src/core/stats/normal.js';

// [x, phi(x), Phi(x), log Phi(x), phi(x)/Phi(x)], 50-digit mpmath values rounded to 17 digits.
const TABLE: ReadonlyArray<readonly [number, number, number, number, number]> = [
  [-40, 1.4632702508383032e-348, 3.6558935409150297e-350, -804.60844201375379, 40.024968847207264],
  [-38, 1.097221052007593e-314, 2.8854283600687843e-316, -726.55721601882013, 38.026279466575869],
  [-30, 1.4736461348785475e-196, 4.9067139271481871e-198, -454.3212439563432, 30.033259667433677],
  [-20, 5.5209483621597632e-88, 2.7536241186062337e-89, -203.91715537109726, 20.049753068527851],
  [-10, 7.6945986267064193e-23, 7.6198530241605261e-24, -53.231285150512471, 10.098093233962512],
  [-6, 6.0758828498232855e-9, 9.8658764503769814e-10, -20.736768949974706, 6.1584826045445989],
  [-5, 1.4867195147342977e-6, 2.8665157187919391e-7, -15.064998393988726, 5.1865039671258421],
  [-3, 0.0044318484119380072, 0.0013498980316300945, -6.6077262215103495, 3.2830986549304365],
  [-1.5, 0.12951759566589173, 0.066807201268858066, -2.7059444008238898, 1.9386771666225432],
  [-0.5, 0.35206532676429948, 0.3085375387259869, -1.1759117615936186, 1.1410777703680645],
  [0, 0.39894228040143268, 0.5, -0.69314718055994531, 0.79788456080286536],
  [0.25, 0.38666811680284921, 0.59870632568292372, -0.51298407540943043, 0.64583937101681727],
  [1, 0.24197072451914335, 0.84134474606854295, -0.17275377902344989, 0.28759997093917836],
  [2.5, 0.017528300493568537, 0.99379033467422386, -0.0062290254858600024, 0.017637825486916735],
  [5, 1.4867195147342977e-6, 0.99999971334842812, -2.8665161296376359e-7, 1.4867199409049057e-6],
  [8, 5.0522710835368923e-15, 0.99999999999999938, -6.2209605742717861e-16, 5.0522710835368954e-15],
];

/** Largest relative error over the table for f against the column. */
function worstRelativeError(f: (x: number) => number, column: 1 | 2 | 3 | 4, from = -Infinity): number {
  let worst = 0;
  for (const row of TABLE) {
    if (row[0] < from) continue;
    const truth = row[column];
    worst = Math.max(worst, Math.abs(f(row[0]) - truth) / Math.abs(truth));
  }
  return worst;
}

describe('normal distribution', () => {
  it('matches high-precision values of the pdf and cdf to about 1e-15', () => {
    // Below -37.5 the cdf itself is subnormal or zero in double precision.
    expect(worstRelativeError(normalPdf, 1, -30)).toBeLessThan(1e-15);
    expect(worstRelativeError(normalCdf, 2, -30)).toBeLessThan(1e-15);
  });

  it('keeps log Phi and phi/Phi accurate down to x = -40 and beyond', () => {
    expect(worstRelativeError(logNormalCdf, 3)).toBeLessThan(1e-15);
    expect(worstRelativeError(logNormalCdfDerivative, 4)).toBeLessThan(1e-15);
    // Far tail: log Phi(x) ~ -x^2/2 - log(-x sqrt(2 pi)), and phi/Phi ~ -x.
    expect(logNormalCdf(-1e4) / (-5e7 - Math.log(1e4 * Math.sqrt(2 * Math.PI)))).toBeCloseTo(1, 12);
    expect(logNormalCdfDerivative(-1e4) / 1e4).toBeCloseTo(1, 7);
  });

  it('handles infinities and NaN', () => {
    expect([normalCdf(-Infinity), normalCdf(Infinity), normalPdf(Infinity)]).toEqual([0, 1, 0]);
    expect([logNormalCdf(-Infinity), logNormalCdf(Infinity), logNormalCdfDerivative(-Infinity), logNormalCdfDerivative(Infinity)]).toEqual([
      -Infinity,
      0,
      Infinity,
      0,
    ]);
    expect([normalCdf(NaN), logNormalCdf(NaN), logNormalCdfDerivative(NaN), inverseNormalCdf(NaN)]).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (const x of [0.1, 0.6744, 0.675, 2, 5.6, 5.7, 7]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('agrees between the single functions and the both-tails helper', () => {
    const out = new Float64Array(4);
    for (const x of [-45, -12, -5.7, -5.6, -1, -0.6, 0, 0.3, 0.7, 3, 9, 41]) {
      logNormalCdfBothTails(x, out);
      // phi is even, so phi(x)/Phi(-x) is the derivative at -x.
      const expected = [logNormalCdf(x), logNormalCdf(-x), logNormalCdfDerivative(x), logNormalCdfDerivative(-x)];
      for (let k = 0; k < 4; k++) {
        const scale = Math.max(Math.abs(expected[k]!), 1e-300);
        expect(Math.abs(out[k]! - expected[k]!) / scale).toBeLessThan(1e-14);
      }
    }
  });

  it('inverts the cdf to full precision (AS241)', () => {
    const cases: ReadonlyArray<readonly [number, number]> = [
      [1e-20, -9.2623400897984076],
      [1e-10, -6.3613409024040562],
      [0.001, -3.0902323061678135],
      [0.025, -1.9599639845400542],
      [0.3, -0.52440051270804078],
      [0.8, 0.84162123357291421],
      [0.975, 1.9599639845400542],
    ];
    for (const [p, x] of cases) expect(Math.abs(inverseNormalCdf(p) - x) / Math.abs(x)).toBeLessThan(2e-15);
    expect([inverseNormalCdf(0), inverseNormalCdf(0.5), inverseNormalCdf(1), inverseNormalCdf(-0.1), inverseNormalCdf(1.1)]).toEqual([
      -Infinity,
      0,
      Infinity,
      NaN,
      NaN,
    ]);
    for (const x of [-8, -3, -0.2, 0.9, 4]) expect(inverseNormalCdf(normalCdf(x))).toBeCloseTo(x, 12);
  });
});
