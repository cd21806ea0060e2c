import { z } from 'zod';

/** A tool call as a model made it: the arguments are kept as the raw text it sent. */
export const ToolCallRecord = z.object({
  id: z.string().describe('Call id given by the model (or generated when it gave none)'),
  name: z.string().describe('Tool name the model asked for'),
  arguments: z.string().describe('Arguments exactly as the model sent them (JSON text, possibly invalid)'),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

/** A provider-neutral chat message; what saydo logs, caches and hands to the agent seam. */
export const ChatMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({ role: z.literal('assistant'), content: z.string(), toolCalls: z.array(ToolCallRecord).optional() }),
  z.object({ role: z.literal('tool'), toolCallId: z.string(), name: z.string(), content: z.string() }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A tool as shown to a model: name, description and a JSON Schema of its arguments. */
export const ToolDefinition = z.object({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()).describe('JSON Schema of the arguments object'),
});
export type ToolDefinition = z.infer<typeof ToolDefinition>;

/** Log-probabilities of one generated token and its top alternatives. */
export const TokenLogprob = z.object({
  token: z.string(),
  logprob: z.number(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() })),
});
export type TokenLogprob = z.infer<typeof TokenLogprob>;

/** Token counts of one call. */
export const TokenUsage = z.object({ input: z.number().int().min(0), output: z.number().int().min(0) });
export type TokenUsage = z.infer<typeof TokenUsage>;

/** Why a model call failed, as data. */
export const CallFailure = z.object({
  kind: z.enum(['auth', 'rate-limit', 'server', 'timeout', 'network', 'bad-response', 'bad-request', 'aborted', 'budget', 'other']),
  message: z.string(),
  status: z.number().int().optional(),
  retryable: z.boolean(),
});
export type CallFailure = z.infer<typeof CallFailure>;
