import type { CallFailure, ChatMessage, TokenLogprob, TokenUsage, ToolCallRecord, ToolDefinition } from './schemas/chat.js';

/** What a model answered, provider-neutral. */
export interface ModelReply {
  text: string;
  toolCalls: ToolCallRecord[];
  /** Per generated token, when the provider returned log-probabilities. */
  logprobs: TokenLogprob[] | null;
  usage: TokenUsage;
  finishReason: string | null;
}

/** One request to a model. */
export interface ModelRequest {
  messages: readonly ChatMessage[];
  tools?: readonly ToolDefinition[];
  /** Index of this sample among identical requests; part of the cache key. */
  sample: number;
  /**
   * The independent stream of answers the request belongs to (an episode id); part of the cache key when set, so two
   * episodes whose conversations happen to be identical each get their own answer, as from the model itself.
   */
  stream?: string;
  /** Ask for the log-probabilities of the top alternatives of each token. */
  logprobs?: boolean;
  /** Read-only view of the task, used only by synthetic agents (never part of a cache key). */
  view?: unknown;
  signal?: AbortSignal;
}

/** The outcome of a request: an answer, or a failure recorded as data. */
export type ModelResult =
  | { ok: true; reply: ModelReply; attempts: number; cached: boolean; latencyMs: number }
  | { ok: false; failure: CallFailure; attempts: number; latencyMs: number };

/** Something that happened while calling, for progress displays. */
export type CallNotice =
  | { type: 'retry'; agent: string; attempt: number; delayMs: number; failure: CallFailure }
  | { type: 'rate-limit'; agent: string; waitMs: number; limit: number };

/** Counters of a model caller since it was made. */
export interface ModelCallStats {
  calls: number;
  cachedCalls: number;
  retries: number;
  failures: number;
  rateLimited: number;
  inFlight: number;
  queued: number;
  inputTokens: number;
  outputTokens: number;
}

/** The seam through which elicitation and the simulator reach a model; src/agents implements it. */
export interface ModelCaller {
  readonly name: string;
  readonly provider: string;
  /** Whether the model can return token log-probabilities. */
  readonly supportsLogprobs: boolean;
  call(request: ModelRequest): Promise<ModelResult>;
  stats(): ModelCallStats;
}
