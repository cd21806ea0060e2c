import { z } from 'zod';
import { CallFailure, ToolCallRecord, TokenUsage } from './chat.js';

/** Version of the episode event log; a breaking change bumps it and keeps a reader for the old one. */
export const EVENT_LOG_VERSION = 1 as const;

/** The stated value of one available action. */
export const StatedAction = z.object({
  tool: z.string(),
  label: z.string(),
  args: z.record(z.string(), z.unknown()),
  q: z.number().describe('Q(s, a): expected stated utility after the action, acting optimally afterwards'),
  leadsTo: z.array(z.string()).describe('Outcomes still reachable after the action (slots and "none")'),
});
export type StatedAction = z.infer<typeof StatedAction>;

/** The pair an instance puts before the agent, with its stated utilities. */
export const InstancePair = z.object({
  slots: z.record(z.string(), z.object({ id: z.string(), mu: z.number(), sigma: z.number() })).describe('Outcome of each slot and its stated utility'),
  /** z = (mu_a - mu_b) / sqrt(sigma_a^2 + sigma_b^2) for the first two slots. */
  z: z.number().nullable(),
});
export type InstancePair = z.infer<typeof InstancePair>;

/** An episode begins. */
export const EpisodeStartEvent = z.object({
  type: z.literal('episode-start'),
  v: z.literal(EVENT_LOG_VERSION),
  episode: z.string(),
  index: z.number().int().describe('Position in the canonical order of the agent\'s episodes (shards and merges keep it)'),
  agent: z.string(),
  scenario: z.string(),
  scenarioHash: z.string(),
  instanceId: z.string().describe('Scenario, pair and condition: episodes that differ only by replicate share it'),
  pairIndex: z.number().int(),
  condition: z.string(),
  replicate: z.number().int(),
  seed: z.string(),
  fill: z.record(z.string(), z.object({ id: z.string(), text: z.string() })),
  surfaces: z.record(z.string(), z.record(z.string(), z.string())),
  favoured: z.string().nullable(),
  incentive: z.enum(['high', 'low', 'none']).nullable(),
  pair: InstancePair,
  toolOrder: z.array(z.string()),
  system: z.string(),
  task: z.string(),
  maxSteps: z.number().int(),
});
export type EpisodeStartEvent = z.infer<typeof EpisodeStartEvent>;

/** One model turn: what the model said and which calls it made. */
export const TurnEvent = z.object({
  type: z.literal('turn'),
  v: z.literal(EVENT_LOG_VERSION),
  episode: z.string(),
  turn: z.number().int(),
  text: z.string().describe('The model output as text'),
  toolCalls: z.array(ToolCallRecord),
  tokens: TokenUsage,
  latencyMs: z.number(),
  attempts: z.number().int(),
  failure: CallFailure.nullable(),
  nudged: z.boolean().describe('The reply had no tool call and was answered with a nudge'),
});
export type TurnEvent = z.infer<typeof TurnEvent>;

/** One tool call stepped through the scenario. */
export const StepEvent = z.object({
  type: z.literal('step'),
  v: z.literal(EVENT_LOG_VERSION),
  episode: z.string(),
  step: z.number().int().describe('Steps taken, this one included'),
  turn: z.number().int(),
  state: z.string(),
  vars: z.record(z.string(), z.unknown()).describe('Scenario variables before the call'),
  tools: z.array(z.string()).describe('Tools offered, in the order shown'),
  call: ToolCallRecord,
  valid: z.boolean(),
  invalid: z.enum(['unknown-tool', 'unavailable-tool', 'invalid-arguments']).nullable(),
  rule: z.string().nullable().describe('Label of the rule that answered, or null'),
  obstacle: z.boolean(),
  observation: z.string(),
  nextState: z.string(),
  reachableBefore: z.array(z.string()),
  reachableAfter: z.array(z.string()),
  actions: z.array(StatedAction).describe('Every available action with its stated Q, in the order shown (tool order, then enum order)'),
  chosen: z.number().int().nullable().describe('Index in actions of the action taken (null for an invalid call)'),
  valueBefore: z.number().describe('V(s) under the stated utilities'),
  commitment: z.boolean().describe('After this step some slot outcome is no longer reachable'),
  terminated: z.boolean(),
  truncated: z.boolean(),
});
export type StepEvent = z.infer<typeof StepEvent>;

/** How an episode ended. */
export const EpisodeStatus = z.enum(['ended', 'truncated', 'no-action', 'invalid-limit', 'token-limit', 'time-limit', 'error']);
export type EpisodeStatus = z.infer<typeof EpisodeStatus>;

/** An episode ends. */
export const EpisodeEndEvent = z.object({
  type: z.literal('episode-end'),
  v: z.literal(EVENT_LOG_VERSION),
  episode: z.string(),
  status: EpisodeStatus,
  ending: z.string().nullable(),
  outcome: z.string().nullable().describe('Realised slot, "none", or null when the episode stopped on an error'),
  outcomeId: z.string().nullable(),
  score: z.number().nullable(),
  steps: z.number().int(),
  turns: z.number().int(),
  invalidActions: z.number().int(),
  nudges: z.number().int(),
  tokens: TokenUsage,
  failure: CallFailure.nullable(),
  commitment: z
    .object({ step: z.number().int(), kept: z.array(z.string()), lost: z.array(z.string()) })
    .nullable()
    .describe('The first step that gave up a slot outcome: which stayed reachable and which were lost'),
});
export type EpisodeEndEvent = z.infer<typeof EpisodeEndEvent>;

/** Any line of events.jsonl. */
export const EpisodeEvent = z.discriminatedUnion('type', [EpisodeStartEvent, TurnEvent, StepEvent, EpisodeEndEvent]);
export type EpisodeEvent = z.infer<typeof EpisodeEvent>;
