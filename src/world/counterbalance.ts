import type { Rng } from '../core/rng.js';
import type { ScenarioSpec } from './scenario-schema.js';

/** A surface mapping with each group's names permuted among the slots, from the seed. */
export function counterbalanceSurfaces(scenario: ScenarioSpec, rng: Rng): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [group, mapping] of Object.entries(scenario.surfaces)) {
    const slots = Object.keys(mapping);
    const names = rng.shuffle(slots.map((slot) => mapping[slot] as string));
    out[group] = Object.fromEntries(slots.map((slot, i) => [slot, names[i] as string]));
  }
  return out;
}

/** The order tools are shown in for one episode, from the seed: a shuffle of all the scenario's tools. */
export function shuffledToolOrder(scenario: ScenarioSpec, rng: Rng): string[] {
  return rng.shuffle(Object.keys(scenario.tools));
}

/** The tools of a state in an episode's order. */
export function orderTools<T extends { name: string }>(tools: readonly T[], order: readonly string[]): T[] {
  const rank = new Map(order.map((name, i) => [name, i]));
  return [...tools].sort((x, y) => (rank.get(x.name) ?? 0) - (rank.get(y.name) ?? 0));
}
