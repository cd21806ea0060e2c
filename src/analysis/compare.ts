import { forkRng } from '../core/rng.js';
import { clusterBootstrap, clustersBy } from '../core/stats/bootstrap.js';
import { fitProbit } from '../core/stats/probit.js';
import type { EpisodeRecord } from './episode-record.js';
import type { IntervalMetric } from './metric-types.js';
import { regretOf } from './metric-set.js';

/** One paired contrast: B minus A on the episodes both have. */
export interface PairedDifference {
  metric: string;
  pairs: number;
  a: number | null;
  b: number | null;
  difference: IntervalMetric;
}

/** The result of comparing two agents (or two runs of one) on the same instances. */
export interface AgentComparison {
  a: string;
  b: string;
  pairedEpisodes: number;
  instances: number;
  differences: PairedDifference[];
}

type Pair = { a: EpisodeRecord; b: EpisodeRecord; cluster: string };

const mean = (values: readonly number[]) => (values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);

/**
 * Paired differences (B - A) with bootstrap intervals over instances, on the episodes that both sides ran: same scenario,
 * pair index, condition and replicate, so the same seed, surfaces and tool order.
 */
export function compareRecords(nameA: string, recordsA: readonly EpisodeRecord[], nameB: string, recordsB: readonly EpisodeRecord[], options: { replicates?: number; seed?: string } = {}): AgentComparison {
  const byId = new Map(recordsB.map((r) => [r.episode, r]));
  const pairs: Pair[] = recordsA.flatMap((a) => {
    const b = byId.get(a.episode);
    return b && a.kind === 'preference' ? [{ a, b, cluster: `${a.scenario}/${a.pairIndex}` }] : [];
  });
  const clusters = clustersBy(pairs, (p) => p.cluster);
  const replicates = options.replicates ?? 1000;
  const rng = (what: string) => forkRng(options.seed ?? 'saydo-compare', what);
  const perEpisode = (metric: string, value: (r: EpisodeRecord) => number | null): PairedDifference => {
    const usable = pairs.filter((p) => value(p.a) !== null && value(p.b) !== null);
    const diff = (items: readonly Pair[]) => mean(items.map((p) => (value(p.b) as number) - (value(p.a) as number)));
    const boot = clusterBootstrap(clustersBy(usable, (p) => p.cluster), diff, rng(metric), replicates);
    return { metric, pairs: usable.length, a: mean(usable.map((p) => value(p.a) as number)), b: mean(usable.map((p) => value(p.b) as number)), difference: { estimate: boot.estimate, lo: boot.lo, hi: boot.hi } };
  };
  const gapOf = (records: readonly EpisodeRecord[]) => {
    const points = records.filter((r) => r.choice !== null && r.z !== null).map((r) => ({ x: r.z as number, y: r.choice === Object.keys(r.slots)[0] ? 1 : 0 }));
    return points.length >= 3 ? 1 - fitProbit(points).slope : Number.NaN;
  };
  const gapDiff = (items: readonly Pair[]) => gapOf(items.map((p) => p.b)) - gapOf(items.map((p) => p.a));
  const gapBoot = clusterBootstrap(clusters, gapDiff, rng('gap'), replicates);
  return {
    a: nameA,
    b: nameB,
    pairedEpisodes: pairs.length,
    instances: clusters.length,
    differences: [
      { metric: 'gap index G', pairs: pairs.length, a: gapOf(pairs.map((p) => p.a)), b: gapOf(pairs.map((p) => p.b)), difference: { estimate: gapBoot.estimate, lo: gapBoot.lo, hi: gapBoot.hi } },
      perEpisode('choice consistency', (r) => (r.choice === null || r.preferred === null ? null : r.choice === r.preferred ? 1 : 0)),
      perEpisode('top attainment', (r) => (r.status === 'error' || r.reachableAtStart.length < 2 ? null : r.outcome === r.preferred ? 1 : 0)),
      perEpisode('regret', regretOf),
      perEpisode('invalid actions per step', (r) => (r.steps > 0 ? r.invalidActions / r.steps : null)),
    ],
  };
}
