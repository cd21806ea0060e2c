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

/**
 * The only privileged input of a synthetic agent: a read-only view of the task it is in, which it needs in order to plan.
 * Real models never see it; it is not part of any cache key.
 */
export type AgentView = ForcedChoiceView;
