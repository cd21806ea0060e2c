import { pearson } from '../core/stats/correlation.js';
import { fitThurstonian, preferenceProbability, type PairCount, type ThurstonianFit, type ThurstonianOptions } from './thurstonian.js';

const LOG_LOSS_CLAMP = 1e-6;

/**
 * Credit for predicting one pair: 1 when the predicted favourite (P(a over b) above or below 0.5) is the observed
 * majority, 0 when it is the minority, and 0.5 when either side is an exact tie: an observed share of exactly one half
 * cannot be predicted, and a predicted P of exactly 0.5 predicts neither side.
 */
export function choiceCredit(probabilityA: number, winsA: number, winsB: number): number {
  const share = winsA / (winsA + winsB);
  if (share === 0.5 || probabilityA === 0.5) return 0.5;
  return probabilityA > 0.5 === share > 0.5 ? 1 : 0;
}

/**
 * Mean choiceCredit over answered pairs of the probabilities `probabilityA` gives (a fit, or the true model for the
 * noise ceiling); NaN without answered pairs.
 */
export function choiceAgreement(pairs: readonly PairCount[], probabilityA: (pair: PairCount) => number): number {
  let credit = 0;
  let counted = 0;
  for (const pair of pairs) {
    if (pair.winsA + pair.winsB <= 0) continue;
    counted++;
    credit += choiceCredit(probabilityA(pair), pair.winsA, pair.winsB);
  }
  return counted === 0 ? NaN : credit / counted;
}

/**
 * Share of answered pairs whose fitted favourite is the empirical majority, an exact tie on either side counting
 * as half (see choiceCredit), so a content-blind agent whose pairs all split 50/50 scores 0.5, not 1; NaN without
 * answered pairs.
 */
export function pairAccuracy(fit: ThurstonianFit, pairs: readonly PairCount[]): number {
  return choiceAgreement(pairs, (pair) => preferenceProbability(fit, pair.a, pair.b));
}

/** Mean cross-entropy of the empirical proportions under the fit, P clamped to [1e-6, 1 - 1e-6]; NaN without answered pairs. */
export function pairLogLoss(fit: ThurstonianFit, pairs: readonly PairCount[]): number {
  let sum = 0;
  let counted = 0;
  for (const pair of pairs) {
    const total = pair.winsA + pair.winsB;
    if (total === 0) continue;
    counted++;
    const p = pair.winsA / total;
    // Each side from its own tail, so 1 - P keeps its precision when P is near 1.
    const q = clampProbability(preferenceProbability(fit, pair.a, pair.b));
    const qOther = clampProbability(preferenceProbability(fit, pair.b, pair.a));
    sum -= p * Math.log(q) + (1 - p) * Math.log(qOther);
  }
  return counted === 0 ? NaN : sum / counted;
}

function clampProbability(p: number): number {
  return Math.min(1 - LOG_LOSS_CLAMP, Math.max(LOG_LOSS_CLAMP, p));
}

/** Cycle count over triads of outcomes whose three pairs all have a strict empirical majority. */
export interface TriadCycles {
  /** Sampled triads that form a cycle. */
  cycles: number;
  /** Triads examined: all eligible ones, or a uniform sample of maxTriads. */
  triads: number;
  /** Triads whose three pairs have answers and none is an exact tie. */
  eligibleTriads: number;
}

