import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, forkRng } from '../../src/core/rng.js';

function draws(seed: string | number, count: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.next());
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

describe('createRng', () => {
  it('gives the same stream for the same seed, and a string and a number seed with the same text agree', () => {
    expect(draws('run-7', 20)).toEqual(draws('run-7', 20));
    expect(draws(7, 20)).toEqual(draws('7', 20));
  });

  it('gives different streams for different seeds', () => {
    const a = draws('seed-a', 20);
    const b = draws('seed-b', 20);
    expect(a.filter((value, i) => value === b[i])).toEqual([]);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const values = draws('uniform', 20_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const { mean, sd } = meanAndSd(values);
    // Standard errors: 0.0020 for the mean, about 0.0010 for the sd.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(sd - Math.sqrt(1 / 12))).toBeLessThan(0.005);
  });

  it('draws integers in [0, n) with every value about equally often', () => {
    const rng = createRng('int');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const k = rng.int(6);
      expect(Number.isInteger(k) && k >= 0 && k < 6).toBe(true);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    // Each count is Binomial(60000, 1/6): sd about 91.
    expect(counts.map((c) => Math.abs(c - 10_000) < 400)).toEqual([true, true, true, true, true, true]);
  });

  it('draws standard normals: mean 0, sd 1, and 95% within 1.96', () => {
    const rng = createRng('normal');
    const values = Array.from({ length: 40_000 }, () => rng.normal());
    const { mean, sd } = meanAndSd(values);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
    const inside = values.filter((v) => Math.abs(v) < 1.959964).length / values.length;
    expect(Math.abs(inside - 0.95)).toBeLessThan(0.005);
  });

  it('shuffles into a permutation, leaving the input untouched, and reproducibly', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng('shuffle').shuffle(items);
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(createRng('shuffle').shuffle(items)).toEqual(shuffled);
  });

  it('shuffles uniformly: each item lands in the first place about equally often', () => {
    const rng = createRng('shuffle-uniform');
    const firsts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const first = rng.shuffle([0, 1, 2, 3])[0] as number;
      firsts[first] = (firsts[first] ?? 0) + 1;
    }
    expect(firsts.map((c) => Math.abs(c - 10_000) < 350)).toEqual([true, true, true, true]);
  });

  it('picks from a list and refuses an empty one', () => {
    const rng = createRng('pick');
    const picked = new Set(Array.from({ length: 200 }, () => rng.pick(['a', 'b', 'c'])));
    expect([...picked].sort()).toEqual(['a', 'b', 'c']);
    expect(() => rng.pick([])).toThrowErrorMatchingInlineSnapshot(`[RangeError: pick from an empty list]`);
  });

  it('is true with probability p', () => {
    const rng = createRng('chance');
    const hits = Array.from({ length: 20_000 }, () => rng.chance(0.3)).filter(Boolean).length;
    expect(Math.abs(hits / 20_000 - 0.3)).toBeLessThan(0.01);
    expect(Array.from({ length: 100 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => rng.chance(1)).every(Boolean)).toBe(true);
  });
});

describe('deriveSeed and forkRng', () => {
  it('derives a stable 32-hex-digit seed from the parts', () => {
    expect(deriveSeed('run', 1, 'episode')).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveSeed('run', 1, 'episode')).toBe(deriveSeed('run', '1', 'episode'));
    expect(deriveSeed('pair-design', '0')).toMatchInlineSnapshot(`"061c0e380dd10fb5ccf513cd62a7643e"`);
  });

  it('keeps the boundaries between parts, so different labels never share a stream', () => {
    expect(deriveSeed('a', 'bc')).not.toBe(deriveSeed('ab', 'c'));
    expect(deriveSeed('a', 'b')).not.toBe(deriveSeed('b', 'a'));
    expect(deriveSeed('x')).not.toBe(deriveSeed('x', ''));
  });

  it('forks a generator that is createRng of the derived seed', () => {
    const forked = forkRng('episode', 3);
    const direct = createRng(deriveSeed('episode', 3));
    expect(Array.from({ length: 10 }, () => forked.next())).toEqual(Array.from({ length: 10 }, () => direct.next()));
    expect(forkRng('episode', 3).next()).not.toBe(forkRng('episode', 4).next());
  });
});
