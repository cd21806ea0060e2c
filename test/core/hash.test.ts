import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256 } from '../../src/core/hash.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level, keeps array order and drops undefined fields', () => {
    const value = { b: 1, a: { d: [{ f: 1, e: 2 }, 3], c: null }, z: undefined };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[{"e":2,"f":1},3]},"b":1}');
  });

  it('gives the same text for equal values whose keys were inserted in another order', () => {
    const one = { model: 'm', messages: [{ role: 'user', content: 'hi' }], sample: 2 };
    const two = { sample: 2, messages: [{ content: 'hi', role: 'user' }], model: 'm' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes scalars as JSON does', () => {
    expect([canonicalJson('x'), canonicalJson(1.5), canonicalJson(true), canonicalJson(null)]).toEqual(['"x"', '1.5', 'true', 'null']);
  });
});

describe('sha256 and contentHash', () => {
  it('sha256 is the hex digest of node:crypto', () => {
    expect(sha256('saydo')).toBe(createHash('sha256').update('saydo').digest('hex'));
    expect(sha256(new TextEncoder().encode('saydo'))).toBe(sha256('saydo'));
  });

  it('contentHash is sha256: and 16 hex digits of the canonical JSON digest, stable across versions', () => {
    // Pinned: a change here invalidates every recorded catalog, profile and cache hash.
    expect(contentHash({ a: 1, b: [1, 'x'] })).toBe('sha256:677ba3966fe15b48');
    expect(contentHash({ b: [1, 'x'], a: 1 })).toBe('sha256:677ba3966fe15b48');
    expect(contentHash({})).toBe('sha256:44136fa355b3678a');
    expect(contentHash({ a: 1, b: [1, 'x'] })).toBe(`sha256:${sha256('{"a":1,"b":[1,"x"]}').slice(0, 16)}`);
  });

  it('changes when any value changes', () => {
    expect(contentHash({ a: 1, b: [1, 'x'] })).not.toBe(contentHash({ a: 1, b: [1, 'y'] }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});
