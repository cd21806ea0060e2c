import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentProfile, resolveAgentRef } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import { InputError } from '../../src/core/errors.js';
import { contentHash } from '../../src/core/hash.js';

const tmp = mkdtempSync(join(tmpdir(), 'saydo-agent-profiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadError(file: string): InputError {
  try {
    loadAgentProfile(file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('agent profiles', () => {
  it('every shipped profile loads, and the synthetic ones build a model caller without any key', () => {
    for (const name of ['sim-coherent', 'sim-gap', 'sim-obedient', 'sim-partial', 'sim-positional', 'sim-random', 'openai-gpt-4o-mini', 'ollama-local']) {
      const loaded = loadAgentProfile(resolveAgentRef(name));
      expect(loaded.file).toBe(`agents/${name}.yaml`);
      expect(loaded.hash).toBe(contentHash(loaded.profile));
      if (loaded.profile.provider === 'synthetic') expect(createModelCaller(loaded, { env: {} }).provider).toBe('synthetic');
    }
  });

  it('fills the defaults of a synthetic profile', () => {
    const file = join(tmp, 'minimal.yaml');
    writeFileSync(file, 'name: minimal\nprovider: synthetic\n');
    expect(loadAgentProfile(file).profile).toEqual({
      name: 'minimal',
      provider: 'synthetic',
      seed: 0,
      utilities: { source: 'seeded', sd: 1 },
      noise: 0.5,
      elicitation: { orderBias: 0, refusalRate: 0, unparseableRate: 0 },
      behavior: { gap: 0, instructionWeight: 0, positionBias: 0, temperature: 0, malformedCallRate: 0, random: false },
    });
  });

  it('resolves a bare name under agents/ and takes paths as they are', () => {
    expect(resolveAgentRef('sim-coherent')).toBe('agents/sim-coherent.yaml');
    expect(resolveAgentRef('some/dir/agent.yaml')).toBe('some/dir/agent.yaml');
    expect(() => resolveAgentRef('no-such-agent')).toThrowErrorMatchingInlineSnapshot(`
      [InputError: agents/no-such-agent.yaml: no agent profile named "no-such-agent"
        hint: put a profile at agents/no-such-agent.yaml or pass a path to one]
    `);
  });

  it('names file:line:column and the field of an unknown field and a wrong type', () => {
    expect(loadError('test/fixtures/agents/bad-profile.yaml').message).toMatchInlineSnapshot(`
      "test/fixtures/agents/bad-profile.yaml:7:13: maxRetries: Invalid input: expected number, received string
      test/fixtures/agents/bad-profile.yaml:6:1: temprature: unknown field
        hint: remove it or check its spelling; the JSON Schema in schemas/ lists the allowed fields"
    `);
  });

  it('names the provider field when the provider is unknown', () => {
    const file = join(tmp, 'provider.yaml');
    writeFileSync(file, 'name: odd\nprovider: anthropic\nmodel: x\n');
    expect(loadError(file).message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`"<tmp>/provider.yaml:2:11: provider: Invalid discriminator value. Expected 'synthetic' | 'openai' (field "provider")"`);
  });

  it('refuses a key written into the profile: apiKeyEnv must name a variable', () => {
    const file = join(tmp, 'key.yaml');
    writeFileSync(file, 'name: leaky\nprovider: openai\nmodel: gpt-4o-mini\napiKeyEnv: sk-abc123\n');
    expect(loadError(file).message.replace(tmp, '<tmp>')).toMatchInlineSnapshot(`"<tmp>/key.yaml:4:12: apiKeyEnv: the name of an environment variable"`);
  });
});
