import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pearson } from '../../src/core/stats/correlation.js';
import { pairAccuracy } from '../../src/elicitation/coherence.js';
import { fitThurstonian, type PairCount } from '../../src/elicitation/thurstonian.js';

// Real forced-choice answers of DeepSeek V3.2 over 168 outcomes (Zhou & Ackerman 2026); see test/fixtures/ubg/README.md.
const FIXTURES = new URL('../fixtures/ubg/', import.meta.url);
const OUTCOMES = 168;
const PUBLISHED_HELD_OUT_ACCURACY = 0.9757;

/** Splits one CSV line into fields, honouring double-quoted fields with "" escapes. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** Rows of a CSV file as records keyed by the header. */
function readCsv(name: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(new URL(name, FIXTURES), 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const columns = splitCsvLine(header!);
  return lines.map((line) => {
    const fields = splitCsvLine(line);
    return Object.fromEntries(columns.map((column, i) => [column, fields[i]!]));
  });
}

interface FixturePair extends PairCount {
  totalResponses: number;
  split: string;
}

const pairs: FixturePair[] = readCsv('pairwise_deepseek-v3.2_religions.csv').map((row) => ({
  a: Number(row.option_a_id),
  b: Number(row.option_b_id),
  winsA: Number(row.count_a),
  winsB: Number(row.count_b),
  totalResponses: Number(row.total_responses),
  split: row.split!,
}));
const train = pairs.filter((pair) => pair.split === 'train');
const holdout = pairs.filter((pair) => pair.split === 'holdout');
const answeredTrain = train.filter((pair) => pair.totalResponses > 1);

describe('Thurstonian fit on the Utility-Behavior Gap religions block', () => {
  it('reads the fixture as documented', () => {
    expect([pairs.length, train.length, answeredTrain.length, holdout.length]).toEqual([6_956, 6_255, 2_668, 701]);
    // probability_a is count_a over the answers, so the empirical side of the accuracy needs no extra column.
    const mismatched = readCsv('pairwise_deepseek-v3.2_religions.csv').filter(
      (row) => Math.abs(Number(row.probability_a) - Number(row.count_a) / (Number(row.count_a) + Number(row.count_b))) > 1e-12,
    );
    expect(mismatched).toEqual([]);
  });

  const fits = {
    'all train rows': fitThurstonian(OUTCOMES, train),
    'answered train rows only': fitThurstonian(OUTCOMES, answeredTrain),
  };

  for (const [variant, fit] of Object.entries(fits)) {
    it(`reaches the published held-out accuracy within 0.01 (${variant})`, () => {
      expect(fit.converged).toBe(true);
      expect(Math.abs(pairAccuracy(fit, holdout) - PUBLISHED_HELD_OUT_ACCURACY)).toBeLessThanOrEqual(0.01);
    });

    it(`correlates with the published top and bottom utilities at Pearson >= 0.98 (${variant})`, () => {
      const idByText = new Map(readCsv('religions_outcomes.csv').map((row) => [row.text!, Number(row.id)]));
      const published = readCsv('top_bottom_deepseek-v3.2_religions.csv');
      const ids = published.map((row) => idByText.get(row.description!));
      expect(ids.every((id) => id !== undefined)).toBe(true);
      expect(ids.length).toBe(20);
      const mean = fit.mu.reduce((s, v) => s + v, 0) / OUTCOMES;
      const sd = Math.sqrt(fit.mu.reduce((s, v) => s + (v - mean) ** 2, 0) / OUTCOMES);
      expect([mean, sd].map((v) => Math.round(v * 1e9) / 1e9 + 0)).toEqual([0, 1]);
      expect(
        pearson(
          ids.map((id) => fit.mu[id!]!),
          published.map((row) => Number(row.utility)),
        ),
      ).toBeGreaterThanOrEqual(0.98);
    });
  }
});
