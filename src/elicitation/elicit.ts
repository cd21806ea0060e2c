import type { LoadedCatalog } from '../core/catalog.js';
import { emit, type ElicitationProgress, type Reporter } from '../core/events.js';
import type { ModelCaller, ModelResult } from '../core/model-call.js';
import { forkRng } from '../core/rng.js';
import { COMPARISON_VERSION, type Comparison } from '../core/schemas/comparison.js';
import type { Outcome } from '../core/schemas/catalog.js';
import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import { assembleProfile } from './assemble-profile.js';
import { choiceAgreement } from './coherence.js';
import { nextActiveBatch, pairKey, planPairDesign, type IndexPair, type PairDesignOptions } from './pair-design.js';
import { parseForcedChoice, probabilityOfA } from './parse.js';
import { renderForcedChoice, templateHash, type ElicitationTemplate } from './prompts.js';
import { fitThurstonian, type PairCount } from './thurstonian.js';

/** Where comparisons are kept: what an earlier run recorded, and where new ones go (comparisons.jsonl). */
export interface ComparisonStore {
  /** The last record per comparison id from earlier runs of the same elicitation. */
  previous: ReadonlyMap<string, Comparison>;
  append(comparison: Comparison): void;
}

/** Settings of one elicitation. */
export interface ElicitOptions {
  caller: ModelCaller;
  catalog: LoadedCatalog;
  agent: UtilityProfile['agent'];
  /** @default FORCED_CHOICE_TEMPLATE */
  template: ElicitationTemplate;
  /** sample: K answers per order; logprob: one call per order reading P(A) and P(B). @default 'sample' */
  mode?: 'sample' | 'logprob';
  /** @default 5 */
  samplesPerOrder?: number;
  design?: PairDesignOptions;
  /** @default 0 */
  seed?: string | number;
  /** Unparseable answers and refusals: left out of the fit, or counted as half a vote each. @default 'exclude' */
  unparseable?: 'exclude' | 'half';
  store?: ComparisonStore;
  reporters?: readonly Reporter[];
  signal?: AbortSignal;
  /** True P(first over second), when known (synthetic agents): gives the noise ceiling of held-out accuracy. */
  truth?: (first: string, second: string) => number;
}

/** The result of an elicitation; `profile` is null when it was interrupted before the end. */
export interface ElicitationResult {
  /** Null when interrupted, or when no training comparison was answered (`unanswered`). */
  profile: UtilityProfile | null;
  comparisons: Comparison[];
  progress: ElicitationProgress;
  interrupted: boolean;
  /** Why there is no profile although the design was asked to the end: no training comparison was answered, so there is nothing to fit. */
  unanswered: { failed: number; refused: number; unparseable: number } | null;
  /** Requests that reached the model in this run, and answers taken from the response cache. */
  calls: { model: number; cached: number };
}

interface AskedPair {
  pair: IndexPair;
  split: 'train' | 'holdout';
  comparisons: Comparison[];
}

