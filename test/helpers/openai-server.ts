/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions
 * protocol, with a deterministic fault schedule, for tests and benchmarks.
 *
 * How its answers surface through `ChatOpenAICompletions` (@langchain/openai
 * 1.5.8, openai SDK 6.49, `maxRetries: 0`), each point proven in
 * openai-server.test.ts. LangChain gives the SDK client `maxRetries: 0` and
 * retries in its own AsyncCaller; even with `maxRetries: 0` that caller runs
 * its failed-attempt handler once, which may rename or annotate the error.
 * The SDK error classes are reachable without depending on 'openai' directly:
 * `import { OpenAIClient } from '@langchain/openai'`, then
 * `err instanceof OpenAIClient.APIError` (also `.RateLimitError`,
 * `.InternalServerError`, `.BadRequestError`, `.AuthenticationError`,
 * `.APIConnectionError`).
 *
 * - Logprobs: `message.response_metadata.logprobs` is the raw
 *   `choices[0].logprobs`: `{ content: [{ token, logprob, bytes,
 *   top_logprobs: [{ token, logprob, bytes }] }], refusal: null }`.
 *   Same place after `model.stream()` once the chunks are concat-ed.
 * - Tool calls: valid ones land in `message.tool_calls` as
 *   `{ name, args (parsed object), id, type: 'tool_call' }`. Arguments that
 *   are not JSON do not throw: they land in `message.invalid_tool_calls` as
 *   `{ name, args (the raw text), id, error, type: 'invalid_tool_call' }`,
 *   error = 'Function "pick" arguments:\n\n<raw>\n\nare not valid JSON.\n
 *   Error: <JSON.parse message>\n\nTroubleshooting URL: .../OUTPUT_PARSING_FAILURE/\n'.
 *   A call to a tool that was not offered is NOT flagged: it is an ordinary
 *   entry in `tool_calls`, so the caller must check the name itself.
 * - HTTP status: the thrown error is the SDK's own class, unwrapped
 *   (429 RateLimitError, 5xx InternalServerError, 400 BadRequestError,
 *   401 AuthenticationError; all `instanceof OpenAIClient.APIError`) with
 *   `status` (number), `headers` (a WHATWG `Headers`), `error` (the body's
 *   `error` object), `code`, `type`. `message` is `"<status> <body message>"`;
 *   for 401 and 429 LangChain appends "\n\nTroubleshooting URL: ...\n" and
 *   sets `lc_error_code` ('MODEL_AUTHENTICATION', 'MODEL_RATE_LIMIT').
 *   Retry-After: `err.headers.get('retry-after')` (string, or null when
 *   absent). For a 429 whose Retry-After is <= 60 s LangChain also sets
 *   `err.retryAfterMs` (number), `rateLimitType: 'wait'` and
 *   `rateLimitReason: 'retry_after_hint'`; `name` stays 'Error'. For a 429
 *   without it, `name` becomes 'RateLimitCapacityError' and `rateLimitType`
 *   'capacity' (the class is still RateLimitError). `getRetryable(err)` from
 *   '@langchain/core/errors' is true for 429, false for 400/401, undefined
 *   for 5xx.
 * - Timeout (the client's `timeout` elapsed): a plain `Error`, not an SDK
 *   class, with `name === 'TimeoutError'`, message 'Request timed out.', no
 *   `status`, `getRetryable(err) === true`.
 * - Connection reset, or close() while a request is pending: the SDK's
 *   `APIConnectionError`, message 'Connection error.', `status` undefined,
 *   `cause` a TypeError 'fetch failed'. `getRetryable(err)` undefined.
 * - Truncated JSON body: a bare `SyntaxError` from `response.json()`
 *   (message like "Unterminated string in JSON at position 153"; wording
 *   varies by Node version), no `status`.
 * - HTML body with status 200: the SDK returns the text, LangChain finds no
 *   choices, and invoke throws a bare `TypeError` "Cannot read properties of
 *   undefined (reading 'message')".
 *
 * Do not construct the model with `streaming: true` and call `invoke()`:
 * that path counts tokens with tiktoken, which fetches
 * https://tiktoken.pages.dev (a live endpoint) and, offline, retries for
 * minutes. `model.stream()` on a non-streaming model uses this server's SSE
 * path without that.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One HTTP request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Parsed JSON body, or null when empty or not JSON. */
  body: unknown;
  receivedAt: number;
}

