import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { normalCdf } from '../../src/core/stats/normal.js';
import { loadSuite, type LoadedSuite } from '../../src/simulator/load-suite.js';
import { inShard, planEpisodes, type EpisodePlan } from '../../src/simulator/plan.js';
import { fillSlots, statedZ, utilityIndex, type StatedUtility } from '../../src/simulator/slot-filling.js';
import { shuffledToolOrder } from '../../src/world/counterbalance.js';
import { eligibleOutcomes } from '../../src/world/slots.js';
import { DEMO_SUITE, plantedProfile } from './support.js';

const demo = loadSuite(DEMO_SUITE);
const outcomes = demo.catalog.catalog.outcomes;
const n = outcomes.length;
// Planted stated utilities: mu evenly spaced over [-2, 2] by catalog position, sigma 0.5 for every outcome.
const profile = plantedProfile(demo.catalog, (i) => -2 + (4 * i) / (n - 1));
const utilities = utilityIndex(profile);
const vendor = demo.scenarios.find((s) => s.scenario.id === 'vendor-choice')!.scenario;
const pool = (slot: string) => eligibleOutcomes(vendor, slot, outcomes).map((o) => o.id);
const zOf = (x: string, y: string) => statedZ(utilities.get(x) as StatedUtility, utilities.get(y) as StatedUtility);

/** What a plan decides, without the loaded scenario object. */
const decided = (plan: EpisodePlan) => ({ ...plan, scenario: plan.scenario.scenario.id });

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

function withSuite(overrides: Partial<LoadedSuite['suite']>): LoadedSuite {
  return { ...demo, suite: { ...demo.suite, ...overrides } };
}

describe('slot filling', () => {
  it('spread: one pair per target, targets evenly spaced in Phi(z), so the pairs cover the range of z', () => {
    const pairs = 16;
    const fills = fillSlots(vendor, { strategy: 'spread', pairs }, outcomes, utilities, createRng('spread'));
    expect(fills).toHaveLength(pairs);
    // Every fill takes eligible outcomes, two different ones, and no unordered pair twice.
    for (const fill of fills) {
      expect(pool('a')).toContain(fill.a);
      expect(pool('b')).toContain(fill.b);
      expect(fill.a).not.toBe(fill.b);
    }
    expect(new Set(fills.map((f) => [f.a, f.b].sort().join('|'))).size).toBe(pairs);
    // Sorted stated choice probabilities Phi(z) sit on the targets (k + 0.5) / 16, within 0.02.
    const probabilities = fills.map((f) => normalCdf(zOf(f.a as string, f.b as string))).sort((x, y) => x - y);
    const targets = Array.from({ length: pairs }, (_, k) => (k + 0.5) / pairs);
    probabilities.forEach((p, k) => expect(Math.abs(p - (targets[k] as number))).toBeLessThan(0.02));
    // The instances are not all built on one outcome.
    expect(new Set(fills.flatMap((f) => [f.a, f.b])).size).toBeGreaterThanOrEqual(16);
  });

  it('spread with fewer targets stays evenly spaced; the same seed gives the same fills', () => {
    const fills = fillSlots(vendor, { strategy: 'spread', pairs: 4 }, outcomes, utilities, createRng('spread-4'));
    const probabilities = fills.map((f) => normalCdf(zOf(f.a as string, f.b as string))).sort((x, y) => x - y);
    expect(probabilities.map((p, k) => Math.abs(p - (k + 0.5) / 4) < 0.02)).toEqual([true, true, true, true]);
    expect(fillSlots(vendor, { strategy: 'spread', pairs: 4 }, outcomes, utilities, createRng('spread-4'))).toEqual(fills);
  });

  it('top-bottom: one slot from the top third of its pool, the other from the bottom third, sides at random', () => {
    const pairs = 40;
    const fills = fillSlots(vendor, { strategy: 'top-bottom', pairs }, outcomes, utilities, createRng('top-bottom'));
    expect(fills).toHaveLength(pairs);
    const thirds = (slot: string) => {
      const sorted = [...pool(slot)].sort((x, y) => (utilities.get(y)?.mu ?? 0) - (utilities.get(x)?.mu ?? 0));
      const third = Math.floor(sorted.length / 3);
      return { top: sorted.slice(0, third), bottom: sorted.slice(sorted.length - third) };
    };
    const a = thirds('a');
    const b = thirds('b');
    let aTop = 0;
    for (const fill of fills) {
      const aHigh = a.top.includes(fill.a as string);
      expect(aHigh ? b.bottom : b.top).toContain(fill.b);
      expect(aHigh ? true : a.bottom.includes(fill.a as string)).toBe(true);
      if (aHigh) aTop += 1;
    }
    // Which slot gets the high outcome is a fair coin per pair: both sides occur, neither dominates.
    expect(aTop).toBeGreaterThanOrEqual(10);
    expect(aTop).toBeLessThanOrEqual(30);
    // So the stated z takes both signs, and every |z| is large (top against bottom).
    const z = fills.map((f) => zOf(f.a as string, f.b as string));
    expect(z.every((value) => Math.abs(value) > 1)).toBe(true);
  });

  it('fixed: the given outcome ids, with a missing slot filled from its pool and never a duplicate', () => {
    const fills = fillSlots(
      vendor,
      { strategy: 'fixed', fills: [{ a: 'money-school-overpays-vendor-5000', b: 'money-food-bank-donation-10000' }, { a: 'money-food-bank-donation-10000' }] },
      outcomes,
      utilities,
      createRng('fixed'),
    );
    expect(fills[0]).toEqual({ a: 'money-school-overpays-vendor-5000', b: 'money-food-bank-donation-10000' });
    expect(fills[1]?.a).toBe('money-food-bank-donation-10000');
    expect(pool('b')).toContain(fills[1]?.b);
    expect(fills[1]?.b).not.toBe('money-food-bank-donation-10000');
  });
});

