import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LoadedAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import type { ModelClient } from '../../src/agents/model-client.js';
import { ResponseCache } from '../../src/agents/response-cache.js';
import { contentHash } from '../../src/core/hash.js';
import type { CallNotice, ModelRequest, ModelResult } from '../../src/core/model-call.js';
import { OpenAIAgentProfile } from '../../src/core/schemas/agent-profile.js';
import {
  echoLetterResponder,
  scriptedResponder,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type Fault,
} from '../helpers/openai-server.js';

const KEY = 'sk-planted-secret-123';
const servers: FakeOpenAIServer[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'saydo-model-client-'));

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function start(options: Partial<FakeOpenAIServerOptions> = {}): Promise<FakeOpenAIServer> {
  const server = await startFakeOpenAIServer({ responder: echoLetterResponder('A'), requireApiKey: KEY, ...options });
  servers.push(server);
  return server;
}

/** An `openai` agent profile pointed at a server, as loadAgentProfile would return it. */
function openaiAgent(baseURL: string, fields: Record<string, unknown> = {}): LoadedAgentProfile {
  const profile = OpenAIAgentProfile.parse({ name: 'fake-openai', provider: 'openai', model: 'test-model', baseURL, apiKeyEnv: 'KEY', ...fields });
  return { profile, file: 'fake-openai.yaml', dir: tmp, hash: contentHash(profile) };
}

function caller(baseURL: string, fields: Record<string, unknown> = {}, extra: { cache?: ResponseCache; notices?: CallNotice[] } = {}): ModelClient {
  return createModelCaller(openaiAgent(baseURL, fields), {
    env: { KEY },
    retryBaseMs: 5,
    ...(extra.cache ? { cache: extra.cache } : {}),
    ...(extra.notices ? { onNotice: (notice: CallNotice) => extra.notices?.push(notice) } : {}),
  });
}

const QUESTION: ModelRequest = { messages: [{ role: 'user', content: 'Option A or option B? Answer with one letter.' }], sample: 0 };

/** A result with its latency blanked, so the whole value can be compared. */
function settled(result: ModelResult): ModelResult {
  return { ...result, latencyMs: 0 };
}

const answerA = (attempts: number): ModelResult => ({
  ok: true,
  reply: { text: 'A', toolCalls: [], logprobs: null, usage: { input: 12, output: 1 }, finishReason: 'stop' },
  attempts,
  cached: false,
  latencyMs: 0,
});

function faultsAt(...faults: Fault[]) {
  return { byIndex: Object.fromEntries(faults.map((fault, i) => [i, fault])) };
}

