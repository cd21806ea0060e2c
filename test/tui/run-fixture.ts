/** A tiny run folder for the Results and Trajectories tests: two synthetic agents, one scenario, two pairs, one episode. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runAgentOf, runSuite, type RunAgent } from '../../src/simulator/run-suite.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the tiny suite into a temporary folder; `remove` deletes it. */
export async function makeTinyRun(): Promise<{ dir: string; runDir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'saydo-tui-run-'));
  const suiteFile = join(dir, 'tiny.yaml');
  writeFileSync(
    suiteFile,
    [
      'name: tiny',
      `catalog: ${join(ROOT, 'scenarios/outcomes/core.yaml')}`,
      'scenarios:',
      `  - ${join(ROOT, 'scenarios/worlds/vendor-choice.yaml')}`,
      'filling:',
      '  strategy: spread',
      '  pairs: 2',
      'episodes: 1',
      'seed: 1',
      'elicitation:',
      '  mode: sample',
      '  samples: 1',
      '',
    ].join('\n'),
  );
  const agents: RunAgent[] = ['sim-coherent', 'sim-positional'].map((name) => {
    const loaded = loadAgentProfile(join(ROOT, 'agents', `${name}.yaml`));
    return runAgentOf(loaded, createModelCaller(loaded, { env: {} }));
  });
  const runDir = join(dir, 'run');
  await runSuite({ suite: loadSuite(suiteFile), agents, runDir, versions: {} });
  return { dir, runDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
