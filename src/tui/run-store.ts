import type { ElicitationProgress, EpisodeProgress, Reporter, RunEndInfo, RunStartInfo } from '../core/events.js';
import type { CallNotice, ModelCallStats } from '../core/model-call.js';
import type { Comparison } from '../core/schemas/comparison.js';
import type { EpisodeEndEvent } from '../core/schemas/episode-events.js';

/** Progress of one phase of one agent. */
export interface PhaseView {
  planned: number;
  done: number;
  /** Kept from an earlier invocation (not counted in the rate). */
  reused: number;
  /** Failed comparisons, or episodes that ended on an error. */
  failed: number;
  startedAt: number;
  endedAt: number | null;
}

/** What one agent of a run is doing. */
export interface AgentView {
  name: string;
  phase: 'waiting' | 'eliciting' | 'episodes' | 'done';
  elicitation: Readonly<PhaseView> | null;
  episodes: Readonly<PhaseView & { steps: number }> | null;
  /** The model caller's counters, polled. */
  calls: Readonly<ModelCallStats> | null;
  /** Retries and rate-limit waits announced so far. */
  retryNotices: number;
  rateLimitWaits: number;
  /** The last retry or wait, in words. */
  lastNotice: string | null;
  /** Dollars so far from the profile's pricing; null without pricing. */
  cost: number | null;
}

/** A failure worth showing. */
export interface RunError {
  agent: string | null;
  message: string;
}

/** Where a run is in its life. */
export type RunStatus = 'starting' | 'running' | 'cancelling' | 'finishing' | 'reporting' | 'done' | 'cancelled' | 'failed';

/** An immutable picture of a run, made at most ten times a second. */
export interface RunSnapshot {
  seq: number;
  status: RunStatus;
  runDir: string;
  suite: string;
  agents: ReadonlyArray<Readonly<AgentView>>;
  /** The latest errors (at most 50); `errorCount` counts all. */
  errors: readonly RunError[];
  errorCount: number;
  startedAt: number;
  /** When the snapshot was made: rates, ETAs and the clock are read against it. */
  now: number;
  endedAt: number | null;
  budgetReached: boolean;
  /** Files the report wrote, once written. */
  reportFiles: readonly string[];
  /** Why the run or its report failed. */
  fatal: string | null;
  /** The latest retry or rate-limit wait of any agent, in words. */
  notice: Readonly<{ agent: string; text: string }> | null;
  totals: Readonly<{ inputTokens: number; outputTokens: number; cost: number | null; inFlight: number; queued: number; retries: number; rateLimited: number; failures: number }>;
}

/** Settings of a RunStore. */
export interface RunStoreOptions {
  runDir: string;
  suite: string;
  agents: readonly string[];
  /** Prices per million tokens of agents that have them. */
  pricing?: Readonly<Record<string, { inputPerMTok: number; outputPerMTok: number }>>;
  /** Reads each agent's caller counters; polled every `intervalMs` while the run is live. */
  stats?: () => Readonly<Record<string, Readonly<ModelCallStats>>>;
  /** Smallest time between two snapshots, and the poll interval. @default 100 */
  intervalMs?: number;
  /** Clock. @default Date.now */
  now?: () => number;
}

const MAX_ERRORS = 50;
/** A live run gets a fresh snapshot at least this often, so its clock, rates and ETAs move. */
const HEARTBEAT_MS = 1000;

interface AgentState {
  phase: AgentView['phase'];
  elicitation: PhaseView | null;
  episodes: (PhaseView & { steps: number }) | null;
  retryNotices: number;
  rateLimitWaits: number;
  lastNotice: string | null;
}

/**
 * A reporter that aggregates a run's events into immutable snapshots for the terminal UI. Events only update counters;
 * a snapshot is built at most once per `intervalMs` (ten a second by default), so a run of 100,000 steps costs the
 * screen no more than a slow one. It holds no engine state: it sees only what the hooks and the caller counters say.
 */