/** Counts majority-preference cycles among triads whose three pairs all have answers, sampling at most maxTriads of them. */
export function triadCycles(pairs: readonly PairCount[], n: number, random: () => number, maxTriads = 10_000): TriadCycles {
  // Pool both orders of a pair, then keep the strict majorities as bit matrices.
  const winsLow = new Map<number, number>();
  const totals = new Map<number, number>();
  for (const pair of pairs) {
    if (pair.a === pair.b || pair.a < 0 || pair.b < 0 || pair.a >= n || pair.b >= n) {
      throw new RangeError(`pairs must join two different outcomes in [0, ${n}), got a=${pair.a} b=${pair.b}`);
    }
    const total = pair.winsA + pair.winsB;
    if (total === 0) continue;
    const low = Math.min(pair.a, pair.b);
    const key = low * n + Math.max(pair.a, pair.b);
    winsLow.set(key, (winsLow.get(key) ?? 0) + (pair.a === low ? pair.winsA : pair.winsB));
    totals.set(key, (totals.get(key) ?? 0) + total);
  }
  const words = Math.ceil(n / 32);
  const linked = new Uint32Array(n * words);
  const beats = new Uint32Array(n * words);
  const setBit = (bits: Uint32Array, row: number, column: number): void => {
    const at = row * words + (column >>> 5);
    bits[at] = bits[at]! | (1 << (column & 31));
  };
  for (const [key, total] of totals) {
    const share = winsLow.get(key)! / total;
    if (share === 0.5) continue;
    const low = Math.floor(key / n);
    const high = key - low * n;
    setBit(linked, low, high);
    setBit(linked, high, low);
    setBit(beats, share > 0.5 ? low : high, share > 0.5 ? high : low);
  }

  // Triads i < j < k are enumerated as edges (i, j) and common neighbours k > j, counted by popcount.
  const edgeI: number[] = [];
  const edgeJ: number[] = [];
  const edgeStart: number[] = [];
  let eligible = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (!hasBit(linked, i * words, j)) continue;
      const common = countCommonAbove(linked, i * words, j * words, words, j);
      if (common === 0) continue;
      edgeI.push(i);
      edgeJ.push(j);
      edgeStart.push(eligible);
      eligible += common;
    }
  }

  const isCycle = (i: number, j: number, k: number): boolean => {
    const ij = hasBit(beats, i * words, j);
    const jk = hasBit(beats, j * words, k);
    const ik = hasBit(beats, i * words, k);
    return ij === jk && ik !== ij;
  };

  const chosen = eligible <= maxTriads ? null : sampleSortedIndices(eligible, maxTriads, random);
  let cycles = 0;
  let triads = 0;
  let next = 0;
  for (let e = 0; e < edgeI.length; e++) {
    const i = edgeI[e]!;
    const j = edgeJ[e]!;
    const start = edgeStart[e]!;
    const end = e + 1 < edgeStart.length ? edgeStart[e + 1]! : eligible;
    if (chosen !== null && (next >= chosen.length || chosen[next]! >= end)) continue;
    let index = start;
    for (let w = j >>> 5; w < words; w++) {
      let bits = linked[i * words + w]! & linked[j * words + w]!;
      if (w === j >>> 5) bits &= aboveMask(j);
      while (bits !== 0) {
        const low = bits & -bits;
        const k = w * 32 + (31 - Math.clz32(low));
        bits ^= low;
        if (chosen === null || chosen[next] === index) {
          triads++;
          if (isCycle(i, j, k)) cycles++;
          if (chosen !== null) next++;
        }
        index++;
      }
    }
  }
  return { cycles, triads, eligibleTriads: eligible };
}

/** Share of triads (all three pairs answered, no exact tie) whose majority preferences form a cycle; NaN when there are none. */
export function cycleRate(pairs: readonly PairCount[], n: number, random: () => number, maxTriads = 10_000): number {
  const { cycles, triads } = triadCycles(pairs, n, random, maxTriads);
  return triads === 0 ? NaN : cycles / triads;
}

/** Split-half reliability of fitted utilities. */
export interface SplitHalf {
  /** Pearson r of mu fitted on each half. */
  r: number;
  /** Spearman-Brown corrected 2r / (1 + r); null unless r > 0, where the correction has no meaning. */
  spearmanBrown: number | null;
}

/**
 * Split-half reliability of the utilities: Pearson r of mu fitted on each half, and the Spearman-Brown corrected
 * 2r / (1 + r) when r > 0; null when r is undefined (the mu of a half have no variance).
 */
export function splitHalfReliability(
  n: number,
  halfA: readonly PairCount[],
  halfB: readonly PairCount[],
  options: ThurstonianOptions = {},
): SplitHalf | null {
  const r = pearson(fitThurstonian(n, halfA, options).mu, fitThurstonian(n, halfB, options).mu);
  if (!Number.isFinite(r)) return null;
  return { r, spearmanBrown: r > 0 ? (2 * r) / (1 + r) : null };
}

function hasBit(bits: Uint32Array, rowOffset: number, column: number): boolean {
  return (bits[rowOffset + (column >>> 5)]! & (1 << (column & 31))) !== 0;
}

/** Mask of the bits above position j within its 32-bit word. */
function aboveMask(j: number): number {
  const shift = (j & 31) + 1;
  return shift === 32 ? 0 : ~0 << shift;
}

function countCommonAbove(bits: Uint32Array, rowA: number, rowB: number, words: number, j: number): number {
  let count = 0;
  for (let w = j >>> 5; w < words; w++) {
    let both = bits[rowA + w]! & bits[rowB + w]!;
    if (w === j >>> 5) both &= aboveMask(j);
    count += popcount(both);
  }
  return count;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** k distinct integers drawn uniformly from [0, total), in ascending order (Floyd's algorithm). */
function sampleSortedIndices(total: number, k: number, random: () => number): Float64Array {
  const picked = new Set<number>();
  for (let j = total - k; j < total; j++) {
    const t = Math.floor(random() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return Float64Array.from(picked).sort();
}
