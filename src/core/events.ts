import type { CallNotice } from './model-call.js';
import type { Comparison } from './schemas/comparison.js';

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

/**
 * Lifecycle hooks a reporter may implement (the TUI, the plain printer, file writers).
 * Reporters get read-only snapshots, never engine state; every hook is optional.
 */
export interface Reporter {
  onElicitationStart?(progress: Readonly<ElicitationProgress>): void;
  onComparison?(comparison: Readonly<Comparison>, progress: Readonly<ElicitationProgress>): void;
  onElicitationEnd?(progress: Readonly<ElicitationProgress>): void;
  onCallNotice?(notice: Readonly<CallNotice>): void;
}

/** Fans one event out to many reporters. */
export function emit<K extends keyof Reporter>(reporters: readonly Reporter[], hook: K, ...args: Parameters<NonNullable<Reporter[K]>>): void {
  for (const reporter of reporters) {
    const fn = reporter[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(reporter, args);
  }
}
