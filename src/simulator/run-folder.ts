import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SaydoError } from '../core/errors.js';
import { writeJsonFile } from '../core/files.js';
import { contentHash } from '../core/hash.js';
import type { AgentProfile } from '../core/schemas/agent-profile.js';
import type { LoadedSuite } from './load-suite.js';

/** The manifest of a run folder: config, versions, seeds and content hashes; never a secret. */
export interface RunManifest {
  type: 'run-manifest';
  v: 1;
  fingerprint: string;
  suite: { file: string; name: string; hash: string; seed: string | number };
  catalog: { file: string; name: string; hash: string };
  scenarios: Array<{ id: string; file: string; hash: string }>;
  agents: Array<{ name: string; file: string; hash: string; profile: AgentProfile }>;
  shard: { index: number; count: number } | null;
  versions: Record<string, string>;
}

/** Paths inside a run folder. */
export function runPaths(runDir: string) {
  return {
    manifest: join(runDir, 'manifest.json'),
    execution: join(runDir, 'execution.json'),
    agentDir: (agent: string) => join(runDir, 'agents', agent),
    profile: (agent: string) => join(runDir, 'agents', agent, 'profile.json'),
    comparisons: (agent: string) => join(runDir, 'agents', agent, 'comparisons.jsonl'),
    events: (agent: string) => join(runDir, 'agents', agent, 'events.jsonl'),
  };
}

/** Builds the manifest of a run. */
export function buildManifest(
  suite: LoadedSuite,
  agents: ReadonlyArray<{ name: string; file: string; hash: string; profile: AgentProfile }>,
  shard: RunManifest['shard'],
  versions: Record<string, string>,
): RunManifest {
  const body = {
    suite: { file: suite.file, name: suite.suite.name, hash: suite.hash, seed: suite.suite.seed },
    catalog: { file: suite.catalog.file, name: suite.catalog.catalog.name, hash: suite.catalog.hash },
    scenarios: suite.scenarios.map((s) => ({ id: s.scenario.id, file: s.file, hash: s.hash })),
    agents: agents.map((a) => ({ name: a.name, file: a.file, hash: a.hash, profile: a.profile })),
  };
  return { type: 'run-manifest', v: 1, fingerprint: contentHash({ suite: suite.hash, agents: agents.map((a) => a.hash) }), ...body, shard, versions };
}

/** Reads the manifest of a run folder, or undefined when there is none. */
export function readManifest(runDir: string): RunManifest | undefined {
  const path = runPaths(runDir).manifest;
  if (!existsSync(path)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
    return manifest.type === 'run-manifest' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Creates a run folder, or checks that an existing one holds this same run (same suite, agents and shard) so it can continue. */
export function openRunFolder(runDir: string, manifest: RunManifest): { resumed: boolean } {
  removeLeftovers(runDir);
  const existing = readManifest(runDir);
  if (existing) {
    const sameShard = JSON.stringify(existing.shard) === JSON.stringify(manifest.shard);
    if (existing.fingerprint !== manifest.fingerprint || !sameShard) {
      throw new SaydoError('E_RUN_MISMATCH', `${runDir} holds a different run (other suite, scenarios, agents or shard)`, {
        hint: 'pass another --out folder to start a new run, or the same arguments to continue this one',
      });
    }
    writeJsonFile(runPaths(runDir).manifest, manifest);
    return { resumed: true };
  }
  if (existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new SaydoError('E_RUN_MISMATCH', `${runDir} exists and is not a run folder`, { hint: 'pass an empty or new --out folder' });
  }
  mkdirSync(runDir, { recursive: true });
  writeJsonFile(runPaths(runDir).manifest, manifest);
  return { resumed: false };
}

/** Whether a process is running (signal 0 tests for existence without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files (`NAME.PID.tmp`) of atomic writes that a killed process left in a run folder and its agent folders. */
function removeLeftovers(runDir: string): void {
  if (!existsSync(runDir)) return;
  const agents = join(runDir, 'agents');
  const dirs = [runDir, ...(existsSync(agents) ? readdirSync(agents).map((name) => join(agents, name)) : [])];
  for (const dir of dirs) {
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir)) {
      const pid = /\.(\d+)\.tmp$/.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) rmSync(join(dir, name), { force: true });
    }
  }
}
