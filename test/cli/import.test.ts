import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UtilityProfile } from '../../src/core/schemas/utility-profile.js';
import { tempFolders } from '../helpers/elicit-cli.js';
import { killAll, runCli, type CliResult } from '../helpers/run-cli.js';

// Real answers of DeepSeek V3.2 over 168 outcomes (Zhou & Ackerman 2026); see test/fixtures/ubg/README.md.
const PAIRS_CSV = 'test/fixtures/ubg/pairwise_deepseek-v3.2_religions.csv';
const OUTCOMES_CSV = 'test/fixtures/ubg/religions_outcomes.csv';
const PUBLISHED_HELD_OUT_ACCURACY = 0.9757;

const temp = tempFolders('saydo-cli-import-');
afterEach(killAll);
afterAll(temp.remove);

const readProfile = (out: string) => UtilityProfile.parse(JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')));

describe('saydo import', () => {
  const withPseudo = temp.folder('with-pseudo');
  const answersOnly = temp.folder('answers-only');
  const badOut = temp.folder('bad-out');
  const existing = temp.folder('existing');
  const selfPairOut = temp.folder('self-pair');
  let badCsv = '';
  let selfPairCsv = '';
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    const dir = temp.folder('csv');
    mkdirSync(dir, { recursive: true });
    badCsv = join(dir, 'bad-count.csv');
    const lines = readFileSync(PAIRS_CSV, 'utf8').split('\n').slice(0, 6);
    lines[3] = (lines[3] as string).replace(/,(\d+),(\d+),20,train$/, ',seven,$2,20,train');
    writeFileSync(badCsv, `${lines.join('\n')}\n`);
    selfPairCsv = join(dir, 'self-pair.csv');
    writeFileSync(selfPairCsv, `${lines.slice(0, 3).join('\n')}\ndeepseek-v3.2-or,religions,0,0,0.5,1,1,2,train\n`);
    mkdirSync(existing, { recursive: true });
    writeFileSync(join(existing, 'profile.json'), '{}\n');
    const run = (...args: string[]) => runCli(['import', PAIRS_CSV, '--outcomes', OUTCOMES_CSV, ...args]);
    const [a, b, c, d, e] = await Promise.all([
      run('--out', withPseudo),
      run('--out', answersOnly, '--no-pseudo-labels'),
      runCli(['import', badCsv, '--outcomes', OUTCOMES_CSV, '--out', badOut]),
      run('--out', existing),
      runCli(['import', selfPairCsv, '--outcomes', OUTCOMES_CSV, '--out', selfPairOut]),
    ]);
    Object.assign(results, { withPseudo: a, answersOnly: b, badCount: c, existing: d, selfPair: e });
  });

  it('fits the published train split to the published held-out accuracy, pseudo-labels included', () => {
    expect([results.withPseudo?.code, results.withPseudo?.stderr]).toEqual([0, '']);
    const profile = readProfile(withPseudo);
    expect(Math.abs((profile.coherence.heldOutAccuracy as number) - PUBLISHED_HELD_OUT_ACCURACY)).toBeLessThanOrEqual(0.01);
    expect(profile.utilities.length).toBe(168);
    expect(profile.counts).toEqual({ pairs: 6956, trainPairs: 6255, heldOutPairs: 701, comparisons: 53_360, answered: 53_360, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 3587 });
    expect(profile.coherence.heldOutPairs).toBe(701);
    expect([profile.source, profile.agent, profile.design, profile.template]).toEqual([
      'imported',
      { name: 'deepseek-v3.2-or', provider: 'imported', model: 'deepseek-v3.2-or', profileHash: null },
      { strategy: 'imported', mode: 'imported', samplesPerOrder: null, budget: null, heldOutFraction: null, batches: 0, unparseable: 'half' },
      null,
    ]);
    expect(profile.catalog).toEqual({ name: 'religions', hash: expect.stringMatching(/^sha256:[0-9a-f]{16}$/), outcomes: 168 });
    expect(profile.fit.converged).toBe(true);
    // More people saved ranks higher: the top outcome saves 1000, the bottom one 1.
    expect(profile.utilities[0]?.text).toMatch(/^1000 people /);
    expect(profile.utilities.at(-1)?.text).toMatch(/^1 person /);
    expect(results.withPseudo?.stdout).toContain('Utility profile of deepseek-v3.2-or: 168 outcomes of catalog religions');
    expect(results.withPseudo?.stdout).toContain('Design: imported, 6956 pairs (701 held out), 53360 comparisons, mode imported, 3587 pseudo-labels');
    expect(results.withPseudo?.stdout).toContain(`Wrote ${join(withPseudo, 'profile.json')}`);
  });

  it('with --no-pseudo-labels fits on the answers alone, still within 0.01', () => {
    expect([results.answersOnly?.code, results.answersOnly?.stderr]).toEqual([0, '']);
    const profile = readProfile(answersOnly);
    expect(Math.abs((profile.coherence.heldOutAccuracy as number) - PUBLISHED_HELD_OUT_ACCURACY)).toBeLessThanOrEqual(0.01);
    expect(profile.utilities.length).toBe(168);
    expect(profile.counts).toEqual({ pairs: 3369, trainPairs: 2668, heldOutPairs: 701, comparisons: 53_360, answered: 53_360, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 0 });
  });

  it('a count that is not a number: exit 2, file:line and the column named, nothing written', () => {
    const result = results.badCount;
    expect([result?.code, result?.stdout, existsSync(badOut)]).toEqual([2, '', false]);
    expect(result?.stderr.replace(badCsv, '<tmp>/bad-count.csv')).toMatchInlineSnapshot(`
      "saydo: <tmp>/bad-count.csv:4: count_a: expected a number in column 6, got "seven"
        hint: fix the value or remove the row
      "
    `);
  });

  it('a row pairing an outcome with itself: exit 2, file:line and option_b_id named, nothing written', () => {
    const result = results.selfPair;
    expect([result?.code, result?.stdout, existsSync(selfPairOut)]).toEqual([2, '', false]);
    expect(result?.stderr.replace(selfPairCsv, '<tmp>/self-pair.csv')).toMatchInlineSnapshot(`
      "saydo: <tmp>/self-pair.csv:4: option_b_id: same outcome as option_a_id
        hint: a pair compares two different outcomes: fix the id or remove the row
      "
    `);
  });

  it('refuses to overwrite an existing profile without --force', () => {
    const result = results.existing;
    expect([result?.code, result?.stdout]).toEqual([2, '']);
    expect(result?.stderr.replace(existing, '<out>')).toMatchInlineSnapshot(`
      "saydo: <out>/profile.json already exists
        hint: pass --force to overwrite it, or another --out folder
      "
    `);
    expect(readFileSync(join(existing, 'profile.json'), 'utf8')).toBe('{}\n');
  });
});
