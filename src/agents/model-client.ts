import { setMaxListeners } from 'node:events';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { canonicalJson, sha256 } from '../core/hash.js';
import { ConcurrencyLimiter } from '../core/limiter.js';
import { createRng } from '../core/rng.js';
import type { CallNotice, ModelCaller, ModelCallStats, ModelReply, ModelRequest, ModelResult } from '../core/model-call.js';
import type { CallFailure, ToolDefinition } from '../core/schemas/chat.js';
import { classifyCallError, redactSecrets } from './call-failure.js';
import { readReply, toLangChainMessages, toOpenAITools } from './langchain-messages.js';
import type { ResponseCache } from './response-cache.js';

/** Settings of a model client. */
export interface ModelClientOptions {
  name: string;
  provider: string;
  /** The LangChain chat model; `logprobsModel` is used for requests that ask for log-probabilities. */
  model: BaseChatModel;
  logprobsModel?: BaseChatModel;
  /** Calls in flight at once. */
  concurrency: number;
  /** Retries after the first attempt for failures that can succeed on retry. @default 4 */
  maxRetries?: number;
  /** Base of exponential back-off. @default 500 */
  retryBaseMs?: number;
  /** Longest single wait between attempts. @default 60000 */
  retryMaxMs?: number;
  /** Everything about the model that changes its answers (never a secret); the cache key includes it. Null disables caching. */
  cacheIdentity: unknown;
  cache?: ResponseCache;
  /** Measure latency; synthetic agents report 0 so that their logs are reproducible. @default true */
  measureLatency?: boolean;
  /** Failures of this many requests in a row, from network or authentication errors, stop further calls (circuit breaker). @default 5 */
  breakerThreshold?: number;
  /** Values that must never be recorded (API keys): replaced by *** in every failure message. */
  secrets?: readonly string[];
  onNotice?: (notice: CallNotice) => void;
}

/**
 * Failures that, when request after request ends on them (after its retries), mean the server is down, refuses the key
 * or is broken: the breaker then stops sending, so a dead endpoint is not hammered for hours. Bad requests and
 * answers the model gave are the request's own business and never trip it.
 */
const BREAKER_KINDS: ReadonlySet<CallFailure['kind']> = new Set(['network', 'auth', 'server', 'timeout', 'bad-response']);

/** Of those, the ones that say the server cannot be used at all trip the breaker at its threshold; the others (one prompt may keep failing with a 500) at five times it. */
const UNREACHABLE_KINDS: ReadonlySet<CallFailure['kind']> = new Set(['network', 'auth']);

/** The seam every layer above calls a model through: LangChain underneath, with concurrency, retries, back-off, timeouts and a response cache. */
export class ModelClient implements ModelCaller {
  readonly name: string;
  readonly provider: string;
  readonly supportsLogprobs: boolean;
  private readonly limiter: ConcurrencyLimiter;
  private readonly counters = { calls: 0, cachedCalls: 0, retries: 0, failures: 0, rateLimited: 0, inputTokens: 0, outputTokens: 0 };
  private consecutiveHardFailures = 0;
  private lastHardFailure: CallFailure | undefined;

  constructor(private readonly options: ModelClientOptions) {
    this.name = options.name;
    this.provider = options.provider;
    this.supportsLogprobs = options.logprobsModel !== undefined;
    this.limiter = new ConcurrencyLimiter(options.concurrency);
  }

  /** Counters for progress displays and summaries. */
  stats(): ModelCallStats {
    return { ...this.counters, inFlight: this.limiter.inFlight, queued: this.limiter.queued };
  }

  /** The cache key of a request: a hash of everything that determines the answer. */
  requestKey(request: ModelRequest): string {
    return sha256(
      canonicalJson({
        model: this.options.cacheIdentity,
        messages: request.messages,
        tools: request.tools ?? [],
        logprobs: request.logprobs === true,
        sample: request.sample,
        ...(request.stream !== undefined ? { stream: request.stream } : {}),
      }),
    );
  }

  /** Calls the model once for a request, retrying where that can help; never throws for a model failure. */
  async call(request: ModelRequest): Promise<ModelResult> {
    const useCache = this.options.cache !== undefined && this.options.cacheIdentity !== null;
    const key = useCache ? this.requestKey(request) : '';
    if (useCache) {
      const hit = this.options.cache?.get(key);
      if (hit) {
        this.counters.cachedCalls += 1;
        return { ok: true, reply: hit.reply, attempts: hit.attempts, cached: true, latencyMs: hit.latencyMs };
      }
    }
    return this.limiter.run(() => this.callWithRetries(request, key, useCache));
  }

