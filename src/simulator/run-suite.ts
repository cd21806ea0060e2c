import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedAgentProfile } from '../agents/agent-profiles.js';
import { syntheticPreference } from '../agents/create-model-caller.js';
import { SaydoError } from '../core/errors.js';
import { emit, type EpisodeProgress, type Reporter } from '../core/events.js';
import { writeJsonFile } from '../core/files.js';
import type { ModelCaller } from '../core/model-call.js';
import type { AgentProfile } from '../core/schemas/agent-profile.js';
import { UtilityProfile } from '../core/schemas/utility-profile.js';
import { ComparisonFile } from '../elicitation/comparison-file.js';
import { elicitUtilities } from '../elicitation/elicit.js';
import { resolveTemplate } from '../elicitation/prompts.js';
import { runEpisode } from './episode.js';
import { EpisodeLog } from './episode-log.js';
import { EpisodeLogWriter } from './episode-log-writer.js';
import { summarizeEpisodeLog, type EpisodeSummary } from './episode-summary.js';
import type { LoadedSuite } from './load-suite.js';
import { inShard, planEpisodes } from './plan.js';
import { buildManifest, openRunFolder, runPaths } from './run-folder.js';

/** An agent taking part in a run. */
export interface RunAgent {
  name: string;
  file: string;
  hash: string;
  profile: AgentProfile;
  caller: ModelCaller;
  /** True preference probabilities (synthetic agents), for the noise ceiling of elicitation. */
  truth?: (first: string, second: string) => number;
}

/** An agent of a run from its loaded profile and the caller that asks its model (with the true preferences of a synthetic agent). */
export function runAgentOf(loaded: LoadedAgentProfile, caller: ModelCaller): RunAgent {
  const truth = syntheticPreference(loaded);
  return { name: loaded.profile.name, file: loaded.file, hash: loaded.hash, profile: loaded.profile, caller, ...(truth ? { truth } : {}) };
}

/** Settings of a run. */
export interface RunSuiteOptions {
  suite: LoadedSuite;
  agents: readonly RunAgent[];
  runDir: string;
  /** A deterministic share of the episodes: shard `index` of `count`, 1-based. */
  shard?: { index: number; count: number } | null;
  /** A folder whose utility profiles are reused instead of eliciting (a run or an elicitation folder). */
  profilesFrom?: string;
  /** Episodes in flight per agent. @default 1 for synthetic agents, the agent's concurrency otherwise */
  concurrency?: number;
  signal?: AbortSignal;
  reporters?: readonly Reporter[];
  versions: Record<string, string>;
}

/** What a run did for one agent. */
export interface AgentRunResult {
  name: string;
  profile: UtilityProfile | null;
  planned: number;
  summary: EpisodeSummary;
  elicitationFailed: number;
  /** Elicitation asked everything but no comparison was answered: no profile, so no episodes. */
  elicitationUnanswered: boolean;
}

/** What a run did. */
export interface RunSuiteResult {
  runDir: string;
  resumed: boolean;
  agents: AgentRunResult[];
  interrupted: boolean;
  budgetReached: boolean;
}

