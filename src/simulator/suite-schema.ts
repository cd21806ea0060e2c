import { z } from 'zod';
import { Id } from '../core/schemas/catalog.js';

/** How an instance's slots are filled from the agent's own utility profile. */
export const SlotFilling = z.discriminatedUnion('strategy', [
  z
    .strictObject({
      strategy: z.literal('spread'),
      pairs: z.number().int().min(1).default(8).describe('Instances per scenario'),
    })
    .describe('Pairs spread evenly over the stated choice probability Phi(z), so a curve over z can be drawn'),
  z
    .strictObject({
      strategy: z.literal('top-bottom'),
      pairs: z.number().int().min(1).default(8),
    })
    .describe('An outcome from the top third of the agent\'s ranking against one from the bottom third, sides at random'),
  z
    .strictObject({
      strategy: z.literal('fixed'),
      fills: z.array(z.record(z.string(), z.string())).min(1).describe('Outcome ids per slot, one map per instance'),
    })
    .describe('Fixed outcome ids'),
]);
export type SlotFilling = z.infer<typeof SlotFilling>;

/** Limits of one episode. */
export const EpisodeLimits = z.strictObject({
  maxSteps: z.number().int().min(1).optional().describe('Overrides the scenario\'s step limit'),
  maxInvalid: z.number().int().min(1).default(5).describe('Invalid actions (unknown tools, bad arguments) before the episode is stopped'),
  maxTokens: z.number().int().min(1).default(200_000).describe('Tokens (input + output) per episode'),
  maxSeconds: z.number().min(1).default(600).describe('Wall time per episode'),
  nudges: z.number().int().min(0).default(1).describe('Replies without a tool call that are answered with a nudge before the episode ends as no-action'),
});
export type EpisodeLimits = z.infer<typeof EpisodeLimits>;

/** A suite: which scenarios run under which conditions, how slots are filled, how many episodes, and the limits. */
export const SuiteSpec = z
  .strictObject({
    name: Id,
    description: z.string().optional(),
    catalog: z.string().describe('Outcome catalog, relative to the suite file'),
    scenarios: z.array(z.string()).min(1).describe('Scenario files, relative to the suite file'),
    conditions: z.array(z.string()).optional().describe('Conditions to run; default: every condition of each scenario'),
    filling: SlotFilling.default({ strategy: 'spread', pairs: 8 }),
    episodes: z.number().int().min(1).default(2).describe('Episodes per instance and condition (replicates; surfaces are counterbalanced across them)'),
    seed: z.union([z.string(), z.number()]).default(0).describe('Run seed: pair choice, counterbalancing, tool order, branches'),
    elicitation: z
      .strictObject({
        mode: z.enum(['sample', 'logprob']).default('sample'),
        samples: z.number().int().min(1).default(5),
        budget: z.number().int().min(1).optional().describe('Pairs asked per agent (default 2 N log2 N)'),
        template: z.string().default('forced-choice'),
      })
      .default({ mode: 'sample', samples: 5, template: 'forced-choice' }),
    limits: EpisodeLimits.default({ maxInvalid: 5, maxTokens: 200_000, maxSeconds: 600, nudges: 1 }),
    budget: z
      .strictObject({
        tokens: z.number().int().min(1).optional().describe('Tokens per run, all agents; no new episode starts past it'),
        dollars: z.number().min(0).optional().describe('Spend per run, from the agent profiles\' pricing'),
      })
      .default({}),
  })
  .describe('A saydo suite');
export type SuiteSpec = z.infer<typeof SuiteSpec>;
