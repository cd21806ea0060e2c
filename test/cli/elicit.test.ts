import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UtilityProfile } from '../../src/core/schemas/utility-profile.js';
import { readComparisons, SMALL_CATALOG as SMALL, SMALL_PAIRS as PAIRS, tempFolders } from '../helpers/elicit-cli.js';
import { killAll, runCli, type CliResult } from '../helpers/run-cli.js';

const temp = tempFolders('saydo-cli-elicit-');
const folder = temp.folder;
afterEach(killAll);
afterAll(temp.remove);

describe('saydo --help', () => {
  let help: CliResult;
  let elicitHelp: CliResult;
  let usage: CliResult;
  beforeAll(async () => {
    [help, elicitHelp, usage] = await Promise.all([runCli(['--help']), runCli(['elicit', '--help']), runCli(['elicit', '--agent', 'agents/sim-coherent.yaml'])]);
  });

  it('prints the commands and exits 0', () => {
    expect([help.code, help.stderr]).toEqual([0, '']);
    // The head and this two commands; later issues add commands of their own between and after them.
    const [head, commands] = help.stdout.split('Commands:\n') as [string, string];
    expect(head).toMatchInlineSnapshot(`
      "Usage: saydo [options] [command]

      Measure the utility-behavior gap of LLM agents: do they do what they say they
      want?

      Options:
        -V, --version                 output the version number
        -h, --help                    display help for command

      "
    `);
    const entries = commands.split(/\n(?=  \S)/).filter((entry) => /^  (elicit|import) /.test(entry));
    expect(entries.join('\n')).toMatchInlineSnapshot(`
      "  elicit [options]              ask forced-choice questions, fit Thurstonian
                                      utilities, write the utility profile and every
                                      comparison
        import [options] <pairs.csv>  turn pairwise counts from an earlier elicitation
                                      (CSV) into a utility profile"
    `);
  });

  it('prints the options of elicit and exits 0', () => {
    expect([elicitHelp.code, elicitHelp.stderr]).toEqual([0, '']);
    expect(elicitHelp.stdout).toMatchInlineSnapshot(`
      "Usage: saydo elicit [options]

      ask forced-choice questions, fit Thurstonian utilities, write the utility
      profile and every comparison

      Options:
        --agent <profile>       agent profile: a name under agents/ (sim-coherent) or
                                a path to a YAML file
        --catalog <file>        outcome catalog (default:
                                "scenarios/outcomes/core.yaml")
        --out <dir>             output folder; rerunning with the same folder
                                continues an interrupted elicitation
        --template <name|file>  forced-choice, reasoning, or a template YAML file
                                (default: "forced-choice")
        --mode <mode>           sample: K answers per order; logprob: one call per
                                order reading P(A) and P(B) (default: "sample")
        --samples <k>           answers per order in sample mode (and the weight of a
                                log-prob answer) (default: "5")
        --budget <pairs>        pairs to ask, held-out ones included (default: 2 N
                                log2 N)
        --held-out <fraction>   share of pairs held out of the fit (default: "0.05")
        --seed <seed>           seed of the pair design (default: "0")
        --no-cache              neither read nor write the response cache
        --cache-dir <dir>       response cache folder (default: ".saydo/cache")
        --unparseable-as-half   count unparseable answers and refusals as half a vote
                                each instead of leaving them out (default: false)
        --concurrency <n>       calls in flight at once (default: the profile's, 8 for
                                remote models)
        --top <n>               outcomes shown from each end of the ranking (default:
                                "10")
        -h, --help              display help for command
      "
    `);
  });

  it('a missing required option is a usage error, exit 2', () => {
    expect([usage.code, usage.stdout]).toEqual([2, '']);
    expect(usage.stderr).toMatchInlineSnapshot(`
      "error: required option '--out <dir>' not specified
      (run with --help for usage)
      "
    `);
  });
});