export class RunStore implements Reporter {
  private readonly options: Required<Pick<RunStoreOptions, 'intervalMs' | 'now'>> & RunStoreOptions;
  private readonly agents = new Map<string, AgentState>();
  private readonly listeners = new Set<() => void>();
  private errors: RunError[] = [];
  private errorCount = 0;
  private status: RunStatus = 'starting';
  private budgetReached = false;
  private reportFiles: string[] = [];
  private fatal: string | null = null;
  private notice: { agent: string; text: string } | null = null;
  private endedAt: number | null = null;
  private readonly startedAt: number;
  private calls: Readonly<Record<string, Readonly<ModelCallStats>>> = {};
  private callsKey = '';
  private snapshot: RunSnapshot;
  private lastEmit = -Infinity;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: RunStoreOptions) {
    this.options = { intervalMs: 100, now: Date.now, ...options };
    this.startedAt = this.options.now();
    for (const agent of options.agents) this.agents.set(agent, { phase: 'waiting', elicitation: null, episodes: null, retryNotices: 0, rateLimitWaits: 0, lastNotice: null });
    this.snapshot = this.build(0);
  }

  /** Starts polling the caller counters (at most ten times a second by default). */
  startPolling(): void {
    if (this.pollTimer || !this.options.stats) return;
    this.pollTimer = setInterval(() => this.poll(), this.options.intervalMs);
    this.pollTimer.unref?.();
  }

  /** The latest snapshot (for React's useSyncExternalStore). */
  getSnapshot = (): RunSnapshot => this.snapshot;

  /** Calls `listener` after each new snapshot; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  onRunStart(info: Readonly<RunStartInfo>): void {
    for (const agent of info.agents) if (!this.agents.has(agent)) this.agents.set(agent, { phase: 'waiting', elicitation: null, episodes: null, retryNotices: 0, rateLimitWaits: 0, lastNotice: null });
    if (this.status === 'starting') this.status = 'running';
    this.changed();
  }

  onElicitationStart(progress: Readonly<ElicitationProgress>): void {
    const agent = this.agent(progress.agent);
    agent.phase = 'eliciting';
    agent.elicitation = { planned: progress.planned, done: progress.done, reused: progress.reused, failed: progress.failed, startedAt: this.options.now(), endedAt: null };
    this.changed();
  }

  onComparison(comparison: Readonly<Comparison>, progress: Readonly<ElicitationProgress>): void {
    const agent = this.agent(progress.agent);
    if (agent.elicitation) Object.assign(agent.elicitation, { planned: progress.planned, done: progress.done, reused: progress.reused, failed: progress.failed });
    if (comparison.status === 'failed' && comparison.failure) this.error(progress.agent, `comparison failed: ${comparison.failure.kind}: ${comparison.failure.message}`);
    this.changed();
  }

  onElicitationEnd(progress: Readonly<ElicitationProgress>): void {
    const agent = this.agent(progress.agent);
    if (agent.elicitation) Object.assign(agent.elicitation, { planned: progress.planned, done: progress.done, reused: progress.reused, failed: progress.failed, endedAt: this.options.now() });
    this.changed();
  }

  onEpisodesStart(progress: Readonly<EpisodeProgress>): void {
    const agent = this.agent(progress.agent);
    agent.phase = progress.done >= progress.planned ? 'done' : 'episodes';
    const now = this.options.now();
    agent.episodes = { planned: progress.planned, done: progress.done, reused: progress.reused, failed: progress.errors, steps: progress.steps, startedAt: now, endedAt: agent.phase === 'done' ? now : null };
    this.changed();
  }

  onStep(): void {
    // Steps are counted per episode at its end; a step alone changes nothing on screen worth a snapshot.
  }

  onEpisodeEnd(event: Readonly<EpisodeEndEvent>, progress?: Readonly<EpisodeProgress>): void {
    if (!progress) return;
    const agent = this.agent(progress.agent);
    const now = this.options.now();
    if (agent.episodes) Object.assign(agent.episodes, { planned: progress.planned, done: progress.done, reused: progress.reused, failed: progress.errors, steps: progress.steps });
    if (progress.done >= progress.planned) {
      agent.phase = 'done';
      if (agent.episodes) agent.episodes.endedAt = now;
    }
    if (event.status === 'error') this.error(progress.agent, `episode ${event.episode} failed${event.failure ? `: ${event.failure.kind}: ${event.failure.message}` : ''}`);
    this.changed();
  }

  onCallNotice(notice: Readonly<CallNotice>): void {
    const agent = this.agent(notice.agent);
    if (notice.type === 'retry') {
      agent.retryNotices += 1;
      agent.lastNotice = `retry ${notice.attempt} in ${(notice.delayMs / 1000).toFixed(1)}s after ${notice.failure.kind}${notice.failure.status ? ` ${notice.failure.status}` : ''}`;
    } else {
      agent.rateLimitWaits += 1;
      agent.lastNotice = `rate limited: waiting ${(notice.waitMs / 1000).toFixed(1)}s, ${notice.limit} call${notice.limit === 1 ? '' : 's'} at once`;
    }
    this.notice = { agent: notice.agent, text: agent.lastNotice };
    this.changed();
  }

  onRunEnd(info: Readonly<RunEndInfo>): void {
    this.budgetReached = info.budgetReached;
    for (const progress of info.agents) {
      const agent = this.agent(progress.agent);
      if (progress.done >= progress.planned && progress.planned > 0) agent.phase = 'done';
    }
    this.status = info.interrupted ? 'cancelled' : 'finishing';
    if (info.interrupted) this.endedAt = this.options.now();
    this.poll();
    this.changed();
  }

  /** Cancel was asked for: the run stops after the calls in flight. */
  markCancelling(): void {
    if (this.isLive()) this.setStatus('cancelling');
  }

  /** The report is being written. */
  markReporting(): void {
    this.setStatus('reporting');
  }

  /** The run and its report are done. */
  markDone(reportFiles: readonly string[]): void {
    this.reportFiles = [...reportFiles];
    this.endedAt ??= this.options.now();
    this.setStatus('done');
    this.stopPolling();
  }

  /** The run was cancelled; what is done is kept. */
  markCancelled(): void {
    this.endedAt ??= this.options.now();
    this.setStatus('cancelled');
    this.stopPolling();
  }

  /** The run (or its report) stopped on an error. */
  markFailed(message: string): void {
    this.fatal = message;
    this.endedAt ??= this.options.now();
    this.setStatus('failed');
    this.stopPolling();
  }

  /** Stops the timers. */
  dispose(): void {
    this.stopPolling();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.listeners.clear();
  }

  private isLive(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.poll();
    this.changed();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private agent(name: string): AgentState {
    let agent = this.agents.get(name);
    if (!agent) {
      agent = { phase: 'waiting', elicitation: null, episodes: null, retryNotices: 0, rateLimitWaits: 0, lastNotice: null };
      this.agents.set(name, agent);
    }
    return agent;
  }

  private error(agent: string | null, message: string): void {
    this.errorCount += 1;
    this.errors.push({ agent, message });
    if (this.errors.length > MAX_ERRORS) this.errors = this.errors.slice(-MAX_ERRORS);
  }

  private poll(): void {
    if (this.options.stats) {
      const calls = this.options.stats();
      const key = JSON.stringify(calls);
      if (key !== this.callsKey) {
        this.calls = calls;
        this.callsKey = key;
        this.changed();
        return;
      }
    }
    if (this.options.now() - this.lastEmit >= HEARTBEAT_MS && this.isLiveOrFinishing()) this.changed();
  }

  private isLiveOrFinishing(): boolean {
    return this.status !== 'done' && this.status !== 'cancelled' && this.status !== 'failed';
  }

  /** Something changed: build a snapshot now if the last one is old enough, else once it is. */
  private changed(): void {
    if (this.flushTimer) return;
    const wait = Math.max(0, this.lastEmit + this.options.intervalMs - this.options.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
    this.flushTimer.unref?.();
  }

  private flush(): void {
    this.lastEmit = this.options.now();
    this.snapshot = this.build(this.snapshot.seq + 1);
    for (const listener of [...this.listeners]) listener();
  }

  private build(seq: number): RunSnapshot {
    const pricing = this.options.pricing ?? {};
    const totals = { inputTokens: 0, outputTokens: 0, cost: null as number | null, inFlight: 0, queued: 0, retries: 0, rateLimited: 0, failures: 0 };
    const agents = [...this.agents.entries()].map(([name, state]): AgentView => {
      const calls = this.calls[name] ?? null;
      const price = pricing[name];
      const cost = calls && price ? (calls.inputTokens * price.inputPerMTok + calls.outputTokens * price.outputPerMTok) / 1e6 : null;
      if (calls) {
        totals.inputTokens += calls.inputTokens;
        totals.outputTokens += calls.outputTokens;
        totals.inFlight += calls.inFlight;
        totals.queued += calls.queued;
        totals.retries += calls.retries;
        totals.rateLimited += calls.rateLimited;
        totals.failures += calls.failures;
      }
      if (cost !== null) totals.cost = (totals.cost ?? 0) + cost;
      return Object.freeze({
        name,
        phase: state.phase,
        elicitation: state.elicitation ? Object.freeze({ ...state.elicitation }) : null,
        episodes: state.episodes ? Object.freeze({ ...state.episodes }) : null,
        calls: calls ? Object.freeze({ ...calls }) : null,
        retryNotices: state.retryNotices,
        rateLimitWaits: state.rateLimitWaits,
        lastNotice: state.lastNotice,
        cost,
      });
    });
    return Object.freeze({
      seq,
      status: this.status,
      runDir: this.options.runDir,
      suite: this.options.suite,
      agents: Object.freeze(agents),
      errors: Object.freeze([...this.errors]),
      errorCount: this.errorCount,
      startedAt: this.startedAt,
      now: this.options.now(),
      endedAt: this.endedAt,
      budgetReached: this.budgetReached,
      reportFiles: Object.freeze([...this.reportFiles]),
      fatal: this.fatal,
      notice: this.notice ? Object.freeze({ ...this.notice }) : null,
      totals: Object.freeze(totals),
    });
  }
}

/** Finished, remaining and rate of a phase as the Run screen shows them; the rate counts only work done now. */
export function phaseRate(phase: Readonly<PhaseView>, now: number): { fraction: number; perSecond: number; etaMs: number | null } {
  const fraction = phase.planned > 0 ? phase.done / phase.planned : 1;
  const elapsed = ((phase.endedAt ?? now) - phase.startedAt) / 1000;
  const fresh = phase.done - phase.reused;
  const perSecond = elapsed > 0 && fresh > 0 ? fresh / elapsed : 0;
  const left = phase.planned - phase.done;
  const etaMs = left > 0 && perSecond > 0 ? (left / perSecond) * 1000 : left <= 0 ? 0 : null;
  return { fraction, perSecond, etaMs };
}
