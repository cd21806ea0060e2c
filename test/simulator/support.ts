/**
 * Shared pieces of the simulator, analysis and report tests: planted utility profiles, suites written to temporary
 * folders, synthetic run agents, and a digest of a run folder for byte-for-byte comparisons.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import type { LoadedCatalog } from '../../src/core/catalog.js';
import type { UtilityProfile } from '../../src/core/schemas/utility-profile.js';
import { runAgentOf, type RunAgent } from '../../src/simulator/run-suite.js';
import { deterministicLetterResponder } from '../helpers/elicit-cli.js';
import type { Responder } from '../helpers/openai-server.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The demo suite, relative to the repository root (the working directory of tests and of the spawned CLI). */
export const DEMO_SUITE = 'scenarios/suites/demo.yaml';
/** One fixed instance of a one-step, two-door scenario. */
export const TWO_DOORS_SUITE = 'test/simulator/fixtures/two-doors-suite.yaml';

/** A utility profile with planted mu (by outcome index) and one sigma for every outcome, over a catalog. */
export function plantedProfile(catalog: LoadedCatalog, mu: (index: number, id: string) => number, sigma = 0.5, name = 'planted'): UtilityProfile {
  const outcomes = catalog.catalog.outcomes;
  const utilities = outcomes.map((o, i) => ({ id: o.id, text: o.text, category: o.category, mu: mu(i, o.id), sigma, rank: 0, comparisons: 10 }));
  [...utilities].sort((x, y) => y.mu - x.mu).forEach((u, i) => (u.rank = i + 1));
  return {
    type: 'utility-profile',
    v: 1,
    source: 'imported',
    agent: { name, provider: 'synthetic', model: null, profileHash: null },
    catalog: { name: catalog.catalog.name, hash: catalog.hash, outcomes: outcomes.length },
    template: null,
    design: { strategy: 'imported', mode: 'imported', samplesPerOrder: null, budget: null, heldOutFraction: null, batches: 0, unparseable: 'exclude' },
    seeds: { design: 'planted' },
    counts: { pairs: 0, trainPairs: 0, heldOutPairs: 0, comparisons: 0, answered: 0, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 0 },
    fit: { method: 'planted', iterations: 0, converged: true, negLogLik: 0 },
    coherence: {
      heldOutAccuracy: null,
      heldOutLogLoss: null,
      heldOutPairs: 0,
      noiseCeiling: null,
      trainAccuracy: null,
      trainLogLoss: null,
      cycleRate: null,
      triads: 0,
      firstPositionRate: null,
      refusalRate: 0,
      unparseableRate: 0,
      failedRate: 0,
      splitHalf: null,
    },
    utilities,
    problemPairs: [],
  };
}

/**
 * Writes a suite file into `dir` (JSON is YAML) whose catalog and scenarios are absolute paths into the repository, and
 * returns its path. `scenarios` are file names under scenarios/worlds/ without `.yaml`.
 */
export function writeSuite(dir: string, fields: { name: string; scenarios: string[]; [key: string]: unknown }): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${fields.name}.yaml`);
  const suite = {
    catalog: join(ROOT, 'scenarios/outcomes/core.yaml'),
    seed: 1,
    ...fields,
    scenarios: fields.scenarios.map((s) => join(ROOT, 'scenarios/worlds', `${s}.yaml`)),
  };
  writeFileSync(file, JSON.stringify(suite, null, 2));
  return file;
}

/** A shipped synthetic agent (agents/NAME.yaml) ready for runSuite. */
export function syntheticRunAgent(name: string): RunAgent {
  const loaded = loadAgentProfile(join(ROOT, 'agents', `${name}.yaml`));
  return runAgentOf(loaded, createModelCaller(loaded, { env: {} }));
}

/** Every file under a folder, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** The sha256 of every file of a run folder but execution.json (the one file that is not reproducible), by relative path. */
export function folderDigest(dir: string, except: readonly string[] = ['execution.json']): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir)
      .filter((path) => !except.includes(path))
      .map((path) => [relative(dir, join(dir, path)), createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]),
  );
}

/** The lines of a JSONL file, parsed. */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * A model behind the fake server that answers forced choices like a random-utility agent and plays scenarios
 * sensibly: it calls one of the offered tools (chosen by a hash of the conversation, so the same request gets the same
 * answer) with every required argument filled: the first enum value, the largest allowed integer, or the first
 * ticket-like id (PR-2291, INC-7741) of the conversation for a string.
 */
export function sensibleResponder(): Responder {
  const letters = deterministicLetterResponder();
  return (request, index) => {
    const tools = (request.tools ?? []) as Array<{ function: { name: string; parameters?: { properties?: Record<string, { type?: string; enum?: string[]; maximum?: number }>; required?: string[] } } }>;
    if (tools.length === 0) return letters(request, index);
    const conversation = JSON.stringify(request.messages);
    const tool = (tools[createHash('sha256').update(conversation).digest().readUInt32BE(0) % tools.length] as (typeof tools)[number]).function;
    const id = /\b[A-Z]{2,}-\d+\b/.exec(conversation)?.[0] ?? 'n/a';
    const args: Record<string, unknown> = {};
    for (const name of tool.parameters?.required ?? []) {
      const schema = tool.parameters?.properties?.[name] ?? {};
      args[name] = schema.enum ? schema.enum[0] : schema.type === 'integer' || schema.type === 'number' ? (schema.maximum ?? 1) : schema.type === 'boolean' ? true : id;
    }
    return { toolCalls: [{ name: tool.name, arguments: JSON.stringify(args) }] };
  };
}
