import type { AgentMetrics, MetricSet, RunMetrics } from '../../analysis/metric-types.js';
import { num, withInterval } from '../../report/format.js';
import { controlsSummary } from '../../report/headline.js';
import { alignmentChart } from './alignment-chart.js';
import { choiceChart } from './choice-chart.js';
import { fit } from '../components/text.js';
import { windowOffset } from '../components/use-list-cursor.js';
import { tableLines, type StyledLine } from './screen-kit.js';

/** Which metrics the lower half shows: pooled, one scenario, or one condition of the selected agent. */
export interface ResultsSelection {
  agent: number;
  by: 'scenario' | 'condition';
  /** null: pooled over preference conditions. */
  key: string | null;
}

/** The keys a selection can cycle through for one agent: pooled first, then scenarios or conditions. */
export function groupKeys(agent: AgentMetrics | undefined, by: ResultsSelection['by']): Array<string | null> {
  if (!agent) return [null];
  return [null, ...Object.keys(by === 'scenario' ? agent.byScenario : agent.byCondition)];
}

/** The metric set of a selection. */
export function selectedSet(agent: AgentMetrics, selection: ResultsSelection): MetricSet | undefined {
  if (selection.key === null) return agent.pooled;
  return selection.by === 'scenario' ? agent.byScenario[selection.key] : agent.byCondition[selection.key];
}

const point = (metric: { estimate: number | null } | null | undefined) => num(metric?.estimate);

/** The title of the Results screen. */
export function resultsTitle(metrics: RunMetrics, source: string): string {
  return `saydo · Results · ${metrics.suite} · ${metrics.agents.length} agents · from ${source}`;
}

/** The body of the Results screen for a body of `columns` x `rows`: headline per agent, the selected agent's table, and the two charts. */
export function resultsLines(metrics: RunMetrics, selection: ResultsSelection, size: { columns: number; rows: number }): StyledLine[] {
  const width = size.columns;
  const wide = width >= 110;
  const height = size.rows;
  const agent = metrics.agents[selection.agent];
  const lines: StyledLine[] = [];

  const headline = metrics.agents.map((a) => {
    const c = a.pooled.choiceConsistency;
    return [
      a.agent,
      withInterval(a.pooled.calibration?.gap),
      wide ? `${withInterval(c)} / ${num(c.ceiling)}` : `${point(c)}/${num(c.ceiling)}`,
      wide ? withInterval(a.pooled.attainment) : point(a.pooled.attainment),
      wide ? withInterval(a.pooled.regret) : point(a.pooled.regret),
      controlsSummary(a),
    ];
  });
  const agentRows = Math.min(metrics.agents.length, Math.max(1, Math.min(5, height - 7)));
  const agentTop = windowOffset(selection.agent, 0, agentRows, metrics.agents.length);
  const titles = wide ? ['agent', 'G [95% CI]', 'consistency / ceiling', 'attainment', 'regret', 'controls'] : ['agent', 'G [95% CI]', 'consist/ceil', 'attain', 'regret', 'controls'];
  const [headlineHeader = '', ...headlineBody] = tableLines(titles, headline, width);
  lines.push({ text: `  ${headlineHeader}`, tone: 'muted' });
  for (let i = agentTop; i < agentTop + agentRows; i += 1) {
    lines.push(i === selection.agent ? { text: `› ${headlineBody[i] ?? ''}`, tone: 'selected' } : { text: `  ${headlineBody[i] ?? ''}` });
  }
  if (!agent) return lines;

  const keys = groupKeys(agent, selection.by);
  const set = selectedSet(agent, selection);
  const what = selection.key === null ? 'pooled, preference conditions' : selection.by === 'scenario' ? `scenario ${selection.key}, preference conditions` : `condition ${selection.key}, all scenarios`;
  lines.push({ text: fit(`${agent.agent} · ${what} · ${set?.episodes ?? 0} episodes`, width).trimEnd(), tone: 'heading' });
  const controls = set ? controlsSummary({ ...agent, pooled: set }) : 'no episodes';
  lines.push({ text: fit(`controls: ${controls}`, width).trimEnd(), tone: controls === 'ok' ? 'muted' : 'warn' });

  const table = keys.map((key) => {
    const m = key === null ? agent.pooled : selection.by === 'scenario' ? agent.byScenario[key] : agent.byCondition[key];
    return [key ?? 'pooled', String(m?.episodes ?? 0), withInterval(m?.calibration?.gap), point(m?.choiceConsistency), point(m?.attainment), point(m?.regret)];
  });
  const selectedRow = Math.max(0, keys.indexOf(selection.key));
  const [tableHeader = '', ...tableBody] = tableLines([selection.by, 'n', 'G [95% CI]', 'consist', 'attain', 'regret'], table, width, { align: ['left', 'right'] });
  // Headline, selection and controls lines and the table header are fixed. The charts get 9 to 20 lines while the
  // table keeps 3 rows (scrolled), then shrink to 6, then go; the table takes what is left.
  const free = height - (1 + agentRows + 2 + 1);
  const tableMin = Math.min(3, keys.length);
  const chartHeight = free - tableMin >= 9 ? Math.max(9, Math.min(20, free - keys.length)) : free - tableMin >= 6 ? free - tableMin : 0;
  const tableRows = Math.min(keys.length, Math.max(1, free - chartHeight));
  const tableTop = windowOffset(selectedRow, 0, tableRows, keys.length);
  lines.push({ text: `  ${tableHeader}`, tone: 'muted' });
  for (let i = tableTop; i < tableTop + tableRows; i += 1) {
    lines.push(i === selectedRow ? { text: `› ${tableBody[i] ?? ''}`, tone: 'selected' } : { text: `  ${tableBody[i] ?? ''}` });
  }

  const points = set?.calibration?.points ?? [];
  const steps = set?.stepAlignment ?? [];
  if (chartHeight === 0) {
    if (free - tableRows > 0) lines.push({ text: fit('(the charts need a taller terminal)', width).trimEnd(), tone: 'muted' });
    return lines;
  }
  // The probit needs 3 commitments; with fewer, metrics.json keeps no points.
  const empty = (set?.choiceConsistency.n ?? 0) > 0 ? 'under 3 commitments, not fitted' : 'no commitments';
  if (width >= 64) {
    const half = Math.floor((width - 2) / 2);
    const left = choiceChart(points, { width: half, height: chartHeight, empty });
    const right = alignmentChart(steps, { width: half, height: chartHeight });
    left.forEach((text, i) => lines.push({ text: `${fit(text, half)}  ${right[i] ?? ''}`.trimEnd() }));
  } else {
    for (const text of choiceChart(points, { width, height: chartHeight, empty })) lines.push({ text });
  }
  return lines;
}
