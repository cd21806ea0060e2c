import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeRecord } from '../analysis/episode-record.js';
import { loadRun, type Skipped } from '../analysis/load-run.js';
import { RunMetrics } from '../analysis/metric-types.js';
import { EpisodeEvent, type EpisodeEndEvent, type EpisodeStartEvent, type StepEvent, type TurnEvent } from '../core/schemas/episode-events.js';
import { EpisodeLog, readEpisodeBlock, type Block } from '../simulator/episode-log.js';
import { readManifest, runPaths } from '../simulator/run-folder.js';
import { analyseRunOffThread } from '../report/report-worker.js';

/** The event logs of a run as they are now (size and time of each), so results computed from them can be reused until they change. */
function logStamp(runDir: string): string {
  const paths = runPaths(runDir);
  return (readManifest(runDir)?.agents ?? [])
    .map((agent) => {
      const path = paths.events(agent.name);
      if (!existsSync(path)) return `${agent.name}:-`;
      const stat = statSync(path);
      return `${agent.name}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
}

/**
 * Remembers the last value computed for a run while its logs are unchanged: going back to a screen does not recompute.
 * `compute` gets a function that forgets the value (for a computation that failed later).
 */
function lastComputed<T>(compute: (runDir: string, forget: () => void) => T): (runDir: string) => T {
  let last: { runDir: string; stamp: string; value: T } | undefined;
  return (runDir) => {
    const stamp = logStamp(runDir);
    if (last && last.runDir === runDir && last.stamp === stamp) return last.value;
    const entry = { runDir, stamp, value: undefined as T };
    const forget = () => {
      if (last === entry) last = undefined;
    };
    entry.value = compute(runDir, forget);
    last = entry;
    return entry.value;
  };
}

/** metrics.json of a run when it exists, is a RunMetrics, and is newer than every events log; otherwise null. */
export function readFreshMetrics(runDir: string): RunMetrics | null {
  const path = join(runDir, 'metrics.json');
  if (!existsSync(path)) return null;
  const written = statSync(path).mtimeMs;
  const paths = runPaths(runDir);
  const agents = readManifest(runDir)?.agents ?? [];
  if (agents.some((agent) => existsSync(paths.events(agent.name)) && statSync(paths.events(agent.name)).mtimeMs > written)) return null;
  try {
    const parsed = RunMetrics.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The metrics of a run computed from its logs on a worker thread (seconds on a large run, while the screen keeps
 * drawing); reused while the logs are unchanged, and computed again after a failure.
 */
export const computeMetrics: (runDir: string) => Promise<RunMetrics> = lastComputed((runDir, forget) => {
  const pending = analyseRunOffThread(runDir);
  pending.catch(forget);
  return pending;
});

/** Which episodes the Trajectories list shows; an absent field does not filter. */
export interface TrajectoryFilter {
  agent?: string;
  scenario?: string;
  condition?: string;
  /** A realised slot, `none`, or `error` for an episode that stopped without an outcome. */
  outcome?: string;
  /** Only episodes that ended on a limit or an error, or made invalid calls. */
  errorsOnly?: boolean;
  /** Only episodes whose choice is not the stated-preferred slot. */
  againstPreference?: boolean;
}

/** The outcome of an episode as the filter names it. */
export function outcomeLabel(record: EpisodeRecord): string {
  return record.outcome ?? 'error';
}

/** The episode ended on a limit or an error, or made invalid calls. */
export function hadErrors(record: EpisodeRecord): boolean {
  return record.status !== 'ended' || record.invalidActions > 0 || record.failureKind !== null;
}

/** The episode's choice is not its stated-preferred slot. */
export function actedAgainstPreference(record: EpisodeRecord): boolean {
  return record.choice !== null && record.preferred !== null && record.choice !== record.preferred;
}

/** Whether an episode passes a filter. */
export function matchesFilter(record: EpisodeRecord, filter: TrajectoryFilter): boolean {
  return (
    (filter.agent === undefined || record.agent === filter.agent) &&
    (filter.scenario === undefined || record.scenario === filter.scenario) &&
    (filter.condition === undefined || record.condition === filter.condition) &&
    (filter.outcome === undefined || outcomeLabel(record) === filter.outcome) &&
    (!filter.errorsOnly || hadErrors(record)) &&
    (!filter.againstPreference || actedAgainstPreference(record))
  );
}

/** The values each categorical filter can take in a list of episodes, sorted. */
export function filterValues(records: readonly EpisodeRecord[]): { agent: string[]; scenario: string[]; condition: string[]; outcome: string[] } {
  const sets = { agent: new Set<string>(), scenario: new Set<string>(), condition: new Set<string>(), outcome: new Set<string>() };
  for (const record of records) {
    sets.agent.add(record.agent);
    sets.scenario.add(record.scenario);
    sets.condition.add(record.condition);
    sets.outcome.add(outcomeLabel(record));
  }
  const sorted = (set: Set<string>) => [...set].sort();
  return { agent: sorted(sets.agent), scenario: sorted(sets.scenario), condition: sorted(sets.condition), outcome: sorted(sets.outcome) };
}

/** The episodes of a run as compact records, every agent, in log order. */
export interface EpisodeList {
  records: EpisodeRecord[];
  skipped: Skipped[];
}

/** Reads the compact records of every episode of a run (streams the logs once; no event is kept); reused while the logs are unchanged. */
export const loadEpisodeList: (runDir: string) => EpisodeList = lastComputed((runDir) => {
  const run = loadRun(runDir);
  return { records: run.agents.flatMap((agent) => agent.episodes), skipped: run.skipped };
});

/** Every event of one episode, validated. */
export interface EpisodeDetail {
  start: EpisodeStartEvent;
  turns: TurnEvent[];
  steps: StepEvent[];
  end: EpisodeEndEvent;
}

/** Reads single episodes of a run by offset: each agent's log is indexed once, then only the episode's block is read. */
export class EpisodeReader {
  private readonly indexes = new Map<string, Map<string, Block>>();

  constructor(readonly runDir: string) {}

  /** The events of one episode; throws when the log does not hold it or a line is not an event of this version. */
  read(agent: string, episode: string): EpisodeDetail {
    const path = runPaths(this.runDir).events(agent);
    let blocks = this.indexes.get(agent);
    if (!blocks) {
      blocks = new EpisodeLog(path).index().blocks;
      this.indexes.set(agent, blocks);
    }
    const block = blocks.get(episode);
    if (!block) throw new Error(`episode ${episode} is not in ${path}`);
    const detail: Partial<EpisodeDetail> & { turns: TurnEvent[]; steps: StepEvent[] } = { turns: [], steps: [] };
    for (const raw of readEpisodeBlock(path, block)) {
      const parsed = EpisodeEvent.safeParse(raw);
      if (!parsed.success) throw new Error(`episode ${episode} in ${path} has an event this saydo cannot read: ${parsed.error.issues[0]?.message ?? ''}`);
      const event = parsed.data;
      if (event.type === 'episode-start') detail.start = event;
      else if (event.type === 'turn') detail.turns.push(event);
      else if (event.type === 'step') detail.steps.push(event);
      else detail.end = event;
    }
    if (!detail.start || !detail.end) throw new Error(`episode ${episode} in ${path} is incomplete`);
    return { start: detail.start, turns: detail.turns, steps: detail.steps, end: detail.end };
  }
}
