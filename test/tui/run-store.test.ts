import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelCallStats } from '../../src/core/model-call.js';
import type { EpisodeEndEvent } from '../../src/core/schemas/episode-events.js';
import { phaseRate, RunStore } from '../../src/tui/run-store.js';

const idle: ModelCallStats = { calls: 0, cachedCalls: 0, retries: 0, failures: 0, rateLimited: 0, inFlight: 0, queued: 0, inputTokens: 0, outputTokens: 0 };

function episodeEnd(episode: string, status: EpisodeEndEvent['status'] = 'ended'): EpisodeEndEvent {
  return {
    type: 'episode-end',
    v: 1,
    episode,
    status,
    ending: null,
    outcome: status === 'error' ? null : 'a',
    outcomeId: null,
    score: null,
    steps: 3,
    turns: 3,
    invalidActions: 0,
    nudges: 0,
    tokens: { input: 10, output: 2 },
    failure: status === 'error' ? { kind: 'server', message: 'HTTP 500', status: 500, retryable: true } : null,
    commitment: null,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RunStore', () => {
  it('makes at most ten snapshots a second however many events arrive', () => {
    vi.useFakeTimers({ now: 0 });
    const store = new RunStore({ runDir: 'runs/x', suite: 'x', agents: ['sim'] });
    let snapshots = 0;
    store.subscribe(() => (snapshots += 1));
    store.onEpisodesStart({ agent: 'sim', planned: 100_000, done: 0, reused: 0, errors: 0, steps: 0, inputTokens: 0, outputTokens: 0 });
    // 100,000 episode ends over ten seconds: one every 0.1 ms.
    for (let i = 1; i <= 100_000; i += 1) {
      store.onEpisodeEnd(episodeEnd(`e${i}`), { agent: 'sim', planned: 100_000, done: i, reused: 0, errors: 0, steps: 3 * i, inputTokens: 10 * i, outputTokens: 2 * i });
      if (i % 10 === 0) vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(snapshots).toBeGreaterThanOrEqual(95);
    expect(snapshots).toBeLessThanOrEqual(101);
    expect(store.getSnapshot().agents[0]?.episodes).toEqual({ planned: 100_000, done: 100_000, reused: 0, failed: 0, steps: 300_000, startedAt: 0, endedAt: 9_999 });
    store.dispose();
  });

  it('aggregates events and polled counters into a frozen snapshot, with errors, retries and cost', () => {
    vi.useFakeTimers({ now: 1_000 });
    let stats: Record<string, ModelCallStats> = { gpt: idle, sim: idle };
    const store = new RunStore({ runDir: 'runs/x', suite: 'x', agents: ['gpt', 'sim'], pricing: { gpt: { inputPerMTok: 1, outputPerMTok: 4 } }, stats: () => stats });
    store.startPolling();
    store.onRunStart({ runDir: 'runs/x', suite: 'x', agents: ['gpt', 'sim'] });
    store.onElicitationStart({ agent: 'gpt', planned: 10, done: 4, reused: 4, failed: 0 });
    vi.advanceTimersByTime(2_000);
    store.onElicitationEnd({ agent: 'gpt', planned: 10, done: 10, reused: 4, failed: 1 });
    store.onEpisodesStart({ agent: 'gpt', planned: 2, done: 0, reused: 0, errors: 0, steps: 0, inputTokens: 0, outputTokens: 0 });
    store.onCallNotice({ type: 'retry', agent: 'gpt', attempt: 2, delayMs: 1500, failure: { kind: 'rate-limit', message: 'slow down', status: 429, retryable: true } });
    store.onEpisodeEnd(episodeEnd('gpt-1', 'error'), { agent: 'gpt', planned: 2, done: 1, reused: 0, errors: 1, steps: 3, inputTokens: 10, outputTokens: 2 });
    stats = { gpt: { ...idle, calls: 12, retries: 1, inFlight: 1, inputTokens: 500_000, outputTokens: 100_000 }, sim: idle };
    vi.advanceTimersByTime(150);
    const snapshot = store.getSnapshot();
    expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.agents) && Object.isFrozen(snapshot.agents[0])).toBe(true);
    expect({ ...snapshot, seq: 0 }).toEqual({
      seq: 0,
      status: 'running',
      runDir: 'runs/x',
      suite: 'x',
      agents: [
        {
          name: 'gpt',
          phase: 'episodes',
          elicitation: { planned: 10, done: 10, reused: 4, failed: 1, startedAt: 1_000, endedAt: 3_000 },
          episodes: { planned: 2, done: 1, reused: 0, failed: 1, steps: 3, startedAt: 3_000, endedAt: null },
          calls: { ...idle, calls: 12, retries: 1, inFlight: 1, inputTokens: 500_000, outputTokens: 100_000 },
          retryNotices: 1,
          rateLimitWaits: 0,
          lastNotice: 'retry 2 in 1.5s after rate-limit 429',
          cost: 0.9,
        },
        { name: 'sim', phase: 'waiting', elicitation: null, episodes: null, calls: idle, retryNotices: 0, rateLimitWaits: 0, lastNotice: null, cost: null },
      ],
      errors: [{ agent: 'gpt', message: 'episode gpt-1 failed: server: HTTP 500' }],
      errorCount: 1,
      startedAt: 1_000,
      now: 3_101,
      endedAt: null,
      budgetReached: false,
      reportFiles: [],
      fatal: null,
      notice: { agent: 'gpt', text: 'retry 2 in 1.5s after rate-limit 429' },
      totals: { inputTokens: 500_000, outputTokens: 100_000, cost: 0.9, inFlight: 1, queued: 0, retries: 1, rateLimited: 0, failures: 0 },
    });
    store.markReporting();
    store.markDone(['runs/x/metrics.json']);
    vi.advanceTimersByTime(150);
    expect([store.getSnapshot().status, store.getSnapshot().reportFiles, store.getSnapshot().endedAt]).toEqual(["done", ["runs/x/metrics.json"], 3_150]);
    store.dispose();
  });

  it('refreshes a live run at least once a second so its clock moves, and not after it ended', () => {
    vi.useFakeTimers({ now: 0 });
    const store = new RunStore({ runDir: 'runs/x', suite: 'x', agents: ['sim'], stats: () => ({ sim: idle }) });
    store.startPolling();
    let snapshots = 0;
    store.subscribe(() => (snapshots += 1));
    vi.advanceTimersByTime(5_050);
    expect(snapshots).toBeGreaterThanOrEqual(5);
    expect(snapshots).toBeLessThanOrEqual(6);
    store.markCancelled();
    vi.advanceTimersByTime(200);
    const after = snapshots;
    vi.advanceTimersByTime(5_000);
    expect(snapshots).toBe(after);
    store.dispose();
  });
});

describe('phaseRate', () => {
  it('counts only work done now in the rate, and gives the time left', () => {
    expect(phaseRate({ planned: 100, done: 60, reused: 20, failed: 0, startedAt: 0, endedAt: null }, 10_000)).toEqual({ fraction: 0.6, perSecond: 4, etaMs: 10_000 });
    expect(phaseRate({ planned: 100, done: 20, reused: 20, failed: 0, startedAt: 0, endedAt: null }, 10_000)).toEqual({ fraction: 0.2, perSecond: 0, etaMs: null });
    expect(phaseRate({ planned: 5, done: 5, reused: 0, failed: 0, startedAt: 0, endedAt: 2_000 }, 10_000)).toEqual({ fraction: 1, perSecond: 2.5, etaMs: 0 });
  });
});
