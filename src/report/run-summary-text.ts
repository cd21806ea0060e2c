import type { RunSuiteResult } from '../simulator/run-suite.js';
import { textTable } from './text-table.js';

/** The end-of-run summary: per agent, what ran, how episodes ended, which outcomes came about, and the faults. */
export function formatRunSummary(result: RunSuiteResult): string {
  const rows = result.agents.map((agent) => {
    const s = agent.summary;
    const outcomes = Object.entries(s.outcomes)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ');
    const faults = [
      s.status.error ? `${s.status.error} error` : '',
      s.status['no-action'] ? `${s.status['no-action']} no-action` : '',
      s.status['invalid-limit'] ? `${s.status['invalid-limit']} invalid-limit` : '',
      s.status['token-limit'] ? `${s.status['token-limit']} token-limit` : '',
      s.status['time-limit'] ? `${s.status['time-limit']} time-limit` : '',
      agent.elicitationFailed ? `${agent.elicitationFailed} failed comparisons` : '',
      agent.elicitationUnanswered ? 'no comparison answered: no profile, no episodes' : '',
    ].filter(Boolean);
    return [
      agent.name,
      `${s.episodes}/${agent.planned}`,
      String(s.steps),
      String(s.status.ended ?? 0),
      String(s.status.truncated ?? 0),
      String(s.commitments),
      String(s.invalidActions),
      outcomes || '-',
      faults.join(', ') || '-',
    ];
  });
  const lines = [
    `Run ${result.runDir}${result.resumed ? ' (continued)' : ''}${result.interrupted ? ' — interrupted' : ''}${result.budgetReached ? ' — stopped at the budget' : ''}`,
    '',
    textTable(['agent', 'episodes', 'steps', 'ended', 'truncated', 'commitments', 'invalid', 'outcomes', 'faults'], rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left']),
  ];
  const failures = result.agents.flatMap((a) => Object.entries(a.summary.failures).map(([kind, n]) => `${a.name}: ${n} ${kind}`));
  if (failures.length > 0) lines.push('', `Failed model calls: ${failures.join('; ')}`);
  return lines.join('\n');
}
