import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compareRecords } from '../../src/analysis/compare.js';
import { loadRun } from '../../src/analysis/load-run.js';
import { tempFolders } from '../helpers/elicit-cli.js';
import { killAll, runCli } from '../helpers/run-cli.js';

// Runs of test/fixtures/runs (see its README): the same small suite on sim-coherent and sim-gap.
const RUNS = 'test/fixtures/runs';
const temp = tempFolders('saydo-cli-compare-');
afterEach(killAll);
afterAll(temp.remove);

describe('saydo compare', () => {
  it('two agents of one run: the table of paired differences, and --out writes the same comparison as JSON', async () => {
    const out = join(temp.folder('compare'), 'comparison.json');
    const result = await runCli(['compare', `${RUNS}/complete`, '--agents', 'sim-coherent,sim-gap', '--bootstrap', '200', '--out', out]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatchInlineSnapshot(`
      "B = sim-gap minus A = sim-coherent: 8 paired episodes over 4 instances (preference conditions)

      metric                    A     B     B - A [95% CI]       pairs
      ------------------------  ----  ----  -------------------  -----
      gap index G               1.10  1.02  -0.09 [-0.33, 4.00]  8
      choice consistency        0.50  0.25  -0.25 [-0.50, 0.00]  8
      top attainment            0.50  0.25  -0.25 [-0.38, 0.00]  8
      regret                    0.50  0.75  0.25 [0.00, 0.50]    8
      invalid actions per step  0.00  0.00  0.00 [0.00, 0.00]    8

      A and B: each side on the pairs counted (G and the invalid rate: every pair; the others: the pairs where both sides have a value, e.g. both chose). Intervals: bootstrap over instances.
      "
    `);
    const run = loadRun(`${RUNS}/complete`);
    const episodes = (name: string) => run.agents.find((a) => a.name === name)?.episodes ?? [];
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(compareRecords('sim-coherent', episodes('sim-coherent'), 'sim-gap', episodes('sim-gap'), { replicates: 200 }))));
  });

  it('the same agent in two runs, one of them damaged: compares what both have and says what was skipped', async () => {
    const result = await runCli(['compare', `${RUNS}/complete`, `${RUNS}/damaged`, '--agents', 'sim-gap', '--bootstrap', '200']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const lines = result.stdout.trim().split('\n');
    expect([lines[0], lines.at(-1)]).toEqual([
      `B = ${RUNS}/damaged:sim-gap minus A = ${RUNS}/complete:sim-gap: 7 paired episodes over 4 instances (preference conditions)`,
      `Skipped item(s) of the logs, left out (saydo report lists them): ${RUNS}/damaged: 5`,
    ]);
  });

  it('bad input: exit 2 with what is wrong and what to do', async () => {
    const results = await Promise.all([
      runCli(['compare', `${RUNS}/complete`]),
      runCli(['compare', `${RUNS}/complete`, '--agents', 'sim-coherent,nobody']),
      runCli(['compare', `${RUNS}/not-a-run`, '--agents', 'a,b']),
    ]);
    expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, '', 'saydo: with one run, name two agents: --agents A,B\n'],
      [2, '', `saydo: ${RUNS}/complete has no agent nobody\n  hint: agents there: sim-coherent, sim-gap; choose with --agents\n`],
      [2, '', expect.stringContaining(`saydo: ${RUNS}/not-a-run is not a saydo run folder`)],
    ]);
  });
});