describe('planEpisodes', () => {
  const plans = planEpisodes(demo, profile);

  it('plans every scenario x pair x condition x replicate, in canonical order with stable ids', () => {
    const expected = demo.scenarios.reduce((sum, s) => sum + 16 * Object.keys(s.scenario.conditions).length * 2, 0);
    expect(plans).toHaveLength(expected);
    expect(plans.map((p) => p.index)).toEqual(plans.map((_, i) => i));
    expect(new Set(plans.map((p) => p.id)).size).toBe(plans.length);
    expect(plans.slice(0, 3).map((p) => p.id)).toEqual(['vendor-choice/0/neutral/0', 'vendor-choice/0/neutral/1', 'vendor-choice/0/instructed/0']);
    for (const plan of plans) expect(plan.id).toBe(`${plan.scenario.scenario.id}/${plan.pairIndex}/${plan.instance.condition}/${plan.replicate}`);
  });

  it('counterbalances surfaces: the two mappings alternate across replicates, so each name leads to each slot equally often', () => {
    const ofVendor = plans.filter((p) => p.scenario.scenario.id === 'vendor-choice');
    const written = { a: 'Northwind Catering', b: 'Bluebird Kitchens' };
    const swapped = { a: 'Bluebird Kitchens', b: 'Northwind Catering' };
    for (const plan of ofVendor) {
      expect(plan.instance.surfaces.vendor).toEqual((plan.pairIndex + plan.replicate) % 2 === 0 ? written : swapped);
    }
    const byInstance = groupBy(ofVendor, (p) => p.instanceId);
    for (const [, replicates] of byInstance) expect(replicates[0]?.instance.surfaces).not.toEqual(replicates[1]?.instance.surfaces);
    expect(ofVendor.filter((p) => p.instance.surfaces.vendor?.a === written.a).length).toBe(ofVendor.length / 2);
  });

  it('shuffles the tool order from the episode seed: shared by conditions, different across replicates and pairs', () => {
    for (const plan of plans) expect(plan.toolOrder).toEqual(shuffledToolOrder(plan.scenario.scenario, createRng(plan.seed)));
    const ofVendor = plans.filter((p) => p.scenario.scenario.id === 'vendor-choice');
    // Conditions of one pair and replicate meet the same seed, so the same surfaces and tool order.
    const byCell = groupBy(ofVendor, (p) => `${p.pairIndex}/${p.replicate}`);
    for (const [, cell] of byCell) {
      expect(new Set(cell.map((p) => p.seed)).size).toBe(1);
      expect(new Set(cell.map((p) => p.toolOrder.join(','))).size).toBe(1);
    }
    // Across the 32 cells, every tool is listed first somewhere and the orders differ.
    const cells = [...byCell.values()].map((cell) => cell[0] as EpisodePlan);
    expect(new Set(cells.map((p) => p.toolOrder[0]))).toEqual(new Set(Object.keys(vendor.tools)));
    expect(new Set(cells.map((p) => p.toolOrder.join(','))).size).toBeGreaterThan(24);
  });

  it('is deterministic: the same suite and profile give the same plans; another suite seed gives other ones', () => {
    expect(planEpisodes(demo, profile).map(decided)).toEqual(plans.map(decided));
    const reseeded = planEpisodes(withSuite({ seed: 2 }), profile);
    expect(reseeded.map((p) => p.id)).toEqual(plans.map((p) => p.id));
    expect(reseeded.filter((p, i) => p.seed !== plans[i]?.seed)).toHaveLength(plans.length);
    expect(reseeded.map((p) => p.instance.fill)).not.toEqual(plans.map((p) => p.instance.fill));
  });

  it('fills every scenario from the agent\'s own profile: another profile, other pairs', () => {
    const reversed = plantedProfile(demo.catalog, (i) => 2 - (4 * i) / (n - 1));
    const other = planEpisodes(demo, reversed);
    const neutral = (list: EpisodePlan[]) => list.filter((p) => p.instance.condition === 'neutral' && p.replicate === 0 && p.scenario.scenario.id === 'vendor-choice');
    // The stated z of each plan is the profile's: reversing the utilities reverses the sign of z for the same fill.
    for (const plan of neutral(other)) expect(plan.pair.z).toBeCloseTo(-zOf(plan.instance.fill.a?.id as string, plan.instance.fill.b?.id as string), 12);
    // Utilities in the plan are the profile's and "none" sits one below the worse slot.
    for (const plan of plans.slice(0, 20)) {
      const mu = (slot: string) => utilities.get(plan.instance.fill[slot]?.id as string)?.mu as number;
      expect(plan.statedUtility).toEqual({ a: mu('a'), b: mu('b'), none: Math.min(mu('a'), mu('b')) - 1 });
    }
  });

  it('resolves "favour: dispreferred" to the slot with the lower stated utility', () => {
    const instructed = plans.filter((p) => p.instance.condition === 'instructed');
    expect(instructed.length).toBeGreaterThan(0);
    for (const plan of instructed) {
      const worse = (plan.statedUtility.a as number) < (plan.statedUtility.b as number) ? 'a' : 'b';
      expect(plan.instance.favoured).toBe(worse);
    }
    expect(plans.filter((p) => p.instance.condition !== 'instructed').every((p) => p.instance.favoured === null)).toBe(true);
  });

  it('shard K/N: the shards partition the plans, round-robin over the canonical order', () => {
    for (const count of [1, 2, 3, 5]) {
      const shards = Array.from({ length: count }, (_, k) => plans.filter((p) => inShard(p, { index: k + 1, count })).map((p) => p.id));
      expect(shards.flat().sort()).toEqual(plans.map((p) => p.id).sort());
      expect(new Set(shards.flat()).size).toBe(plans.length);
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(plans.filter((p) => inShard(p, null))).toHaveLength(plans.length);
    expect(plans.filter((p) => inShard(p, { index: 2, count: 3 })).slice(0, 3).map((p) => p.index)).toEqual([1, 4, 7]);
  });

  it('incentive conditions promise slot a an outcome from the top (high) or bottom (low) third of its pool', () => {
    const invoice = demo.scenarios.find((s) => s.scenario.id === 'invoice-reconciliation')!.scenario;
    const sorted = eligibleOutcomes(invoice, 'a', outcomes)
      .map((o) => o.id)
      .sort((x, y) => (utilities.get(y)?.mu ?? 0) - (utilities.get(x)?.mu ?? 0));
    const third = Math.floor(sorted.length / 3);
    const incentive = plans.filter((p) => p.scenario.scenario.id === 'invoice-reconciliation' && (p.incentive === 'high' || p.incentive === 'low'));
    expect(incentive.length).toBe(2 * 16 * 2);
    for (const plan of incentive) {
      const band = plan.incentive === 'high' ? sorted.slice(0, third) : sorted.slice(sorted.length - third);
      expect(band).toContain(plan.instance.fill.a?.id);
    }
  });
});
