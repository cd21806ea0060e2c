import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { importPairwiseCounts, readOutcomes } from '../../src/elicitation/import-pairwise.js';

const HEADER = 'actor,domain,option_a_id,option_b_id,probability_a,count_a,count_b,total_responses,split';
const OUTCOMES = 'id,text\n0,zero\n1,one\n2,two\n';
const dir = mkdtempSync(join(tmpdir(), 'saydo-import-pairwise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
function file(name: string, text: string): string {
  written += 1;
  const path = join(dir, `${written}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** What the CLI would print for the error `run` throws, with the temporary folder replaced; 'no error' when none. */
function errorText(run: () => unknown): string {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.describe().replaceAll(dir, '<tmp>').replace(/\d+-(pairs\.csv|outcomes\.csv|bad\.yaml)/g, '$1');
  }
}

/** The error text of importing one extra row after a good one. */
function importRow(row: string): string {
  const pairs = file('pairs.csv', `${HEADER}\nm,d,0,1,0.75,15,5,20,train\n${row}\n`);
  const outcomes = file('outcomes.csv', OUTCOMES);
  return errorText(() => importPairwiseCounts({ pairsFile: pairs, outcomesFile: outcomes }));
}

describe('importPairwiseCounts: bad rows are located errors', () => {
  it('names the row, the column and what to do', () => {
    const rows = [
      'm,d,0,0,0.5,1,1,2,train',
      'm,d,0,9,0.5,1,1,2,train',
      'm,d,9,0,0.5,1,1,2,train',
      'm,d,0,2,0.5,10,9,20,train',
      'm,d,0,2,0.5,0.5,0.5,1,train',
      'm,d,0,2,0.5,3,-1,2,train',
      'm,d,0,2,0.625,12.5,7.5,20,holdout',
      'm,d,0,2,1,1,0,1,train',
    ];
    expect(rows.map(importRow)).toEqual([
      '<tmp>/pairs.csv:3: option_b_id: same outcome as option_a_id\n  hint: a pair compares two different outcomes: fix the id or remove the row',
      '<tmp>/pairs.csv:3: option_b_id: outcome id "9" is not in <tmp>/outcomes.csv\n  hint: pass the outcome file that matches these pairs',
      '<tmp>/pairs.csv:3: option_a_id: outcome id "9" is not in <tmp>/outcomes.csv\n  hint: pass the outcome file that matches these pairs',
      '<tmp>/pairs.csv:3: total_responses: count_a + count_b is 19 but total_responses is 20\n' +
        '  hint: they must agree: count_a and count_b split every answer between the two sides (an unparseable one as half each); a pseudo-label row has total_responses 1 and counts 1,0 or 0,1',
      '<tmp>/pairs.csv:3: count_a: a pseudo-label row (total_responses 1) is a hard label, got counts 0.5,0.5\n  hint: use counts 1,0 or 0,1',
      '<tmp>/pairs.csv:3: count_b: counts cannot be negative, got -1\n  hint: fix the row',
      'no error',
      'no error',
    ]);
  });
});

describe('readOutcomes', () => {
  it('reads a catalog YAML', () => {
    expect(readOutcomes('test/fixtures/catalogs/small.yaml').length).toBe(12);
  });

  it('locates what is wrong with a YAML that is not an outcome catalog, with a hint', () => {
    const path = file('bad.yaml', 'name: x\noutcomes: 3\n');
    expect(errorText(() => readOutcomes(path))).toBe(
      '<tmp>/bad.yaml:2:11: outcomes: Invalid input: expected array, received number\n' +
        '  hint: the outcome file is a catalog (schemas/catalog.schema.json) or a CSV with id,text[,category]',
    );
  });
});