/** A chat message in a chat-completions request. */
export interface ChatCompletionMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
}

/** The parsed body of `POST /v1/chat/completions`. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatCompletionMessage[];
  temperature?: number;
  n?: number;
  logprobs?: boolean;
  top_logprobs?: number;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown; strict?: boolean } }>;
  tool_choice?: unknown;
  max_tokens?: number;
  max_completion_tokens?: number;
  seed?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

/** A token's log probability with its most likely alternatives. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

/** A plain text answer. */
export interface ContentReply {
  content: string;
  logprobs?: TokenLogprob[];
  /** @default 'stop' */
  finishReason?: string;
}

/** An answer that calls tools; `arguments` is raw JSON text, possibly invalid on purpose. */
export interface ToolCallReply {
  toolCalls: Array<{ id?: string; name: string; arguments: string }>;
  content?: string;
}

export type ResponderReply = ContentReply | ToolCallReply;

/** Decides the answer to the chat-completion request with the given arrival index. */
export type Responder = (req: ChatCompletionRequest, index: number) => ResponderReply | Promise<ResponderReply>;

export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 401 | 400; retryAfterSeconds?: number }
  | { kind: 'timeout' }
  | { kind: 'truncated-json' }
  | { kind: 'not-json' }
  | { kind: 'reset' }
  | { kind: 'bad-tool-arguments' }
  | { kind: 'unknown-tool' };

/**
 * Which chat-completion requests fail, by arrival index (0-based, counted from
 * server start). Precedence: `byIndex`, then the first matching `every`, then `rate`.
 */
export interface FaultPlan {
  byIndex?: Record<number, Fault>;
  /** Fault indices where `(index - offset) % everyNth === 0` and `index >= offset`. */
  every?: Array<{ everyNth: number; offset?: number; fault: Fault }>;
  /** Each index independently faults with `probability`, decided by a PRNG seeded from (seed, index). */
  rate?: { probability: number; seed: number; faults: Fault[] };
}

export interface FakeOpenAIServerStats {
  /** Every HTTP request received, on any path. */
  requests: number;
  /** Chat-completion requests that were authorised and parsed (the arrival indices handed out). */
  chatCompletions: number;
  /** Injected faults by key: the fault kind, or `status:<code>` for status faults. */
  faultsInjected: Record<string, number>;
}

export interface FakeOpenAIServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  /** Destroys every socket, idle or mid-request, and stops listening. */
  close(): Promise<void>;
  setResponder(responder: Responder): void;
  setFaults(plan: FaultPlan): void;
  stats(): FakeOpenAIServerStats;
}

export interface FakeOpenAIServerOptions {
  responder: Responder;
  faults?: FaultPlan;
  /** Delay before each answer. @default 0 */
  latencyMs?: number;
  /** When set, requests without `Authorization: Bearer <key>` get 401. */
  requireApiKey?: string;
}

/** Fixed `created` timestamp so responses are deterministic. */
export const FAKE_CREATED = 1_700_000_000;
/** Tool name used by the `unknown-tool` fault (suffixed if a tool of that name was offered). */
export const UNKNOWN_TOOL_NAME = 'tool_that_was_not_offered';

/** Always answers `letter`, with logprobs giving it `probability` and the rest to one other letter. */
export function echoLetterResponder(letter: string, probability = 0.9): Responder {
  const other = letter === 'A' ? 'B' : 'A';
  const top = [
    { token: letter, logprob: Math.log(probability) },
    { token: other, logprob: Math.log(1 - probability) },
  ];
  return () => ({ content: letter, logprobs: [{ token: letter, logprob: Math.log(probability), top }] });
}

