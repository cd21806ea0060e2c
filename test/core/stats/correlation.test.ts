import { describe, expect, it } from 'vitest';
import { pearson, ranks, spearman } from '../../../src/core/stats/correlation.js';

describe('ranks', () => {
  it('gives tied values the average of the ranks they span', () => {
    expect(ranks([10, 20, 20, 5, 20, 7])).toEqual([3, 5, 5, 1, 5, 2]);
    expect(ranks([3, 1, 2])).toEqual([3, 1, 2]);
    expect(ranks([0.5, 0.5])).toEqual([1.5, 1.5]);
    expect(ranks([])).toEqual([]);
  });

  it('accepts typed arrays', () => {
    expect(ranks(Float64Array.of(2, -1, 2))).toEqual([2.5, 1, 2.5]);
  });
});

describe('pearson', () => {
  it('computes the product-moment correlation', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBe(1);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBe(-1);
    // Centred x = (-1, 0, 1), y = (-1, 2, -1) / 3: sxy = 0.
    expect(pearson([1, 2, 3], [0, 1, 0])).toBe(0);
    // sxy = 2, sxx = 2, syy = 8/3 ... r = 2 / sqrt(2 * 8/3) = sqrt(3)/2.
    expect(pearson([1, 2, 3], [0, 0, 2])).toBeCloseTo(Math.sqrt(3) / 2, 15);
  });

  it('is NaN without variance or with fewer than two points, and refuses unequal lengths', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow('equal length, got 2 and 3');
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and uses average ranks for ties', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // Ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4): r = 4.5 / sqrt(4.5 * 5).
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 15);
  });
});
