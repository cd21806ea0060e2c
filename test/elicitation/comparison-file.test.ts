import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPARISON_VERSION, type Comparison } from '../../src/core/schemas/comparison.js';
import { ComparisonFile } from '../../src/elicitation/comparison-file.js';

const tmp = mkdtempSync(join(tmpdir(), 'saydo-comparison-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function comparison(first: string, second: string, sample: number, status: Comparison['status'] = 'answered'): Comparison {
  return {
    type: 'comparison',
    v: COMPARISON_VERSION,
    id: `${first}|${second}|sample|${sample}`,
    first,
    second,
    sample,
    mode: 'sample',
    split: 'train',
    batch: 0,
    status,
    chosen: status === 'answered' ? 'first' : null,
    pFirst: null,
    raw: status === 'failed' ? null : 'A',
    failure: status === 'failed' ? { kind: 'server', message: '500', status: 500, retryable: true } : null,
    attempts: 1,
    latencyMs: 0,
    tokens: { input: 10, output: 1 },
  };
}

describe('ComparisonFile', () => {
  it('appends one line per record and reads them back, the last record of an id winning', () => {
    const path = join(tmp, 'append.jsonl');
    const file = new ComparisonFile(path);
    expect([file.resumed, file.previous.size]).toEqual([false, 0]);
    const failed = comparison('a', 'b', 0, 'failed');
    const retried = comparison('a', 'b', 0);
    const other = comparison('b', 'a', 0);
    file.append(failed);
    file.append(other);
    file.append(retried);
    file.close();
    const again = new ComparisonFile(path);
    expect([again.resumed, again.skipped, [...again.previous.entries()]]).toEqual([
      true,
      [],
      [
        [failed.id, retried],
        [other.id, other],
      ],
    ]);
  });

  it('skips a line torn by a kill and a line that is not a comparison, saying which', () => {
    const path = join(tmp, 'torn.jsonl');
    appendFileSync(path, `${JSON.stringify(comparison('a', 'b', 0))}\n{"type":"something-else"}\n${JSON.stringify(comparison('a', 'b', 1)).slice(0, 40)}`);
    const file = new ComparisonFile(path);
    expect([...file.previous.keys()]).toEqual(['a|b|sample|0']);
    expect(file.skipped.map((s) => s.line)).toEqual([3, 2]);
    expect(file.skipped[0]?.reason).toMatch(/^not JSON: /);
    expect(file.skipped[1]?.reason).toMatch(/^not a comparison record: /);
    expect(file.resumed).toBe(true);
  });

  it('names the file line of a record that is not a comparison, after torn and blank lines', () => {
    const path = join(tmp, 'lines.jsonl');
    appendFileSync(path, `{"torn\n\n${JSON.stringify(comparison('a', 'b', 0))}\n{"type":"something-else"}\n`);
    const file = new ComparisonFile(path);
    expect([[...file.previous.keys()], file.skipped.map((s) => s.line)]).toEqual([['a|b|sample|0'], [1, 4]]);
  });

  it('finalize rewrites the file with exactly the given records, one per line', () => {
    const path = join(tmp, 'final.jsonl');
    const file = new ComparisonFile(path);
    file.append(comparison('a', 'b', 0, 'failed'));
    const records = [comparison('a', 'b', 0), comparison('b', 'a', 0)];
    file.finalize(records);
    expect(readFileSync(path, 'utf8')).toBe(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
});
