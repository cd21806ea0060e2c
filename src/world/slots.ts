import type { Outcome } from '../core/schemas/catalog.js';
import type { ScenarioSpec } from './scenario-schema.js';

/** Whether an outcome may fill a slot: its category is allowed and it carries an allowed tag, where the slot restricts them. */
export function slotAccepts(scenario: ScenarioSpec, slot: string, outcome: Outcome): boolean {
  const spec = scenario.slots[slot];
  if (!spec) return false;
  if (spec.categories && !spec.categories.includes(outcome.category)) return false;
  if (spec.tags && !spec.tags.some((tag) => outcome.tags.includes(tag))) return false;
  return true;
}

/** The outcomes of a catalog that may fill a slot. */
export function eligibleOutcomes(scenario: ScenarioSpec, slot: string, outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter((outcome) => slotAccepts(scenario, slot, outcome));
}
