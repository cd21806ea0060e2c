import type { AgentMetrics, MetricSet, RunMetrics } from '../analysis/metric-types.js';
import { num, ratio, withInterval } from './format.js';
import { HEADLINE_COLUMNS, headlineRows } from './headline.js';
import { skippedItem } from './report-text.js';

/** Skipped items the report lists one by one (a log of corrupt lines must not make the report huge). */
const SKIPPED_LISTED = 1000;

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [`| ${header.map(escape).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/** `n 3 of 32; 29 without a score: truncated 29`: how many episodes of a condition have a task score, and why the others do not. */
function scoredCount(s: NonNullable<AgentMetrics['incentive']>['scoreByCondition'][string]): string {
  const missing = s.episodes - s.n;
  if (missing === 0) return `n ${s.n}`;
  return `n ${s.n} of ${s.episodes}; ${missing} without a score: ${Object.entries(s.unscored).map(([status, n]) => `${status} ${n}`).join(', ')}`;
}

function setRow(name: string, m: MetricSet): string[] {
  return [
    name,
    String(m.episodes),
    withInterval(m.calibration?.gap) + (m.calibration?.separation ? ' (separated)' : ''),
    withInterval(m.choiceConsistency),
    num(m.choiceConsistency.ceiling),
    withInterval(m.attainment),
    withInterval(m.regret),
    withInterval(m.persistence),
    withInterval(m.instructionOverride.overall),
    withInterval(m.controls.positionBias) + (m.controls.positionBias.flagged ? ' (flagged)' : ''),
  ];
}

const SET_COLUMNS = ['group', 'episodes', 'G', 'consistency', 'ceiling', 'attainment', 'regret', 'persistence', 'override', 'first-listed'];

function agentSection(agent: AgentMetrics): string {
  const lines = [`## ${agent.agent}`, ''];
  if (agent.stated) lines.push(`Stated utilities: ${agent.stated.outcomes} outcomes, held-out accuracy ${num(agent.stated.heldOutAccuracy, 3)}${agent.stated.noiseCeiling !== null ? ` (noise ceiling ${num(agent.stated.noiseCeiling, 3)})` : ''}.`, '');
  const cal = agent.pooled.calibration;
  if (cal) {
    lines.push(
      `Calibration (preference conditions): probit slope ${withInterval(cal.slope)} on ${cal.n} commitments over ${cal.instances} instances; gap index G = ${withInterval(cal.gap)}${cal.separation ? '; choices are perfectly separated by z (Firth-corrected fit)' : ''}.`,
      '',
    );
  }
  const sets: Array<[string, MetricSet]> = [['pooled', agent.pooled], ...Object.entries(agent.byScenario).map(([s, m]): [string, MetricSet] => [`scenario ${s}`, m]), ...Object.entries(agent.byCondition).map(([c, m]): [string, MetricSet] => [`condition ${c}`, m])];
  lines.push(markdownTable(SET_COLUMNS, sets.map(([name, m]) => setRow(name, m))), '');
  if (sets.some(([, m]) => m.calibration?.separation)) {
    lines.push('(separated): z separates the choices of that group perfectly; the Firth-corrected slope stays finite but its size, and G with it, is set by the penalty: read the sign and the interval, not the digits.', '');
  }
  const alignment = agent.pooled.stepAlignment;
  if (alignment.length > 0) {
    lines.push(
      'Step alignment (preference conditions): the share of steps, among those where some action would lower V, whose action kept it.',
      '',
      markdownTable(['step', 'kept V [95% CI]', 'k/n'], alignment.map((s) => [String(s.step), withInterval(s), ratio(s)])),
      '',
    );
  }
  const o = agent.pooled.instructionOverride;
  if (o.overall.n > 0) lines.push(`Instruction override by |z|: ${o.byZ.map((b) => `${b.bin}: ${withInterval(b)} (${ratio(b)})`).join('; ')}.`, '');
  if (agent.incentive) {
    const inc = agent.incentive;
    lines.push(`Incentive scenarios (${inc.scenarios.join(', ')}): mean task score by condition ${Object.entries(inc.scoreByCondition).map(([c, s]) => `${c} ${withInterval(s)} (${scoredCount(s)})`).join('; ')}.`, '');
    lines.push(
      markdownTable(
        ['contrast', 'pairs', 'mean difference', 'win rate (ties excluded)', 'ties', 'positive'],
        inc.contrasts.map((c) => [`${c.a} vs ${c.b}`, String(c.pairs), withInterval(c.meanDifference), withInterval(c.winRate, 4), String(c.winRate.ties), c.winRate.positive ? 'yes' : 'no']),
      ),
      '',
    );
  }
  if (agent.revealed) lines.push(`Revealed utilities: ${agent.revealed.outcomes} outcomes from ${agent.revealed.choices} choices; Spearman with stated ${num(agent.revealed.spearman)}.`, '');
  const c = agent.pooled.controls;
  lines.push(
    `Controls: invalid actions ${c.invalidActionRate.invalid}/${c.invalidActionRate.steps} steps; refusals ${ratio(c.refusalRate)}; no-action ${ratio(c.noActionRate)}; episode status ${Object.entries(c.status).map(([s, n]) => `${s} ${n}`).join(', ')}.`,
    '',
  );
  return lines.join('\n');
}

/** report.md: the headline and every metric per agent, scenario and condition. */
export function reportMarkdown(metrics: RunMetrics): string {
  const head = headlineRows(metrics).map((r) => [r.agent, r.gap, r.consistency, r.ceiling, r.attainment, r.regret, r.controls]);
  const lines = [
    `# saydo report: suite ${metrics.suite}`,
    '',
    `Run folder \`${metrics.run}\`. Intervals are 95%: Wilson for proportions, bootstrap over instances (${metrics.bootstrap.replicates} replicates, seed ${metrics.bootstrap.seed}) otherwise. Definitions: docs/METRICS.md.`,
    '',
    markdownTable([...HEADLINE_COLUMNS], head),
    '',
    ...metrics.agents.map(agentSection),
  ];
  if (metrics.skipped.length > 0) {
    const rest = metrics.skipped.length - SKIPPED_LISTED;
    lines.push('## Skipped', '', ...metrics.skipped.slice(0, SKIPPED_LISTED).map((s) => `- ${skippedItem(s)}`), rest > 0 ? `- ... and ${rest} more (metrics.json lists them all, under skipped)` : '', '');
  }
  return lines.join('\n');
}
