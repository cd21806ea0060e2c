import { createModelCaller } from '../agents/create-model-caller.js';
import { latentUtilities } from '../agents/synthetic/latent-utilities.js';
import { hiddenUtility } from '../agents/synthetic/acting.js';
import { syntheticPreference } from '../agents/create-model-caller.js';
import { contentHash } from '../core/hash.js';
import { SyntheticAgentProfile } from '../core/schemas/agent-profile.js';
import type { EpisodeEndEvent, EpisodeStartEvent, StepEvent, TurnEvent } from '../core/schemas/episode-events.js';
import { normalCdf } from '../core/stats/normal.js';
import { fitProbit } from '../core/stats/probit.js';
import { elicitUtilities } from '../elicitation/elicit.js';
import { resolveTemplate } from '../elicitation/prompts.js';
import { runEpisode } from '../simulator/episode.js';
import type { LoadedSuite } from '../simulator/load-suite.js';
import { planEpisodes, type EpisodePlan } from '../simulator/plan.js';
import { episodeRecord } from './episode-record.js';
import { calibrate } from './metric-set.js';

/** Settings of a calibration. */
export interface CalibrateOptions {
  suite: LoadedSuite;
  /** Planted gaps. @default [0, 0.25, 0.5, 0.75, 1] */
  lambdas?: number[];
  /** Synthetic agents per planted gap (each with its own seed, utilities and elicitation). @default 10 */
  replicates?: number;
  /** Episodes per instance and condition, overriding the suite. */
  episodes?: number;
  /** The synthetic agent whose noise and utility spread are used; its gap is replaced. */
  base?: Partial<SyntheticAgentProfile>;
  /** Bootstrap replicates per fit. @default 500 */
  bootstrap?: number;
  seed?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** One synthetic agent at one planted gap: the true G of the suite's instances and what the instrument recovered. */
export interface CalibrationRun {
  lambda: number;
  replicate: number;
  trueGap: number;
  gap: number | null;
  lo: number | null;
  hi: number | null;
  commitments: number;
  covered: boolean;
  detected: boolean;
}

/** The summary per planted gap. */
export interface CalibrationRow {
  lambda: number;
  trueGap: number;
  recovered: number | null;
  coverage: number;
  power: number;
  meanWidth: number | null;
  replicates: number;
}

/** The probability that a synthetic agent keeps slot a over slot b: its decision rule on (1 - lambda) U + lambda eta, U ~ N(u, sigma^2) per episode. */
export function commitmentProbability(profile: SyntheticAgentProfile, u: (id: string) => number, a: string, b: string): number {
  const lambda = profile.behavior.gap;
  const shift = (1 - lambda) * (u(a) - u(b)) + lambda * (hiddenUtility(profile, a) - hiddenUtility(profile, b));
  const spread = (1 - lambda) * profile.noise * Math.SQRT2;
  if (spread <= 0) return shift > 0 ? 1 : shift < 0 ? 0 : 0.5;
  return normalCdf(shift / spread);
}

/**
 * Runs a suite's preference conditions on synthetic agents with planted gaps and reports recovered G, interval coverage
 * and power against the true G: the probit slope fitted to the agents' exact commitment probabilities over the same instances.
 */
export async function calibrateSuite(options: CalibrateOptions): Promise<{ runs: CalibrationRun[]; rows: CalibrationRow[] }> {
  const lambdas = options.lambdas ?? [0, 0.25, 0.5, 0.75, 1];
  const replicates = options.replicates ?? 10;
  const suite = options.episodes ? { ...options.suite, suite: { ...options.suite.suite, episodes: options.episodes } } : options.suite;
  const runs: CalibrationRun[] = [];
  const total = lambdas.length * replicates;
  for (let r = 0; r < replicates; r++) {
    const seed = `${options.seed ?? 'calibrate'}-${r}`;
    const base = SyntheticAgentProfile.parse({ name: `calibrate-${r}`, provider: 'synthetic', ...options.base, seed, behavior: { ...options.base?.behavior, gap: 0 } });
    const loaded = { profile: base, file: '(calibrate)', dir: process.cwd(), hash: contentHash(base) };
    const truth = syntheticPreference(loaded);
    const elicitation = await elicitUtilities({
      caller: createModelCaller(loaded, { env: {} }),
      catalog: suite.catalog,
      template: resolveTemplate(suite.suite.elicitation.template),
      agent: { name: base.name, provider: 'synthetic', model: null, profileHash: loaded.hash },
      mode: suite.suite.elicitation.mode,
      samplesPerOrder: suite.suite.elicitation.samples,
      seed,
      ...(truth ? { truth } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!elicitation.profile) break;
    const isIncentiveScenario = (plan: EpisodePlan) => Object.values(plan.scenario.scenario.conditions).some((c) => c.incentive === 'high' || c.incentive === 'low');
    const plans = planEpisodes(suite, elicitation.profile).filter((p) => p.instance.favoured === null && !isIncentiveScenario(p));
    const u = latentUtilities(base, process.cwd());
    for (const lambda of lambdas) {
      if (options.signal?.aborted) return { runs, rows: summarise(runs, lambdas) };
      const profile = SyntheticAgentProfile.parse({ ...base, behavior: { ...base.behavior, gap: lambda } });
      const agent = { profile, file: '(calibrate)', dir: process.cwd(), hash: contentHash(profile) };
      const caller = createModelCaller(agent, { env: {} });
      const records = [];
      for (const plan of plans) {
        const events = await runEpisode(plan, { agent: profile.name, caller, limits: suite.suite.limits, ...(options.signal ? { signal: options.signal } : {}) });
        if (!events) break;
        records.push(recordOf(events));
      }
      const fit = calibrate(records, { replicates: options.bootstrap ?? 500, seed: `${seed}/${lambda}` }, 'calibrate');
      const trueGap = trueGapOf(plans, profile, u);
      const gap = fit?.gap ?? { estimate: null, lo: null, hi: null };
      runs.push({
        lambda,
        replicate: r,
        trueGap,
        gap: gap.estimate,
        lo: gap.lo,
        hi: gap.hi,
        commitments: fit?.n ?? 0,
        covered: gap.lo !== null && gap.hi !== null && gap.lo <= trueGap && trueGap <= gap.hi,
        detected: gap.lo !== null && gap.lo > 0,
      });
      options.onProgress?.(runs.length, total);
    }
  }
  return { runs, rows: summarise(runs, lambdas) };
}

function recordOf(events: ReadonlyArray<{ type: string }>) {
  const start = events[0] as EpisodeStartEvent;
  const end = events[events.length - 1] as EpisodeEndEvent;
  return episodeRecord(start, events.filter((e): e is TurnEvent => e.type === 'turn'), events.filter((e): e is StepEvent => e.type === 'step'), end);
}

/** The estimand: the probit slope on z fitted to exact commitment probabilities over the instances, as G = 1 - slope. */
function trueGapOf(plans: readonly EpisodePlan[], profile: SyntheticAgentProfile, u: (id: string) => number): number {
  const points = plans.flatMap((plan) => {
    const [a, b] = Object.keys(plan.pair.slots);
    if (!a || !b || plan.pair.z === null) return [];
    const p = commitmentProbability(profile, u, plan.pair.slots[a]?.id as string, plan.pair.slots[b]?.id as string);
    return [{ x: plan.pair.z, y: p }];
  });
  return 1 - fitProbit(points, { firth: false }).slope;
}

function summarise(runs: readonly CalibrationRun[], lambdas: readonly number[]): CalibrationRow[] {
  const mean = (values: readonly number[]) => (values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);
  return lambdas.map((lambda) => {
    const list = runs.filter((run) => run.lambda === lambda);
    const recovered = list.map((run) => run.gap).filter((g): g is number => g !== null);
    const widths = list.filter((run) => run.lo !== null && run.hi !== null).map((run) => (run.hi as number) - (run.lo as number));
    return {
      lambda,
      trueGap: mean(list.map((run) => run.trueGap)),
      recovered: recovered.length > 0 ? mean(recovered) : null,
      coverage: list.length > 0 ? list.filter((run) => run.covered).length / list.length : Number.NaN,
      power: list.length > 0 ? list.filter((run) => run.detected).length / list.length : Number.NaN,
      meanWidth: widths.length > 0 ? mean(widths) : null,
      replicates: list.length,
    };
  });
}
