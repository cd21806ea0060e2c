import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadAgentProfile } from '../src/agents/agent-profiles.js';
import { createModelCaller } from '../src/agents/create-model-caller.js';
import type { Reporter } from '../src/core/events.js';
import { OpenAIAgentProfile } from '../src/core/schemas/agent-profile.js';
import { loadSuite } from '../src/simulator/load-suite.js';
import { runSuite } from '../src/simulator/run-suite.js';
import type { BenchResult } from './bench-result.js';

const SUITE = 'scenarios/suites/demo.yaml';

/** Elicits sim-coherent once into a folder, so the timed runs measure episodes only. */
async function prepareProfile(dir: string): Promise<void> {
  const agent = loadAgentProfile('agents/sim-coherent.yaml');
  await runSuite({
    suite: { ...loadSuite(SUITE), suite: { ...loadSuite(SUITE).suite, episodes: 1 } },
    agents: [{ name: agent.profile.name, file: agent.file, hash: agent.hash, profile: agent.profile, caller: createModelCaller(agent, { env: {} }) }],
    runDir: dir,
    versions: {},
  });
}

function childRun(profiles: string, out: string, episodes: number): { steps: number; episodes: number; seconds: number; maxRssMb: number } {
  const text = execFileSync(process.execPath, ['--import', 'tsx', 'bench/support/synthetic-run.ts', SUITE, profiles, out, String(episodes)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(text.trim().split('\n').pop() as string);
}

/** Synthetic agents end to end through the LangChain message path, logs written: steps per second on one core. */
export async function benchSyntheticSteps(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saydo-bench-'));
  try {
    await prepareProfile(join(dir, 'profile'));
    const run = childRun(join(dir, 'profile'), join(dir, 'run'), 12);
    const rate = run.steps / run.seconds;
    return {
      name: 'synthetic steps per second',
      figures: { steps: run.steps, episodes: run.episodes, seconds: Number(run.seconds.toFixed(2)), 'steps/s': Math.round(rate) },
      baseline: 'at least 5,000 steps per second on one core, end to end through the LangChain message path (issue 4)',
      pass: rate >= 5000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A run of 100,000 synthetic steps: peak resident memory of the process. */
export async function benchMemory100k(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saydo-bench-'));
  try {
    await prepareProfile(join(dir, 'profile'));
    const probe = childRun(join(dir, 'profile'), join(dir, 'probe'), 4);
    const episodes = Math.ceil((100_000 / Math.max(1, probe.steps)) * 4);
    const run = childRun(join(dir, 'profile'), join(dir, 'run'), episodes);
    return {
      name: 'memory of a 100,000-step run',
      figures: { steps: run.steps, episodes: run.episodes, seconds: Number(run.seconds.toFixed(1)), 'peak RSS MB': Math.round(run.maxRssMb) },
      baseline: 'a run of 100,000 steps stays under 500 MB of memory (issue 4)',
      pass: run.steps >= 100_000 && run.maxRssMb < 500,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the fake server in a child process and resolves with its URL. */
function startServerProcess(latencyMs: number): Promise<{ url: string; stop: () => Promise<number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/fake-server-process.ts', String(latencyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  lines.on('line', (line) => {
    queue.push(line);
    wake?.();
  });
  const nextLine = async () => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift() as string;
  };
  return nextLine().then((first) => ({
    url: (JSON.parse(first) as { url: string }).url,
    stop: async () => {
      child.kill('SIGTERM');
      return (JSON.parse(await nextLine()) as { chatCompletions: number }).chatCompletions;
    },
  }));
}

/**
 * Watches a run's episodes: how many are in flight, and when each model turn ended. The window "64 in flight" runs from
 * the moment the 64th episode starts to the start of the last episode; after that the run drains and fewer are in flight.
 */
class InFlightWatch implements Reporter {
  private inFlight = 0;
  windowStart: number | null = null;
  lastEpisodeStart = 0;
  readonly turnEnds: number[] = [];

  constructor(private readonly target: number) {}

  onEpisodeStart(): void {
    this.inFlight += 1;
    const now = performance.now();
    this.lastEpisodeStart = now;
    if (this.windowStart === null && this.inFlight >= this.target) this.windowStart = now;
  }

  onEpisodeEnd(): void {
    this.inFlight -= 1;
  }

  onTurn(): void {
    this.turnEnds.push(performance.now());
  }

  /** Model calls answered per second inside the window, or null when the run never had `target` episodes in flight. */
  windowRate(): { calls: number; seconds: number; rate: number } | null {
    if (this.windowStart === null || this.lastEpisodeStart <= this.windowStart) return null;
    const start = this.windowStart;
    const end = this.lastEpisodeStart;
    const calls = this.turnEnds.filter((t) => t > start && t <= end).length;
    const seconds = (end - start) / 1000;
    return { calls, seconds, rate: calls / seconds };
  }
}

/**
 * A remote model behind a local OpenAI-compatible server (its own process) answering in 200 ms, 64 episodes in flight:
 * the call rate while 64 episodes are in flight (the baseline), and over the whole run including its ramp and drain.
 */
export async function benchRemoteThroughput(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saydo-bench-'));
  const server = await startServerProcess(200);
  try {
    await prepareProfile(join(dir, 'profile'));
    const remote = OpenAIAgentProfile.parse({ name: 'sim-coherent', provider: 'openai', model: 'bench', baseURL: server.url, apiKeyEnv: 'BENCH_KEY', temperature: 0, logprobs: false, concurrency: 64, timeoutMs: 30_000, maxRetries: 2 });
    const loaded = { profile: remote, file: '(bench)', dir: process.cwd(), hash: 'bench' };
    const suite = loadSuite(SUITE);
    const caller = createModelCaller(loaded, { env: {} });
    const watch = new InFlightWatch(64);
    const started = performance.now();
    await runSuite({
      suite: { ...suite, suite: { ...suite.suite, episodes: 3 } },
      agents: [{ name: 'sim-coherent', file: '(bench)', hash: 'bench', profile: remote, caller }],
      runDir: join(dir, 'run'),
      profilesFrom: join(dir, 'profile'),
      concurrency: 64,
      reporters: [watch],
      versions: {},
    });
    const seconds = (performance.now() - started) / 1000;
    const calls = caller.stats().calls;
    const ideal = 64 / 0.2;
    const window = watch.windowRate();
    await server.stop();
    return {
      name: 'remote call rate at 64 episodes in flight',
      figures: {
        calls,
        seconds: Number(seconds.toFixed(2)),
        'calls/s, whole run': Math.round(calls / seconds),
        'calls/s, 64 in flight': window ? Math.round(window.rate) : '-',
        'seconds with 64 in flight': window ? Number(window.seconds.toFixed(2)) : '-',
        'ideal calls/s': ideal,
        'share of ideal, 64 in flight': window ? Number((window.rate / ideal).toFixed(3)) : '-',
        'share of ideal, whole run': Number((calls / seconds / ideal).toFixed(3)),
      },
      baseline: 'against a local server answering in 200 ms, 64 episodes in flight reach at least 85% of the ideal 320 calls/s (issue 4)',
      pass: window !== null && window.rate >= 0.85 * ideal,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
