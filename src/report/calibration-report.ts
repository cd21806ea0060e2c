import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationRow, CalibrationRun } from '../analysis/calibrate-suite.js';
import { num } from './format.js';
import { renderSvg } from './plots.js';
import { markdownTable } from './report-markdown.js';
import { textTable } from './text-table.js';

/** The smallest true gap detected (interval above 0) in at least 80% of replicates, or null. */
export function detectableGap(rows: readonly CalibrationRow[], power = 0.8): number | null {
  const detected = rows.filter((row) => row.lambda > 0 && row.power >= power).map((row) => row.trueGap);
  return detected.length > 0 ? Math.min(...detected) : null;
}

/** The calibration table for a terminal. */
export function calibrationText(suite: string, rows: readonly CalibrationRow[], runs: readonly CalibrationRun[]): string {
  const covered = runs.filter((r) => r.covered).length;
  const detectable = detectableGap(rows);
  return [
    `Calibration of suite ${suite}: synthetic agents with planted gaps (G true = probit slope gap of their exact commitment probabilities over the same instances)`,
    '',
    textTable(
      ['lambda', 'true G', 'recovered G (mean)', 'coverage of 95% CI', 'power (CI above 0)', 'mean CI width', 'replicates'],
      rows.map((r) => [num(r.lambda), num(r.trueGap), num(r.recovered), num(r.coverage), num(r.power), num(r.meanWidth), String(r.replicates)]),
      ['right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    `Overall coverage ${covered}/${runs.length} = ${num(runs.length > 0 ? covered / runs.length : Number.NaN)}.`,
    detectable === null ? 'No planted gap was detected in 80% of replicates at this size: add instances or episodes.' : `Smallest gap detected in at least 80% of replicates at this size: G = ${num(detectable)}.`,
  ].join('\n');
}

/** calibration.md. */
export function calibrationMarkdown(suite: string, rows: readonly CalibrationRow[], runs: readonly CalibrationRun[]): string {
  return [
    `# saydo calibration: suite ${suite}`,
    '',
    markdownTable(
      ['lambda', 'true G', 'recovered G', 'coverage', 'power', 'mean CI width', 'replicates'],
      rows.map((r) => [num(r.lambda), num(r.trueGap), num(r.recovered), num(r.coverage), num(r.power), num(r.meanWidth), String(r.replicates)]),
    ),
    '',
    `Smallest gap detected in at least 80% of replicates: ${detectableGap(rows) === null ? 'none' : num(detectableGap(rows))}.`,
    '',
    '## Every replicate',
    '',
    markdownTable(
      ['lambda', 'replicate', 'true G', 'recovered G', '95% CI', 'commitments', 'covered'],
      runs.map((r) => [num(r.lambda), String(r.replicate), num(r.trueGap), num(r.gap), `[${num(r.lo)}, ${num(r.hi)}]`, String(r.commitments), r.covered ? 'yes' : 'no']),
    ),
    '',
  ].join('\n');
}

/** Recovered against planted gap: each replicate with its interval, and the identity line. */
export async function calibrationSvg(runs: readonly CalibrationRun[]): Promise<string> {
  const values = runs.map((r) => ({ ...r, jitter: r.trueGap + (r.replicate % 5) * 0.004 }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 420,
    height: 360,
    layer: [
      { data: { values: [{ x: -0.3, y: -0.3 }, { x: 1.6, y: 1.6 }] }, mark: { type: 'line', strokeDash: [6, 4], color: '#444' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      { data: { values }, mark: 'rule', encoding: { x: { field: 'jitter', type: 'quantitative', title: 'true G of the planted agent' }, y: { field: 'lo', type: 'quantitative', title: 'recovered G (95% CI)' }, y2: { field: 'hi' }, color: { field: 'lambda', type: 'ordinal', title: 'lambda' } } },
      { data: { values }, mark: { type: 'point', filled: true }, encoding: { x: { field: 'jitter', type: 'quantitative' }, y: { field: 'gap', type: 'quantitative' }, color: { field: 'lambda', type: 'ordinal' } } },
    ],
  } as TopLevelSpec;
  return renderSvg(spec);
}
