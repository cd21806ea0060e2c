import type { Rng } from '../core/rng.js';
import type { ScenarioSpec } from './scenario-schema.js';

/**
 * A surface mapping after counterbalancing: one permutation of the slots, applied to every group, so names that belong
 * together (a vendor and its account, say) move together. `order[i]` is the slot whose written names slot `slots[i]` takes.
 */
export function permuteSurfaces(scenario: ScenarioSpec, order: readonly string[]): Record<string, Record<string, string>> {
  const slots = Object.keys(scenario.slots);
  const out: Record<string, Record<string, string>> = {};
  for (const [group, mapping] of Object.entries(scenario.surfaces)) {
    out[group] = Object.fromEntries(slots.map((slot, i) => [slot, mapping[order[i] ?? slot] ?? (mapping[slot] as string)]));
  }
  return out;
}

/** A random counterbalancing of the surfaces, from the seed. */
export function counterbalanceSurfaces(scenario: ScenarioSpec, rng: Rng): Record<string, Record<string, string>> {
  return permuteSurfaces(scenario, rng.shuffle(Object.keys(scenario.slots)));
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

/** Position of an action in what the model was shown: the tool's place in the list, then the place of its enum argument value. */
export function displayRank(action: { tool: string; args: Readonly<Record<string, unknown>> }, shownTools: ReadonlyArray<{ name: string; parameters?: unknown }>): number {
  const toolIndex = shownTools.findIndex((tool) => tool.name === action.tool);
  const tool = shownTools[toolIndex];
  let valueIndex = 0;
  const properties = (tool?.parameters as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties ?? {};
  for (const [param, schema] of Object.entries(properties)) {
    if (!schema.enum) continue;
    const at = schema.enum.indexOf(action.args[param]);
    if (at >= 0) {
      valueIndex = at;
      break;
    }
  }
  return (toolIndex < 0 ? 999 : toolIndex) * 1000 + valueIndex;
}
