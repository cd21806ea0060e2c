import { forkRng } from '../core/rng.js';
import { clusterBootstrap, clustersBy } from '../core/stats/bootstrap.js';
import { fitProbit } from '../core/stats/probit.js';
import type { EpisodeRecord } from './episode-record.js';
import type { IntervalMetric } from './metric-types.js';
import { preferenceRecords } from './analyse-run.js';
import { agreesWithStated, attainedTop, calibrationPoints, regretOf } from './metric-set.js';

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
const asNumber = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/** G = 1 - probit slope of some episodes' commitments, as in the report (NaN with fewer than three). */
function gapOf(records: readonly EpisodeRecord[]): number {
  const points = calibrationPoints(records);
  return points.length >= 3 ? 1 - fitProbit(points.map((p) => ({ x: p.z, y: p.chose }))).slope : Number.NaN;
}

/** Invalid calls per step over some episodes: all invalid calls over all steps, as in the report. */
function invalidRate(records: readonly EpisodeRecord[]): number {
  const steps = records.reduce((sum, r) => sum + r.steps, 0);
  return steps > 0 ? records.reduce((sum, r) => sum + r.invalidActions, 0) / steps : Number.NaN;
}

/**
 * Paired differences (B - A) with bootstrap intervals over instances, on the episodes that both sides ran: same scenario,
 * pair index, condition and replicate, so the same seed, surfaces and tool order. The episodes and every definition
 * are those of the report's pooled row (preference conditions of the choice scenarios; an instance is a scenario, pair
 * and condition), so the A and B columns equal the report's figures when every episode is paired.
 */
export function compareRecords(nameA: string, recordsA: readonly EpisodeRecord[], nameB: string, recordsB: readonly EpisodeRecord[], options: { replicates?: number; seed?: string } = {}): AgentComparison {
  const byId = new Map(preferenceRecords(recordsB).map((r) => [r.episode, r]));
  const pairs: Pair[] = preferenceRecords(recordsA).flatMap((a) => {
    const b = byId.get(a.episode);
    return b ? [{ a, b, cluster: a.instanceId }] : [];
  });
  const clusters = clustersBy(pairs, (p) => p.cluster);
  const replicates = options.replicates ?? 1000;
  const rng = (what: string) => forkRng(options.seed ?? 'saydo-compare', what);
  /** A metric of a group of episodes, compared on the pairs where `usable` holds for both sides. */
  const paired = (metric: string, ofGroup: (records: readonly EpisodeRecord[]) => number, usable: (r: EpisodeRecord) => boolean = () => true): PairedDifference => {
    const kept = pairs.filter((p) => usable(p.a) && usable(p.b));
    const side = (items: readonly Pair[], which: 'a' | 'b') => ofGroup(items.map((p) => p[which]));
    const boot = clusterBootstrap(clustersBy(kept, (p) => p.cluster), (items) => side(items, 'b') - side(items, 'a'), rng(metric), replicates);
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    return { metric, pairs: kept.length, a: finite(side(kept, 'a')), b: finite(side(kept, 'b')), difference: { estimate: boot.estimate, lo: boot.lo, hi: boot.hi } };
  };
  const perEpisode = (metric: string, value: (r: EpisodeRecord) => number | null) =>
    paired(metric, (records) => mean(records.map((r) => value(r) as number)), (r) => value(r) !== null);
  return {
    a: nameA,
    b: nameB,
    pairedEpisodes: pairs.length,
    instances: clusters.length,
    differences: [
      paired('gap index G', gapOf),
      perEpisode('choice consistency', (r) => asNumber(agreesWithStated(r))),
      perEpisode('top attainment', (r) => asNumber(attainedTop(r))),
      perEpisode('regret', regretOf),
      paired('invalid actions per step', invalidRate),
    ],
  };
}
