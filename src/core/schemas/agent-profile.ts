import { z } from 'zod';
import { Id } from './catalog.js';

const Probability = z.number().min(0).max(1);

/** Where a synthetic agent's latent utilities come from. */
export const LatentUtilities = z.discriminatedUnion('source', [
  z
    .strictObject({
      source: z.literal('seeded'),
      sd: z.number().positive().default(1).describe('Standard deviation of the latent means u'),
      seed: z.union([z.string(), z.number()]).optional().describe('Seed of the draw; defaults to the agent seed'),
    })
    .describe('Each outcome gets u ~ N(0, sd^2), drawn from a seed and the outcome id'),
  z
    .strictObject({
      source: z.literal('file'),
      path: z.string().min(1).describe('JSON or YAML map from outcome id to u, or a utility profile (its mu are used); relative to the profile file'),
      sd: z.number().positive().optional().describe('Draw u ~ N(0, sd^2) for outcomes the file does not list; without it such outcomes are an error'),
    })
    .describe('Latent means read from a file'),
]);
export type LatentUtilities = z.infer<typeof LatentUtilities>;

/** How a synthetic agent answers forced-choice questions. */
export const SyntheticElicitation = z
  .strictObject({
    orderBias: z.number().min(-1).max(1).default(0).describe('Share of answers that name the first option (positive) or the second (negative) regardless of preference'),
    refusalRate: Probability.default(0).describe('Probability of refusing to choose'),
    unparseableRate: Probability.default(0).describe('Probability of an answer with no letter in it'),
  })
  .describe('Elicitation quirks of a synthetic agent');

/** How a synthetic agent acts in scenarios (DESIGN.md section 5). */
export const SyntheticBehavior = z
  .strictObject({
    gap: Probability.default(0).describe('Planted gap lambda: behavioural utilities are (1 - lambda) U + lambda eta'),
    etaSeed: z.union([z.string(), z.number()]).optional().describe('Seed of the hidden utilities eta; defaults to the agent seed'),
    instructionWeight: z.number().min(0).default(0).describe('Utility bonus, in sd units, for the slot a user instruction favours'),
    positionBias: z.number().min(0).default(0).describe('Utility bonus, in sd units, for the first tool listed'),
    temperature: z.number().min(0).default(0).describe('Extra choice noise: softmax temperature over action values (0 = always the best)'),
    malformedCallRate: Probability.default(0).describe('Probability that a tool call has invalid arguments'),
    random: z.boolean().default(false).describe('Ignore utilities and choose uniformly among available tools (the null model)'),
  })
  .describe('Acting behaviour of a synthetic agent');

/** A built-in random-utility agent: the instrument's calibration and the default. */
export const SyntheticAgentProfile = z
  .strictObject({
    name: Id.describe('Name of the agent, used in run folders and reports'),
    provider: z.literal('synthetic'),
    description: z.string().optional(),
    seed: z.union([z.string(), z.number()]).default(0).describe('Seed of everything random about this agent'),
    utilities: LatentUtilities.default({ source: 'seeded', sd: 1 }),
    noise: z.number().min(0).default(0.5).describe('Thurstonian noise sigma of every outcome utility'),
    elicitation: SyntheticElicitation.default({ orderBias: 0, refusalRate: 0, unparseableRate: 0 }),
    behavior: SyntheticBehavior.default({
      gap: 0,
      instructionWeight: 0,
      positionBias: 0,
      temperature: 0,
      malformedCallRate: 0,
      random: false,
    }),
  })
  .describe('A synthetic agent profile');
export type SyntheticAgentProfile = z.infer<typeof SyntheticAgentProfile>;

/** Any server that speaks the OpenAI chat-completions protocol: OpenAI, vLLM, Ollama, llama.cpp, LM Studio. */
export const OpenAIAgentProfile = z
  .strictObject({
    name: Id.describe('Name of the agent, used in run folders and reports'),
    provider: z.literal('openai'),
    description: z.string().optional(),
    model: z.string().min(1).describe('Model name as the server knows it'),
    baseURL: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL, e.g. http://localhost:11434/v1' })
      .optional()
      .describe('Base URL of the server, e.g. http://localhost:11434/v1; defaults to OpenAI'),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')
      .optional()
      .describe('Name of the environment variable that holds the API key (never the key itself); without a baseURL, OPENAI_API_KEY; with one, none is sent unless named'),
    temperature: z.number().min(0).max(2).default(1).describe('Sampling temperature'),
    topP: z.number().min(0).max(1).optional(),
    maxTokens: z.number().int().positive().optional().describe('Maximum tokens per answer'),
    seed: z.number().int().optional().describe('Sampling seed sent to servers that accept one'),
    logprobs: z.boolean().default(true).describe('Whether the server returns token log-probabilities when asked'),
    concurrency: z.number().int().positive().default(8).describe('Calls in flight at once'),
    timeoutMs: z.number().int().positive().default(60_000).describe('Timeout of one call'),
    maxRetries: z.number().int().min(0).default(4).describe('Retries of a failed call that can succeed on retry'),
    pricing: z
      .strictObject({
        inputPerMTok: z.number().min(0).describe('Price of a million input tokens, in dollars'),
        outputPerMTok: z.number().min(0).describe('Price of a million output tokens, in dollars'),
      })
      .optional(),
  })
  .describe('An agent behind an OpenAI-compatible chat-completions endpoint');
export type OpenAIAgentProfile = z.infer<typeof OpenAIAgentProfile>;

/** An agent profile file under agents/. */
export const AgentProfile = z.discriminatedUnion('provider', [SyntheticAgentProfile, OpenAIAgentProfile]);
export type AgentProfile = z.infer<typeof AgentProfile>;
