import type { Rng } from '../core/rng.js';
import type { Outcome } from '../core/schemas/catalog.js';
import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import { inverseNormalCdf } from '../core/stats/normal.js';
import type { ScenarioSpec } from '../world/scenario-schema.js';
import { eligibleOutcomes } from '../world/slots.js';
import type { SlotFilling } from './suite-schema.js';

/** Outcome ids per slot for one instance. */
export type Fill = Record<string, string>;

/** Stated utility of an outcome in a profile. */
export interface StatedUtility {
  mu: number;
  sigma: number;
}

/** z = (mu_x - mu_y) / sqrt(sigma_x^2 + sigma_y^2): how strongly the agent said it prefers x to y. */
export function statedZ(x: StatedUtility, y: StatedUtility): number {
  const spread = Math.sqrt(x.sigma * x.sigma + y.sigma * y.sigma);
  return spread > 0 ? (x.mu - y.mu) / spread : 0;
}

/** Index of a profile's utilities by outcome id. */
export function utilityIndex(profile: UtilityProfile): Map<string, StatedUtility> {
  return new Map(profile.utilities.map((u) => [u.id, { mu: u.mu, sigma: u.sigma }]));
}

/** Eligible outcomes of a slot that the profile has utilities for. */
function candidates(scenario: ScenarioSpec, slot: string, outcomes: readonly Outcome[], utilities: ReadonlyMap<string, StatedUtility>): Outcome[] {
  return eligibleOutcomes(scenario, slot, outcomes).filter((o) => utilities.has(o.id));
}

/** Thirds of a list sorted by stated utility, best first. */
function thirds(list: readonly Outcome[], utilities: ReadonlyMap<string, StatedUtility>): { top: Outcome[]; bottom: Outcome[] } {
  const sorted = [...list].sort((x, y) => (utilities.get(y.id)?.mu ?? 0) - (utilities.get(x.id)?.mu ?? 0) || (x.id < y.id ? -1 : 1));
  const third = Math.max(1, Math.floor(sorted.length / 3));
  return { top: sorted.slice(0, third), bottom: sorted.slice(sorted.length - third) };
}

/** The fills of a scenario's instances from the agent's own profile (DESIGN.md section 3.2). */
export function fillSlots(scenario: ScenarioSpec, filling: SlotFilling, outcomes: readonly Outcome[], utilities: ReadonlyMap<string, StatedUtility>, rng: Rng): Fill[] {
  const slots = Object.keys(scenario.slots);
  const pools = new Map(slots.map((slot) => [slot, candidates(scenario, slot, outcomes, utilities)]));
  for (const [slot, pool] of pools) {
    if (pool.length === 0) throw new Error(`no outcome of the catalog may fill slot ${slot} of ${scenario.id} (check its tags and categories)`);
  }
  const [first, second] = slots as [string, string | undefined];
  const fillRest = (fill: Fill): Fill => {
    for (const slot of slots) {
      if (fill[slot]) continue;
      const used = new Set(Object.values(fill));
      const pool = (pools.get(slot) ?? []).filter((o) => !used.has(o.id));
      fill[slot] = rng.pick(pool.length > 0 ? pool : (pools.get(slot) ?? [])).id;
    }
    return fill;
  };
  if (filling.strategy === 'fixed') return filling.fills.map((fill) => fillRest({ ...fill }));
  if (!second) return Array.from({ length: filling.pairs }, () => fillRest({}));
  const poolA = pools.get(first) ?? [];
  const poolB = pools.get(second) ?? [];
  if (filling.strategy === 'top-bottom') {
    const a = thirds(poolA, utilities);
    const b = thirds(poolB, utilities);
    return Array.from({ length: filling.pairs }, () => {
      const aHigh = rng.chance(0.5);
      const x = rng.pick(aHigh ? a.top : a.bottom);
      const yPool = (aHigh ? b.bottom : b.top).filter((o) => o.id !== x.id);
      const y = rng.pick(yPool.length > 0 ? yPool : poolB.filter((o) => o.id !== x.id));
      return fillRest({ [first]: x.id, [second]: y.id });
    });
  }
  // spread: targets evenly spaced in stated choice probability, so z covers its range densest where choices are uncertain.
  const pairs: Array<{ x: string; y: string; z: number }> = [];
  for (const x of poolA) for (const y of poolB) if (x.id !== y.id) pairs.push({ x: x.id, y: y.id, z: statedZ(utilities.get(x.id) as StatedUtility, utilities.get(y.id) as StatedUtility) });
  const usedPairs = new Set<string>();
  const usage = new Map<string, number>();
  const fills: Fill[] = [];
  const targets = rng.shuffle(Array.from({ length: filling.pairs }, (_, k) => inverseNormalCdf((k + 0.5) / filling.pairs)));
  for (const target of targets) {
    let best: (typeof pairs)[number] | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const pair of pairs) {
      const key = pair.x < pair.y ? `${pair.x}|${pair.y}` : `${pair.y}|${pair.x}`;
      if (usedPairs.has(key)) continue;
      // Closeness to the target first; then outcomes not used yet, so instances do not all share one outcome.
      const score = Math.abs(pair.z - target) + 0.05 * ((usage.get(pair.x) ?? 0) + (usage.get(pair.y) ?? 0)) + 1e-9 * rng.next();
      if (score < bestScore) {
        bestScore = score;
        best = pair;
      }
    }
    if (!best) break;
    usedPairs.add(best.x < best.y ? `${best.x}|${best.y}` : `${best.y}|${best.x}`);
    usage.set(best.x, (usage.get(best.x) ?? 0) + 1);
    usage.set(best.y, (usage.get(best.y) ?? 0) + 1);
    fills.push(fillRest({ [first]: best.x, [second]: best.y }));
  }
  return fills;
}

/** For incentive conditions: slot a takes an outcome from the top (high) or bottom (low) third of its eligible outcomes. */
export function incentiveFill(scenario: ScenarioSpec, base: Fill, incentive: 'high' | 'low', outcomes: readonly Outcome[], utilities: ReadonlyMap<string, StatedUtility>, rng: Rng): Fill {
  const slots = Object.keys(scenario.slots);
  const promised = slots[0] as string;
  const pool = candidates(scenario, promised, outcomes, utilities);
  const { top, bottom } = thirds(pool, utilities);
  const others = new Set(slots.filter((s) => s !== promised).map((s) => base[s]));
  const choices = (incentive === 'high' ? top : bottom).filter((o) => !others.has(o.id));
  return { ...base, [promised]: rng.pick(choices.length > 0 ? choices : incentive === 'high' ? top : bottom).id };
}
