import { getRetryable } from '@langchain/core/errors';
import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAICompletions, OpenAIClient } from '@langchain/openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseFault,
  echoLetterResponder,
  type FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type Fault,
  scriptedResponder,
  startFakeOpenAIServer,
  UNKNOWN_TOOL_NAME,
} from './openai-server.js';

const servers: FakeOpenAIServer[] = [];

async function start(options: Partial<FakeOpenAIServerOptions> = {}): Promise<FakeOpenAIServer> {
  const server = await startFakeOpenAIServer({ responder: echoLetterResponder('A'), ...options });
  servers.push(server);
  return server;
}

function chatModel(server: FakeOpenAIServer, fields: { timeout?: number; apiKey?: string } = {}): ChatOpenAICompletions {
  return new ChatOpenAICompletions({
    model: 'test-model',
    apiKey: fields.apiKey ?? 'sk-test',
    configuration: { baseURL: server.url },
    maxRetries: 0,
    logprobs: true,
    topLogprobs: 2,
    ...(fields.timeout === undefined ? {} : { timeout: fields.timeout }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to reject');
}

function faultEverywhere(fault: Fault) {
  return { every: [{ everyNth: 1, fault }] };
}

const pickTool = {
  type: 'function' as const,
  function: {
    name: 'pick',
    description: 'd',
    parameters: { type: 'object', properties: { route: { type: 'string' } }, required: ['route'] },
  },
};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('answers through ChatOpenAICompletions', () => {
  it('round-trips a plain answer and records the request', async () => {
    const server = await start();
    const message = await chatModel(server).invoke('hi');

    expect(message.content).toBe('A');
    expect(message.id).toBe('chatcmpl-fake-0');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect({ method: request?.method, path: request?.path, body: request?.body }).toEqual({
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'test-model', logprobs: true, top_logprobs: 2, stream: false, messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(server.stats()).toEqual({ requests: 1, chatCompletions: 1, faultsInjected: {} });
  });

  it('puts logprobs in response_metadata.logprobs, top_logprobs cut to the requested count', async () => {
    const server = await start({
      responder: () => ({
        content: 'B',
        logprobs: [
          {
            token: 'B',
            logprob: -0.2,
            top: [
              { token: 'B', logprob: -0.2 },
              { token: 'A', logprob: -1.8 },
              { token: 'C', logprob: -4 },
            ],
          },
        ],
      }),
    });
    const message = await chatModel(server).invoke('hi');

    expect(message.response_metadata).toEqual({
      tokenUsage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      finish_reason: 'stop',
      logprobs: {
        content: [
          {
            token: 'B',
            logprob: -0.2,
            bytes: [66],
            top_logprobs: [
              { token: 'B', logprob: -0.2, bytes: [66] },
              { token: 'A', logprob: -1.8, bytes: [65] },
            ],
          },
        ],
        refusal: null,
      },
      model_provider: 'openai',
      model_name: 'test-model',
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  });

  it('streams SSE chunks through model.stream() with logprobs', async () => {
    const server = await start();
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await chatModel(server).stream('hi')) merged = merged ? merged.concat(chunk) : chunk;

    expect(merged?.content).toBe('A');
    expect(merged?.response_metadata.logprobs).toEqual({
      content: [
        {
          token: 'A',
          logprob: Math.log(0.9),
          bytes: [65],
          top_logprobs: [
            { token: 'A', logprob: Math.log(0.9), bytes: [65] },
            { token: 'B', logprob: Math.log(1 - 0.9), bytes: [66] },
          ],
        },
      ],
      refusal: null,
    });
    expect(server.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('parses tool calls into tool_calls', async () => {
    const server = await start({ responder: scriptedResponder([{ toolCalls: [{ name: 'pick', arguments: '{"route":"B"}' }] }]) });
    const message = await chatModel(server).bindTools([pickTool]).invoke('hi');

    expect({ tool_calls: message.tool_calls, invalid_tool_calls: message.invalid_tool_calls }).toEqual({
      tool_calls: [{ name: 'pick', args: { route: 'B' }, id: 'call_0_0', type: 'tool_call' }],
      invalid_tool_calls: [],
    });
    expect(message.response_metadata.finish_reason).toBe('tool_calls');
    expect((server.requests[0]?.body as { tools: unknown }).tools).toEqual([pickTool]);
  });

  it('puts tool arguments that are not JSON in invalid_tool_calls instead of throwing', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'bad-tool-arguments' }) });
    const message = await chatModel(server).bindTools([pickTool]).invoke('hi');

    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toEqual([
      { name: 'pick', args: '{"route": "A"', id: 'call_0_0', error: expect.any(String), type: 'invalid_tool_call' },
    ]);
    // The JSON.parse detail differs between Node versions, so only its shape is pinned.
    expect(message.invalid_tool_calls?.[0]?.error).toMatch(
      /^Function "pick" arguments:\n\n\{"route": "A"\n\nare not valid JSON\.\nError: .+\n\nTroubleshooting URL: \S+\/OUTPUT_PARSING_FAILURE\/\n$/,
    );
  });

  it('passes a call to a tool that was not offered through as an ordinary tool call', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'unknown-tool' }) });
    const message = await chatModel(server).bindTools([pickTool]).invoke('hi');

    expect({ tool_calls: message.tool_calls, invalid_tool_calls: message.invalid_tool_calls }).toEqual({
      tool_calls: [{ name: UNKNOWN_TOOL_NAME, args: {}, id: 'call_0_0', type: 'tool_call' }],
      invalid_tool_calls: [],
    });
  });
});

