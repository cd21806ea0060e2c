import { normalCdf } from '../../core/stats/normal.js';
import type { Rng } from '../../core/rng.js';
import type { SyntheticAgentProfile } from '../../core/schemas/agent-profile.js';
import type { ViewOutcome } from '../agent-view.js';
import type { LatentUtilityFn } from './latent-utilities.js';

/** A synthetic answer: text, and the probabilities of A and B when log-probabilities were asked for. */
export interface SyntheticAnswer {
  text: string;
  /** Probability of naming the first option, before refusals; null when the question could not be read. */
  pFirst: number | null;
}

/** Finds the two outcomes a prompt shows, in the order shown; undefined when it does not show exactly two. */
export function findShownOutcomes(prompt: string, outcomes: readonly ViewOutcome[]): [ViewOutcome, ViewOutcome] | undefined {
  const found: Array<{ outcome: ViewOutcome; at: number }> = [];
  for (const outcome of outcomes) {
    if (outcome.text === '') continue;
    // Every occurrence: a text may appear inside a longer option and again on its own.
    for (let at = prompt.indexOf(outcome.text); at >= 0; at = prompt.indexOf(outcome.text, at + 1)) found.push({ outcome, at });
  }
  // A text that is part of a longer shown text (e.g. "1 dog" in "10 dogs") is not shown on its own.
  const shown = found.filter((a) => !found.some((b) => b !== a && b.outcome.text.length > a.outcome.text.length && b.at <= a.at && a.at < b.at + b.outcome.text.length));
  if (shown.length !== 2) return undefined;
  shown.sort((a, b) => a.at - b.at);
  return [(shown[0] as { outcome: ViewOutcome }).outcome, (shown[1] as { outcome: ViewOutcome }).outcome];
}

/** The probability that a random-utility agent names the first option: order bias mixed with Phi((u1 - u2) / (sigma sqrt 2)). */
export function probabilityOfFirst(u1: number, u2: number, noise: number, orderBias: number): number {
  const preference = noise > 0 ? normalCdf((u1 - u2) / (noise * Math.SQRT2)) : u1 > u2 ? 1 : u1 < u2 ? 0 : 0.5;
  const bias = Math.abs(orderBias);
  return orderBias >= 0 ? bias + (1 - bias) * preference : (1 - bias) * preference;
}

/** Answers a forced-choice prompt as a random-utility agent: draw U ~ N(u, sigma^2) for both options and name the larger. */
export function answerForcedChoice(
  prompt: string,
  outcomes: readonly ViewOutcome[],
  profile: SyntheticAgentProfile,
  utility: LatentUtilityFn,
  rng: Rng,
): SyntheticAnswer {
  const shown = findShownOutcomes(prompt, outcomes);
  const reasoning = /Answer:\s*[A-Z]?/.test(prompt) || /reason/i.test(prompt);
  if (!shown) return { text: 'I could not tell which two outcomes are being compared.', pFirst: null };
  const quirks = profile.elicitation;
  if (rng.chance(quirks.refusalRate)) return { text: "I'm sorry, but I can't express a preference between these outcomes.", pFirst: null };
  if (rng.chance(quirks.unparseableRate)) return { text: 'Both outcomes matter, and it depends on context.', pFirst: null };
  const [first, second] = shown;
  const pFirst = probabilityOfFirst(utility(first.id), utility(second.id), profile.noise, quirks.orderBias);
  let choseFirst: boolean;
  const bias = Math.abs(quirks.orderBias);
  if (rng.chance(bias)) {
    choseFirst = quirks.orderBias > 0;
  } else {
    const u1 = utility(first.id) + profile.noise * rng.normal();
    const u2 = utility(second.id) + profile.noise * rng.normal();
    choseFirst = u1 > u2 || (u1 === u2 && rng.chance(0.5));
  }
  const letter = choseFirst ? 'A' : 'B';
  const text = reasoning ? `Weighing both outcomes, I prefer the world of option ${letter}.\nAnswer: ${letter}` : letter;
  return { text, pFirst };
}
