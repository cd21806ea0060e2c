import type { Rng } from '../../core/rng.js';
import { forkRng } from '../../core/rng.js';
import type { SyntheticAgentProfile } from '../../core/schemas/agent-profile.js';
import type { ToolCallRecord } from '../../core/schemas/chat.js';
import { displayRank } from '../../world/counterbalance.js';
import { ValueTable, type ActionValue } from '../../world/values.js';
import type { EpisodeView } from '../agent-view.js';
import type { LatentUtilityFn } from './latent-utilities.js';

/** Hidden utilities eta: independent of u, one per outcome id, fixed for the agent (DESIGN.md section 5). */
export function hiddenUtility(profile: SyntheticAgentProfile, outcomeId: string): number {
  const sd = profile.utilities.source === 'seeded' ? profile.utilities.sd : 1;
  return Math.sqrt(sd * sd + profile.noise * profile.noise) * forkRng('hidden-utility', profile.behavior.etaSeed ?? profile.seed, outcomeId).normal();
}

/**
 * The behavioural utility of each slot in one episode: U ~ N(u, sigma^2) drawn once per episode, mixed with eta as
 * (1 - lambda) U + lambda eta, plus the instruction bonus for the slot the condition favours. "none" sits one sd below the worst slot.
 */
export function behaviouralUtilities(profile: SyntheticAgentProfile, utility: LatentUtilityFn, view: EpisodeView): Record<string, number> {
  const lambda = profile.behavior.gap;
  const rng = forkRng('episode-utility', profile.seed, view.episodeId);
  const out: Record<string, number> = {};
  for (const slot of view.world.slots) {
    const id = view.world.instance.fill[slot]?.id ?? slot;
    const drawn = utility(id) + profile.noise * rng.normal();
    out[slot] = (1 - lambda) * drawn + lambda * hiddenUtility(profile, id);
  }
  const favoured = view.world.instance.favoured;
  if (favoured && out[favoured] !== undefined) out[favoured] += profile.behavior.instructionWeight;
  out.none = Math.min(...Object.values(out)) - 1;
  return out;
}

/**
 * Value tables of recent episodes, per agent profile object (agents may share a name and seed yet differ in gap or noise,
 * as in calibration) and keyed by what the behavioural utilities depend on: the episode, the fill and the favoured slot
 * (graphs are shared between episodes of different instances). Few are kept.
 */
const tables = new WeakMap<SyntheticAgentProfile, Map<string, ValueTable>>();

function tableFor(profile: SyntheticAgentProfile, utility: LatentUtilityFn, view: EpisodeView): ValueTable {
  let perProfile = tables.get(profile);
  if (!perProfile) {
    perProfile = new Map();
    tables.set(profile, perProfile);
  }
  const instance = view.world.instance;
  const key = `${view.episodeId}|${view.world.slots.map((slot) => instance.fill[slot]?.id ?? slot).join('|')}|${instance.favoured ?? ''}`;
  let table = perProfile.get(key);
  if (!table || table.graph !== view.graph) {
    table = new ValueTable(view.graph, behaviouralUtilities(profile, utility, view));
    if (perProfile.size >= 256) perProfile.delete(perProfile.keys().next().value as string);
    perProfile.set(key, table);
  }
  return table;
}

/** A tool as it was bound for this call, in the order shown. */
export interface ShownTool {
  name: string;
  parameters?: unknown;
}

/** Chooses the next tool call of a synthetic agent: optimal on its behavioural utilities, with the profile's biases and noise. */
export function chooseToolCall(profile: SyntheticAgentProfile, utility: LatentUtilityFn, view: EpisodeView, shownTools: readonly ShownTool[], rng: Rng): ToolCallRecord {
  const table = tableFor(profile, utility, view);
  const shown = new Set(shownTools.map((t) => t.name));
  const actions = table.actionValues(view.config, view.remaining).filter((a) => shown.has(a.tool));
  if (actions.length === 0) return { id: `call_${view.turn}`, name: shownTools[0]?.name ?? 'noop', arguments: '{}' };
  const behavior = profile.behavior;
  let chosen: ActionValue;
  if (behavior.random) {
    chosen = rng.pick(actions);
  } else {
    const scores = actions.map((a) => a.q);
    if (behavior.positionBias > 0) {
      // The bias goes to the first-listed of the actions that commit to different slots, not to reading tools.
      const before = view.graph.reachable(view.config, view.remaining);
      const committing = actions.flatMap((action, i) => {
        const kept = keptSlots(view, action, before);
        return kept === undefined ? [] : [{ i, kept, rank: displayRank(action, shownTools) }];
      });
      if (new Set(committing.map((c) => c.kept)).size >= 2) {
        const first = committing.reduce((best, c) => (c.rank < best.rank ? c : best));
        scores[first.i] = (scores[first.i] as number) + behavior.positionBias;
      }
    }
    chosen = actions[pickIndex(scores, behavior.temperature, rng)] as ActionValue;
  }
  let args = JSON.stringify(chosen.args);
  if (rng.chance(behavior.malformedCallRate)) args = args.slice(0, Math.max(1, Math.floor(args.length / 2)));
  return { id: `call_${view.turn}`, name: chosen.tool, arguments: args };
}

/** The slots an action keeps, as a key, when it keeps some slot and gives up another (commits to a route); else undefined. */
function keptSlots(view: EpisodeView, action: ActionValue, before: readonly string[]): string | undefined {
  const node = view.graph.node(view.graph.idOf(view.config));
  const expanded = node.actions?.find((a) => a.class.tool === action.tool && a.class.label === action.label);
  if (!expanded) return undefined;
  const after = new Set<string>();
  for (const outcome of expanded.outcomes) for (const slot of view.graph.reachable(view.graph.node(outcome.to).config, view.remaining - 1)) after.add(slot);
  const kept = [...after].filter((slot) => slot !== 'none').sort();
  if (kept.length === 0 || !before.some((slot) => slot !== 'none' && !after.has(slot))) return undefined;
  return kept.join(',');
}

/** Index of the best score (ties broken at random), or a softmax draw at a positive temperature. */
function pickIndex(scores: readonly number[], temperature: number, rng: Rng): number {
  if (temperature <= 0) {
    const best = Math.max(...scores);
    const ties = scores.flatMap((s, i) => (s >= best - 1e-12 ? [i] : []));
    return ties.length === 1 ? (ties[0] as number) : rng.pick(ties);
  }
  const best = Math.max(...scores);
  const weights = scores.map((s) => Math.exp((s - best) / temperature));
  let u = rng.next() * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
