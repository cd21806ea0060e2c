import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgentProfile, type LoadedAgentProfile } from '../agents/agent-profiles.js';
import { createModelCaller } from '../agents/create-model-caller.js';
import { ResponseCache } from '../agents/response-cache.js';
import { SaydoError, UsageError } from '../core/errors.js';
import type { ModelCaller, ModelCallStats } from '../core/model-call.js';
import { loadSuite, type LoadedSuite } from '../simulator/load-suite.js';
import { buildManifest, readManifest } from '../simulator/run-folder.js';
import { runAgentOf, runSuite, type RunAgent } from '../simulator/run-suite.js';
import { writeRunReportOffThread } from '../report/report-worker.js';
import { RunStore } from './run-store.js';

/** What the UI needs from the command line to run a suite: the environment (for API keys), versions and the cache. */
export interface RunServices {
  env: Readonly<Record<string, string | undefined>>;
  /** Versions recorded in the manifest. */
  versions: Record<string, string>;
  /** Response cache folder; null turns caching off. */
  cacheDir: string | null;
  /** Bootstrap replicates of the report written at the end. @default 1000 */
  bootstrap?: number;
}

/** Longest the engine may keep the thread before the screen gets a turn. */
const YIELD_EVERY_MS = 25;

/**
 * A caller that lets the event loop turn (timers, input, drawing) at least every YIELD_EVERY_MS before a call. Synthetic
 * agents answer without I/O, so without it a run would hold the thread until it ends and the screen would freeze.
 * Results do not change: every answer depends on its request and seeds, never on scheduling.
 */
export function yieldingCaller(caller: ModelCaller, clock: { last: number }): ModelCaller {
  return {
    name: caller.name,
    provider: caller.provider,
    supportsLogprobs: caller.supportsLogprobs,
    stats: () => caller.stats(),
    async call(request) {
      if (Date.now() - clock.last >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        clock.last = Date.now();
      }
      return caller.call(request);
    },
  };
}

/** A suite and agent profiles, read and checked, ready to run. */
export interface PreparedRun {
  suite: LoadedSuite;
  agents: LoadedAgentProfile[];
  /** The manifest fingerprint of this suite and these agents (a folder holding it continues). */
  fingerprint: string;
}

/** What is in a run folder, for this suite and agents. */
export type FolderStatus = 'new' | 'same-run' | 'other-run' | 'not-a-run';

/** Reads a suite and agent profile files; throws located input errors. */
export function prepareRun(suiteFile: string, agentFiles: readonly string[], versions: Record<string, string>): PreparedRun {
  const suite = loadSuite(suiteFile);
  const agents = agentFiles.map((file) => loadAgentProfile(file));
  const names = agents.map((a) => a.profile.name);
  if (names.length === 0) throw new UsageError('no agents chosen', { hint: 'choose at least one agent' });
  if (new Set(names).size !== names.length) throw new UsageError('two agent profiles share a name', { hint: 'agent names must be unique within a run' });
  const manifest = buildManifest(suite, agents.map((a) => ({ name: a.profile.name, file: a.file, hash: a.hash, profile: a.profile })), null, versions);
  return { suite, agents, fingerprint: manifest.fingerprint };
}

/** Whether a folder is free, holds this same run (it continues), another run, or other files. */
export function folderStatus(dir: string, fingerprint: string): FolderStatus {
  const manifest = readManifest(dir);
  if (manifest) return manifest.fingerprint === fingerprint && manifest.shard === null ? 'same-run' : 'other-run';
  if (existsSync(dir) && readdirSync(dir).length > 0) return 'not-a-run';
  return 'new';
}

/** The folder a new run goes to: runs/<suite> like `saydo run`, or runs/<suite>-2, -3, ... when that holds a different run. */
export function proposeRunDir(root: string, suiteName: string, fingerprint: string): { dir: string; status: FolderStatus; taken: string | null } {
  const first = join(root, 'runs', suiteName);
  const status = folderStatus(first, fingerprint);
  if (status === 'new' || status === 'same-run') return { dir: first, status, taken: null };
  for (let n = 2; ; n += 1) {
    const dir = join(root, 'runs', `${suiteName}-${n}`);
    const next = folderStatus(dir, fingerprint);
    if (next === 'new' || next === 'same-run') return { dir, status: next, taken: first };
  }
}

/**
 * One run of a suite started from the UI: builds the agents like `saydo run` does, runs the suite with the store as its
 * reporter and an AbortController for cancel, and writes the report at the end. The engine state stays here and in the
 * simulator; screens read only the store's snapshots.
 */
export class RunSession {
  readonly store: RunStore;
  /** Settles when the run, and its report, are over (never rejects). */
  readonly finished: Promise<void>;
  private readonly controller = new AbortController();
  private resolveFinished: () => void = () => {};
  private started = false;
  private callers: RunAgent[] = [];

  constructor(
    readonly prepared: PreparedRun,
    readonly runDir: string,
    private readonly services: RunServices,
  ) {
    const pricing: Record<string, { inputPerMTok: number; outputPerMTok: number }> = {};
    for (const agent of prepared.agents) if (agent.profile.provider === 'openai' && agent.profile.pricing) pricing[agent.profile.name] = agent.profile.pricing;
    this.store = new RunStore({ runDir, suite: prepared.suite.suite.name, agents: prepared.agents.map((a) => a.profile.name), pricing, stats: () => this.stats() });
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
  }

  private stats(): Record<string, ModelCallStats> {
    return Object.fromEntries(this.callers.map((agent) => [agent.name, agent.caller.stats()]));
  }

  /** Whether the run is still going (cancel can stop it). */
  get live(): boolean {
    const status = this.store.getSnapshot().status;
    return this.started && (status === 'starting' || status === 'running' || status === 'cancelling' || status === 'finishing' || status === 'reporting');
  }

  /** Whether cancel would stop work now (the run is going and was not cancelled yet). */
  get cancellable(): boolean {
    const status = this.store.getSnapshot().status;
    return this.started && !this.controller.signal.aborted && (status === 'starting' || status === 'running');
  }

  /** Starts the run; call once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.execute().finally(() => this.resolveFinished());
  }

  /** Stops starting new work; what is done is kept and the run can be resumed. */
  cancel(): void {
    if (this.controller.signal.aborted) return;
    this.store.markCancelling();
    this.controller.abort();
  }

  private async execute(): Promise<void> {
    const store = this.store;
    try {
      const cache = this.services.cacheDir ? new ResponseCache(this.services.cacheDir) : undefined;
      const clock = { last: Date.now() };
      this.callers = this.prepared.agents.map((loaded) =>
        runAgentOf(loaded, yieldingCaller(createModelCaller(loaded, { env: this.services.env, ...(cache ? { cache } : {}), onNotice: (notice) => store.onCallNotice(notice) }), clock)),
      );
      store.startPolling();
      const result = await runSuite({
        suite: this.prepared.suite,
        agents: this.callers,
        runDir: this.runDir,
        shard: null,
        signal: this.controller.signal,
        reporters: [store],
        versions: this.services.versions,
      });
      if (result.interrupted) {
        store.markCancelled();
        return;
      }
      store.markReporting();
      store.markDone(await writeRunReportOffThread(this.runDir, this.services.bootstrap ?? 1000));
    } catch (error) {
      store.markFailed(error instanceof SaydoError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }
}
