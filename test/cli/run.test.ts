import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempFolders, waitFor } from '../helpers/elicit-cli.js';
import { killAll, runCli, startCli } from '../helpers/run-cli.js';
import { filesUnder, TWO_DOORS_SUITE, writeSuite } from '../simulator/support.js';

const temp = tempFolders('saydo-cli-run-');
afterEach(killAll);
afterAll(temp.remove);

const cache = temp.folder('cache');

describe('saydo run', () => {
  it('runs a suite, prints the summary and the headline, and writes the run folder with its report', async () => {
    const out = temp.folder('run');
    const result = await runCli(['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent,sim-positional', '--out', out, '--cache-dir', cache, '--plain', '--bootstrap', '200']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Running suite two-doors for sim-coherent, sim-positional into');
    expect(result.stdout.replaceAll(out, '<RUN>')).toMatchInlineSnapshot(`
      "Run <RUN>

      agent           episodes  steps  ended  truncated  commitments  invalid  outcomes  faults
      --------------  --------  -----  -----  ---------  -----------  -------  --------  ------
      sim-coherent         2/2      5      2          0            2        0  a 2       -
      sim-positional       2/2      2      2          0            2        0  a 1, b 1  -

      Utility-behavior gap, suite two-doors (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)

      agent           gap index G [95% CI]  choice consistency  ceiling  top attainment     regret             controls
      --------------  --------------------  ------------------  -------  -----------------  -----------------  --------
      sim-coherent    -                     0.00 [0.00, 0.66]   0.91     0.00 [0.00, 0.66]  1.00 [1.00, 1.00]  ok
      sim-positional  -                     0.50 [0.09, 0.91]   0.75     0.50 [0.09, 0.91]  0.50 [0.50, 0.50]  ok

      Wrote <RUN>/metrics.json, <RUN>/report.md, <RUN>/report.html
      "
    `);
    expect(filesUnder(out)).toEqual([
      'agents/sim-coherent/comparisons.jsonl',
      'agents/sim-coherent/events.jsonl',
      'agents/sim-coherent/profile.json',
      'agents/sim-positional/comparisons.jsonl',
      'agents/sim-positional/events.jsonl',
      'agents/sim-positional/profile.json',
      'execution.json',
      'manifest.json',
      'metrics.json',
      'report.html',
      'report.md',
    ]);
    // Synthetic agents make no remote calls, so nothing is cached.
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it('--no-report leaves the report out', async () => {
    const out = temp.folder('no-report');
    const result = await runCli(['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--out', out, '--cache-dir', cache, '--plain', '--no-report']);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Utility-behavior gap');
    expect(readdirSync(out).sort()).toEqual(['agents', 'execution.json', 'manifest.json']);
  });

  it('stops on Ctrl-C keeping every finished episode (exit 130), and the same command continues', async () => {
    const suite = writeSuite(temp.folder('suite'), { name: 'interrupt', scenarios: ['vendor-choice', 'treasury-sweep', 'incident-failover'], filling: { strategy: 'spread', pairs: 12 }, episodes: 4, elicitation: { samples: 1, budget: 200 } });
    const out = temp.folder('interrupted');
    const args = ['run', suite, '--agents', 'sim-coherent', '--out', out, '--cache-dir', cache, '--plain', '--bootstrap', '100'];
    const running = startCli(args);
    let stderr = '';
    running.child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    await waitFor(() => /episodes [1-9]\d*\/432/.test(stderr), 'the first finished episodes', 60_000);
    running.child.kill('SIGINT');
    const interrupted = await running.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted: stopping, keeping every finished answer');
    expect(interrupted.stderr).toContain(`Interrupted. Every finished episode is kept in ${out}; run the same command again to continue.`);
    expect(interrupted.stdout).toContain(`Run ${out} — interrupted`);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);
    const kept = readFileSync(join(out, 'agents/sim-coherent/events.jsonl'), 'utf8').split('\n').filter((line) => line.startsWith('{"type":"episode-end"')).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(432);

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Run ${out} (continued)`);
    expect(resumed.stdout).toContain('sim-coherent   432/432');
    expect(resumed.stderr).toContain(`sim-coherent: episodes ${kept}/432, 0 steps`);
    expect(existsSync(join(out, 'metrics.json'))).toBe(true);
  }, 120_000);

  it('refuses a folder that holds another run, or other files, with exit 2 and without touching it', async () => {
    const other = temp.folder('other');
    expect((await runCli(['run', TWO_DOORS_SUITE, '--agents', 'sim-gap', '--out', other, '--cache-dir', cache, '--plain', '--no-report'])).code).toBe(0);
    const manifest = readFileSync(join(other, 'manifest.json'), 'utf8');
    const mismatch = await runCli(['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--out', other, '--cache-dir', cache, '--plain']);
    expect([mismatch.code, mismatch.stderr.split('\n').slice(-3).join('\n')]).toEqual([
      2,
      `saydo: ${other} holds a different run (other suite, scenarios, agents or shard)\n  hint: pass another --out folder to start a new run, or the same arguments to continue this one\n`,
    ]);
    expect(readFileSync(join(other, 'manifest.json'), 'utf8')).toBe(manifest);

    const occupied = temp.folder('occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'notes.txt'), 'mine');
    const refused = await runCli(['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--out', occupied, '--cache-dir', cache, '--plain']);
    expect([refused.code, refused.stderr.split('\n').slice(-3).join('\n')]).toEqual([2, `saydo: ${occupied} exists and is not a run folder\n  hint: pass an empty or new --out folder\n`]);
    expect(readdirSync(occupied)).toEqual(['notes.txt']);
  });

  it('bad input: exit 2 with what is wrong and what to do, nothing written', async () => {
    const out = temp.folder('bad');
    const cases: Array<[string[], string]> = [
      [['run', 'no-such-suite.yaml', '--agents', 'sim-coherent'], 'saydo: no-such-suite.yaml: file not found\n  hint: check the path; it is resolved from the current directory\n'],
      [['run', TWO_DOORS_SUITE, '--agents', 'sim-nobody'], 'saydo: agents/sim-nobody.yaml: no agent profile named "sim-nobody"\n  hint: put a profile at agents/sim-nobody.yaml or pass a path to one\n'],
      [['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent,sim-coherent'], 'saydo: --agents lists an agent twice\n  hint: name each agent once\n'],
      [['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--shard', '3/2'], 'saydo: --shard 3/2: K must be between 1 and N\n'],
      [['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--shard', '1-2'], 'saydo: --shard: a shard is K/N, e.g. 2/4 (got "1-2")\n  hint: see --help for the allowed values\n'],
      [['run', TWO_DOORS_SUITE], "error: required option '--agents <names>' not specified\n(run with --help for usage)\n"],
      [['run', TWO_DOORS_SUITE, '--agents', 'sim-coherent', '--profiles-from', 'test'], 'saydo: no utility profile of sim-coherent under test\n  hint: point --profiles-from at a run folder or an elicitation folder of this agent\n'],
    ];
    for (const [args, stderr] of cases) {
      const result = await runCli([...args, '--out', out, '--cache-dir', cache]);
      expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({ code: 2, stderr, stdout: '' });
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('--help lists the options', async () => {
    const help = await runCli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatchInlineSnapshot(`
      "Usage: saydo run [options] <suite>

      run a suite: elicit each agent's utilities, run the episodes built from them,
      log every step

      Arguments:
        suite                  suite YAML, e.g. scenarios/suites/demo.yaml

      Options:
        --agents <names>       comma-separated agent names under agents/ or profile
                               paths, e.g. sim-coherent,sim-gap
        --out <dir>            run folder (default: runs/<suite name>); rerunning with
                               the same folder continues it
        --shard <K/N>          run only shard K of N (a deterministic share of the
                               episodes); join shards with saydo merge
        --profiles-from <dir>  reuse utility profiles from a run or elicitation folder
                               instead of eliciting
        --concurrency <n>      episodes in flight per agent (default: 1 for synthetic
                               agents, the profile's concurrency otherwise)
        --no-cache             neither read nor write the response cache
        --cache-dir <dir>      response cache folder (default: ".saydo/cache")
        --retry-base-ms <ms>   base of the retry back-off (default 500)
        --plain                plain progress lines even on a terminal (default:
                               false)
        --no-report            do not write metrics.json, report.md and report.html at
                               the end
        --bootstrap <n>        bootstrap replicates for the report's intervals
                               (default: "1000")
        -h, --help             display help for command
      "
    `);
  });
});