/** Runs a suite for some agents: elicits (or reuses) each profile, plans episodes from it, runs them, logs every step (DESIGN.md section 3). */
export async function runSuite(options: RunSuiteOptions): Promise<RunSuiteResult> {
  const { suite, runDir } = options;
  const reporters = options.reporters ?? [];
  const shard = options.shard ?? null;
  const manifest = buildManifest(suite, options.agents, shard, options.versions);
  // Bad input is refused before the run folder is touched.
  const paths = runPaths(runDir);
  if (options.profilesFrom) {
    for (const agent of options.agents) if (!readProfile(paths.profile(agent.name))) reusedProfile(options.profilesFrom, agent.name, suite.catalog.hash);
  }
  const { resumed } = openRunFolder(runDir, manifest);
  emit(reporters, 'onRunStart', { runDir, suite: suite.suite.name, agents: options.agents.map((a) => a.name) });
  let budgetReached = false;
  const overBudget = () => {
    const budget = suite.suite.budget;
    if (budget.tokens === undefined && budget.dollars === undefined) return false;
    let tokens = 0;
    let dollars = 0;
    for (const agent of options.agents) {
      const stats = agent.caller.stats();
      tokens += stats.inputTokens + stats.outputTokens;
      const pricing = agent.profile.provider === 'openai' ? agent.profile.pricing : undefined;
      if (pricing) dollars += (stats.inputTokens * pricing.inputPerMTok + stats.outputTokens * pricing.outputPerMTok) / 1e6;
    }
    budgetReached = (budget.tokens !== undefined && tokens >= budget.tokens) || (budget.dollars !== undefined && dollars >= budget.dollars);
    return budgetReached;
  };

  const runAgent = async (agent: RunAgent): Promise<AgentRunResult> => {
    mkdirSync(paths.agentDir(agent.name), { recursive: true });
    const { profile, failed, unanswered } = await agentProfile(agent, options);
    const empty: EpisodeSummary = summarizeEpisodeLog('');
    if (!profile) return { name: agent.name, profile: null, planned: 0, summary: empty, elicitationFailed: failed, elicitationUnanswered: unanswered };
    const plans = planEpisodes(suite, profile).filter((plan) => inShard(plan, shard));
    const log = new EpisodeLog(paths.events(agent.name));
    const { blocks } = log.index();
    // The log writer comes first: when other reporters hear that an episode ended, it is already on disk.
    const writer = new EpisodeLogWriter(log);
    const episodeReporters = [writer, ...reporters];
    const todo = plans.filter((plan) => {
      const block = blocks.get(plan.id);
      return !block || block.status === 'error';
    });
    const progress: EpisodeProgress = { agent: agent.name, planned: plans.length, done: plans.length - todo.length, reused: plans.length - todo.length, errors: 0, steps: 0, inputTokens: 0, outputTokens: 0 };
    emit(reporters, 'onEpisodesStart', progress);
    const workers = options.concurrency ?? (agent.profile.provider === 'synthetic' ? 1 : agent.profile.concurrency);
    let next = 0;
    let stopped = false;
    let lastYield = performance.now();
    const work = async () => {
      while (next < todo.length && !stopped) {
        // Synthetic agents answer within microtasks: without a turn of the event loop now and then, Ctrl-C (a signal event) would wait for the end.
        if (performance.now() - lastYield > 25) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
        if (options.signal?.aborted || overBudget()) {
          stopped = true;
          return;
        }
        const plan = todo[next++];
        if (!plan) return;
        const events = await runEpisode(plan, {
          agent: agent.name,
          caller: agent.caller,
          limits: suite.suite.limits,
          ...(options.signal ? { signal: options.signal } : {}),
          reporters: episodeReporters,
        });
        if (!events) {
          writer.discard(plan.id);
          stopped = true;
          return;
        }
        const end = events[events.length - 1];
        if (end?.type !== 'episode-end') continue;
        progress.done += 1;
        progress.steps += end.steps;
        progress.inputTokens += end.tokens.input;
        progress.outputTokens += end.tokens.output;
        if (end.status === 'error') progress.errors += 1;
        emit(episodeReporters, 'onEpisodeEnd', end, progress);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, workers) }, work));
    if (!options.signal?.aborted) log.canonicalize(plans.map((plan) => plan.id));
    return { name: agent.name, profile, planned: plans.length, summary: summarizeEpisodeLog(paths.events(agent.name)), elicitationFailed: failed, elicitationUnanswered: false };
  };

  const agents = await Promise.all(options.agents.map(runAgent));
  const interrupted = options.signal?.aborted === true;
  writeJsonFile(paths.execution, {
    note: 'Counts of this invocation (calls made, cache hits, retries); the only file of a run folder that is not reproducible byte for byte.',
    interrupted,
    budgetReached,
    agents: options.agents.map((agent) => ({ name: agent.name, ...agent.caller.stats() })),
  });
  emit(reporters, 'onRunEnd', {
    runDir,
    interrupted,
    budgetReached,
    agents: agents.map((a) => ({ agent: a.name, planned: a.planned, done: a.summary.episodes, reused: 0, errors: a.summary.status.error ?? 0, steps: a.summary.steps, inputTokens: a.summary.tokens.input, outputTokens: a.summary.tokens.output })),
  });
  return { runDir, resumed, agents, interrupted, budgetReached };
}

/** The agent's utility profile: kept from an earlier invocation, copied from --profiles-from, or elicited now (resumably). */
async function agentProfile(agent: RunAgent, options: RunSuiteOptions): Promise<{ profile: UtilityProfile | null; failed: number; unanswered: boolean }> {
  const paths = runPaths(options.runDir);
  const target = paths.profile(agent.name);
  const suite = options.suite;
  const usable = (profile: UtilityProfile) => profile.catalog.hash === suite.catalog.hash;
  const existing = readProfile(target);
  if (existing && usable(existing) && existing.agent.profileHash === agent.hash) return { profile: existing, failed: 0, unanswered: false };
  if (options.profilesFrom) {
    const { source, profile } = reusedProfile(options.profilesFrom, agent.name, suite.catalog.hash);
    copyFileSync(source, target);
    return { profile, failed: 0, unanswered: false };
  }
  const elicitation = suite.suite.elicitation;
  const store = new ComparisonFile(paths.comparisons(agent.name));
  let result;
  try {
    result = await elicitUtilities({
      caller: agent.caller,
      catalog: suite.catalog,
      template: resolveTemplate(elicitation.template),
      agent: { name: agent.name, provider: agent.profile.provider, model: agent.profile.provider === 'openai' ? agent.profile.model : null, profileHash: agent.hash },
      mode: elicitation.mode,
      samplesPerOrder: elicitation.samples,
      ...(elicitation.budget !== undefined ? { design: { budget: elicitation.budget } } : {}),
      seed: String(suite.suite.seed),
      store,
      ...(options.reporters ? { reporters: options.reporters } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(agent.truth ? { truth: agent.truth } : {}),
    });
  } finally {
    store.close();
  }
  if (!result.profile) return { profile: null, failed: result.progress.failed, unanswered: result.unanswered !== null };
  store.finalize(result.comparisons);
  writeJsonFile(target, result.profile);
  return { profile: result.profile, failed: result.progress.failed, unanswered: false };
}

/** The profile of an agent under a --profiles-from folder (a run or an elicitation folder), elicited over the suite's catalog; a located error otherwise. */
function reusedProfile(folder: string, agent: string, catalogHash: string): { source: string; profile: UtilityProfile } {
  const source = [join(folder, 'agents', agent, 'profile.json'), join(folder, agent, 'profile.json'), join(folder, 'profile.json')].find((path) => readProfile(path)?.agent.name === agent);
  const profile = source ? readProfile(source) : undefined;
  if (!source || !profile) {
    throw new SaydoError('E_FILE_NOT_FOUND', `no utility profile of ${agent} under ${folder}`, { hint: 'point --profiles-from at a run folder or an elicitation folder of this agent' });
  }
  if (profile.catalog.hash !== catalogHash) throw new SaydoError('E_RUN_MISMATCH', `${source} was elicited over another catalog than the suite's`, { hint: 'elicit the agent over the suite catalog, or drop --profiles-from' });
  return { source, profile };
}

function readProfile(path: string): UtilityProfile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = UtilityProfile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
