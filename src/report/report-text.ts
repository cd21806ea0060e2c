import type { RunMetrics } from '../analysis/metric-types.js';
import { HEADLINE_COLUMNS, headlineRows } from './headline.js';
import { textTable } from './text-table.js';

/** Skipped items the terminal lists one by one; report.md lists them all. */
const SKIPPED_SHOWN = 10;

/** One skipped item with its place in the run folder, as `agents/<agent>/events.jsonl:<line>: <reason>` (line 0: the agent's profile). */
export function skippedItem(item: Readonly<RunMetrics['skipped'][number]>): string {
  const place = item.line > 0 ? `agents/${item.agent}/events.jsonl:${item.line}` : `agents/${item.agent}/profile.json`;
  return `${place}: ${item.reason}`;
}

/** The terminal headline of a run: per agent, G with its interval, consistency against chance (0.5) and ceiling, attainment, regret, controls. */
export function formatHeadlineText(metrics: RunMetrics): string {
  const rows = headlineRows(metrics).map((r) => [r.agent, r.gap, r.consistency, r.ceiling, r.attainment, r.regret, r.controls]);
  const lines = [
    `Utility-behavior gap, suite ${metrics.suite} (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)`,
    '',
    textTable([...HEADLINE_COLUMNS], rows),
  ];
  if (metrics.skipped.length > 0) {
    const shown = metrics.skipped.slice(0, SKIPPED_SHOWN);
    lines.push('', `Skipped ${metrics.skipped.length} item(s) of the logs, left out of every figure:`, ...shown.map((s) => `  ${skippedItem(s)}`));
    const rest = metrics.skipped.length - shown.length;
    if (rest > 0) lines.push(`  ... and ${rest} more (report.md and metrics.json list them)`);
  }
  return lines.join('\n');
}