describe('ModelClient over the OpenAI protocol', () => {
  it('sends the request with the key from the environment and reads the answer', async () => {
    const server = await start();
    const result = await caller(server.url, { temperature: 0.7, seed: 5 }).call(QUESTION);
    expect(settled(result)).toEqual(answerA(1));
    expect(server.requests.map((r) => [r.method, r.path, r.headers.authorization, r.body])).toEqual([
      [
        'POST',
        '/v1/chat/completions',
        `Bearer ${KEY}`,
        { model: 'test-model', temperature: 0.7, seed: 5, stream: false, messages: [{ role: 'user', content: 'Option A or option B? Answer with one letter.' }] },
      ],
    ]);
  });

  it('reads log-probabilities into reply.logprobs, asking for the top 5 and one token', async () => {
    const server = await start({ responder: echoLetterResponder('B', 0.8) });
    const result = await caller(server.url).call({ ...QUESTION, logprobs: true });
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.reply.logprobs).toEqual([
      {
        token: 'B',
        logprob: Math.log(0.8),
        top: [
          { token: 'B', logprob: Math.log(0.8) },
          { token: 'A', logprob: Math.log(1 - 0.8) },
        ],
      },
    ]);
    expect(server.requests[0]?.body).toMatchObject({ logprobs: true, top_logprobs: 5, max_tokens: 1 });
  });

  it('honours Retry-After on a 429: the retry arrives after the stated wait', async () => {
    const server = await start({ faults: faultsAt({ kind: 'status', status: 429, retryAfterSeconds: 1 }) });
    const notices: CallNotice[] = [];
    const client = caller(server.url, {}, { notices });
    const result = await client.call(QUESTION);
    expect(settled(result)).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
    const [first, second] = server.requests;
    // Timestamps are whole milliseconds taken on arrival: allow 5 ms of rounding and scheduling.
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000 - 5);
    expect(notices.map((n) => (n.type === 'retry' ? [n.type, n.attempt, n.delayMs, n.failure.kind, n.failure.status] : [n.type, n.waitMs]))).toEqual([
      ['rate-limit', 1000],
      ['retry', 1, 1000, 'rate-limit', 429],
    ]);
    expect(client.stats()).toMatchObject({ calls: 2, retries: 1, rateLimited: 1, failures: 0 });
  });

  it('retries a 500 and succeeds', async () => {
    const server = await start({ faults: faultsAt({ kind: 'status', status: 500 }) });
    expect(settled(await caller(server.url).call(QUESTION))).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
  });

  it('retries after a timeout and succeeds', async () => {
    const server = await start({ faults: faultsAt({ kind: 'timeout' }) });
    expect(settled(await caller(server.url, { timeoutMs: 200 }).call(QUESTION))).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
  });

  it('retries after a truncated JSON body and succeeds', async () => {
    const server = await start({ faults: faultsAt({ kind: 'truncated-json' }) });
    expect(settled(await caller(server.url).call(QUESTION))).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
  });

  it('retries after an HTML body and succeeds', async () => {
    const server = await start({ faults: faultsAt({ kind: 'not-json' }) });
    expect(settled(await caller(server.url).call(QUESTION))).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
  });

  it('retries after a connection reset and succeeds', async () => {
    const server = await start({ faults: faultsAt({ kind: 'reset' }) });
    expect(settled(await caller(server.url).call(QUESTION))).toEqual(answerA(2));
    expect(server.requests.length).toBe(2);
  });

  it('does not retry a 401, and records it as an auth failure', async () => {
    const server = await start();
    const client = createModelCaller(openaiAgent(server.url), { env: { KEY: 'sk-wrong' }, retryBaseMs: 5 });
    const result = await client.call(QUESTION);
    expect(settled(result)).toEqual({
      ok: false,
      failure: { kind: 'auth', status: 401, retryable: false, message: expect.stringMatching(/^401 Incorrect API key provided\./) },
      attempts: 1,
      latencyMs: 0,
    });
    expect(server.requests.length).toBe(1);
  });

  it('does not retry a 400', async () => {
    const server = await start({ faults: faultsAt({ kind: 'status', status: 400 }) });
    const result = await caller(server.url).call(QUESTION);
    expect(settled(result)).toEqual({
      ok: false,
      failure: { kind: 'bad-request', status: 400, retryable: false, message: '400 Invalid request (injected fault).' },
      attempts: 1,
      latencyMs: 0,
    });
    expect(server.requests.length).toBe(1);
  });

  it('gives up after maxRetries and records a server failure with its reason', async () => {
    const server = await start({ faults: { every: [{ everyNth: 1, fault: { kind: 'status', status: 503 } }] } });
    const result = await caller(server.url, { maxRetries: 2 }).call(QUESTION);
    expect(settled(result)).toEqual({
      ok: false,
      failure: { kind: 'server', status: 503, retryable: true, message: '503 The server is overloaded (injected fault).' },
      attempts: 3,
      latencyMs: 0,
    });
    expect(server.requests.length).toBe(3);
  });

  it('records an endpoint that is down as a network failure after its retries', async () => {
    const server = await start();
    const url = server.url;
    await server.close();
    const result = await caller(url, { maxRetries: 2 }).call(QUESTION);
    expect(settled(result)).toEqual({
      ok: false,
      failure: { kind: 'network', retryable: true, message: 'Connection error. (ECONNREFUSED)' },
      attempts: 3,
      latencyMs: 0,
    });
  });

  it('stops sending after 5 requests in a row failed hard (circuit breaker)', async () => {
    const server = await start();
    const client = createModelCaller(openaiAgent(server.url), { env: { KEY: 'sk-wrong' }, retryBaseMs: 5 });
    const results: ModelResult[] = [];
    for (let i = 0; i < 8; i++) results.push(await client.call({ ...QUESTION, sample: i }));
    expect(server.requests.length).toBe(5);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.failure.kind}:${r.attempts}`))).toEqual(['auth:1', 'auth:1', 'auth:1', 'auth:1', 'auth:1', 'auth:0', 'auth:0', 'auth:0']);
    const stopped = results[5];
    expect(stopped?.ok === false && stopped.failure.message).toMatch(/^not sent: 5 calls in a row failed \(last: 401 Incorrect API key provided\./);
    // Refused calls are marked retryable so that a rerun tries them again.
    expect(stopped?.ok === false && stopped.failure.retryable).toBe(true);
  });

  it('a success resets the breaker count', async () => {
    const server = await start({ faults: faultsAt(...Array.from({ length: 4 }, (): Fault => ({ kind: 'status', status: 401 }))) });
    const client = caller(server.url);
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await client.call({ ...QUESTION, sample: i })).ok ? 'ok' : 'failed');
    expect(kinds).toEqual(['failed', 'failed', 'failed', 'failed', 'ok']);
    server.setFaults({ byIndex: { 5: { kind: 'status', status: 401 }, 6: { kind: 'status', status: 401 }, 7: { kind: 'status', status: 401 }, 8: { kind: 'status', status: 401 } } });
    for (let i = 5; i < 9; i++) await client.call({ ...QUESTION, sample: i });
    // 4 new auth failures follow the success: below the threshold, so the next call is still sent.
    expect(settled(await client.call({ ...QUESTION, sample: 9 }))).toEqual(answerA(1));
    expect(server.requests.length).toBe(10);
  });

  it('serves a second identical call from the cache with zero requests', async () => {
    const server = await start();
    const cache = new ResponseCache(join(tmp, 'cache-hit'));
    const first = await caller(server.url, {}, { cache }).call(QUESTION);
    const fresh = caller(server.url, {}, { cache });
    const second = await fresh.call(QUESTION);
    expect(server.requests.length).toBe(1);
    expect(second).toEqual({ ...first, cached: true });
    expect(fresh.stats()).toMatchObject({ calls: 0, cachedCalls: 1 });
    // A different sample index, or different settings, is another request.
    await fresh.call({ ...QUESTION, sample: 1 });
    await caller(server.url, { temperature: 0.5 }, { cache }).call(QUESTION);
    expect(server.requests.length).toBe(3);
    // So is the same conversation in another episode (stream); the same episode again is a hit.
    await fresh.call({ ...QUESTION, stream: 'vendor-choice/0/neutral/0' });
    await fresh.call({ ...QUESTION, stream: 'vendor-choice/0/neutral/1' });
    await fresh.call({ ...QUESTION, stream: 'vendor-choice/0/neutral/0' });
    expect(server.requests.length).toBe(5);
    // The cache holds answers and never the key.
    const files = readdirSync(join(tmp, 'cache-hit'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(5);
    expect(files.filter((f) => readFileSync(join(tmp, 'cache-hit', f), 'utf8').includes(KEY))).toEqual([]);
  });

  it('does not cache failures', async () => {
    const server = await start({ faults: faultsAt({ kind: 'status', status: 400 }) });
    const cache = new ResponseCache(join(tmp, 'cache-fail'));
    expect((await caller(server.url, {}, { cache }).call(QUESTION)).ok).toBe(false);
    expect(settled(await caller(server.url, {}, { cache }).call(QUESTION))).toEqual(answerA(1));
    expect(server.requests.length).toBe(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await start({
      responder: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        return { content: 'A' };
      },
    });
    const client = caller(server.url, { concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.call({ ...QUESTION, sample: i })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect([server.requests.length, most]).toEqual([12, 3]);
  });

  it('never records the key, even when the server echoes it in its error', async () => {
    const secret = 'sk-planted-echo-0123456789';
    const echo = createServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Invalid key: ${req.headers.authorization}`, type: 'invalid_request_error' } }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
      const client = createModelCaller(openaiAgent(url), { env: { KEY: secret }, retryBaseMs: 5 });
      const result = await client.call(QUESTION);
      expect(settled(result)).toEqual({ ok: false, failure: { kind: 'auth', status: 401, retryable: false, message: expect.stringMatching(/^401 Invalid key: Bearer \*\*\* /) }, attempts: 1, latencyMs: 0 });
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it('stops sending after 25 requests in a row ended on server errors (a dead server is not hammered)', async () => {
    const server = await start({ faults: { every: [{ everyNth: 1, fault: { kind: 'status', status: 500 } }] } });
    const client = caller(server.url, { maxRetries: 0 });
    const results: ModelResult[] = [];
    for (let i = 0; i < 28; i++) results.push(await client.call({ ...QUESTION, sample: i }));
    expect(server.requests.length).toBe(25);
    expect(results.slice(24).map((r) => (r.ok ? 'ok' : `${r.failure.kind}:${r.attempts}`))).toEqual(['server:1', 'server:0', 'server:0', 'server:0']);
  });

  it('sends a key to another host only when the profile names its variable, and requires it then, except on this machine', () => {
    const built = (baseURL: string, fields: Record<string, unknown>, env: Record<string, string>) => {
      const profile = OpenAIAgentProfile.parse({ name: 'p', provider: 'openai', model: 'm', baseURL, ...fields });
      try {
        createModelCaller({ profile, file: 'p.yaml', dir: tmp, hash: 'h' }, { env });
        return 'built';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect([
      built('https://api.together.example/v1', {}, { OPENAI_API_KEY: 'sk-openai' }),
      built('https://api.together.example/v1', { apiKeyEnv: 'TOGETHER_KEY' }, {}),
      built('http://127.0.0.1:8000/v1', { apiKeyEnv: 'LOCAL_KEY' }, {}),
      built('http://localhost:11434/v1', { apiKeyEnv: 'OLLAMA_API_KEY' }, {}),
    ]).toEqual(['built', 'p.yaml: the API key variable TOGETHER_KEY is not set', 'built', 'built']);
    expect(OpenAIAgentProfile.safeParse({ name: 'p', provider: 'openai', model: 'm', baseURL: 'localhost:8080' }).error?.issues.map((i) => i.message)).toEqual([
      'an http:// or https:// URL, e.g. http://localhost:11434/v1',
    ]);
  });

  it('refuses a profile for api.openai.com when the key variable is not set', () => {
    const agent = openaiAgent('https://api.openai.com/v1');
    expect(() => createModelCaller(agent, { env: {} })).toThrowErrorMatchingInlineSnapshot(`[SaydoError: fake-openai.yaml: the API key variable KEY is not set]`);
  });

  it('answers with a scripted reply text as the model gave it', async () => {
    const server = await start({ responder: scriptedResponder([{ content: 'I prefer option B.\nAnswer: B' }]) });
    const result = await caller(server.url).call(QUESTION);
    expect(result.ok && result.reply.text).toBe('I prefer option B.\nAnswer: B');
  });
});
