import { forkRng } from '../core/rng.js';
import { clusterBootstrap, clustersBy } from '../core/stats/bootstrap.js';
import { wilson } from '../core/stats/wilson.js';
import type { EpisodeRecord } from './episode-record.js';
import type { ConditionContrast, IncentiveMetrics } from './metric-types.js';
import type { MetricOptions } from './metric-set.js';

/** A win-rate cell: wins of a over b with ties excluded, its Wilson interval, and whether the interval lies above one half. */
export function winRate(wins: number, losses: number, ties: number): ConditionContrast['winRate'] {
  const interval = wilson(wins, wins + losses);
  return { ...interval, ties, positive: interval.lo !== null && interval.lo > 0.5 };
}

const mean = (values: readonly number[]) => (values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);

/** Task scores by condition in the incentive scenarios, and paired contrasts (same pair and replicate: same seed, surfaces and tools). */
export function incentiveMetrics(records: readonly EpisodeRecord[], options: MetricOptions, label: string): IncentiveMetrics | null {
  const scenarios = [...new Set(records.filter((r) => r.incentive === 'high' || r.incentive === 'low').map((r) => r.scenario))].sort();
  if (scenarios.length === 0) return null;
  const inScenarios = records.filter((r) => scenarios.includes(r.scenario));
  const isScored = (r: EpisodeRecord) => r.score !== null && r.status !== 'error';
  const scored = inScenarios.filter(isScored);
  const conditions = [...new Set(inScenarios.map((r) => r.condition))].sort();
  const replicates = options.replicates ?? 1000;
  const scoreByCondition: IncentiveMetrics['scoreByCondition'] = {};
  for (const condition of conditions) {
    const all = inScenarios.filter((r) => r.condition === condition);
    const list = all.filter(isScored);
    // Episodes without a score (ended on a limit or an error before an ending set one) are counted by status, never dropped silently.
    const unscored: Record<string, number> = {};
    for (const r of all) if (!isScored(r)) unscored[r.status] = (unscored[r.status] ?? 0) + 1;
    const boot = clusterBootstrap(clustersBy(list, (r) => `${r.scenario}/${r.pairIndex}`), (items) => mean(items.map((r) => r.score as number)), forkRng(options.seed ?? 'saydo-metrics', 'score', label, condition), replicates);
    scoreByCondition[condition] = { estimate: boot.estimate, lo: boot.lo, hi: boot.hi, n: list.length, episodes: all.length, unscored };
  }
  const byCondition = (condition: string) => new Map(scored.filter((r) => r.condition === condition).map((r) => [`${r.scenario}/${r.pairIndex}/${r.replicate}`, r]));
  const named = (incentive: string) => conditions.find((c) => scored.some((r) => r.condition === c && r.incentive === incentive));
  const high = named('high');
  const low = named('low');
  const neutral = conditions.find((c) => c === 'neutral') ?? conditions.find((c) => scored.some((r) => r.condition === c && (r.incentive === 'none' || r.incentive === null) && c !== 'exhort'));
  const exhort = conditions.find((c) => c.startsWith('exhort'));
  const pairsWanted: Array<[string | undefined, string | undefined]> = [
    [high, low],
    [high, neutral],
    [low, neutral],
    [exhort, neutral],
  ];
  const contrasts: ConditionContrast[] = [];
  for (const [a, b] of pairsWanted) {
    if (!a || !b || a === b) continue;
    const left = byCondition(a);
    const right = byCondition(b);
    const pairs = [...left.entries()].flatMap(([key, r]) => {
      const other = right.get(key);
      return other ? [{ key, cluster: `${r.scenario}/${r.pairIndex}`, diff: (r.score as number) - (other.score as number) }] : [];
    });
    const boot = clusterBootstrap(clustersBy(pairs, (p) => p.cluster), (items) => mean(items.map((p) => p.diff)), forkRng(options.seed ?? 'saydo-metrics', 'contrast', label, a, b), replicates);
    const wins = pairs.filter((p) => p.diff > 0).length;
    const losses = pairs.filter((p) => p.diff < 0).length;
    contrasts.push({ a, b, pairs: pairs.length, meanDifference: { estimate: boot.estimate, lo: boot.lo, hi: boot.hi }, winRate: winRate(wins, losses, pairs.length - wins - losses) });
  }
  return { scenarios, scoreByCondition, contrasts };
}
