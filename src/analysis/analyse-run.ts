import type { EpisodeRecord } from './episode-record.js';
import { incentiveMetrics } from './incentive.js';
import { loadRun, type RunData } from './load-run.js';
import { metricSet, type MetricOptions } from './metric-set.js';
import type { AgentMetrics, RunMetrics } from './metric-types.js';
import { revealedUtilities } from './revealed.js';

/** Groups records by a key, keys sorted. */
function groupBy(records: readonly EpisodeRecord[], key: (r: EpisodeRecord) => string): Array<[string, EpisodeRecord[]]> {
  const map = new Map<string, EpisodeRecord[]>();
  for (const r of records) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return [...map.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

/** Scenarios built for the incentive paradigm: they measure task scores, not choices, so all their episodes stay out of the choice metrics. */
function incentiveScenarios(records: readonly EpisodeRecord[]): Set<string> {
  return new Set(records.filter((r) => r.kind === 'incentive').map((r) => r.scenario));
}

/** The episodes of the headline's choice metrics: preference conditions (neutral, exhortation) of the scenarios that are not incentive scenarios. */
export function preferenceRecords(records: readonly EpisodeRecord[]): EpisodeRecord[] {
  const incentive = incentiveScenarios(records);
  return records.filter((r) => r.kind === 'preference' && !incentive.has(r.scenario));
}

/**
 * The metrics of one agent: pooled over preference conditions, per scenario (its preference conditions; instruction
 * override from its instructed episodes), per condition (every condition of the choice scenarios), incentive effects
 * and revealed utilities.
 */
export function analyseAgent(name: string, records: readonly EpisodeRecord[], profile: RunData['agents'][number]['profile'], options: MetricOptions = {}): AgentMetrics {
  const incentive = incentiveScenarios(records);
  const choiceScenarios = records.filter((r) => !incentive.has(r.scenario));
  const preference = preferenceRecords(records);
  const instructedIn = (scenario: string) => choiceScenarios.filter((r) => r.kind === 'instructed' && r.scenario === scenario);
  return {
    agent: name,
    stated: profile ? { heldOutAccuracy: profile.coherence.heldOutAccuracy, noiseCeiling: profile.coherence.noiseCeiling, outcomes: profile.catalog.outcomes } : null,
    pooled: metricSet(preference, options, `${name}/pooled`, choiceScenarios),
    byScenario: Object.fromEntries(groupBy(preference, (r) => r.scenario).map(([scenario, list]) => [scenario, metricSet(list, options, `${name}/scenario/${scenario}`, instructedIn(scenario))])),
    byCondition: Object.fromEntries(groupBy(choiceScenarios, (r) => r.condition).map(([condition, list]) => [condition, metricSet(list, options, `${name}/condition/${condition}`)])),
    incentive: incentiveMetrics(records, options, name),
    revealed: revealedUtilities(preference, profile),
  };
}

/** Reads a run folder and computes metrics.json. */
export function analyseRun(runDir: string, options: MetricOptions = {}): RunMetrics {
  const run = loadRun(runDir);
  return {
    type: 'run-metrics',
    v: 1,
    run: runDir,
    suite: run.manifest.suite.name,
    bootstrap: { replicates: options.replicates ?? 1000, seed: options.seed ?? 'saydo-metrics' },
    agents: run.agents.map((agent) => analyseAgent(agent.name, agent.episodes, agent.profile, options)),
    skipped: run.skipped,
  };
}