describe('faults as the client sees them', () => {
  it('429 with Retry-After: RateLimitError with status, headers and retryAfterMs', async () => {
    const server = await start({ faults: { byIndex: { 0: { kind: 'status', status: 429, retryAfterSeconds: 2 } } } });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(OpenAIClient.RateLimitError);
    expect(error).toBeInstanceOf(OpenAIClient.APIError);
    expect((error.headers as Headers).get('retry-after')).toBe('2');
    expect({
      status: error.status,
      name: error.name,
      code: error.code,
      lc_error_code: error.lc_error_code,
      rateLimitType: error.rateLimitType,
      retryAfterMs: error.retryAfterMs,
      retryable: getRetryable(error),
      error: error.error,
    }).toEqual({
      status: 429,
      name: 'Error',
      code: 'rate_limit_exceeded',
      lc_error_code: 'MODEL_RATE_LIMIT',
      rateLimitType: 'wait',
      retryAfterMs: 2000,
      retryable: true,
      error: { message: 'Rate limit reached for requests (injected fault).', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    expect(error.message).toMatchInlineSnapshot(`
      "429 Rate limit reached for requests (injected fault).

      Troubleshooting URL: https://docs.langchain.com/oss/javascript/langchain/errors/MODEL_RATE_LIMIT/
      "
    `);
    expect(await chatModel(server).invoke('again')).toMatchObject({ content: 'A' });
    expect(server.stats().faultsInjected).toEqual({ 'status:429': 1 });
  });

  it('429 without Retry-After: renamed RateLimitCapacityError, no header', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'status', status: 429 }) });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(OpenAIClient.RateLimitError);
    expect({
      status: error.status,
      name: error.name,
      header: (error.headers as Headers).get('retry-after'),
      rateLimitType: error.rateLimitType,
      retryAfterMs: error.retryAfterMs,
      retryable: getRetryable(error),
    }).toEqual({ status: 429, name: 'RateLimitCapacityError', header: null, rateLimitType: 'capacity', retryAfterMs: undefined, retryable: true });
  });

  it.each([
    { status: 500 as const, className: 'InternalServerError', retryable: undefined },
    { status: 502 as const, className: 'InternalServerError', retryable: undefined },
    { status: 503 as const, className: 'InternalServerError', retryable: undefined },
    { status: 400 as const, className: 'BadRequestError', retryable: false },
    { status: 401 as const, className: 'AuthenticationError', retryable: false },
  ])('status $status: $className with status and OpenAI error body', async ({ status, className, retryable }) => {
    const server = await start({ faults: faultEverywhere({ kind: 'status', status }) });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(OpenAIClient.APIError);
    expect({ className: error.constructor.name, status: error.status, retryable: getRetryable(error) }).toEqual({ className, status, retryable });
    expect(error.message.startsWith(`${status} `)).toBe(true);
  });

  it('rejects a missing or wrong API key with 401 when requireApiKey is set', async () => {
    const server = await start({ requireApiKey: 'sk-right' });
    const error = await rejection(chatModel(server, { apiKey: 'sk-wrong' }).invoke('hi'));

    expect({ className: error.constructor.name, status: error.status, code: error.code }).toEqual({
      className: 'AuthenticationError',
      status: 401,
      code: 'invalid_api_key',
    });
    expect((await chatModel(server, { apiKey: 'sk-right' }).invoke('hi')).content).toBe('A');
    expect(server.stats()).toEqual({ requests: 2, chatCompletions: 1, faultsInjected: {} });
  });

  it('reset: APIConnectionError without status', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'reset' }) });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(OpenAIClient.APIConnectionError);
    expect({ message: error.message, status: error.status, cause: String(error.cause) }).toEqual({
      message: 'Connection error.',
      status: undefined,
      cause: 'TypeError: fetch failed',
    });
  });

  it('truncated JSON: a bare SyntaxError', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'truncated-json' }) });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(SyntaxError);
    expect({ status: error.status, retryable: getRetryable(error) }).toEqual({ status: undefined, retryable: undefined });
    expect(error.message).toMatch(/in JSON at position \d+/);
  });

  it('HTML body with status 200: a TypeError from LangChain finding no choices', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'not-json' }) });
    const error = await rejection(chatModel(server).invoke('hi'));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("Cannot read properties of undefined (reading 'message')");
  });

  it('timeout: the client gives up with a TimeoutError and close() returns promptly', async () => {
    const server = await start({ faults: { byIndex: { 0: { kind: 'timeout' } } } });
    const startedAt = Date.now();
    const error = await rejection(chatModel(server, { timeout: 300 }).invoke('hi'));
    const waited = Date.now() - startedAt;

    expect({ name: error.name, message: error.message, status: error.status, retryable: getRetryable(error) }).toEqual({
      name: 'TimeoutError',
      message: 'Request timed out.',
      status: undefined,
      retryable: true,
    });
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1_500);
    const closingAt = Date.now();
    await server.close();
    expect(Date.now() - closingAt).toBeLessThan(1_000);
  });

  it('timeout: close() destroys a request the client is still waiting on', async () => {
    const server = await start({ faults: faultEverywhere({ kind: 'timeout' }) });
    const pending = rejection(chatModel(server, { timeout: 60_000 }).invoke('hi'));
    while (server.stats().chatCompletions === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const closingAt = Date.now();
    await server.close();
    const error = await pending;

    expect(Date.now() - closingAt).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(OpenAIClient.APIConnectionError);
    expect(server.stats().faultsInjected).toEqual({ timeout: 1 });
  });

  it('answers 200 concurrent requests with 50 ms latency', async () => {
    const server = await start({ latencyMs: 50, responder: (_request, index) => ({ content: `reply ${index}` }) });
    const model = chatModel(server);
    const messages = await Promise.all(Array.from({ length: 200 }, (_, i) => model.invoke(`question ${i}`)));

    const contents = messages.map((message) => message.content as string).sort();
    const expected = Array.from({ length: 200 }, (_, i) => `reply ${i}`).sort();
    expect(contents).toEqual(expected);
    expect(server.stats()).toEqual({ requests: 200, chatCompletions: 200, faultsInjected: {} });
  });
});

