import type { EpisodeEndEvent } from '../core/schemas/episode-events.js';
import { scanLines } from './episode-log.js';

/** Counts over the episodes of one agent's log. */
export interface EpisodeSummary {
  episodes: number;
  steps: number;
  status: Record<string, number>;
  outcomes: Record<string, number>;
  invalidActions: number;
  nudges: number;
  commitments: number;
  failures: Record<string, number>;
  tokens: { input: number; output: number };
}

/** Summarises an events.jsonl by streaming its episode-end lines. */
export function summarizeEpisodeLog(path: string): EpisodeSummary {
  const summary: EpisodeSummary = { episodes: 0, steps: 0, status: {}, outcomes: {}, invalidActions: 0, nudges: 0, commitments: 0, failures: {}, tokens: { input: 0, output: 0 } };
  const add = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1;
  };
  scanLines(path, (text) => {
    if (!text.includes('"episode-end"')) return;
    let end: EpisodeEndEvent;
    try {
      end = JSON.parse(text) as EpisodeEndEvent;
    } catch {
      return;
    }
    if (end.type !== 'episode-end') return;
    summary.episodes += 1;
    summary.steps += end.steps;
    add(summary.status, end.status);
    add(summary.outcomes, end.outcome ?? 'unfinished');
    summary.invalidActions += end.invalidActions;
    summary.nudges += end.nudges;
    if (end.commitment) summary.commitments += 1;
    if (end.failure) add(summary.failures, end.failure.kind);
    summary.tokens.input += end.tokens.input;
    summary.tokens.output += end.tokens.output;
  });
  return summary;
}
