import { basename, extname } from 'node:path';
import { CsvColumns, parseCsv } from '../core/csv.js';
import { InputError } from '../core/errors.js';
import { contentHash } from '../core/hash.js';
import { loadCatalog } from '../core/catalog.js';
import type { Outcome } from '../core/schemas/catalog.js';
import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import { displayPath, readInputFile } from '../core/yaml-file.js';
import { assembleProfile } from './assemble-profile.js';
import type { PairCount } from './thurstonian.js';

const PAIR_COLUMNS = ['option_a_id', 'option_b_id', 'count_a', 'count_b', 'total_responses', 'split'];

/** Settings of an import of pairwise counts. */
export interface ImportOptions {
  /** The CSV of pairwise counts (layout of ../shared/fixtures/README.md). */
  pairsFile: string;
  /** Outcome texts: a CSV with id,text[,category] or a catalog YAML. */
  outcomesFile: string;
  /** Keep only rows of this actor / domain, when the file holds several. */
  actor?: string;
  domain?: string;
  /** Use the hard pseudo-labels (total_responses = 1) in the fit, as the original pipeline did. @default true */
  pseudoLabels?: boolean;
}

/** Turns existing pairwise elicitation data into a utility profile, so published answers can be reused. */
export function importPairwiseCounts(options: ImportOptions): UtilityProfile {
  const outcomes = readOutcomes(options.outcomesFile);
  const indexOf = new Map(outcomes.map((o, i) => [o.id, i]));
  const file = displayPath(options.pairsFile);
  const columns = new CsvColumns(parseCsv(readInputFile(options.pairsFile, { maxBytes: 500_000_000 }), file), file);
  columns.require(PAIR_COLUMNS);
  const actor = pickOne(columns, 'actor', options.actor, file);
  const domain = pickOne(columns, 'domain', options.domain, file);
  const usePseudo = options.pseudoLabels ?? true;
  const train: PairCount[] = [];
  const heldOut: PairCount[] = [];
  let pseudoLabels = 0;
  let answers = 0;
  for (const row of columns.rows) {
    if (actor !== undefined && columns.text(row, 'actor') !== actor) continue;
    if (domain !== undefined && columns.text(row, 'domain') !== domain) continue;
    const at = { file, line: row.line };
    const outcomeIndex = (column: 'option_a_id' | 'option_b_id'): number => {
      const id = columns.text(row, column).trim();
      const index = indexOf.get(id);
      if (index === undefined) {
        throw new InputError('E_REFERENCE', [{ location: at, field: column, message: `outcome id "${id}" is not in ${displayPath(options.outcomesFile)}`, hint: 'pass the outcome file that matches these pairs' }]);
      }
      return index;
    };
    const a = outcomeIndex('option_a_id');
    const b = outcomeIndex('option_b_id');
    if (a === b) {
      throw new InputError('E_CSV', [
        { location: at, field: 'option_b_id', message: 'same outcome as option_a_id', hint: 'a pair compares two different outcomes: fix the id or remove the row' },
      ]);
    }
    const countA = columns.number(row, 'count_a');
    const countB = columns.number(row, 'count_b');
    const total = columns.number(row, 'total_responses');
    for (const [column, count] of [['count_a', countA], ['count_b', countB]] as const) {
      if (count < 0) throw new InputError('E_CSV', [{ location: at, field: column, message: `counts cannot be negative, got ${count}`, hint: 'fix the row' }]);
    }
    if (Math.abs(countA + countB - total) > 1e-9 * Math.max(1, total)) {
      throw new InputError('E_CSV', [
        {
          location: at,
          field: 'total_responses',
          message: `count_a + count_b is ${countA + countB} but total_responses is ${total}`,
          hint: 'they must agree: count_a and count_b split every answer between the two sides (an unparseable one as half each); a pseudo-label row has total_responses 1 and counts 1,0 or 0,1',
        },
      ]);
    }
    if (total === 1 && countA !== 0 && countA !== 1) {
      throw new InputError('E_CSV', [
        { location: at, field: 'count_a', message: `a pseudo-label row (total_responses 1) is a hard label, got counts ${countA},${countB}`, hint: 'use counts 1,0 or 0,1' },
      ]);
    }
    const split = columns.text(row, 'split').trim();
    if (split !== 'train' && split !== 'holdout') {
      throw new InputError('E_CSV', [{ location: { file, line: row.line }, field: 'split', message: `split must be train or holdout, got ${JSON.stringify(split)}`, hint: 'fix the row' }]);
    }
    const pseudo = total === 1;
    if (split === 'holdout') {
      if (!pseudo) heldOut.push({ a, b, winsA: countA, winsB: countB });
      continue;
    }
    if (pseudo) {
      pseudoLabels += 1;
      if (!usePseudo) continue;
    } else answers += countA + countB;
    train.push({ a, b, winsA: countA, winsB: countB });
  }
  const name = actor ?? basename(options.pairsFile, extname(options.pairsFile));
  return assembleProfile({
    outcomes,
    train,
    heldOut,
    source: 'imported',
    agent: { name, provider: 'imported', model: actor ?? null, profileHash: null },
    catalog: { name: domain ?? basename(options.outcomesFile, extname(options.outcomesFile)), hash: contentHash(outcomes), outcomes: outcomes.length },
    template: null,
    design: { strategy: 'imported', mode: 'imported', samplesPerOrder: null, budget: null, heldOutFraction: null, batches: 0, unparseable: 'half' },
    seeds: { design: 'imported' },
    counts: {
      pairs: train.length + heldOut.length,
      trainPairs: train.length,
      heldOutPairs: heldOut.length,
      comparisons: Math.round(answers),
      answered: Math.round(answers),
      refused: 0,
      unparseable: 0,
      failed: 0,
      pseudoLabels: usePseudo ? pseudoLabels : 0,
    },
    firstPositionRate: null,
    noiseCeiling: null,
  });
}

