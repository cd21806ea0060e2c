import type { CallNotice } from './model-call.js';
import type { Comparison } from './schemas/comparison.js';
import type { EpisodeEndEvent, EpisodeStartEvent, StepEvent, TurnEvent } from './schemas/episode-events.js';

/** Progress of one agent's elicitation. */
export interface ElicitationProgress {
  agent: string;
  /** Comparisons the design asks in all. */
  planned: number;
  /** Comparisons finished so far, reused ones included. */
  done: number;
  /** Reused from an earlier, interrupted run of the same command. */
  reused: number;
  failed: number;
}

/** Progress of one agent's episodes. */
export interface EpisodeProgress {
  agent: string;
  planned: number;
  done: number;
  /** Kept from an earlier, interrupted run. */
  reused: number;
  /** Ended on an error (a failed model call) so far. */
  errors: number;
  steps: number;
  inputTokens: number;
  outputTokens: number;
}

/** A run begins: its folder, its agents and how much each will do. */
export interface RunStartInfo {
  runDir: string;
  suite: string;
  agents: readonly string[];
}

/** A run ends: per-agent progress, and whether it was interrupted or stopped by the budget. */
export interface RunEndInfo {
  runDir: string;
  agents: readonly EpisodeProgress[];
  interrupted: boolean;
  budgetReached: boolean;
}

/**
 * Lifecycle hooks a reporter may implement (the TUI, the plain printer, file writers).
 * Reporters get read-only snapshots, never engine state; every hook is optional.
 */
export interface Reporter {
  onRunStart?(info: Readonly<RunStartInfo>): void;
  onElicitationStart?(progress: Readonly<ElicitationProgress>): void;
  onComparison?(comparison: Readonly<Comparison>, progress: Readonly<ElicitationProgress>): void;
  onElicitationEnd?(progress: Readonly<ElicitationProgress>): void;
  onEpisodesStart?(progress: Readonly<EpisodeProgress>): void;
  onEpisodeStart?(event: Readonly<EpisodeStartEvent>): void;
  onTurn?(event: Readonly<TurnEvent>): void;
  onStep?(event: Readonly<StepEvent>): void;
  onEpisodeEnd?(event: Readonly<EpisodeEndEvent>, progress?: Readonly<EpisodeProgress>): void;
  onRunEnd?(info: Readonly<RunEndInfo>): void;
  onCallNotice?(notice: Readonly<CallNotice>): void;
}

/** Fans one event out to many reporters. */
export function emit<K extends keyof Reporter>(reporters: readonly Reporter[], hook: K, ...args: Parameters<NonNullable<Reporter[K]>>): void {
  for (const reporter of reporters) {
    const fn = reporter[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(reporter, args);
  }
}