/** Returns `replies` in order, one per call, starting over after the last. */
export function scriptedResponder(replies: ResponderReply[]): Responder {
  if (replies.length === 0) throw new Error('scriptedResponder needs at least one reply');
  let calls = 0;
  return () => replies[calls++ % replies.length] as ResponderReply;
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions): Promise<FakeOpenAIServer> {
  let responder = options.responder;
  let faults: FaultPlan = options.faults ?? {};
  const latencyMs = options.latencyMs ?? 0;
  const requests: RecordedRequest[] = [];
  const faultsInjected: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  let chatCompletions = 0;

  const wait = (ms: number, res: ServerResponse): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
      // A client that gave up needs no answer; the promise stays pending and is collected.
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: flattenHeaders(req), body: parseJson(raw), receivedAt: Date.now() });

    if (options.requireApiKey !== undefined && req.headers.authorization !== `Bearer ${options.requireApiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    if (method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: 'test-model', object: 'model', created: FAKE_CREATED, owned_by: 'saydo-test' }],
      });
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      return sendError(res, 404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url');
    }
    const body = parseJson(raw);
    if (!isChatCompletionRequest(body)) {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }

    const index = chatCompletions++;
    const fault = chooseFault(faults, index);
    if (fault) {
      const key = fault.kind === 'status' ? `status:${fault.status}` : fault.kind;
      faultsInjected[key] = (faultsInjected[key] ?? 0) + 1;
    }
    if (fault?.kind === 'timeout') return; // never answer; close() or the client ends the socket
    const reply = fault ? faultReply(fault, body) : undefined;
    const answer = reply ?? (fault ? undefined : await responder(body, index));
    await wait(latencyMs, res);
    if (res.destroyed || res.writableEnded) return;

    if (fault?.kind === 'status') return sendStatusFault(res, fault.status, fault.retryAfterSeconds);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    const completion = buildCompletion(body, index, answer ?? { content: '' });
    if (fault?.kind === 'not-json') {
      const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
      res.end(html);
      return;
    }
    if (fault?.kind === 'truncated-json') {
      // A complete HTTP response whose JSON stops halfway, so the client sees a parse error, not a socket error.
      const text = JSON.stringify(completion);
      const cut = text.slice(0, Math.floor(text.length / 2));
      if (body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(`data: ${cut}\n\n`);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(cut) });
        res.end(cut);
      }
      return;
    }
    if (body.stream === true) return sendStream(res, body, completion);
    sendJson(res, 200, completion);
  }

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    res.on('error', () => {}); // writes racing a client abort must not crash the test process
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendError(res, 500, `Fake server responder failed: ${String(error)}`, 'server_error', null);
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 0; // the timeout fault must be able to hold a request open indefinitely
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1024 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    setResponder(next) {
      responder = next;
    },
    setFaults(plan) {
      faults = plan;
    },
    stats() {
      return { requests: requests.length, chatCompletions, faultsInjected: { ...faultsInjected } };
    },
  };
}

/** Small, fast, seedable 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The fault scheduled for a chat-completion arrival index, if any. */
export function chooseFault(plan: FaultPlan, index: number): Fault | undefined {
  const direct = plan.byIndex?.[index];
  if (direct) return direct;
  for (const rule of plan.every ?? []) {
    const offset = rule.offset ?? 0;
    if (rule.everyNth > 0 && index >= offset && (index - offset) % rule.everyNth === 0) return rule.fault;
  }
  const rate = plan.rate;
  if (rate && rate.faults.length > 0) {
    // Seeded from (seed, index) so an index's fate does not depend on arrival order of the others.
    const random = mulberry32((rate.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    if (random() < rate.probability) return rate.faults[Math.floor(random() * rate.faults.length)];
  }
  return undefined;
}

function faultReply(fault: Fault, request: ChatCompletionRequest): ResponderReply | undefined {
  const offered = (request.tools ?? []).map((tool) => tool.function.name);
  if (fault.kind === 'bad-tool-arguments') {
    return { toolCalls: [{ name: offered[0] ?? 'pick', arguments: '{"route": "A"' }] };
  }
  if (fault.kind === 'unknown-tool') {
    let name = UNKNOWN_TOOL_NAME;
    while (offered.includes(name)) name += '_x';
    return { toolCalls: [{ name, arguments: '{}' }] };
  }
  return undefined;
}

const STATUS_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Invalid request (injected fault).', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided (injected fault).', type: 'invalid_request_error', code: 'invalid_api_key' },
  429: { message: 'Rate limit reached for requests (injected fault).', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request (injected fault).', type: 'server_error', code: null },
  502: { message: 'Bad gateway (injected fault).', type: 'server_error', code: null },
  503: { message: 'The server is overloaded (injected fault).', type: 'server_error', code: null },
};

function sendStatusFault(res: ServerResponse, status: number, retryAfterSeconds: number | undefined): void {
  const error = STATUS_ERRORS[status] ?? { message: 'Injected fault.', type: 'server_error', code: null };
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  sendJson(res, status, { error: { ...error, param: null } }, headers);
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  sendJson(res, status, { error: { message, type, param: null, code } });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

interface Completion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: WireToolCall[] };
    logprobs: { content: WireLogprob[]; refusal: null } | null;
    finish_reason: string;
  }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface WireLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

function buildCompletion(request: ChatCompletionRequest, index: number, reply: ResponderReply): Completion {
  const isToolReply = 'toolCalls' in reply;
  const content = isToolReply ? (reply.content ?? null) : reply.content;
  const toolCalls: WireToolCall[] | undefined = isToolReply
    ? reply.toolCalls.map((call, i) => ({
        id: call.id ?? `call_${index}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }))
    : undefined;
  const topCount = request.top_logprobs ?? 0;
  const tokens = !isToolReply && reply.logprobs ? reply.logprobs : splitTokens(content ?? '');
  const logprobs =
    request.logprobs === true
      ? {
          content: tokens.map((t) => ({
            token: t.token,
            logprob: t.logprob,
            bytes: utf8Bytes(t.token),
            top_logprobs: t.top.slice(0, topCount).map((alt) => ({ ...alt, bytes: utf8Bytes(alt.token) })),
          })),
          refusal: null,
        }
      : null;
  const completionChars =
    (content ?? '').length + (toolCalls ?? []).reduce((n, c) => n + c.function.name.length + c.function.arguments.length, 0);
  const promptTokens = estimateTokens(request.messages.map(messageText).join(''));
  const completionTokens = estimateTokens('x'.repeat(completionChars));
  return {
    id: `chatcmpl-fake-${index}`,
    object: 'chat.completion',
    created: FAKE_CREATED,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs,
        finish_reason: toolCalls ? 'tool_calls' : ((reply as ContentReply).finishReason ?? 'stop'),
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** Writes the completion as SSE `chat.completion.chunk` events ending in `data: [DONE]`. */
function sendStream(res: ServerResponse, request: ChatCompletionRequest, completion: Completion): void {
  const choice = completion.choices[0]!;
  const base = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model };
  const chunk = (delta: object, extra: { logprobs?: object | null; finish_reason?: string | null } = {}) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: extra.logprobs ?? null, finish_reason: extra.finish_reason ?? null }],
  });
  const events: object[] = [chunk({ role: 'assistant', content: '' })];
  const content = choice.message.content ?? '';
  const wireTokens = choice.logprobs?.content;
  if (wireTokens && wireTokens.map((t) => t.token).join('') === content) {
    for (const token of wireTokens) events.push(chunk({ content: token.token }, { logprobs: { content: [token], refusal: null } }));
  } else if (content !== '') {
    for (const piece of splitTokens(content)) events.push(chunk({ content: piece.token }));
  }
  (choice.message.tool_calls ?? []).forEach((call, i) => {
    events.push(chunk({ tool_calls: [{ index: i, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }));
    events.push(chunk({ tool_calls: [{ index: i, function: { arguments: call.function.arguments } }] }));
  });
  events.push(chunk({}, { finish_reason: choice.finish_reason }));
  if (request.stream_options?.include_usage) events.push({ ...base, choices: [], usage: completion.usage });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.end(events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + 'data: [DONE]\n\n');
}

/** Words with their leading whitespace, each as a certain token. */
function splitTokens(text: string): TokenLogprob[] {
  return (text.match(/\s*\S+|\s+/g) ?? []).map((token) => ({ token, logprob: 0, top: [{ token, logprob: 0 }] }));
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function messageText(message: ChatCompletionMessage): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? []).map((part) => part.text ?? '').join('');
}

function utf8Bytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseJson(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function isChatCompletionRequest(body: unknown): body is ChatCompletionRequest {
  return typeof body === 'object' && body !== null && Array.isArray((body as { messages?: unknown }).messages);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
