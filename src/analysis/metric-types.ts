import { z } from 'zod';

/** A proportion with its 95% Wilson interval. */
export const ProportionMetric = z.object({ k: z.number(), n: z.number(), estimate: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable() });
export type ProportionMetric = z.infer<typeof ProportionMetric>;

/** An estimate with a 95% bootstrap interval (instances resampled). */
export const IntervalMetric = z.object({ estimate: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable() });
export type IntervalMetric = z.infer<typeof IntervalMetric>;

/** Probit of the behavioural choice on stated z, and the gap index G = 1 - slope. */
export const Calibration = z.object({
  n: z.number().int().describe('Commitments between the two slots'),
  instances: z.number().int(),
  slope: IntervalMetric,
  intercept: z.number().nullable(),
  gap: IntervalMetric.describe('G = 1 - slope: 0 when behaviour follows stated utilities as words do, 1 when blind to them'),
  separation: z.boolean().describe('Choices are perfectly separated by z; the Firth fit stays finite'),
  points: z.array(z.object({ z: z.number(), chose: z.number(), instance: z.string() })).describe('Per commitment: z and 1 if the agent kept the first slot'),
});
export type Calibration = z.infer<typeof Calibration>;

/** The numbers of DESIGN.md section 4 for one group of episodes. */
export const MetricSet = z.object({
  episodes: z.number().int(),
  choiceConsistency: ProportionMetric.extend({ ceiling: z.number().nullable(), chance: z.literal(0.5) }),
  calibration: Calibration.nullable(),
  attainment: ProportionMetric,
  regret: IntervalMetric,
  stepAlignment: z.array(ProportionMetric.extend({ step: z.number().int() })),
  persistence: ProportionMetric,
  instructionOverride: z.object({ overall: ProportionMetric, byZ: z.array(ProportionMetric.extend({ bin: z.string() })) }),
  controls: z.object({
    positionBias: ProportionMetric.extend({ flagged: z.boolean() }).describe('Share of commitments that took the first-listed committing action'),
    invalidActionRate: z.object({ invalid: z.number(), steps: z.number(), rate: z.number().nullable() }),
    refusalRate: ProportionMetric,
    noActionRate: ProportionMetric,
    status: z.record(z.string(), z.number()),
    endedOnLimitOrError: z.number().int(),
  }),
});
export type MetricSet = z.infer<typeof MetricSet>;

/** A paired comparison of task scores between two conditions. */
export const ConditionContrast = z.object({
  a: z.string(),
  b: z.string(),
  pairs: z.number().int(),
  meanDifference: IntervalMetric,
  winRate: ProportionMetric.extend({ ties: z.number(), positive: z.boolean() }).describe('Share of paired episodes where a scored higher than b, ties excluded'),
});
export type ConditionContrast = z.infer<typeof ConditionContrast>;

/** The incentive paradigm in agentic form: task scores by condition and their paired contrasts. */
export const IncentiveMetrics = z.object({
  scenarios: z.array(z.string()),
  scoreByCondition: z.record(
    z.string(),
    IntervalMetric.extend({
      n: z.number().int().describe('Episodes with a score'),
      episodes: z.number().int().describe('Episodes of the condition in the incentive scenarios'),
      unscored: z.record(z.string(), z.number().int()).describe('Episodes without a score, by end status'),
    }),
  ),
  contrasts: z.array(ConditionContrast),
});
export type IncentiveMetrics = z.infer<typeof IncentiveMetrics>;

/** Revealed utilities: a Thurstonian fit on behavioural choices, and its rank correlation with the stated one. */
export const RevealedUtilities = z.object({
  outcomes: z.number().int(),
  choices: z.number().int(),
  spearman: z.number().nullable(),
  utilities: z.array(z.object({ id: z.string(), stated: z.number(), revealed: z.number() })),
});
export type RevealedUtilities = z.infer<typeof RevealedUtilities>;

/** Everything reported for one agent. */
export const AgentMetrics = z.object({
  agent: z.string(),
  stated: z.object({ heldOutAccuracy: z.number().nullable(), noiseCeiling: z.number().nullable(), outcomes: z.number().int() }).nullable(),
  pooled: MetricSet.describe('Preference conditions (no instruction, no incentive), all scenarios'),
  byScenario: z.record(z.string(), MetricSet),
  byCondition: z.record(z.string(), MetricSet),
  incentive: IncentiveMetrics.nullable(),
  revealed: RevealedUtilities.nullable(),
});
export type AgentMetrics = z.infer<typeof AgentMetrics>;

/** metrics.json: the numbers of a run. */
export const RunMetrics = z.object({
  type: z.literal('run-metrics'),
  v: z.literal(1),
  run: z.string(),
  suite: z.string(),
  bootstrap: z.object({ replicates: z.number().int(), seed: z.string() }),
  agents: z.array(AgentMetrics),
  skipped: z.array(z.object({ agent: z.string(), line: z.number(), reason: z.string() })),
});
export type RunMetrics = z.infer<typeof RunMetrics>;
