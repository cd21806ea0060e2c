import type { AgentMetrics, RunMetrics } from '../analysis/metric-types.js';
import { num, withInterval } from './format.js';

/** One row of the headline: the numbers a researcher reads first, per agent. */
export interface HeadlineRow {
  agent: string;
  gap: string;
  consistency: string;
  ceiling: string;
  attainment: string;
  regret: string;
  controls: string;
}

/** What the controls say, in a few words: flags first. */
export function controlsSummary(metrics: AgentMetrics): string {
  const c = metrics.pooled.controls;
  const notes: string[] = [];
  if (c.positionBias.flagged) notes.push(`POSITION BIAS ${num(c.positionBias.estimate)}`);
  if (metrics.pooled.calibration?.separation) notes.push('separated (Firth)');
  if ((c.invalidActionRate.rate ?? 0) > 0) notes.push(`invalid ${num(c.invalidActionRate.rate, 3)}`);
  if ((c.refusalRate.estimate ?? 0) > 0) notes.push(`refusals ${num(c.refusalRate.estimate)}`);
  if (c.endedOnLimitOrError > 0) notes.push(`${c.endedOnLimitOrError} ended on a limit or error`);
  return notes.join('; ') || 'ok';
}

/** The headline rows of a run. */
export function headlineRows(metrics: RunMetrics): HeadlineRow[] {
  return metrics.agents.map((agent) => {
    const pooled = agent.pooled;
    return {
      agent: agent.agent,
      gap: withInterval(pooled.calibration?.gap),
      consistency: withInterval(pooled.choiceConsistency),
      ceiling: num(pooled.choiceConsistency.ceiling),
      attainment: withInterval(pooled.attainment),
      regret: withInterval(pooled.regret),
      controls: controlsSummary(agent),
    };
  });
}

/** Column titles of the headline. */
export const HEADLINE_COLUMNS = ['agent', 'gap index G [95% CI]', 'choice consistency', 'ceiling', 'top attainment', 'regret', 'controls'] as const;
