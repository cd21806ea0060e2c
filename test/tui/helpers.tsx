/**
 * Shared pieces of the terminal UI tests: rendering at a terminal size (80x24 by default) with ink-testing-library,
 * pressing keys, waiting for a frame, and a temporary project folder (suites, scenarios, a catalog, agents, runs).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReactElement } from 'react';
import { render } from 'ink-testing-library';
import { loadAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import { writeRunReport } from '../../src/report/write-report.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Key sequences as a terminal sends them. */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  space: ' ',
  ctrlC: '\x03',
} as const;

type Rendered = ReturnType<typeof render>;

/** Gives the test stdout a size and tells Ink it was resized (ink-testing-library's stdout is 100 columns, no rows). */
export function resize(rendered: Rendered, size: { columns: number; rows: number }): void {
  Object.defineProperty(rendered.stdout, 'columns', { value: size.columns, configurable: true });
  Object.defineProperty(rendered.stdout, 'rows', { value: size.rows, configurable: true });
  rendered.stdout.emit('resize');
}

/** Renders a tree in a terminal of the given size. */
export function renderAt(tree: ReactElement, size = { columns: 80, rows: 24 }): Rendered {
  const rendered = render(tree);
  resize(rendered, size);
  return rendered;
}

/** The latest frame. */
export function frameOf(rendered: Rendered): string {
  return rendered.lastFrame() ?? '';
}

/** Waits (polling every 10 ms, at most `timeoutMs`) until the frame satisfies `test`, and returns it. */
export async function waitForFrame(rendered: Rendered, test: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = frameOf(rendered);
    if (test(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the frame; the last one was:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the frame contains `text` and no other frame follows for a moment, and returns the frame then. */
export async function waitForText(rendered: Rendered, text: string, timeoutMs?: number): Promise<string> {
  await waitForFrame(rendered, (frame) => frame.includes(text), timeoutMs);
  await settle(rendered, 300, true);
  return waitForFrame(rendered, (frame) => frame.includes(text), timeoutMs);
}

/** Settles after input: until a frame is drawn (or, with `quietOnly`, at once) and no more follow for 20 ms (at most `maxMs`). */
export async function settle(rendered: Rendered, maxMs = 300, quietOnly = false): Promise<void> {
  const deadline = Date.now() + maxMs;
  let count = rendered.frames.length;
  let quietSince = Date.now();
  let drawn = quietOnly;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (rendered.frames.length !== count) {
      count = rendered.frames.length;
      quietSince = Date.now();
      drawn = true;
    } else if (drawn && Date.now() - quietSince >= 20) {
      return;
    }
  }
}

/** Presses keys one at a time, letting Ink read each and draw what it changes. */
export async function press(rendered: Rendered, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    rendered.stdin.write(key);
    await settle(rendered);
  }
}

/** A temporary project folder with a tiny suite, a broken one, two scenarios (one broken), the core catalog and two synthetic agents. */
export function makeProject(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'saydo-tui-'));
  mkdirSync(join(root, 'scenarios', 'suites'), { recursive: true });
  mkdirSync(join(root, 'scenarios', 'worlds'), { recursive: true });
  mkdirSync(join(root, 'scenarios', 'outcomes'), { recursive: true });
  mkdirSync(join(root, 'agents'), { recursive: true });
  cpSync(join(REPO_ROOT, 'scenarios/worlds/vendor-choice.yaml'), join(root, 'scenarios/worlds/vendor-choice.yaml'));
  cpSync(join(REPO_ROOT, 'scenarios/outcomes/core.yaml'), join(root, 'scenarios/outcomes/core.yaml'));
  for (const agent of ['sim-coherent', 'sim-gap']) cpSync(join(REPO_ROOT, `agents/${agent}.yaml`), join(root, `agents/${agent}.yaml`));
  writeFileSync(
    join(root, 'scenarios/suites/tiny.yaml'),
    ['name: tiny', 'description: One scenario, two pairs, one episode each.', 'catalog: ../outcomes/core.yaml', 'scenarios:', '  - ../worlds/vendor-choice.yaml', 'filling:', '  strategy: spread', '  pairs: 2', 'episodes: 1', 'seed: 1', 'elicitation:', '  mode: sample', '  samples: 1', ''].join('\n'),
  );
  writeFileSync(join(root, 'scenarios/suites/broken.yaml'), 'name: broken\nscenarios: []\n');
  writeFileSync(
    join(root, 'scenarios/worlds/broken.yaml'),
    ['id: broken', 'title: A scenario with a mistake', 'domain: test', 'description: Its start state does not exist.', 'slots:', '  a: {}', '  b: {}', 'prompts:', '  system: You act.', '  task: Do it.', 'tools:', '  go:', '    description: Go.', 'start: nowhere', 'states:', '  here:', '    tools: [go]', '    on:', '      go:', '        - next: done_a', 'endings:', '  done_a:', '    outcome: a', ''].join('\n'),
  );
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs the project's tiny suite for some synthetic agents into a folder (from the project folder); an aborted signal leaves a partial run. */
export async function runTiny(agents: string[], runDir: string, options: { abort?: boolean } = {}): Promise<void> {
  const loaded = agents.map((name) => loadAgentProfile(`agents/${name}.yaml`));
  const controller = new AbortController();
  if (options.abort) controller.abort();
  await runSuite({
    suite: loadSuite('scenarios/suites/tiny.yaml'),
    agents: loaded.map((l) => ({ name: l.profile.name, file: l.file, hash: l.hash, profile: l.profile, caller: createModelCaller(l, { env: {} }) })),
    runDir,
    signal: controller.signal,
    versions: { saydo: 'test' },
  });
  if (!options.abort) await writeRunReport(runDir, { replicates: 100 });
}
