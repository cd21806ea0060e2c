import type { RunMetrics } from '../analysis/metric-types.js';
import { HEADLINE_COLUMNS, headlineRows } from './headline.js';
import { textTable } from './text-table.js';

/** The terminal headline of a run: per agent, G with its interval, consistency against chance (0.5) and ceiling, attainment, regret, controls. */
export function formatHeadlineText(metrics: RunMetrics): string {
  const rows = headlineRows(metrics).map((r) => [r.agent, r.gap, r.consistency, r.ceiling, r.attainment, r.regret, r.controls]);
  const lines = [
    `Utility-behavior gap, suite ${metrics.suite} (preference conditions; G = 1 - probit slope of behaviour on stated z; chance consistency 0.5)`,
    '',
    textTable([...HEADLINE_COLUMNS], rows),
  ];
  if (metrics.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of metrics.skipped) {
      const reason = s.reason.replace(/^episode \S+: /, '');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    lines.push('', `Skipped ${metrics.skipped.length} item(s) of the logs: ${[...reasons.entries()].map(([r, n]) => `${n} x ${r}`).join('; ')}`);
  }
  return lines.join('\n');
}
