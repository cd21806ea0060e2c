import { z } from 'zod';
import { CallFailure, TokenUsage } from './chat.js';

/** Schema version of comparison records. */
export const COMPARISON_VERSION = 1 as const;

/** What became of one forced-choice question. */
export const ComparisonStatus = z.enum(['answered', 'refused', 'unparseable', 'failed']);
export type ComparisonStatus = z.infer<typeof ComparisonStatus>;

/** One forced-choice question about a pair, in one order, with the raw answer: one line of comparisons.jsonl. */
export const Comparison = z.object({
  type: z.literal('comparison'),
  v: z.literal(COMPARISON_VERSION),
  id: z.string().describe('Deterministic id: first outcome, second outcome, mode and sample index'),
  first: z.string().describe('Outcome shown as Option A'),
  second: z.string().describe('Outcome shown as Option B'),
  sample: z.number().int().min(0).describe('Index of the sample within this order'),
  mode: z.enum(['sample', 'logprob']),
  split: z.enum(['train', 'holdout']),
  batch: z.number().int().min(0).describe('Design batch the pair belongs to (0 = initial graph)'),
  status: ComparisonStatus,
  chosen: z.enum(['first', 'second']).nullable().describe('Which option the answer named'),
  pFirst: z.number().min(0).max(1).nullable().describe('Probability of the first option read from log-probabilities (logprob mode)'),
  raw: z.string().nullable().describe('The model answer as text'),
  failure: CallFailure.nullable(),
  attempts: z.number().int().min(0).describe('Attempts the call took (as first made, also when the answer now comes from the cache)'),
  latencyMs: z.number().min(0).describe('Latency of the successful attempt, as first measured'),
  tokens: TokenUsage,
});
export type Comparison = z.infer<typeof Comparison>;
