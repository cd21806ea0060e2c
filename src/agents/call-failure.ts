import type { CallFailure } from '../core/schemas/chat.js';

/** A failure with how long the server asked us to wait, when it said. */
export interface ClassifiedFailure {
  failure: CallFailure;
  retryAfterMs: number | undefined;
}

interface ErrorLike {
  name?: string;
  message?: string;
  status?: number;
  code?: string;
  headers?: unknown;
  cause?: unknown;
  lc_error_code?: string;
}

/** Reads a header from a Headers object or a plain record. */
function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  // Header names are case-insensitive: Retry-After and retry-after are the same header.
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : undefined;
}

/** Parses Retry-After (seconds or an HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(headers: unknown, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = header(headers, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function networkCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 4) return undefined;
  const code = (error as ErrorLike).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  return networkCode((error as ErrorLike).cause, depth + 1);
}

/** Turns anything a chat model threw into a recorded failure, deciding whether a retry can help. */
export function classifyCallError(error: unknown): ClassifiedFailure {
  const e = (error ?? {}) as ErrorLike;
  const message = oneLine(typeof e.message === 'string' && e.message ? e.message : String(error));
  const status = typeof e.status === 'number' ? e.status : undefined;
  const retryAfterMs = parseRetryAfter(e.headers);
  const make = (kind: CallFailure['kind'], retryable: boolean): ClassifiedFailure => ({
    failure: { kind, message, retryable, ...(status !== undefined ? { status } : {}) },
    retryAfterMs,
  });
  if (e.name === 'AbortError' || e.name === 'APIUserAbortError') return make('aborted', false);
  if (e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(message)) return make('timeout', true);
  if (status !== undefined) {
    if (status === 401 || status === 403) return make('auth', false);
    if (status === 429) return make('rate-limit', true);
    if (status === 408 || status === 409 || status >= 500) return make('server', true);
    return make('bad-request', false);
  }
  const code = networkCode(error);
  if (code !== undefined || e.name === 'APIConnectionError' || /connection error|fetch failed|socket hang up/i.test(message)) {
    // The client's own words ("Connection error.") say little: name the system's error code when there is one.
    const described = code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
    return { failure: { kind: 'network', message: described, retryable: true }, retryAfterMs };
  }
  if (e.name === 'SyntaxError' || /JSON|Unexpected token|Unexpected end/i.test(message)) return make('bad-response', true);
  // A 200 whose body is not a chat completion (an HTML page, say) surfaces as a TypeError inside LangChain.
  if (e.name === 'TypeError' && /reading|undefined/i.test(message)) {
    return { failure: { kind: 'bad-response', message: `the answer is not a chat completion (${message})`, retryable: true }, retryAfterMs };
  }
  return make('other', false);
}

/** A failure's message with every secret replaced by `***` (a server may echo the key it was sent, in a 401 say). */
export function redactSecrets(failure: CallFailure, secrets: readonly string[]): CallFailure {
  let message = failure.message;
  for (const secret of secrets) if (secret.length >= 4) message = message.split(secret).join('***');
  return message === failure.message ? failure : { ...failure, message };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
