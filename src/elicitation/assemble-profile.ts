import { forkRng } from '../core/rng.js';
import type { Outcome } from '../core/schemas/catalog.js';
import { UTILITY_PROFILE_VERSION, type Coherence, type ElicitationCounts, type UtilityProfile } from '../core/schemas/utility-profile.js';
import { pairAccuracy, pairLogLoss, splitHalfReliability, triadCycles } from './coherence.js';
import { fitThurstonian, THURSTONIAN_DEFAULTS, type PairCount, type ThurstonianOptions } from './thurstonian.js';

/** Everything a utility profile is made from: pair counts, provenance and answer tallies. */
export interface ProfileInput {
  outcomes: readonly Outcome[];
  train: readonly PairCount[];
  heldOut: readonly PairCount[];
  /** Two halves of the training answers for split-half reliability, when the answers can be split. */
  halves?: [readonly PairCount[], readonly PairCount[]];
  source: UtilityProfile['source'];
  agent: UtilityProfile['agent'];
  catalog: UtilityProfile['catalog'];
  template: UtilityProfile['template'];
  design: UtilityProfile['design'];
  seeds: UtilityProfile['seeds'];
  counts: ElicitationCounts;
  /** Share of answered questions that chose Option A. */
  firstPositionRate: number | null;
  /** Held-out accuracy of the true model, when the truth is known (synthetic agents). */
  noiseCeiling: number | null;
  fitOptions?: ThurstonianOptions;
  /** Pairs with refused, unparseable or failed comparisons (elicited profiles). */
  problemPairs?: UtilityProfile['problemPairs'];
}

/** Fits Thurstonian utilities to the training counts and measures coherence on held-out pairs: the utility profile. */
export function assembleProfile(input: ProfileInput): UtilityProfile {
  const n = input.outcomes.length;
  const fit = fitThurstonian(n, input.train, input.fitOptions);
  const weight = new Float64Array(n);
  for (const pair of input.train) {
    const total = pair.winsA + pair.winsB;
    weight[pair.a] = (weight[pair.a] as number) + total;
    weight[pair.b] = (weight[pair.b] as number) + total;
  }
  const answered = input.heldOut.filter((pair) => pair.winsA + pair.winsB > 0);
  const split = input.halves ? splitHalfReliability(n, input.halves[0], input.halves[1], input.fitOptions) : null;
  const triads = triadCycles(input.train, n, forkRng('cycle-triads', input.seeds.design).next, 10_000);
  const tallied = input.counts.comparisons || 1;
  const coherence: Coherence = {
    heldOutAccuracy: answered.length > 0 ? pairAccuracy(fit, answered) : null,
    heldOutLogLoss: answered.length > 0 ? pairLogLoss(fit, answered) : null,
    heldOutPairs: answered.length,
    noiseCeiling: input.noiseCeiling,
    trainAccuracy: input.train.length > 0 ? pairAccuracy(fit, input.train) : null,
    trainLogLoss: input.train.length > 0 ? pairLogLoss(fit, input.train) : null,
    cycleRate: triads.triads > 0 ? triads.cycles / triads.triads : null,
    triads: triads.triads,
    firstPositionRate: input.firstPositionRate,
    refusalRate: input.counts.refused / tallied,
    unparseableRate: input.counts.unparseable / tallied,
    failedRate: input.counts.failed / tallied,
    splitHalf: split && Number.isFinite(split.r) ? { r: split.r, spearmanBrown: split.spearmanBrown } : null,
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => (fit.mu[y] as number) - (fit.mu[x] as number) || x - y);
  const rank = new Int32Array(n);
  order.forEach((index, position) => {
    rank[index] = position + 1;
  });
  return {
    type: 'utility-profile',
    v: UTILITY_PROFILE_VERSION,
    source: input.source,
    agent: input.agent,
    catalog: input.catalog,
    template: input.template,
    design: input.design,
    seeds: input.seeds,
    counts: input.counts,
    fit: { method: fitMethod(input.fitOptions), iterations: fit.iterations, converged: fit.converged, negLogLik: fit.negLogLik },
    coherence,
    utilities: order.map((index) => {
      const outcome = input.outcomes[index] as Outcome;
      return {
        id: outcome.id,
        text: outcome.text,
        category: outcome.category,
        mu: fit.mu[index] as number,
        sigma: fit.sigma[index] as number,
        rank: rank[index] as number,
        comparisons: weight[index] as number,
      };
    }),
    problemPairs: input.problemPairs ?? [],
  };
}

function fitMethod(options: ThurstonianOptions | undefined): string {
  const muSd = options?.priorMuSd ?? THURSTONIAN_DEFAULTS.priorMuSd;
  const sigmaSd = options?.priorLogSigmaSd ?? THURSTONIAN_DEFAULTS.priorLogSigmaSd;
  return options?.fixedSigma
    ? `thurstonian-case-v map l-bfgs (prior mu~N(0,${muSd}^2))`
    : `thurstonian map l-bfgs (priors mu~N(0,${muSd}^2), log sigma~N(0,${sigmaSd}^2))`;
}
