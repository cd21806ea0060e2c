import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgentProfile } from '../agents/agent-profiles.js';
import { RunMetrics } from '../analysis/metric-types.js';
import { SaydoError } from '../core/errors.js';
import { loadYamlFile } from '../core/yaml-file.js';
import { readManifest, runPaths, type RunManifest } from '../simulator/run-folder.js';
import { SuiteSpec } from '../simulator/suite-schema.js';
import type { ScenarioCheck } from '../world/load-scenario.js';

/** A suite file of the project. */
export interface SuiteEntry {
  file: string;
  name: string;
  description: string;
  /** Scenarios, filling and episodes in a few words. */
  summary: string;
  /** Why the file could not be read. */
  error?: string;
}

/** An agent profile of the project. */
export interface AgentEntry {
  file: string;
  name: string;
  /** `synthetic`, or the model of an OpenAI-compatible profile. */
  kind: string;
  description: string;
  error?: string;
}

/** How far a run folder got. */
export type RunState = 'complete' | 'failures' | 'partial' | 'unfinished';

/** A run folder of the project. */
export interface RunEntry {
  dir: string;
  name: string;
  manifest: RunManifest;
  state: RunState;
  /** Calls that failed in the last invocation (a rerun retries the episodes and comparisons they broke). */
  failedCalls: number;
  /** metrics.json exists. */
  metrics: boolean;
}

/** What the Home screen lists: the suites, scenarios, agent profiles, catalogs and runs under a project folder. */
export interface Project {
  root: string;
  suites: SuiteEntry[];
  scenarios: string[];
  agents: AgentEntry[];
  catalogs: string[];
  runs: RunEntry[];
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

function firstLine(error: unknown): string {
  const text = error instanceof SaydoError ? error.describe() : error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? '';
}

/** Reads the suites of `scenarios/suites` (the suite file only, not the scenarios it names). */
export function listSuites(root: string): SuiteEntry[] {
  return yamlFiles(join(root, 'scenarios', 'suites')).map((file) => {
    try {
      const suite = loadYamlFile(file, SuiteSpec).value;
      const filling = suite.filling.strategy === 'fixed' ? `${suite.filling.fills.length} fixed fills` : `${suite.filling.strategy} ${suite.filling.pairs} pairs`;
      const scenarios = `${suite.scenarios.length} scenario${suite.scenarios.length === 1 ? '' : 's'}`;
      return { file, name: suite.name, description: suite.description ?? '', summary: `${scenarios}, ${filling}, ${suite.episodes} episode${suite.episodes === 1 ? '' : 's'} each` };
    } catch (error) {
      return { file, name: file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, ''), description: '', summary: '', error: firstLine(error) };
    }
  });
}

/** Reads the agent profiles of `agents/`. */
export function listAgents(root: string): AgentEntry[] {
  return yamlFiles(join(root, 'agents')).map((file) => {
    try {
      const { profile } = loadAgentProfile(file);
      return { file, name: profile.name, kind: profile.provider === 'openai' ? `openai ${profile.model}` : 'synthetic', description: profile.description ?? '' };
    } catch (error) {
      return { file, name: file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, ''), kind: '?', description: '', error: firstLine(error) };
    }
  });
}

/** The scenario files of `scenarios/worlds`. */
export function listScenarioFiles(root: string): string[] {
  return yamlFiles(join(root, 'scenarios', 'worlds'));
}

/** The outcome catalogs of `scenarios/outcomes`. */
export function listCatalogs(root: string): string[] {
  return yamlFiles(join(root, 'scenarios', 'outcomes'));
}

/** Reads the state of a run folder from its manifest and execution.json, without reading its logs; undefined when it is not a run. */
export function readRun(dir: string): RunEntry | undefined {
  const manifest = readManifest(dir);
  if (!manifest) return undefined;
  const paths = runPaths(dir);
  let state: RunState = 'unfinished';
  let failedCalls = 0;
  if (existsSync(paths.execution)) {
    try {
      const execution = JSON.parse(readFileSync(paths.execution, 'utf8')) as { interrupted?: boolean; budgetReached?: boolean; agents?: Array<{ failures?: number }> };
      failedCalls = (execution.agents ?? []).reduce((sum, agent) => sum + (agent.failures ?? 0), 0);
      state = execution.interrupted || execution.budgetReached ? 'partial' : failedCalls > 0 ? 'failures' : 'complete';
    } catch {
      state = 'unfinished';
    }
  }
  return { dir, name: dir.replace(/^.*[\\/]/, ''), manifest, state, failedCalls, metrics: existsSync(join(dir, 'metrics.json')) };
}

/** The run folders under `runs/`, by name. */
export function listRuns(root: string): RunEntry[] {
  const dir = join(root, 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory())
    .map(readRun)
    .filter((run): run is RunEntry => run !== undefined);
}

/** Everything the Home screen lists. */
export function scanProject(root: string): Project {
  return { root, suites: listSuites(root), scenarios: listScenarioFiles(root), agents: listAgents(root), catalogs: listCatalogs(root), runs: listRuns(root) };
}

/** A run's state in words. */
export function describeRunState(run: RunEntry): string {
  const shard = run.manifest.shard ? `shard ${run.manifest.shard.index}/${run.manifest.shard.count}, ` : '';
  const state =
    run.state === 'complete'
      ? 'complete'
      : run.state === 'failures'
        ? `complete, ${run.failedCalls} failed call${run.failedCalls === 1 ? '' : 's'} (resumable)`
        : run.state === 'partial'
          ? 'partial (resumable)'
          : 'stopped early (resumable)';
  return `${shard}${state}, ${run.metrics ? 'metrics' : 'no metrics'}`;
}

/** Whether resuming the run can add anything. */
export function isResumable(run: RunEntry): boolean {
  return run.state !== 'complete';
}

/** The metrics of a run, when metrics.json exists and reads as this version. */
export function readRunMetrics(dir: string): RunMetrics | undefined {
  const file = join(dir, 'metrics.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed = RunMetrics.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A scenario's check in a few words: ok (with warnings) or its error count. */
export function checkStatus(check: ScenarioCheck | undefined): { text: string; tone: 'ok' | 'warn' | 'error' | 'muted' } {
  if (!check) return { text: 'checking…', tone: 'muted' };
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const warnings = check.problems.length - errors;
  if (errors > 0) return { text: `${errors} error${errors === 1 ? '' : 's'}`, tone: 'error' };
  if (warnings > 0) return { text: `ok, ${warnings} warning${warnings === 1 ? '' : 's'}`, tone: 'warn' };
  return { text: 'ok', tone: 'ok' };
}
