import type { ConfigGraph } from '../world/values.js';
import type { Config, World } from '../world/world.js';

/** An outcome as a synthetic agent may look it up: id and the exact text shown to models. */
export interface ViewOutcome {
  id: string;
  text: string;
}

/** The read-only view of a forced-choice question: the catalog whose texts may appear in the prompt. */
export interface ForcedChoiceView {
  kind: 'forced-choice';
  outcomes: readonly ViewOutcome[];
}

/** The read-only view of an episode: the world the agent is in and where it stands, which a synthetic agent needs in order to plan. */
export interface EpisodeView {
  kind: 'episode';
  /** Stable id of the episode; a synthetic agent draws its utilities for the episode from it. */
  episodeId: string;
  world: World;
  /** The configuration graph of this world, shared with the logger. */
  graph: ConfigGraph;
  config: Config;
  /** Steps left before truncation. */
  remaining: number;
  /** Index of this model turn in the episode, from 0. */
  turn: number;
}

/**
 * The only privileged input of a synthetic agent: a read-only view of the task it is in.
 * Real models never see it; it is not part of any cache key.
 */
export type AgentView = ForcedChoiceView | EpisodeView;