  private async callWithRetries(request: ModelRequest, key: string, useCache: boolean): Promise<ModelResult> {
    const maxRetries = this.options.maxRetries ?? 4;
    const threshold = this.options.breakerThreshold ?? 5;
    const measure = this.options.measureLatency ?? true;
    // Jitter is seeded from the request only when a retry needs it: hashing every request is not free.
    let jitterRng: ReturnType<typeof createRng> | undefined;
    const jitter = () => (jitterRng ??= createRng(`${key || this.requestKey(request)}:jitter`));
    let attempts = 0;
    let latencyMs = 0;
    for (;;) {
      if (this.lastHardFailure && this.consecutiveHardFailures >= (UNREACHABLE_KINDS.has(this.lastHardFailure.kind) ? threshold : 5 * threshold)) {
        return this.fail(
          {
            kind: this.lastHardFailure.kind,
            message: `not sent: ${this.consecutiveHardFailures} calls in a row failed (last: ${this.lastHardFailure.message})`,
            retryable: true,
          },
          attempts,
          latencyMs,
        );
      }
      if (request.signal?.aborted) return this.fail({ kind: 'aborted', message: 'interrupted before the call', retryable: true }, attempts, latencyMs);
      // One run-wide signal is listened to by every call in flight (LangChain and the back-off): no leak, so no warning.
      if (request.signal) setMaxListeners(0, request.signal);
      attempts += 1;
      this.counters.calls += 1;
      const started = measure ? performance.now() : 0;
      try {
        const reply = await this.invoke(request);
        latencyMs = measure ? Math.round(performance.now() - started) : 0;
        this.consecutiveHardFailures = 0;
        this.limiter.recordSuccess();
        this.counters.inputTokens += reply.usage.input;
        this.counters.outputTokens += reply.usage.output;
        if (useCache) this.options.cache?.set(key, { reply, latencyMs, attempts });
        return { ok: true, reply, attempts, cached: false, latencyMs };
      } catch (error) {
        latencyMs = measure ? Math.round(performance.now() - started) : 0;
        const classified = classifyCallError(error);
        const failure = redactSecrets(classified.failure, this.options.secrets ?? []);
        const { retryAfterMs } = classified;
        if (failure.kind === 'aborted') return this.fail({ ...failure, retryable: true }, attempts, latencyMs);
        if (failure.kind === 'rate-limit') {
          this.counters.rateLimited += 1;
          const waitMs = retryAfterMs ?? this.backoffMs(attempts, jitter().next());
          this.limiter.backOff(Date.now() + waitMs);
          this.options.onNotice?.({ type: 'rate-limit', agent: this.name, waitMs, limit: this.limiter.limit });
        }
        if (!failure.retryable || attempts > maxRetries) {
          if (BREAKER_KINDS.has(failure.kind)) {
            this.consecutiveHardFailures += 1;
            this.lastHardFailure = failure;
          }
          return this.fail(failure, attempts, latencyMs);
        }
        const delayMs = Math.min(this.options.retryMaxMs ?? 60_000, retryAfterMs ?? this.backoffMs(attempts, jitter().next()));
        this.counters.retries += 1;
        this.options.onNotice?.({ type: 'retry', agent: this.name, attempt: attempts, delayMs, failure });
        await sleep(delayMs, request.signal);
      }
    }
  }

  private fail(failure: CallFailure, attempts: number, latencyMs: number): ModelResult {
    this.counters.failures += 1;
    return { ok: false, failure, attempts, latencyMs };
  }

  /** Exponential back-off with full jitter: a random wait in [base 2^(n-1) / 2, base 2^(n-1)]. */
  private backoffMs(attempt: number, unit: number): number {
    const ceiling = Math.min(this.options.retryMaxMs ?? 60_000, (this.options.retryBaseMs ?? 500) * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * unit);
  }

  private async invoke(request: ModelRequest): Promise<ModelReply> {
    const base = request.logprobs && this.options.logprobsModel ? this.options.logprobsModel : this.options.model;
    const runnable = request.tools && request.tools.length > 0 ? bindTools(base, request.tools) : base;
    const callOptions = { signal: request.signal, saydo: { sample: request.sample, view: request.view, logprobs: request.logprobs === true } };
    const message = await runnable.invoke(toLangChainMessages(request.messages), callOptions as Record<string, unknown>);
    return readReply(message);
  }
}

function bindTools(model: BaseChatModel, tools: readonly ToolDefinition[]) {
  if (typeof model.bindTools !== 'function') throw new Error(`${model._llmType()} cannot call tools`);
  return model.bindTools(toOpenAITools(tools));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
