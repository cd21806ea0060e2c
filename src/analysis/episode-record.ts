import type { EpisodeEndEvent, EpisodeStartEvent, StepEvent, TurnEvent } from '../core/schemas/episode-events.js';

/** What analysis keeps of one episode (a few hundred bytes, so a million steps fit in memory). */
export interface EpisodeRecord {
  agent: string;
  episode: string;
  index: number;
  scenario: string;
  instanceId: string;
  pairIndex: number;
  condition: string;
  replicate: number;
  /** preference: neither an instruction nor an incentive; instructed: the condition favours a slot; incentive: high or low. */
  kind: 'preference' | 'instructed' | 'incentive';
  favoured: string | null;
  incentive: 'high' | 'low' | 'none' | null;
  slots: Record<string, { id: string; mu: number; sigma: number }>;
  z: number | null;
  /** The slot with the higher stated mu among the first two. */
  preferred: string | null;
  status: EpisodeEndEvent['status'];
  outcome: string | null;
  outcomeId: string | null;
  score: number | null;
  steps: number;
  invalidActions: number;
  turns: number;
  tokens: { input: number; output: number };
  /** The slot kept at the first commitment, when it kept exactly one of the first two slots. */
  choice: string | null;
  /** At the commitment, the agent took the first-listed action that commits. */
  choseFirstListed: boolean | null;
  /** Slots reachable at the start, by stated mu. */
  reachableAtStart: string[];
  /**
   * Step alignment, compactly (a million steps must fit in memory): one entry per valid step where some available action
   * would lower V, `2 * step + 1` when the chosen action kept V, `2 * step` when it lowered it.
   */
  alignment: number[];
  /** An obstacle was hit while the agent was on the stated-optimal course toward its preferred slot. */
  obstacleOnPreferredRoute: boolean;
  /** A reply said it would not do the task (refusal wording). */
  refused: boolean;
  failureKind: string | null;
}

const REFUSAL = /\b(?:I (?:can(?:not|'t|’t)|won(?:'t|’t)|am unable|must decline)|I'm (?:sorry|unable)|as an AI)\b/i;
const EPS = 1e-9;

/** Folds the events of one episode into its record. */
export function episodeRecord(start: EpisodeStartEvent, turns: readonly TurnEvent[], steps: readonly StepEvent[], end: EpisodeEndEvent): EpisodeRecord {
  const slotNames = Object.keys(start.pair.slots);
  const [a, b] = slotNames;
  const mu = (slot: string | undefined) => (slot ? (start.pair.slots[slot]?.mu ?? Number.NaN) : Number.NaN);
  const preferred = a && b ? (mu(a) >= mu(b) ? a : b) : null;
  const kind = start.favoured !== null ? 'instructed' : start.incentive === 'high' || start.incentive === 'low' ? 'incentive' : 'preference';
  let choice: string | null = null;
  let choseFirstListed: boolean | null = null;
  let obstacleOnPreferredRoute = false;
  const alignment: number[] = [];
  for (const step of steps) {
    const chosen = step.chosen === null ? undefined : step.actions[step.chosen];
    const lowering = step.actions.some((action) => action.q < step.valueBefore - EPS);
    if (step.valid && lowering && chosen) alignment.push(2 * step.step + (chosen.q >= step.valueBefore - EPS ? 1 : 0));
    if (step.obstacle && preferred && step.reachableBefore.includes(preferred) && chosen && chosen.q >= step.valueBefore - EPS) obstacleOnPreferredRoute = true;
    if (step.commitment && choice === null && choseFirstListed === null && a && b) {
      const keptA = step.reachableAfter.includes(a);
      const keptB = step.reachableAfter.includes(b);
      if (keptA !== keptB) choice = keptA ? a : b;
      // Position is only informative where the agent chose among actions that commit to different slots:
      // each keeps some slot and gives up another (an action that keeps none is running out the clock, not a route).
      const keeps = (action: { leadsTo: string[] }) => action.leadsTo.filter((slot) => slot !== 'none');
      const committing = step.actions.flatMap((action, i) =>
        keeps(action).length > 0 && step.reachableBefore.some((slot) => slot !== 'none' && !action.leadsTo.includes(slot)) ? [i] : [],
      );
      const kept = new Set(committing.map((i) => keeps(step.actions[i] as { leadsTo: string[] }).join(',')));
      choseFirstListed = step.chosen === null || kept.size < 2 || !committing.includes(step.chosen) ? null : step.chosen === committing[0];
    }
  }
  const first = steps[0];
  return {
    agent: start.agent,
    episode: start.episode,
    index: start.index,
    scenario: start.scenario,
    instanceId: start.instanceId,
    pairIndex: start.pairIndex,
    condition: start.condition,
    replicate: start.replicate,
    kind,
    favoured: start.favoured,
    incentive: start.incentive,
    slots: start.pair.slots,
    z: start.pair.z,
    preferred,
    status: end.status,
    outcome: end.outcome,
    outcomeId: end.outcomeId,
    score: end.score,
    steps: end.steps,
    invalidActions: end.invalidActions,
    turns: end.turns,
    tokens: end.tokens,
    choice,
    choseFirstListed,
    reachableAtStart: (first?.reachableBefore ?? slotNames).filter((slot) => slot !== 'none'),
    alignment,
    obstacleOnPreferredRoute,
    refused: turns.some((turn) => turn.toolCalls.length === 0 && REFUSAL.test(turn.text)),
    failureKind: end.failure?.kind ?? null,
  };
}
