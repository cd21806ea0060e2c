import { createRng, deriveSeed, forkRng } from '../core/rng.js';
import type { Outcome } from '../core/schemas/catalog.js';
import type { UtilityProfile } from '../core/schemas/utility-profile.js';
import { counterbalanceSurfaces, permuteSurfaces, shuffledToolOrder } from '../world/counterbalance.js';
import type { Instance } from '../world/instance.js';
import type { LoadedScenario } from '../world/load-scenario.js';
import type { InstancePair } from '../core/schemas/episode-events.js';
import type { LoadedSuite } from './load-suite.js';
import { fillSlots, incentiveFill, statedZ, utilityIndex, type Fill, type StatedUtility } from './slot-filling.js';

/** Everything needed to run one episode, decided before it starts. */
export interface EpisodePlan {
  /** `scenario/pair/condition/replicate`: stable across reruns and shards. */
  id: string;
  /** Position in the canonical order of the agent's episodes. */
  index: number;
  scenario: LoadedScenario;
  instance: Instance;
  instanceId: string;
  pairIndex: number;
  replicate: number;
  incentive: 'high' | 'low' | 'none' | null;
  seed: string;
  toolOrder: string[];
  pair: InstancePair;
  /** Stated utility of each slot and of "none" (one sd below the worse slot). */
  statedUtility: Record<string, number>;
}

/** Plans every episode of a suite for one agent, from its own utility profile; deterministic in the suite seed. */
export function planEpisodes(loaded: LoadedSuite, profile: UtilityProfile): EpisodePlan[] {
  const { suite } = loaded;
  const outcomes = loaded.catalog.catalog.outcomes;
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const utilities = utilityIndex(profile);
  const plans: EpisodePlan[] = [];
  for (const scenario of loaded.scenarios) {
    const spec = scenario.scenario;
    const slots = Object.keys(spec.slots);
    const fills = fillSlots(spec, suite.filling, outcomes, utilities, forkRng(suite.seed, 'fill', spec.id));
    const conditions = Object.keys(spec.conditions).filter((c) => !suite.conditions || suite.conditions.includes(c));
    fills.forEach((baseFill, pairIndex) => {
      for (const condition of conditions) {
        const conditionSpec = spec.conditions[condition] ?? {};
        const incentive = conditionSpec.incentive ?? null;
        const fill: Fill =
          incentive === 'high' || incentive === 'low'
            ? incentiveFill(spec, baseFill, incentive, outcomes, utilities, forkRng(suite.seed, 'incentive', spec.id, pairIndex, incentive))
            : baseFill;
        const stated = Object.fromEntries(slots.map((slot) => [slot, utilities.get(fill[slot] as string) as StatedUtility]));
        const favoured = resolveFavour(conditionSpec.favour, slots, stated);
        const instanceId = `${spec.id}/${pairIndex}/${condition}`;
        for (let replicate = 0; replicate < suite.episodes; replicate++) {
          // The seed leaves out the condition and the agent: conditions and agents meet the same surfaces, tool order and branches.
          const seed = deriveSeed(suite.seed, 'episode', spec.id, pairIndex, replicate);
          const rng = createRng(seed);
          // Two slots: the written mapping and its swap alternate across replicates and pairs, so each name leads to each slot equally often.
          const swap = (pairIndex + replicate) % 2 === 1;
          const surfaces = slots.length === 2 ? permuteSurfaces(spec, swap ? [...slots].reverse() : slots) : counterbalanceSurfaces(spec, rng);
          const toolOrder = shuffledToolOrder(spec, rng);
          const statedUtility: Record<string, number> = Object.fromEntries(slots.map((slot) => [slot, (stated[slot] as StatedUtility).mu]));
          statedUtility.none = Math.min(...Object.values(statedUtility)) - 1;
          plans.push({
            id: `${instanceId}/${replicate}`,
            index: plans.length,
            scenario,
            instance: {
              scenario: spec.id,
              fill: Object.fromEntries(slots.map((slot) => [slot, { id: fill[slot] as string, text: (byId.get(fill[slot] as string) as Outcome).text }])),
              surfaces,
              condition,
              favoured,
            },
            instanceId,
            pairIndex,
            replicate,
            incentive,
            seed,
            toolOrder,
            pair: {
              slots: Object.fromEntries(slots.map((slot) => [slot, { id: fill[slot] as string, ...(stated[slot] as StatedUtility) }])),
              z: slots.length >= 2 ? statedZ(stated[slots[0] as string] as StatedUtility, stated[slots[1] as string] as StatedUtility) : null,
            },
            statedUtility,
          });
        }
      }
    });
  }
  return plans;
}

function resolveFavour(favour: string | undefined, slots: readonly string[], stated: Record<string, StatedUtility>): string | null {
  if (favour === undefined) return null;
  if (slots.includes(favour)) return favour;
  const ranked = [...slots].sort((x, y) => (stated[y]?.mu ?? 0) - (stated[x]?.mu ?? 0));
  return (favour === 'preferred' ? ranked[0] : ranked[ranked.length - 1]) ?? null;
}

/** Whether an episode belongs to shard k of n (1-based k): a deterministic round-robin share of the canonical order. */
export function inShard(plan: Pick<EpisodePlan, 'index'>, shard: { index: number; count: number } | null): boolean {
  return shard === null || plan.index % shard.count === shard.index - 1;
}
