import { performance } from 'node:perf_hooks';
import { createRng, type Rng } from '../src/core/rng.js';
import { spearman } from '../src/core/stats/correlation.js';
import { normalCdf } from '../src/core/stats/normal.js';
import { fitThurstonian, type PairCount } from '../src/elicitation/thurstonian.js';
import type { BenchResult } from './bench-result.js';

const OUTCOMES = 510;
const DISTINCT_PAIRS = 9_200;
const ANSWERS_PER_PAIR = 20;
const RUNS = 5;

/** Simulated answers from planted utilities (mu sd 1, sigma about 0.5) on a random graph of distinct pairs. */
function simulate(rng: Rng): { mu: number[]; pairs: PairCount[] } {
  const mu = Array.from({ length: OUTCOMES }, () => rng.normal());
  const sigma = Array.from({ length: OUTCOMES }, () => 0.5 * Math.exp(0.2 * rng.normal()));
  const seen = new Set<number>();
  const pairs: PairCount[] = [];
  while (pairs.length < DISTINCT_PAIRS) {
    const a = rng.int(OUTCOMES);
    const b = rng.int(OUTCOMES);
    if (a === b || seen.has(Math.min(a, b) * OUTCOMES + Math.max(a, b))) continue;
    seen.add(Math.min(a, b) * OUTCOMES + Math.max(a, b));
    const p = normalCdf((mu[a]! - mu[b]!) / Math.hypot(sigma[a]!, sigma[b]!));
    let winsA = 0;
    for (let k = 0; k < ANSWERS_PER_PAIR; k++) if (rng.chance(p)) winsA++;
    pairs.push({ a, b, winsA, winsB: ANSWERS_PER_PAIR - winsA });
  }
  return { mu, pairs };
}

/** Times the Thurstonian fit on 510 outcomes and about 9,200 pairs of 20 answers: median of 5 fits after a warm-up. */
export async function benchFit(): Promise<BenchResult> {
  const { mu, pairs } = simulate(createRng('bench-fit'));
  const warmup = fitThurstonian(OUTCOMES, pairs);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    fitThurstonian(OUTCOMES, pairs);
    times.push(performance.now() - start);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(RUNS / 2)]!;
  return {
    name: 'fit',
    figures: {
      outcomes: OUTCOMES,
      pairs: pairs.length,
      answersPerPair: ANSWERS_PER_PAIR,
      medianMs: Math.round(median * 10) / 10,
      minMs: Math.round(times[0]! * 10) / 10,
      maxMs: Math.round(times[RUNS - 1]! * 10) / 10,
      iterations: warmup.iterations,
      converged: String(warmup.converged),
      spearmanToTruth: Math.round(spearman(warmup.mu, mu) * 10_000) / 10_000,
    },
    baseline: 'fit 510 outcomes / ~9,200 pairs x 20 answers in under 1 s on one core',
    pass: median < 1000,
  };
}
