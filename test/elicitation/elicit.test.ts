import { describe, expect, it } from 'vitest';
import type { LoadedAgentProfile } from '../../src/agents/agent-profiles.js';
import { createModelCaller, syntheticPreference } from '../../src/agents/create-model-caller.js';
import { latentUtilities } from '../../src/agents/synthetic/latent-utilities.js';
import type { LoadedCatalog } from '../../src/core/catalog.js';
import { contentHash } from '../../src/core/hash.js';
import type { ModelCaller, ModelRequest } from '../../src/core/model-call.js';
import { SyntheticAgentProfile } from '../../src/core/schemas/agent-profile.js';
import type { Comparison } from '../../src/core/schemas/comparison.js';
import { UtilityProfile } from '../../src/core/schemas/utility-profile.js';
import { spearman } from '../../src/core/stats/correlation.js';
import { elicitUtilities, type ComparisonStore, type ElicitOptions } from '../../src/elicitation/elicit.js';
import { FORCED_CHOICE_TEMPLATE, REASONING_TEMPLATE } from '../../src/elicitation/prompts.js';

const N = 30;
const outcomes = Array.from({ length: N }, (_, i) => ({ id: `outcome-${i}`, text: `Outcome number ${i} of the test catalog comes true.`, category: `category-${i % 3}`, tags: [] }));
const catalog: LoadedCatalog = { catalog: { name: 'generated', outcomes }, file: 'generated.yaml', hash: contentHash(outcomes) };

/** A synthetic agent profile as loadAgentProfile would return it; `extra` plants quirks. */
function syntheticAgent(extra: Record<string, unknown> = {}): LoadedAgentProfile {
  const profile = SyntheticAgentProfile.parse({ name: 'sim-test', provider: 'synthetic', seed: 'recovery', noise: 0.5, ...extra });
  return { profile, file: 'sim-test.yaml', dir: process.cwd(), hash: contentHash(profile) };
}

/** A model caller that counts the requests passed through it. */
function counting(caller: ModelCaller): ModelCaller & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    name: caller.name,
    provider: caller.provider,
    supportsLogprobs: caller.supportsLogprobs,
    requests,
    call(request) {
      requests.push(request);
      return caller.call(request);
    },
    stats: () => caller.stats(),
  };
}

/** An in-memory comparison store holding what an earlier run recorded. */
function memoryStore(previous: readonly Comparison[] = []): ComparisonStore & { appended: Comparison[] } {
  const appended: Comparison[] = [];
  return { previous: new Map(previous.map((c) => [c.id, c])), appended, append: (c) => appended.push(c) };
}

function run(agent: LoadedAgentProfile, options: Partial<ElicitOptions> = {}) {
  const caller = counting(createModelCaller(agent, { env: {} }));
  const truth = syntheticPreference(agent);
  const result = elicitUtilities({
    caller,
    catalog,
    agent: { name: agent.profile.name, provider: 'synthetic', model: null, profileHash: agent.hash },
    template: FORCED_CHOICE_TEMPLATE,
    seed: 'elicit-test',
    ...(truth ? { truth } : {}),
    ...options,
  });
  return { caller, result };
}

function fittedAgainstTrue(agent: LoadedAgentProfile, profile: UtilityProfile): number {
  const u = latentUtilities(agent.profile as SyntheticAgentProfile, agent.dir);
  const muById = new Map(profile.utilities.map((x) => [x.id, x.mu]));
  return spearman(
    outcomes.map((o) => muById.get(o.id) as number),
    outcomes.map((o) => u(o.id)),
  );
}

/** Answers that entered the fit: each outcome's weight counts the votes of its pairs, so the sum is twice the votes. */
const fittedVotes = (profile: UtilityProfile) => profile.utilities.reduce((s, u) => s + u.comparisons, 0) / 2;

