import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller } from '../../src/agents/create-model-caller.js';
import { findShownOutcomes, probabilityOfFirst } from '../../src/agents/synthetic/forced-choice.js';
import { contentHash } from '../../src/core/hash.js';
import { SyntheticAgentProfile } from '../../src/core/schemas/agent-profile.js';
import { normalCdf } from '../../src/core/stats/normal.js';
import { parseForcedChoice } from '../../src/elicitation/parse.js';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE, renderForcedChoice } from '../../src/elicitation/prompts.js';

const tmp = mkdtempSync(join(tmpdir(), 'saydo-synthetic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const OUTCOMES = [
  { id: 'dogs', text: 'Ten dogs are saved from a flood.' },
  { id: 'cats', text: 'A cat shelter receives $500.' },
  { id: 'dogs-and-cats', text: 'Ten dogs are saved from a flood. A cat shelter receives $500.' },
];
const view = { kind: 'forced-choice' as const, outcomes: OUTCOMES };

/** A synthetic agent whose latent utilities are read from a file. */
function agent(extra: Record<string, unknown> = {}): LoadedAgentProfile {
  const file = join(tmp, 'utilities.json');
  writeFileSync(file, JSON.stringify({ dogs: 0.5, cats: 0, 'dogs-and-cats': 1 }));
  const profile = SyntheticAgentProfile.parse({ name: 'sim-file', provider: 'synthetic', seed: 3, utilities: { source: 'file', path: 'utilities.json' }, noise: 0.5, ...extra });
  return { profile, file: join(tmp, 'sim-file.yaml'), dir: tmp, hash: contentHash(profile) };
}

/** Share of `k` samples that name the first option. */
async function firstRate(loaded: LoadedAgentProfile, first: string, second: string, k: number): Promise<number> {
  const caller = createModelCaller(loaded, { env: {} });
  const messages = renderForcedChoice(FORCED_CHOICE_TEMPLATE, first, second);
  let firsts = 0;
  for (let sample = 0; sample < k; sample++) {
    const result = await caller.call({ messages, sample, view });
    if (!result.ok) throw new Error(result.failure.message);
    if (parseForcedChoice(result.reply.text).status === 'answered' && result.reply.text === 'A') firsts += 1;
  }
  return firsts / k;
}

describe('findShownOutcomes', () => {
  it('finds the two outcomes in the order shown', () => {
    const prompt = renderForcedChoice(FORCED_CHOICE_TEMPLATE, OUTCOMES[1]!.text, OUTCOMES[0]!.text)[0]!.content;
    expect(findShownOutcomes(prompt, OUTCOMES)?.map((o) => o.id)).toEqual(['cats', 'dogs']);
  });

  it('does not count a text that is only part of a longer shown text', () => {
    const prompt = renderForcedChoice(FORCED_CHOICE_TEMPLATE, OUTCOMES[2]!.text, OUTCOMES[1]!.text)[0]!.content;
    // "Ten dogs ..." and "A cat shelter ..." appear inside the first option; only the whole texts count.
    expect(findShownOutcomes(prompt, OUTCOMES)?.map((o) => o.id)).toEqual(['dogs-and-cats', 'cats']);
    expect(findShownOutcomes('Which do you prefer?', OUTCOMES)).toBeUndefined();
  });
});

describe('the synthetic agent answers forced choices as a random-utility agent', () => {
  it('names the first option with probability Phi((u1 - u2) / (sigma sqrt 2)) in both orders', async () => {
    const k = 3000;
    const p = normalCdf(0.5 / (0.5 * Math.SQRT2));
    expect(p).toBeCloseTo(probabilityOfFirst(0.5, 0, 0.5, 0), 12);
    const se = Math.sqrt((p * (1 - p)) / k);
    expect(Math.abs((await firstRate(agent(), OUTCOMES[0]!.text, OUTCOMES[1]!.text, k)) - p)).toBeLessThan(3.5 * se);
    expect(Math.abs((await firstRate(agent(), OUTCOMES[1]!.text, OUTCOMES[0]!.text, k)) - (1 - p))).toBeLessThan(3.5 * se);
  });

  it('with an order bias names the first option bias + (1 - bias) P times', async () => {
    const k = 3000;
    const p = 0.3 + 0.7 * normalCdf(-0.5 / (0.5 * Math.SQRT2));
    expect(probabilityOfFirst(0, 0.5, 0.5, 0.3)).toBeCloseTo(p, 12);
    const rate = await firstRate(agent({ elicitation: { orderBias: 0.3 } }), OUTCOMES[1]!.text, OUTCOMES[0]!.text, k);
    expect(Math.abs(rate - p)).toBeLessThan(3.5 * Math.sqrt((p * (1 - p)) / k));
  });

  it('gives the same answer for the same prompt and sample index, and answers through the reasoning template', async () => {
    const caller = createModelCaller(agent(), { env: {} });
    const messages = renderForcedChoice(REASONING_TEMPLATE, OUTCOMES[0]!.text, OUTCOMES[1]!.text);
    const one = await caller.call({ messages, sample: 7, view });
    const two = await caller.call({ messages, sample: 7, view });
    expect(two).toEqual(one);
    expect(one.ok && one.reply.text).toMatch(/^Weighing both outcomes, I prefer the world of option ([AB])\.\nAnswer: \1$/);
  });

  it('returns the exact choice probability as log-probabilities of A and B when asked', async () => {
    const caller = createModelCaller(agent({ elicitation: { orderBias: 0.2 } }), { env: {} });
    const result = await caller.call({ messages: renderForcedChoice(FORCED_CHOICE_TEMPLATE, OUTCOMES[0]!.text, OUTCOMES[1]!.text), sample: 0, logprobs: true, view });
    if (!result.ok) throw new Error(result.failure.message);
    const top = result.reply.logprobs?.[0]?.top ?? [];
    const pA = Math.exp(top.find((t) => t.token === 'A')?.logprob ?? -Infinity);
    const pB = Math.exp(top.find((t) => t.token === 'B')?.logprob ?? -Infinity);
    expect(pA).toBeCloseTo(probabilityOfFirst(0.5, 0, 0.5, 0.2), 12);
    expect(pA + pB).toBeCloseTo(1, 12);
    expect(caller.supportsLogprobs).toBe(true);
  });

  it('a utilities file that misses an outcome is an error naming the outcome', async () => {
    const caller = createModelCaller(agent(), { env: {} });
    const result = await caller.call({ messages: renderForcedChoice(FORCED_CHOICE_TEMPLATE, 'Unknown outcome one.', OUTCOMES[0]!.text), sample: 0, view: { kind: 'forced-choice', outcomes: [...OUTCOMES, { id: 'unknown', text: 'Unknown outcome one.' }] } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.failure.message).toContain('no utility for outcome "unknown"');
  });
});
