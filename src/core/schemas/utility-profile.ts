import { z } from 'zod';

/** Schema version of utility profiles. */
export const UTILITY_PROFILE_VERSION = 1 as const;

/** A fitted utility of one outcome. */
export const OutcomeUtility = z.object({
  id: z.string(),
  text: z.string(),
  category: z.string(),
  mu: z.number().describe('Fitted mean utility, normalised to mean 0 and sd 1 over the catalog'),
  sigma: z.number().describe('Fitted utility sd on the same scale'),
  rank: z.number().int().min(1).describe('1 = most preferred'),
  comparisons: z.number().min(0).describe('Answers about this outcome that entered the fit'),
});
export type OutcomeUtility = z.infer<typeof OutcomeUtility>;

/** How well the stated preferences hang together. */
export const Coherence = z.object({
  heldOutAccuracy: z.number().nullable().describe('Share of held-out pairs whose fitted favourite is the empirical majority choice'),
  heldOutLogLoss: z.number().nullable().describe('Mean cross-entropy of held-out empirical proportions under the fit'),
  heldOutPairs: z.number().int(),
  noiseCeiling: z.number().nullable().describe('Held-out accuracy the true model would reach (synthetic agents only)'),
  trainAccuracy: z.number().nullable(),
  trainLogLoss: z.number().nullable(),
  cycleRate: z.number().nullable().describe('Share of sampled fully-asked triads whose majority choices form a cycle'),
  triads: z.number().int(),
  firstPositionRate: z.number().nullable().describe('Share of answered questions that chose Option A (0.5 = no order bias)'),
  refusalRate: z.number(),
  unparseableRate: z.number(),
  failedRate: z.number(),
  splitHalf: z
    .object({ r: z.number(), spearmanBrown: z.number().nullable().describe('2r / (1 + r); null unless r > 0') })
    .nullable()
    .describe('Correlation of mu fitted on two halves of the answers, and its Spearman-Brown correction'),
});
export type Coherence = z.infer<typeof Coherence>;

/** Counts of the elicitation behind a profile. */
export const ElicitationCounts = z.object({
  pairs: z.number().int(),
  trainPairs: z.number().int(),
  heldOutPairs: z.number().int(),
  comparisons: z.number().int(),
  answered: z.number().int(),
  refused: z.number().int(),
  unparseable: z.number().int(),
  failed: z.number().int(),
  pseudoLabels: z.number().int().describe('Imported hard labels that are not answers'),
});
export type ElicitationCounts = z.infer<typeof ElicitationCounts>;

/** Fitted mu and sigma per outcome for one agent, with coherence metrics and provenance: profile.json. */
export const UtilityProfile = z.object({
  type: z.literal('utility-profile'),
  v: z.literal(UTILITY_PROFILE_VERSION),
  source: z.enum(['elicited', 'imported']),
  agent: z.object({ name: z.string(), provider: z.string(), model: z.string().nullable(), profileHash: z.string().nullable() }),
  catalog: z.object({ name: z.string(), hash: z.string(), outcomes: z.number().int() }),
  template: z.object({ name: z.string(), hash: z.string() }).nullable(),
  design: z.object({
    strategy: z.enum(['all-pairs', 'active', 'imported']),
    mode: z.enum(['sample', 'logprob', 'imported']),
    samplesPerOrder: z.number().int().nullable(),
    budget: z.number().int().nullable(),
    heldOutFraction: z.number().nullable(),
    batches: z.number().int(),
    unparseable: z.enum(['exclude', 'half']),
  }),
  seeds: z.object({ design: z.string() }),
  counts: ElicitationCounts,
  fit: z.object({ method: z.string(), iterations: z.number().int(), converged: z.boolean(), negLogLik: z.number() }),
  coherence: Coherence,
  utilities: z.array(OutcomeUtility),
  problemPairs: z
    .array(
      z.object({
        first: z.string(),
        second: z.string(),
        asked: z.number().int().describe('Comparisons of the pair, both orders'),
        refused: z.number().int(),
        unparseable: z.number().int(),
        failed: z.number().int(),
      }),
    )
    .default([])
    .describe('Every pair with a refused, unparseable or failed comparison, in design order (raw answers are in comparisons.jsonl)'),
});
export type UtilityProfile = z.infer<typeof UtilityProfile>;
