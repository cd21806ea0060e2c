import { describe, expect, it } from 'vitest';
import { classifyCallError, parseRetryAfter } from '../../src/agents/call-failure.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds, an HTTP date and retry-after-ms, from Headers or a plain record', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter({ 'Retry-After': '4' }, now)).toBe(4000);
  });

  it('is undefined without the header or with a value it cannot read, and never negative', () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, now)).toBe(0);
  });
});

describe('classifyCallError', () => {
  const status = (code: number, headers?: Record<string, string>) => Object.assign(new Error(`${code} failed`), { status: code, headers: new Headers(headers) });

  it('decides the kind and whether a retry can help', () => {
    const table = [
      status(401),
      status(403),
      status(429, { 'retry-after': '1' }),
      status(500),
      status(503),
      status(408),
      status(400),
      status(404),
      Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' }),
      Object.assign(new Error('Connection error.'), { name: 'APIConnectionError' }),
      Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
      new SyntaxError('Unterminated string in JSON at position 153'),
      new TypeError("Cannot read properties of undefined (reading 'message')"),
      Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
      new Error('something else'),
    ].map((error) => {
      const { failure, retryAfterMs } = classifyCallError(error);
      return [failure.kind, failure.retryable, failure.status ?? null, retryAfterMs ?? null];
    });
    expect(table).toEqual([
      ['auth', false, 401, null],
      ['auth', false, 403, null],
      ['rate-limit', true, 429, 1000],
      ['server', true, 500, null],
      ['server', true, 503, null],
      ['server', true, 408, null],
      ['bad-request', false, 400, null],
      ['bad-request', false, 404, null],
      ['timeout', true, null, null],
      ['network', true, null, null],
      ['network', true, null, null],
      ['bad-response', true, null, null],
      ['bad-response', true, null, null],
      ['aborted', false, null, null],
      ['other', false, null, null],
    ]);
  });

  it('keeps the message on one line and at most 300 characters', () => {
    const { failure } = classifyCallError(new Error(`first line\n\nsecond ${'x'.repeat(400)}`));
    expect(failure.message.startsWith('first line second xxx')).toBe(true);
    expect(failure.message.length).toBe(300);
    expect(failure.message.endsWith('...')).toBe(true);
  });
});
