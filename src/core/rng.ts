import seedrandom from 'seedrandom';
import { sha256 } from './hash.js';

/** A seeded pseudo-random generator; the only source of randomness in saydo. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw. */
  normal(): number;
  /** A new array with the items in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** One item chosen uniformly. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** Derives a child seed from a parent seed and labels, so independent streams never share draws. */
export function deriveSeed(...parts: ReadonlyArray<string | number>): string {
  return sha256(parts.map(String).join('\u001f')).slice(0, 32);
}

/** Creates a generator from a seed (Alea, via seedrandom). */
export function createRng(seed: string | number): Rng {
  const uniform = seedrandom.alea(String(seed));
  let spare: number | undefined;
  const rng: Rng = {
    next: () => uniform(),
    int: (n) => Math.floor(uniform() * n),
    normal: () => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = uniform() * 2 - 1;
        v = uniform() * 2 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * factor;
      return u * factor;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(uniform() * items.length)] as (typeof items)[number];
    },
    chance: (p) => uniform() < p,
  };
  return rng;
}

/** A generator for a derived stream: `forkRng(seed, 'episode', 3)`. */
export function forkRng(...parts: ReadonlyArray<string | number>): Rng {
  return createRng(deriveSeed(...parts));
}