describe('saydo elicit with a synthetic agent', () => {
  const first = folder('sim');
  const same = folder('same');
  let result: CliResult;
  let again: CliResult;
  beforeAll(async () => {
    const args = (out: string) => ['elicit', '--agent', 'agents/sim-coherent.yaml', '--catalog', SMALL, '--out', out, '--samples', '2'];
    [result, again] = await Promise.all([runCli([...args(first), '--cache-dir', folder('cache')]), runCli([...args(same), '--no-cache'])]);
  });

  it('writes the manifest, the profile and every comparison, and prints the ranking and coherence', () => {
    const out = first;
    expect([result.code, result.stderr.includes('comparisons planned')]).toEqual([0, true]);
    expect(readdirSync(out).sort()).toEqual(['comparisons.jsonl', 'manifest.json', 'profile.json']);

    const profile = UtilityProfile.parse(JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')));
    expect(profile.counts).toEqual({ pairs: PAIRS, trainPairs: 63, heldOutPairs: 3, comparisons: 4 * PAIRS, answered: 4 * PAIRS, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 0 });
    expect(profile.agent).toEqual({ name: 'sim-coherent', provider: 'synthetic', model: null, profileHash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/) });
    expect(profile.catalog).toEqual({ name: 'small', hash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), outcomes: 12 });
    expect(profile.design).toEqual({ strategy: 'all-pairs', mode: 'sample', samplesPerOrder: 2, budget: PAIRS, heldOutFraction: 0.05, batches: 1, unparseable: 'exclude' });
    expect(profile.seeds).toEqual({ design: '0' });

    const comparisons = readComparisons(out);
    expect(comparisons.length).toBe(4 * PAIRS);
    expect(comparisons.map((c) => c.id)).toEqual(comparisons.map((c) => c.id).sort());
    expect(new Set(comparisons.map((c) => c.status))).toEqual(new Set(['answered']));

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(manifest)).toEqual(['type', 'v', 'fingerprint', 'config', 'agent', 'catalog', 'template', 'versions']);
    expect(manifest.config).toEqual({
      agent: 'agents/sim-coherent.yaml',
      catalog: SMALL,
      template: 'forced-choice',
      mode: 'sample',
      samplesPerOrder: 2,
      budget: null,
      heldOutFraction: 0.05,
      seed: '0',
      unparseable: 'exclude',
    });
    expect(manifest.catalog).toEqual({ file: SMALL, name: 'small', hash: profile.catalog.hash, outcomes: 12 });

    // The ranking printed is the profile's, best first.
    const printed = [...result.stdout.matchAll(/^\s+(\d+)\s+(-?\d+\.\d\d)\s+\d+\.\d\d\s+\S+\s+/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(printed).toEqual(profile.utilities.map((u) => [u.rank, Math.round(u.mu * 100) / 100 + 0]));
    const c = profile.coherence;
    const f = (v: number | null) => (v === null ? '-' : v.toFixed(3));
    expect(result.stdout).toContain(
      [
        'Coherence',
        `  held-out accuracy   ${f(c.heldOutAccuracy)} on 3 pairs (noise ceiling ${f(c.noiseCeiling)})`,
        `  held-out log loss   ${f(c.heldOutLogLoss)}`,
        `  training accuracy   ${f(c.trainAccuracy)}`,
        `  cycle rate          ${f(c.cycleRate)} of ${c.triads} triads`,
        `  split-half r        ${f(c.splitHalf?.r ?? null)} (Spearman-Brown ${f(c.splitHalf?.spearmanBrown ?? null)})`,
        `  chose Option A      ${f(c.firstPositionRate)} (0.5 = no order bias)`,
        '  refused             0.000   unparseable 0.000   failed 0.000',
      ].join('\n'),
    );
    expect(result.stdout.replaceAll(out, '<out>')).toContain(
      `Model calls: ${4 * PAIRS} made, 0 from the cache, 0 kept from an earlier run.\nWrote <out>/profile.json and <out>/comparisons.jsonl\n`,
    );
  });

  it('reproduces the profile and the comparisons byte for byte from the same seed, without the cache', () => {
    expect(again.code).toBe(0);
    expect(readFileSync(join(same, 'profile.json'), 'utf8')).toBe(readFileSync(join(first, 'profile.json'), 'utf8'));
    expect(readFileSync(join(same, 'comparisons.jsonl'), 'utf8')).toBe(readFileSync(join(first, 'comparisons.jsonl'), 'utf8'));
  });
});