/** Asks forced-choice questions, fits Thurstonian utilities and measures coherence (DESIGN.md section 3.1). */
export async function elicitUtilities(options: ElicitOptions): Promise<ElicitationResult> {
  const outcomes = options.catalog.catalog.outcomes;
  const n = outcomes.length;
  const mode = options.mode ?? 'sample';
  const samples = options.samplesPerOrder ?? 5;
  const seed = String(options.seed ?? 0);
  const reporters = options.reporters ?? [];
  if (mode === 'logprob' && options.template.answer !== 'letter') {
    throw new Error('log-probability mode needs a template whose answer is one letter');
  }
  const plan = planPairDesign(n, forkRng('pair-design', seed), options.design);
  const logprobs = mode === 'logprob' && options.caller.supportsLogprobs;
  // Planned calls: one per order in log-prob mode, K per order otherwise; a log-prob answer that falls back to samples adds K.
  const perPair = logprobs ? 2 : 2 * samples;
  const progress: ElicitationProgress = { agent: options.agent.name, planned: plan.budget * perPair, done: 0, reused: 0, failed: 0 };
  const view = { kind: 'forced-choice' as const, outcomes: outcomes.map((o) => ({ id: o.id, text: o.text })) };
  const asked = new Map<number, AskedPair>();
  const all: Comparison[] = [];
  let interrupted = false;
  const calls = { model: 0, cached: 0 };

  const askOne = async (first: Outcome, second: Outcome, sample: number, how: 'sample' | 'logprob', split: AskedPair['split'], batch: number): Promise<Comparison | undefined> => {
    const id = `${first.id}|${second.id}|${how}|${sample}`;
    const previous = options.store?.previous.get(id);
    if (previous && previous.status !== 'failed') {
      progress.done += 1;
      progress.reused += 1;
      const reused = { ...previous, split, batch };
      emit(reporters, 'onComparison', reused, progress);
      return reused;
    }
    const result = await options.caller.call({
      messages: renderForcedChoice(options.template, first.text, second.text),
      sample,
      logprobs: how === 'logprob',
      view,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!result.ok && result.failure.kind === 'aborted') {
      interrupted = true;
      return undefined;
    }
    if (result.ok && result.cached) calls.cached += 1;
    else calls.model += result.attempts;
    const comparison = toComparison(id, first.id, second.id, sample, how, split, batch, result);
    options.store?.append(comparison);
    progress.done += 1;
    if (comparison.status === 'failed') progress.failed += 1;
    emit(reporters, 'onComparison', comparison, progress);
    return comparison;
  };

  const askOrder = async (first: Outcome, second: Outcome, split: AskedPair['split'], batch: number): Promise<Comparison[]> => {
    const kept: Comparison[] = [];
    if (logprobs) {
      const one = await askOne(first, second, 0, 'logprob', split, batch);
      if (one) kept.push(one);
      // An answer without log-probabilities (a refusal, or a provider that gives none) is kept and counted, then samples follow.
      if (!one || one.pFirst !== null || one.status === 'failed') return kept;
      progress.planned += samples;
    }
    const answers = await Promise.all(Array.from({ length: samples }, (_, s) => askOne(first, second, s, 'sample', split, batch)));
    return [...kept, ...answers.filter((c): c is Comparison => c !== undefined)];
  };

  const askBatch = async (pairs: readonly IndexPair[], split: AskedPair['split'], batch: number) => {
    const answered = await Promise.all(
      pairs.map(async (pair) => {
        const a = outcomes[pair.a] as Outcome;
        const b = outcomes[pair.b] as Outcome;
        const [ab, ba] = await Promise.all([askOrder(a, b, split, batch), askOrder(b, a, split, batch)]);
        return { pair, split, comparisons: [...ab, ...ba] };
      }),
    );
    // Recorded in design order, not completion order, so that the fit sees the same input every time.
    for (const entry of answered) {
      asked.set(pairKey(entry.pair), entry);
      all.push(...entry.comparisons);
    }
  };

  emit(reporters, 'onElicitationStart', progress);
  await askBatch(plan.heldOut, 'holdout', 0);
  await askBatch(plan.initial, 'train', 0);
  const designRng = forkRng('active-design', seed);
  for (let k = 0; k < plan.activeBatchSizes.length && !interrupted; k++) {
    const train = trainCounts(asked, outcomes, options.unparseable ?? 'exclude', samples);
    const fit = fitThurstonian(n, train);
    const degrees = new Float64Array(n);
    for (const pair of train) {
      degrees[pair.a] = (degrees[pair.a] as number) + 1;
      degrees[pair.b] = (degrees[pair.b] as number) + 1;
    }
    const batch = nextActiveBatch(n, fit, new Set(asked.keys()), degrees, plan.activeBatchSizes[k] as number, designRng);
    await askBatch(batch, 'train', k + 1);
  }
  emit(reporters, 'onElicitationEnd', progress);
  all.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  if (interrupted) return { profile: null, comparisons: all, progress, interrupted, calls, unanswered: null };
  // A fit of no answers would be every mu 0: a profile that looks like data. None is written; the caller says why.
  if (!all.some((c) => c.split === 'train' && c.status === 'answered')) {
    const count = (status: Comparison['status']) => all.filter((c) => c.status === status).length;
    return { profile: null, comparisons: all, progress, interrupted, calls, unanswered: { failed: count('failed'), refused: count('refused'), unparseable: count('unparseable') } };
  }

  const policy = options.unparseable ?? 'exclude';
  const train = trainCounts(asked, outcomes, policy, samples);
  const heldOut = countsOf([...asked.values()].filter((p) => p.split === 'holdout'), outcomes, policy, samples);
  const tally = { answered: 0, refused: 0, unparseable: 0, failed: 0, firstChosen: 0, firstWeight: 0 };
  for (const c of all) {
    if (c.status === 'answered') {
      tally.answered += 1;
      tally.firstWeight += 1;
      tally.firstChosen += c.pFirst ?? (c.chosen === 'first' ? 1 : 0);
    } else tally[c.status] += 1;
  }
  const trainPairs = [...asked.values()].filter((p) => p.split === 'train');
  const halves = splitHalves(trainPairs, outcomes, policy, samples, logprobs ? 'logprob' : 'sample');
  const profile = assembleProfile({
    outcomes,
    train,
    heldOut,
    halves,
    source: 'elicited',
    agent: options.agent,
    catalog: { name: options.catalog.catalog.name, hash: options.catalog.hash, outcomes: n },
    template: { name: options.template.name, hash: templateHash(options.template) },
    design: {
      strategy: plan.strategy,
      // The mode used: log-prob mode falls back to samples when the caller gives no log-probabilities.
      mode: logprobs ? 'logprob' : 'sample',
      samplesPerOrder: samples,
      budget: plan.budget,
      heldOutFraction: options.design?.heldOutFraction ?? 0.05,
      batches: 1 + plan.activeBatchSizes.length,
      unparseable: policy,
    },
    seeds: { design: seed },
    counts: {
      pairs: asked.size,
      trainPairs: trainPairs.length,
      heldOutPairs: asked.size - trainPairs.length,
      comparisons: all.length,
      answered: tally.answered,
      refused: tally.refused,
      unparseable: tally.unparseable,
      failed: tally.failed,
      pseudoLabels: 0,
    },
    problemPairs: [...asked.values()].flatMap(({ pair, comparisons }) => {
      const count = (status: Comparison['status']) => comparisons.filter((c) => c.status === status).length;
      const problem = { refused: count('refused'), unparseable: count('unparseable'), failed: count('failed') };
      if (problem.refused + problem.unparseable + problem.failed === 0) return [];
      return [{ first: (outcomes[pair.a] as Outcome).id, second: (outcomes[pair.b] as Outcome).id, asked: comparisons.length, ...problem }];
    }),
    firstPositionRate: tally.firstWeight > 0 ? tally.firstChosen / tally.firstWeight : null,
    noiseCeiling: options.truth ? noiseCeiling(heldOut, outcomes, options.truth) : null,
  });
  return { profile, comparisons: all, progress, interrupted, calls, unanswered: null };
}

function toComparison(
  id: string,
  first: string,
  second: string,
  sample: number,
  mode: 'sample' | 'logprob',
  split: Comparison['split'],
  batch: number,
  result: ModelResult,
): Comparison {
  const base = { type: 'comparison' as const, v: COMPARISON_VERSION as typeof COMPARISON_VERSION, id, first, second, sample, mode, split, batch, attempts: result.attempts, latencyMs: result.latencyMs };
  if (!result.ok) {
    return { ...base, status: 'failed', chosen: null, pFirst: null, raw: null, failure: result.failure, tokens: { input: 0, output: 0 } };
  }
  const { reply } = result;
  const parsed = parseForcedChoice(reply.text);
  const top = mode === 'logprob' ? reply.logprobs?.[0]?.top : undefined;
  const pFirst = top ? (probabilityOfA(top) ?? null) : null;
  const chosen = parsed.status === 'answered' ? (parsed.letter === 'A' ? 'first' : 'second') : null;
  return {
    ...base,
    status: pFirst !== null ? 'answered' : parsed.status,
    chosen: pFirst !== null ? (pFirst >= 0.5 ? 'first' : 'second') : chosen,
    pFirst,
    raw: reply.text,
    failure: null,
    tokens: reply.usage,
  };
}

/** Votes of one comparison for its first and second option. */
function votes(c: Comparison, policy: 'exclude' | 'half', samples: number): [number, number] {
  if (c.status === 'answered') {
    if (c.pFirst !== null) return [c.pFirst * samples, (1 - c.pFirst) * samples];
    return c.chosen === 'first' ? [1, 0] : [0, 1];
  }
  if (policy === 'half' && (c.status === 'refused' || c.status === 'unparseable')) return [0.5, 0.5];
  return [0, 0];
}

function countsOf(pairs: readonly AskedPair[], outcomes: readonly Outcome[], policy: 'exclude' | 'half', samples: number, keep?: (c: Comparison) => boolean): PairCount[] {
  return pairs.map(({ pair, comparisons }) => {
    const aId = (outcomes[pair.a] as Outcome).id;
    let winsA = 0;
    let winsB = 0;
    for (const c of comparisons) {
      if (keep && !keep(c)) continue;
      const [forFirst, forSecond] = votes(c, policy, samples);
      if (c.first === aId) {
        winsA += forFirst;
        winsB += forSecond;
      } else {
        winsA += forSecond;
        winsB += forFirst;
      }
    }
    return { a: pair.a, b: pair.b, winsA, winsB };
  });
}

function trainCounts(asked: ReadonlyMap<number, AskedPair>, outcomes: readonly Outcome[], policy: 'exclude' | 'half', samples: number): PairCount[] {
  return countsOf([...asked.values()].filter((p) => p.split === 'train'), outcomes, policy, samples);
}

/** Two halves of the training answers: even and odd samples, or (one answer per order) the two orders. */
function splitHalves(
  pairs: readonly AskedPair[],
  outcomes: readonly Outcome[],
  policy: 'exclude' | 'half',
  samples: number,
  mode: 'sample' | 'logprob',
): [PairCount[], PairCount[]] | undefined {
  const byOrder = mode === 'logprob' || samples < 2;
  const inFirstHalf = (c: Comparison) => (byOrder ? c.first < c.second : c.sample % 2 === 0);
  return [countsOf(pairs, outcomes, policy, samples, inFirstHalf), countsOf(pairs, outcomes, policy, samples, (c) => !inFirstHalf(c))];
}

/** Held-out accuracy of the true preference probabilities against the empirical majorities. */
function noiseCeiling(heldOut: readonly PairCount[], outcomes: readonly Outcome[], truth: (first: string, second: string) => number): number | null {
  // Scored as held-out accuracy is, ties included: the accuracy the true preference probabilities would reach.
  const share = choiceAgreement(heldOut, (pair) => truth((outcomes[pair.a] as Outcome).id, (outcomes[pair.b] as Outcome).id));
  return Number.isNaN(share) ? null : share;
}
