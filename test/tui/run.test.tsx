import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCallStats } from '../../src/core/model-call.js';
import { prepareRun, RunSession } from '../../src/tui/run-session.js';
import { RunStore } from '../../src/tui/run-store.js';
import { Run } from '../../src/tui/screens/Run.js';
import { KEY, makeProject, press, renderAt, waitForFrame, waitForText } from './helpers.js';

const idle: ModelCallStats = { calls: 0, cachedCalls: 0, retries: 0, failures: 0, rateLimited: 0, inFlight: 0, queued: 0, inputTokens: 0, outputTokens: 0 };

/** A store driven by hand on a clock that moves only when told, so frames are exact. */
function scriptedRun() {
  const clock = { now: 0 };
  let stats: Record<string, ModelCallStats> = { 'gpt-4o-mini': idle, 'sim-coherent': idle };
  const store = new RunStore({
    runDir: 'runs/demo',
    suite: 'demo',
    agents: ['gpt-4o-mini', 'sim-coherent'],
    pricing: { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
    stats: () => stats,
    intervalMs: 1,
    now: () => clock.now,
  });
  const calls = { cancel: 0, back: 0, results: [] as string[] };
  const session = {
    store,
    cancel() {
      calls.cancel += 1;
      store.markCancelling();
    },
  };
  return { clock, store, session, calls, setStats: (next: typeof stats) => (stats = next) };
}

describe('Run screen', () => {
  it('shows each agent and phase with bars, rates, ETAs, calls, tokens, cost and errors; c cancels', async () => {
    const run = scriptedRun();
    const { store, clock } = run;
    const ui = renderAt(<Run session={run.session} onBack={() => (run.calls.back += 1)} onOpenResults={(dir) => run.calls.results.push(dir)} />);
    store.onRunStart({ runDir: 'runs/demo', suite: 'demo', agents: ['gpt-4o-mini', 'sim-coherent'] });
    store.onElicitationStart({ agent: 'gpt-4o-mini', planned: 400, done: 100, reused: 100, failed: 0 });
    store.onElicitationStart({ agent: 'sim-coherent', planned: 400, done: 0, reused: 0, failed: 0 });
    clock.now = 20_000;
    store.onComparison({ status: 'answered' } as never, { agent: 'gpt-4o-mini', planned: 400, done: 300, reused: 100, failed: 0 });
    store.onElicitationEnd({ agent: 'sim-coherent', planned: 400, done: 400, reused: 0, failed: 0 });
    store.onEpisodesStart({ agent: 'sim-coherent', planned: 120, done: 0, reused: 0, errors: 0, steps: 0, inputTokens: 0, outputTokens: 0 });
    clock.now = 50_000;
    store.onEpisodeEnd({ episode: 'sim-7', status: 'error', failure: { kind: 'server', message: 'HTTP 500', retryable: true } } as never, { agent: 'sim-coherent', planned: 120, done: 30, reused: 0, errors: 1, steps: 240, inputTokens: 0, outputTokens: 0 });
    store.onCallNotice({ type: 'rate-limit', agent: 'gpt-4o-mini', waitMs: 2000, limit: 4 });
    run.setStats({ 'gpt-4o-mini': { ...idle, calls: 310, retries: 2, rateLimited: 1, inFlight: 4, queued: 12, inputTokens: 1_200_000, outputTokens: 40_000 }, 'sim-coherent': { ...idle, calls: 700, inFlight: 1, inputTokens: 90_000, outputTokens: 3_000 } });
    store.startPolling();
    const frame = await waitForText(ui, '$0.2040');
    expect(frame).toMatchInlineSnapshot(`
      "saydo · run demo → runs/demo                                         running 50s
      tokens 1.29M/43.0k in/out · $0.2040 · 5 in flight, 12 queued · 2 retries · 1 ra…
      ── 2 agent(s) ──────────────────────────────────────────────────────────────────
      gpt-4o-mini  eliciting · 4 in flight, 12 queued · 2 retries · 1 waits · 1.24M t…
        comparisons ████████████░░░░     300/400    4.0/s ETA 25s   100 kept
        episodes    after elicitation
      sim-coherent  episodes · 1 in flight · 0 retries · 0 waits · 93.0k tok
        comparisons ████████████████     400/400   20.0/s done
        episodes    ████░░░░░░░░░░░░      30/120    1.0/s ETA 1m30s 240 steps 1 failed









      latest: gpt-4o-mini: rate limited: waiting 2.0s, 4 calls at once
      errors: 1
        sim-coherent: episode sim-7 failed: server: HTTP 500
      Running. c cancels (finished work is kept; resume it from Home).
      c cancel · ↑↓ agents · ? help"
    `);
    await press(ui, 'q');
    expect(await waitForText(ui, 'The run is going')).toContain('The run is going: c cancels it first (finished work is kept).');
    await press(ui, 'c');
    expect(run.calls.cancel).toBe(1);
    expect(await waitForText(ui, 'Cancelling')).toContain('Cancelling: waiting for the calls in flight to stop…');
    store.dispose();
    ui.unmount();
  });

  it('offers the results when the run is done, and goes back with q', async () => {
    const run = scriptedRun();
    const { store, clock } = run;
    const ui = renderAt(<Run session={run.session} onBack={() => (run.calls.back += 1)} onOpenResults={(dir) => run.calls.results.push(dir)} />, { columns: 100, rows: 20 });
    store.onRunStart({ runDir: 'runs/demo', suite: 'demo', agents: ['gpt-4o-mini', 'sim-coherent'] });
    for (const agent of ['gpt-4o-mini', 'sim-coherent']) {
      store.onElicitationStart({ agent, planned: 40, done: 0, reused: 0, failed: 0 });
      clock.now += 4_000;
      store.onElicitationEnd({ agent, planned: 40, done: 40, reused: 0, failed: 0 });
      store.onEpisodesStart({ agent, planned: 6, done: 0, reused: 0, errors: 0, steps: 0, inputTokens: 0, outputTokens: 0 });
      clock.now += 3_000;
      store.onEpisodeEnd({ episode: `${agent}-6`, status: 'ended' } as never, { agent, planned: 6, done: 6, reused: 0, errors: 0, steps: 40, inputTokens: 0, outputTokens: 0 });
    }
    store.onRunEnd({ runDir: 'runs/demo', interrupted: false, budgetReached: false, agents: [] });
    store.markReporting();
    clock.now += 1_000;
    store.markDone(['runs/demo/metrics.json', 'runs/demo/report.md', 'runs/demo/report.html']);
    const frame = await waitForText(ui, 'Enter opens the results');
    expect(frame).toMatchInlineSnapshot(`
      "saydo · run demo → runs/demo                                                                done 15s
      tokens 0/0 in/out · $0.0000 · 0 in flight, 0 queued · 0 retries · 0 rate-limit waits
      ── 2 agent(s) ──────────────────────────────────────────────────────────────────────────────────────
      gpt-4o-mini  done · 0 in flight · 0 retries · 0 waits · 0 tok · $0.0000
        comparisons ████████████████████████████████████       40/40   10.0/s done
        episodes    ████████████████████████████████████         6/6    2.0/s done      40 steps
      sim-coherent  done · 0 in flight · 0 retries · 0 waits · 0 tok
        comparisons ████████████████████████████████████       40/40   10.0/s done
        episodes    ████████████████████████████████████         6/6    2.0/s done      40 steps






      Done. Wrote metrics.json, report.md, report.html. Enter opens the results.


      enter results · q home · ? help"
    `);
    await press(ui, KEY.enter);
    expect(run.calls.results).toEqual(['runs/demo']);
    await press(ui, KEY.escape);
    expect(run.calls.back).toBe(1);
    store.dispose();
    ui.unmount();
  });
});

describe('RunSession', () => {
  const project = makeProject();
  const cwd = process.cwd();
  beforeAll(() => process.chdir(project.root));
  afterAll(() => {
    process.chdir(cwd);
    project.remove();
  });

  it('runs a suite on synthetic agents in-process, writes the report, and the Run screen follows it to the end', async () => {
    const prepared = prepareRun('scenarios/suites/tiny.yaml', ['agents/sim-coherent.yaml', 'agents/sim-gap.yaml'], { saydo: 'test' });
    const session = new RunSession(prepared, 'runs/tiny', { env: {}, versions: { saydo: 'test' }, cacheDir: null, bootstrap: 200 });
    const ui = renderAt(<Run session={session} onBack={() => {}} onOpenResults={() => {}} />);
    session.start();
    const frame = await waitForFrame(ui, (f) => f.includes('Enter opens the results') || f.includes('The run stopped'), 60_000);
    await session.finished;
    expect(frame).toContain('Done. Wrote metrics.json, report.md, report.html. Enter opens the results.');
    expect(frame.split('\n').slice(3, 9).map((line) => line.replace(/\d[\d.,]*(k|M|s|\/s|\/min)?/g, '#').replace(/ +/g, ' '))).toMatchInlineSnapshot(`
      [
        "sim-coherent done · # in flight · # retries · # waits · # tok",
        " comparisons ████████████████ #/# # done",
        " episodes ████████████████ #/# # done # steps",
        "sim-gap done · # in flight · # retries · # waits · # tok",
        " comparisons ████████████████ #/# # done",
        " episodes ████████████████ #/# # done # steps",
      ]
    `);
    expect(['manifest.json', 'metrics.json', 'report.md', 'report.html', 'agents/sim-gap/events.jsonl'].filter((f) => !existsSync(join('runs/tiny', f)))).toEqual([]);
    ui.unmount();
  }, 90_000);

  it('cancels a run: what is done is kept and the folder continues later', async () => {
    const prepared = prepareRun('scenarios/suites/tiny.yaml', ['agents/sim-coherent.yaml'], { saydo: 'test' });
    const session = new RunSession(prepared, 'runs/tiny-cancelled', { env: {}, versions: { saydo: 'test' }, cacheDir: null, bootstrap: 200 });
    session.start();
    session.cancel();
    await session.finished;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect([session.store.getSnapshot().status, session.live, existsSync('runs/tiny-cancelled/manifest.json')]).toEqual(['cancelled', false, true]);
  });
});