describe('plain HTTP', () => {
  it('lists models and answers unknown paths with an OpenAI-style 404', async () => {
    const server = await start();
    const models = await fetch(`${server.url}/models`);
    const missing = await fetch(`${server.url}/embeddings`, { method: 'POST', body: '{}' });

    expect({ status: models.status, body: await models.json() }).toEqual({
      status: 200,
      body: { object: 'list', data: [{ id: 'test-model', object: 'model', created: 1_700_000_000, owned_by: 'saydo-test' }] },
    });
    expect({ status: missing.status, body: await missing.json() }).toEqual({
      status: 404,
      body: { error: { message: 'Unknown request URL: POST /v1/embeddings.', type: 'invalid_request_error', param: null, code: 'unknown_url' } },
    });
  });
});

describe('fault schedule', () => {
  const serverError: Fault = { kind: 'status', status: 500 };
  const reset: Fault = { kind: 'reset' };

  it('prefers byIndex, then every, then rate', () => {
    const plan = {
      byIndex: { 4: reset },
      every: [{ everyNth: 4, offset: 2, fault: serverError }],
      rate: { probability: 1, seed: 7, faults: [{ kind: 'timeout' } as Fault] },
    };
    expect([0, 2, 4, 6].map((index) => chooseFault(plan, index)?.kind)).toEqual(['timeout', 'status', 'reset', 'status']);
    expect([0, 1, 2, 3, 6, 10].map((index) => chooseFault({ every: [{ everyNth: 4, offset: 2, fault: reset }] }, index))).toEqual([
      undefined,
      undefined,
      reset,
      undefined,
      reset,
      reset,
    ]);
  });

  it('rate: same seed, same schedule, near the stated probability', () => {
    const schedule = (seed: number) =>
      Array.from({ length: 2_000 }, (_, index) => chooseFault({ rate: { probability: 0.1, seed, faults: [serverError, reset] } }, index)?.kind ?? '-');
    const first = schedule(42);

    expect(schedule(42)).toEqual(first);
    expect(schedule(43)).not.toEqual(first);
    const faulted = first.filter((kind) => kind !== '-').length;
    expect(Math.abs(faulted - 200)).toBeLessThan(45); // about 3.5 standard deviations
    expect(first.filter((kind) => kind === 'reset').length).toBeGreaterThan(50);
  });

  it('scriptedResponder cycles through its replies', async () => {
    const responder = scriptedResponder([{ content: 'one' }, { content: 'two' }]);
    const request = { model: 'm', messages: [] };
    const replies = [await responder(request, 0), await responder(request, 1), await responder(request, 2)];
    expect(replies).toEqual([{ content: 'one' }, { content: 'two' }, { content: 'one' }]);
  });
});
