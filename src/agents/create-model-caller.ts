import { ChatOpenAICompletions } from '@langchain/openai';
import { SaydoError } from '../core/errors.js';
import type { CallNotice } from '../core/model-call.js';
import type { OpenAIAgentProfile } from '../core/schemas/agent-profile.js';
import type { LoadedAgentProfile } from './agent-profiles.js';
import { ModelClient } from './model-client.js';
import type { ResponseCache } from './response-cache.js';
import { latentUtilities } from './synthetic/latent-utilities.js';
import { SyntheticChatModel } from './synthetic/synthetic-chat-model.js';
import { probabilityOfFirst } from './synthetic/forced-choice.js';

/** Where a model caller gets secrets, its cache and its tuning. */
export interface ModelCallerContext {
  /** Environment to read API keys from; keys are never stored anywhere else. */
  env: Readonly<Record<string, string | undefined>>;
  /** Response cache for remote models; undefined turns caching off. */
  cache?: ResponseCache;
  onNotice?: (notice: CallNotice) => void;
  /** Override of the profile's concurrency. */
  concurrency?: number;
  /** Base of the retry back-off. @default 500 */
  retryBaseMs?: number;
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Builds the model caller for an agent profile: a synthetic LangChain model, or ChatOpenAICompletions against any OpenAI-compatible server. */
export function createModelCaller(loaded: LoadedAgentProfile, context: ModelCallerContext): ModelClient {
  const { profile } = loaded;
  if (profile.provider === 'synthetic') {
    const model = new SyntheticChatModel(profile, latentUtilities(profile, loaded.dir));
    return new ModelClient({
      name: profile.name,
      provider: 'synthetic',
      model,
      logprobsModel: model,
      concurrency: context.concurrency ?? 64,
      maxRetries: 0,
      cacheIdentity: null,
      measureLatency: false,
      ...(context.onNotice ? { onNotice: context.onNotice } : {}),
    });
  }
  const apiKey = openAIKey(profile, loaded.file, context.env);
  const make = (logprobs: boolean) =>
    new ChatOpenAICompletions({
      model: profile.model,
      apiKey,
      configuration: { baseURL: profile.baseURL ?? OPENAI_DEFAULT_BASE_URL },
      temperature: profile.temperature,
      ...(profile.topP !== undefined ? { topP: profile.topP } : {}),
      ...(logprobs ? { logprobs: true, topLogprobs: 5, maxTokens: 1 } : profile.maxTokens !== undefined ? { maxTokens: profile.maxTokens } : {}),
      ...(profile.seed !== undefined ? { modelKwargs: { seed: profile.seed } } : {}),
      timeout: profile.timeoutMs,
      maxRetries: 0,
      streaming: false,
    });
  return new ModelClient({
    name: profile.name,
    provider: 'openai',
    model: make(false),
    ...(profile.logprobs ? { logprobsModel: make(true) } : {}),
    concurrency: context.concurrency ?? profile.concurrency,
    maxRetries: profile.maxRetries,
    secrets: apiKey === 'no-key' ? [] : [apiKey],
    ...(context.retryBaseMs !== undefined ? { retryBaseMs: context.retryBaseMs } : {}),
    cacheIdentity: {
      provider: 'openai',
      baseURL: profile.baseURL ?? OPENAI_DEFAULT_BASE_URL,
      model: profile.model,
      temperature: profile.temperature,
      topP: profile.topP ?? null,
      maxTokens: profile.maxTokens ?? null,
      seed: profile.seed ?? null,
    },
    ...(context.cache ? { cache: context.cache } : {}),
    ...(context.onNotice ? { onNotice: context.onNotice } : {}),
  });
}

/** Whether a base URL points at this machine (a local server, which usually takes any key). */
function isLoopback(baseURL: string): boolean {
  const host = new URL(baseURL).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/**
 * The API key of an `openai` profile, read from the environment only. Without a baseURL (OpenAI itself) the variable is
 * apiKeyEnv or OPENAI_API_KEY and must be set. With a baseURL, a key is sent only when apiKeyEnv names one, so an
 * OpenAI key never goes to another host by default; a named variable that is unset is an error, except for a server
 * on this machine, which gets a placeholder (the client needs a non-empty key).
 */
function openAIKey(profile: OpenAIAgentProfile, file: string, env: Readonly<Record<string, string | undefined>>): string {
  const variable = profile.apiKeyEnv ?? (profile.baseURL ? undefined : 'OPENAI_API_KEY');
  if (variable === undefined) return 'no-key';
  const key = env[variable];
  if (key) return key;
  if (profile.baseURL && isLoopback(profile.baseURL)) return 'no-key';
  throw new SaydoError('E_MISSING_SECRET', `${file}: the API key variable ${variable} is not set`, {
    hint: `export ${variable}=... in your shell (saydo reads keys from the environment only)${profile.apiKeyEnv ? ', or remove apiKeyEnv from the profile for a server that needs no key' : ', or set apiKeyEnv in the profile'}`,
  });
}

/** The true preference probability P(first over second) of a synthetic agent, without its order bias; undefined for real models. */
export function syntheticPreference(loaded: LoadedAgentProfile): ((first: string, second: string) => number) | undefined {
  const { profile } = loaded;
  if (profile.provider !== 'synthetic') return undefined;
  const utility = latentUtilities(profile, loaded.dir);
  return (first, second) => probabilityOfFirst(utility(first), utility(second), profile.noise, 0);
}