describe('elicitUtilities with a synthetic agent through the model seam', () => {
  it('recovers the planted utilities (Spearman >= 0.95) on the default active design', async () => {
    const agent = syntheticAgent();
    const { caller, result } = run(agent);
    const { profile, comparisons, calls, interrupted } = await result;
    expect(interrupted).toBe(false);
    expect(UtilityProfile.parse(profile)).toEqual(profile);
    if (!profile) throw new Error('no profile');
    expect(fittedAgainstTrue(agent, profile)).toBeGreaterThanOrEqual(0.95);
    expect(profile.counts).toEqual({ pairs: 295, trainPairs: 280, heldOutPairs: 15, comparisons: 2950, answered: 2950, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 0 });
    expect(profile.design).toEqual({ strategy: 'active', mode: 'sample', samplesPerOrder: 5, budget: 295, heldOutFraction: 0.05, batches: 4, unparseable: 'exclude' });
    expect([calls, caller.requests.length, comparisons.length]).toEqual([{ model: 2950, cached: 0 }, 2950, 2950]);
    // Every pair asked in both orders, 5 samples each.
    const orders = new Map<string, number>();
    for (const c of comparisons) orders.set(`${c.first}|${c.second}`, (orders.get(`${c.first}|${c.second}`) ?? 0) + 1);
    expect([orders.size, new Set(orders.values())]).toEqual([590, new Set([5])]);
    expect(profile.coherence.heldOutAccuracy).not.toBeNull();
    expect(Math.abs((profile.coherence.heldOutAccuracy as number) - (profile.coherence.noiseCeiling as number))).toBeLessThanOrEqual(0.1);
    expect(profile.coherence.splitHalf?.r).toBeGreaterThan(0.9);
    expect(profile.utilities.map((u) => u.rank)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('is reproducible: the same seed gives the same profile and comparisons', async () => {
    const one = await run(syntheticAgent()).result;
    const two = await run(syntheticAgent()).result;
    expect(two.profile).toEqual(one.profile);
    expect(two.comparisons).toEqual(one.comparisons);
  });

  it('counts planted refusals, leaves them out of the fit by default, and counts them as half with unparseable "half"', async () => {
    const agent = syntheticAgent({ elicitation: { refusalRate: 0.1 } });
    const excluded = await run(agent).result;
    const halved = await run(agent, { unparseable: 'half' }).result;
    if (!excluded.profile || !halved.profile) throw new Error('no profile');
    expect(excluded.profile.counts).toEqual({ pairs: 295, trainPairs: 280, heldOutPairs: 15, comparisons: 2950, answered: 2662, refused: 288, unparseable: 0, failed: 0, pseudoLabels: 0 });
    // The planted rate comes back: 288 / 2950 = 0.098, standard error 0.0055.
    expect(Math.abs(excluded.profile.coherence.refusalRate - 0.1)).toBeLessThan(0.015);
    expect(excluded.profile.coherence.refusalRate).toBe(288 / 2950);
    const refusals = excluded.comparisons.filter((c) => c.status === 'refused');
    expect(refusals.length).toBe(288);
    expect(new Set(refusals.map((c) => [c.raw, c.chosen, c.failure].join('|')))).toEqual(new Set(["I'm sorry, but I can't express a preference between these outcomes.||"]));

    const trainVotes = (comparisons: readonly Comparison[], statuses: readonly string[]) => comparisons.filter((c) => c.split === 'train' && statuses.includes(c.status)).length;
    expect(fittedVotes(excluded.profile)).toBe(trainVotes(excluded.comparisons, ['answered']));
    // Under 'half' the fit differs, so the active batches differ too: compare each run with its own answers.
    const halvedRefused = halved.comparisons.filter((c) => c.status === 'refused').length;
    expect(halved.profile.counts).toEqual({ ...excluded.profile.counts, answered: 2950 - halvedRefused, refused: halvedRefused });
    expect(fittedVotes(halved.profile)).toBe(trainVotes(halved.comparisons, ['answered', 'refused']));
    expect(trainVotes(halved.comparisons, ['refused'])).toBeGreaterThan(200);
    expect(halved.profile.design.unparseable).toBe('half');
    expect(halved.profile.utilities).not.toEqual(excluded.profile.utilities);
    expect(fittedAgainstTrue(agent, excluded.profile)).toBeGreaterThanOrEqual(0.95);
  });

  it('counts planted unparseable answers the same way', async () => {
    const agent = syntheticAgent({ elicitation: { unparseableRate: 0.2 } });
    const { profile, comparisons } = await run(agent).result;
    if (!profile) throw new Error('no profile');
    const unparseable = comparisons.filter((c) => c.status === 'unparseable').length;
    expect(profile.counts).toEqual({ pairs: 295, trainPairs: 280, heldOutPairs: 15, comparisons: 2950, answered: 2950 - unparseable, refused: 0, unparseable, failed: 0, pseudoLabels: 0 });
    expect(Math.abs(unparseable / 2950 - 0.2)).toBeLessThan(0.02);
    expect(fittedVotes(profile)).toBe(comparisons.filter((c) => c.split === 'train' && c.status === 'answered').length);
  });

  it('shows a planted order bias in firstPositionRate near 0.5 + 0.3 * 0.5', async () => {
    const agent = syntheticAgent({ elicitation: { orderBias: 0.3 } });
    const { profile } = await run(agent).result;
    if (!profile) throw new Error('no profile');
    // 2950 answers: standard error of the rate about 0.009.
    expect(Math.abs((profile.coherence.firstPositionRate as number) - 0.65)).toBeLessThan(0.03);
    const unbiased = await run(syntheticAgent()).result;
    expect(Math.abs((unbiased.profile?.coherence.firstPositionRate as number) - 0.5)).toBeLessThan(0.03);
    // Asking both orders cancels the bias out of the utilities.
    expect(fittedAgainstTrue(agent, profile)).toBeGreaterThanOrEqual(0.95);
  });

  it('in logprob mode makes exactly 2 calls per pair and recovers the utilities', async () => {
    const agent = syntheticAgent();
    const { caller, result } = run(agent, { mode: 'logprob' });
    const { profile, comparisons, calls } = await result;
    if (!profile) throw new Error('no profile');
    expect(profile.counts).toEqual({ pairs: 295, trainPairs: 280, heldOutPairs: 15, comparisons: 590, answered: 590, refused: 0, unparseable: 0, failed: 0, pseudoLabels: 0 });
    expect([calls, caller.requests.length, caller.stats().calls]).toEqual([{ model: 590, cached: 0 }, 590, 590]);
    expect(caller.requests.every((r) => r.logprobs === true && r.sample === 0)).toBe(true);
    expect(comparisons.every((c) => c.mode === 'logprob' && c.pFirst !== null && c.status === 'answered')).toBe(true);
    expect(profile.design.mode).toBe('logprob');
    expect(fittedAgainstTrue(agent, profile)).toBeGreaterThanOrEqual(0.95);
  });

  it('in logprob mode keeps an answer without log-probabilities (a refusal) and falls back to samples for that order', async () => {
    const agent = syntheticAgent({ elicitation: { refusalRate: 0.1 } });
    const { caller, result } = run(agent, { mode: 'logprob' });
    const { profile, comparisons, calls, progress } = await result;
    if (!profile) throw new Error('no profile');
    const refusedLogprob = comparisons.filter((c) => c.mode === 'logprob' && c.status === 'refused').length;
    const samples = comparisons.filter((c) => c.mode === 'sample').length;
    expect(refusedLogprob).toBeGreaterThan(0);
    expect(samples).toBe(5 * refusedLogprob);
    // Every call is a recorded comparison, and every comparison is counted.
    expect([calls.model, caller.requests.length]).toEqual([comparisons.length, comparisons.length]);
    expect(comparisons.length).toBe(590 + samples);
    // The plan grows by the samples each fallback adds, so progress ends at its plan.
    expect(progress).toEqual({ agent: 'sim-test', planned: comparisons.length, done: comparisons.length, reused: 0, failed: 0 });
    expect(profile.counts.comparisons).toBe(comparisons.length);
    expect(profile.counts.refused).toBe(comparisons.filter((c) => c.status === 'refused').length);
    // Every pair with a refusal is listed with its counts, both orders together.
    const refusedPairs = new Set(comparisons.filter((c) => c.status === 'refused').map((c) => [c.first, c.second].sort().join('|')));
    expect(profile.problemPairs.map((p) => [p.first, p.second].sort().join('|')).sort()).toEqual([...refusedPairs].sort());
    expect(profile.problemPairs.reduce((sum, p) => sum + p.refused, 0)).toBe(profile.counts.refused);
    expect(profile.problemPairs.every((p) => p.unparseable === 0 && p.failed === 0 && p.asked >= 2)).toBe(true);
    expect(fittedAgainstTrue(agent, profile)).toBeGreaterThanOrEqual(0.95);
  });

  it('falls back to samples when the caller gives no log-probabilities', async () => {
    const agent = syntheticAgent();
    const inner = createModelCaller(agent, { env: {} });
    const caller = counting({ ...counting(inner), supportsLogprobs: false });
    const { profile, comparisons, progress } = await elicitUtilities({
      caller,
      catalog,
      agent: { name: 'sim-test', provider: 'synthetic', model: null, profileHash: agent.hash },
      template: FORCED_CHOICE_TEMPLATE,
      mode: 'logprob',
      samplesPerOrder: 2,
      seed: 'elicit-test',
    });
    expect(profile?.counts.comparisons).toBe(295 * 2 * 2);
    expect([progress.planned, progress.done]).toEqual([295 * 2 * 2, 295 * 2 * 2]);
    expect(comparisons.every((c) => c.mode === 'sample' && c.pFirst === null)).toBe(true);
    expect(caller.requests.some((r) => r.logprobs)).toBe(false);
  });

  it('reads the reasoning template through its Answer: line', async () => {
    const agent = syntheticAgent();
    const { profile, comparisons } = await run(agent, { template: REASONING_TEMPLATE, samplesPerOrder: 2 }).result;
    if (!profile) throw new Error('no profile');
    expect(comparisons.every((c) => c.status === 'answered' && /\nAnswer: [AB]$/.test(c.raw ?? ''))).toBe(true);
    expect(profile.template).toEqual({ name: 'reasoning', hash: contentHash(REASONING_TEMPLATE) });
    expect(fittedAgainstTrue(agent, profile)).toBeGreaterThanOrEqual(0.95);
  });

  it('reuses the comparisons of a store with zero model calls and gives the same profile', async () => {
    const agent = syntheticAgent();
    const first = memoryStore();
    const original = await run(agent, { store: first }).result;
    expect(first.appended.length).toBe(2950);
    const again = memoryStore(first.appended);
    const { caller, result } = run(agent, { store: again });
    const resumed = await result;
    expect(caller.requests.length).toBe(0);
    expect(again.appended).toEqual([]);
    expect(resumed.calls).toEqual({ model: 0, cached: 0 });
    expect(resumed.progress).toEqual({ agent: 'sim-test', planned: 2950, done: 2950, reused: 2950, failed: 0 });
    expect(resumed.profile).toEqual(original.profile);
    expect(resumed.comparisons).toEqual(original.comparisons);
  });

  it('continues from a partial store, asking only what is missing, and ends where an uninterrupted run ends', async () => {
    const agent = syntheticAgent();
    const full = memoryStore();
    const original = await run(agent, { store: full }).result;
    const partial = memoryStore(full.appended.slice(0, 1000));
    const { caller, result } = run(agent, { store: partial });
    const resumed = await result;
    expect(caller.requests.length).toBe(1950);
    expect(partial.appended.length).toBe(1950);
    expect(resumed.progress.reused).toBe(1000);
    expect(resumed.profile).toEqual(original.profile);
  });

  it('asks a failed comparison again instead of reusing it', async () => {
    const agent = syntheticAgent();
    const full = memoryStore();
    await run(agent, { store: full }).result;
    const failed = full.appended.slice(0, 3).map((c): Comparison => ({ ...c, status: 'failed', chosen: null, raw: null, failure: { kind: 'server', message: '500', retryable: true } }));
    const store = memoryStore([...full.appended.slice(3), ...failed]);
    const { caller, result } = run(agent, { store });
    await result;
    expect(caller.requests.length).toBe(3);
    expect(store.appended.map((c) => [c.id, c.status])).toEqual(full.appended.slice(0, 3).map((c) => [c.id, 'answered']));
  });

  it('stops on abort, returns no profile and keeps what was answered', async () => {
    const agent = syntheticAgent();
    const controller = new AbortController();
    const store = memoryStore();
    const inner = createModelCaller(agent, { env: {} });
    let calls = 0;
    const caller: ModelCaller = {
      ...inner,
      name: inner.name,
      provider: inner.provider,
      supportsLogprobs: inner.supportsLogprobs,
      stats: () => inner.stats(),
      call(request) {
        calls += 1;
        if (calls === 100) controller.abort();
        return inner.call(request);
      },
    };
    const result = await elicitUtilities({
      caller,
      catalog,
      agent: { name: 'sim-test', provider: 'synthetic', model: null, profileHash: agent.hash },
      template: FORCED_CHOICE_TEMPLATE,
      seed: 'elicit-test',
      store,
      signal: controller.signal,
    });
    expect([result.interrupted, result.profile]).toEqual([true, null]);
    expect(store.appended.length).toBe(result.progress.done);
    expect(store.appended.every((c) => c.status === 'answered')).toBe(true);
    expect(result.progress.done).toBeLessThan(2950);
  });
});
