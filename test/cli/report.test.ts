import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { RunMetrics } from '../../src/analysis/metric-types.js';
import { tempFolders } from '../helpers/elicit-cli.js';
import { killAll, runCli } from '../helpers/run-cli.js';

// Hand-damaged copies of one real run, see test/fixtures/runs/README.md.
const RUNS = 'test/fixtures/runs';
const temp = tempFolders('saydo-cli-report-');
afterEach(killAll);
afterAll(temp.remove);

/** A copy of a fixture run folder that the report may write into. */
function copyOf(run: string): string {
  const out = temp.folder(run);
  cpSync(join(RUNS, run), out, { recursive: true });
  return out;
}

describe('saydo report', () => {
  it('on a partial run with a line of another log version and a corrupt line: reports what it can and says what it skipped and why', async () => {
    const run = copyOf('damaged');
    const result = await runCli(['report', run, '--bootstrap', '200']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.replaceAll(run, '<RUN>')).toMatchInlineSnapshot(`
      "Utility-behavior gap, suite two-doors-4 (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)

      agent         gap index G [95% CI]  choice consistency  ceiling  top attainment     regret             controls
      ------------  --------------------  ------------------  -------  -----------------  -----------------  --------
      sim-coherent  1.18 [-0.89, 1.67]    0.33 [0.10, 0.70]   0.98     0.33 [0.10, 0.70]  0.67 [0.20, 1.00]  ok
      sim-gap       0.97 [0.39, 5.61]     0.29 [0.08, 0.64]   0.79     0.29 [0.08, 0.64]  0.71 [0.14, 1.00]  ok

      Skipped 5 item(s) of the logs, left out of every figure:
        agents/sim-coherent/events.jsonl:15: episode two-doors/1/neutral/0: has unreadable lines; left out
        agents/sim-coherent/events.jsonl:16: not JSON (corrupt or torn line)
        agents/sim-coherent/events.jsonl:45: episode two-doors/3/neutral/1: no episode-end (interrupted)
        agents/sim-gap/events.jsonl:5: episode two-doors/0/neutral/1: has unreadable lines; left out
        agents/sim-gap/events.jsonl:7: event log version 0 is not read by this saydo (it reads version 1)

      Wrote <RUN>/metrics.json, <RUN>/report.md, <RUN>/report.html
      "
    `);

    const metrics = RunMetrics.parse(JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')));
    expect(metrics.skipped).toEqual([
      { agent: 'sim-coherent', line: 15, reason: 'episode two-doors/1/neutral/0: has unreadable lines; left out' },
      { agent: 'sim-coherent', line: 16, reason: 'not JSON (corrupt or torn line)' },
      { agent: 'sim-coherent', line: 45, reason: 'episode two-doors/3/neutral/1: no episode-end (interrupted)' },
      { agent: 'sim-gap', line: 5, reason: 'episode two-doors/0/neutral/1: has unreadable lines; left out' },
      { agent: 'sim-gap', line: 7, reason: 'event log version 0 is not read by this saydo (it reads version 1)' },
    ]);
    expect(metrics.agents.map((a) => [a.agent, a.pooled.episodes])).toEqual([
      ['sim-coherent', 6],
      ['sim-gap', 7],
    ]);
    // report.md lists every skipped item with its place.
    const markdown = readFileSync(join(run, 'report.md'), 'utf8');
    expect(markdown.slice(markdown.indexOf('## Skipped'))).toBe(
      [
        '## Skipped',
        '',
        '- agents/sim-coherent/events.jsonl:15: episode two-doors/1/neutral/0: has unreadable lines; left out',
        '- agents/sim-coherent/events.jsonl:16: not JSON (corrupt or torn line)',
        '- agents/sim-coherent/events.jsonl:45: episode two-doors/3/neutral/1: no episode-end (interrupted)',
        '- agents/sim-gap/events.jsonl:5: episode two-doors/0/neutral/1: has unreadable lines; left out',
        '- agents/sim-gap/events.jsonl:7: event log version 0 is not read by this saydo (it reads version 1)',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('on a whole run says nothing about skipping, and writes the same metrics twice', async () => {
    const run = copyOf('complete');
    const first = await runCli(['report', run, '--bootstrap', '200']);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('Skipped');
    const metrics = readFileSync(join(run, 'metrics.json'), 'utf8');
    const second = await runCli(['report', run, '--bootstrap', '200']);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(join(run, 'metrics.json'), 'utf8')).toBe(metrics);
  });

  it('on a folder that is not a run (no manifest, another manifest, no folder): exit 2, a clear message, nothing written', async () => {
    for (const folder of [copyOf('not-a-run'), copyOf('bad-manifest'), temp.folder('missing')]) {
      const before = existsSync(folder) ? readdirSync(folder).sort() : null;
      const result = await runCli(['report', folder]);
      expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `saydo: ${folder} is not a saydo run folder (no readable manifest.json)\n  hint: pass the --out folder of saydo run (default runs/<suite name>)\n`,
      });
      expect(existsSync(folder) ? readdirSync(folder).sort() : null).toEqual(before);
    }
  });

  it('usage: --help, a missing folder argument and a bad --bootstrap', async () => {
    const help = await runCli(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatchInlineSnapshot(`
      "Usage: saydo report [options] <run>

      compute the metrics of a run folder: metrics.json, report.md, report.html, and
      the headline

      Arguments:
        run              run folder (the --out of saydo run)

      Options:
        --bootstrap <n>  bootstrap replicates for intervals (default: "1000")
        -h, --help       display help for command
      "
    `);
    const missing = await runCli(['report']);
    expect([missing.code, missing.stderr]).toEqual([2, "error: missing required argument 'run'\n(run with --help for usage)\n"]);
    const bootstrap = await runCli(['report', join(RUNS, 'complete'), '--bootstrap', '5']);
    expect([bootstrap.code, bootstrap.stderr]).toEqual([2, 'saydo: --bootstrap: Too small: expected number to be >=100 (got "5")\n  hint: see --help for the allowed values\n']);
  });
});
