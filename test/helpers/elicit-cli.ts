/**
 * Shared pieces of the `saydo elicit` CLI tests: temporary folders, agent profiles pointed at the fake
 * OpenAI server, a responder that answers deterministically per request, and readers of the run folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { Comparison } from '../../src/core/schemas/comparison.js';
import { type ChatCompletionRequest, type FakeOpenAIServer, type FakeOpenAIServerOptions, type Responder, startFakeOpenAIServer } from './openai-server.js';
import { cliEnv, killAll } from './run-cli.js';

/** A 12-outcome catalog: every one of its 66 pairs is asked, in both orders. */
export const SMALL_CATALOG = 'test/fixtures/catalogs/small.yaml';
export const SMALL_PAIRS = 66;

/** A temporary directory that hands out fresh, numbered folder paths (not created) and is removed by `remove`. */
export function tempFolders(prefix: string): { folder(name: string): string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let count = 0;
  return {
    folder(name) {
      count += 1;
      return join(root, `${count}-${name}`);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes an `openai` agent profile pointed at a server into `dir` (JSON is valid YAML) and returns its path. */
export function writeOpenAIProfile(dir: string, server: FakeOpenAIServer, fields: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fake-openai.yaml');
  const profile = { name: 'fake-openai', provider: 'openai', model: 'test-model', baseURL: server.url, apiKeyEnv: 'SAYDO_TEST_KEY', logprobs: false, concurrency: 4, timeoutMs: 5000 };
  writeFileSync(file, JSON.stringify({ ...profile, ...fields }, null, 2));
  return file;
}

/** What a test file of `saydo elicit` against the fake server needs; its hooks are registered by `elicitServerTests`. */
export interface ElicitServerTests {
  /** A fresh folder path under the file's temporary directory. */
  folder(name: string): string;
  /** Starts a fake OpenAI server (deterministic letters unless told otherwise), closed after each test. */
  start(options?: Partial<FakeOpenAIServerOptions>): Promise<FakeOpenAIServer>;
  /** Writes an `openai` profile pointed at the server into a fresh folder and returns its path. */
  openaiProfile(server: FakeOpenAIServer, fields?: Record<string, unknown>): string;
  /** The CLI's environment with the profile's key variable set. */
  keyEnv(): NodeJS.ProcessEnv;
}

/**
 * Registers, in the calling test file, the clean-up of spawned CLIs and servers after each test and of the temporary
 * directory after all, and returns the helpers that use them.
 */
export function elicitServerTests(prefix: string): ElicitServerTests {
  const temp = tempFolders(prefix);
  const servers: FakeOpenAIServer[] = [];
  afterEach(async () => {
    killAll();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(temp.remove);
  return {
    folder: temp.folder,
    async start(options = {}) {
      const server = await startFakeOpenAIServer({ responder: deterministicLetterResponder(), ...options });
      servers.push(server);
      return server;
    },
    openaiProfile: (server, fields = {}) => writeOpenAIProfile(temp.folder('agent'), server, fields),
    keyEnv: () => cliEnv({ SAYDO_TEST_KEY: 'sk-test' }),
  };
}

function uniform(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/** The two outcome texts a forced-choice request shows, as Option A and Option B. */
export function shownOptions(request: ChatCompletionRequest): [string, string] {
  const user = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  const match = /Option A:\n(.*)\n\nOption B:\n(.*)\n/.exec(user);
  if (!match) throw new Error(`not a forced-choice question: ${user}`);
  return [match[1] as string, match[2] as string];
}

/**
 * A model with planted utilities (a hash of the outcome text) that answers like a random-utility agent,
 * deterministically per request content, so an interrupted and an uninterrupted run get the same answers.
 * The wire request carries no sample index (the K samples of one order are identical requests), so the
 * messages alone decide the letter; the answer never depends on arrival order.
 */
export function deterministicLetterResponder(): Responder {
  return (request) => {
    const [a, b] = shownOptions(request);
    const z = (4 * (uniform(a) - uniform(b))) / 0.7;
    const pA = 1 / (1 + Math.exp(-1.7 * z));
    return { content: uniform(JSON.stringify(request.messages)) < pA ? 'A' : 'B' };
  };
}

/** The records of a run folder's comparisons.jsonl, validated. */
export function readComparisons(out: string): Comparison[] {
  return readFileSync(join(out, 'comparisons.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Comparison.parse(JSON.parse(line)));
}

/** Records of comparisons.jsonl that a rerun keeps: whole lines that are not failures (a line torn by a kill is not). */
export function keptRecords(out: string): number {
  const path = join(out, 'comparisons.jsonl');
  if (!existsSync(path)) return 0;
  let kept = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      if (Comparison.parse(JSON.parse(line)).status !== 'failed') kept += 1;
    } catch {
      // a torn or empty line
    }
  }
  return kept;
}

/** Complete lines in a file, 0 when it does not exist. */
export function lineCount(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/** Polls until `condition` holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile());
}