/** The single value of a column, or the one asked for; several values without a choice is an error. */
function pickOne(columns: CsvColumns, column: string, wanted: string | undefined, file: string): string | undefined {
  if (!columns.has(column)) return wanted;
  const values = new Set(columns.rows.map((row) => columns.text(row, column)));
  if (wanted !== undefined) {
    if (!values.has(wanted)) {
      throw new InputError('E_CSV', [{ location: { file }, field: column, message: `no rows with ${column} "${wanted}"`, hint: `the file has: ${[...values].slice(0, 10).join(', ')}` }]);
    }
    return wanted;
  }
  if (values.size > 1) {
    throw new InputError('E_CSV', [{ location: { file }, field: column, message: `the file holds ${values.size} values of ${column}`, hint: `choose one with --${column} (${[...values].slice(0, 10).join(', ')})` }]);
  }
  return [...values][0];
}

/** Outcome texts from a CSV (id,text[,category]) or a catalog YAML. */
export function readOutcomes(path: string): Outcome[] {
  const file = displayPath(path);
  if (/\.ya?ml$/i.test(path)) {
    try {
      return loadCatalog(path).catalog.outcomes;
    } catch (error) {
      if (!(error instanceof InputError) || error.code !== 'E_SCHEMA') throw error;
      const hint = 'the outcome file is a catalog (schemas/catalog.schema.json) or a CSV with id,text[,category]';
      throw new InputError(error.code, error.problems.map((problem) => ({ ...problem, hint: problem.hint ?? hint })), { cause: error });
    }
  }
  const text = readInputFile(path);
  const columns = new CsvColumns(parseCsv(text, file), file);
  columns.require(['id', 'text']);
  const seen = new Set<string>();
  return columns.rows.map((row) => {
    const id = columns.text(row, 'id').trim();
    if (seen.has(id)) throw new InputError('E_DUPLICATE_ID', [{ location: { file, line: row.line }, field: 'id', message: `duplicate outcome id "${id}"`, hint: 'each id once' }]);
    seen.add(id);
    return { id, text: columns.text(row, 'text'), category: columns.has('category') ? columns.text(row, 'category') || 'imported' : 'imported', tags: [] };
  });
}
