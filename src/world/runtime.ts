import { createRng, deriveSeed, type Rng } from '../core/rng.js';
import type { ToolDefinition } from '../core/schemas/chat.js';
import { evaluate } from './expression.js';
import { parseArgumentsText } from './arguments.js';
import { matchRule, transitions, type Transition } from './dynamics.js';
import { renderTemplate } from './template.js';
import { endingLottery, type Config, type World } from './world.js';

/** Why a call could not be carried out. */
export type InvalidReason = 'unknown-tool' | 'unavailable-tool' | 'invalid-arguments';

/** What happened at one step, besides the observation. */
export interface StepInfo {
  /** Configuration before and after the call. */
  before: Config;
  after: Config;
  /** Steps taken, this one included. */
  step: number;
  valid: boolean;
  invalid: InvalidReason | null;
  /** Label of the rule that answered the call, or null (invalid call, or no rule: no effect). */
  rule: string | null;
  obstacle: boolean;
  /** Set when an ending was reached. */
  ending: string | null;
  /** The realised outcome: a slot name or "none", when the episode ended (by an ending or by truncation). */
  outcome: string | null;
  score: number | null;
}

/** The result of one step, with Gymnasium's split of terminated (an ending) and truncated (the step limit). */
export interface StepResult {
  observation: string;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** The first observation of an episode: prompts and tools. */
export interface ResetResult {
  system: string;
  task: string;
  tools: ToolDefinition[];
  config: Config;
}

/** A running scenario instance: pure and deterministic given the world and the seed. */
export class ScenarioEnv {
  private rng: Rng = createRng(0);
  private current: Config;
  private steps = 0;
  private done = false;

  constructor(readonly world: World) {
    this.current = world.initial;
  }

  /** Starts an episode; the seed drives every probabilistic branch and obstacle. */
  reset(options: { seed: string | number }): ResetResult {
    this.rng = createRng(deriveSeed('scenario-env', options.seed));
    this.current = this.world.initial;
    this.steps = 0;
    this.done = false;
    return { system: this.world.systemPrompt, task: this.world.taskPrompt, tools: this.availableTools(), config: this.current };
  }

  /** The current configuration. */
  get config(): Config {
    return this.current;
  }

  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }

  /** Steps left before truncation. */
  get remaining(): number {
    return this.world.maxSteps - this.steps;
  }

  /** Whether the episode has ended. */
  get finished(): boolean {
    return this.done;
  }

  /** Definitions of the tools offered now, in the state's canonical order. */
  availableTools(): ToolDefinition[] {
    const state = this.world.states.get(this.current.node);
    return (state?.tools ?? []).map((name) => this.world.tools.get(name)?.definition).filter((d): d is ToolDefinition => d !== undefined);
  }

  /** Carries out one tool call. */
  step(call: { name: string; arguments: string }): StepResult {
    if (this.done) throw new Error('the episode has ended; call reset() first');
    const before = this.current;
    this.steps += 1;
    const state = this.world.states.get(before.node);
    const tool = this.world.tools.get(call.name);
    const base = { before, step: this.steps, obstacle: false, ending: null, outcome: null, score: null };
    if (!tool || !state) {
      const names = (state?.tools ?? []).join(', ');
      return this.finish(`Error: there is no tool named "${call.name}". Available tools: ${names}.`, { ...base, after: before, valid: false, invalid: 'unknown-tool', rule: null });
    }
    if (!state.tools.includes(call.name)) {
      return this.finish(`Error: ${call.name} is not available now. Available tools: ${state.tools.join(', ')}.`, { ...base, after: before, valid: false, invalid: 'unavailable-tool', rule: null });
    }
    const parsed = parseArgumentsText(tool.schema, call.arguments);
    if (!parsed.ok) {
      const message = tool.invalidObservation
        ? renderTemplate(tool.invalidObservation, (path) => (path.length === 1 && path[0] === 'error' ? parsed.error : this.world.resolver(before.vars)(path)))
        : `Error: invalid arguments for ${call.name}: ${parsed.error}`;
      return this.finish(message, { ...base, after: before, valid: false, invalid: 'invalid-arguments', rule: null });
    }
    const args = parsed.args;
    const rule = matchRule(this.world, before, call.name, args);
    const chosen = this.sample(transitions(this.world, before, call.name, rule, args));
    const after = chosen.next;
    this.current = after;
    let observation = chosen.observation ? renderTemplate(chosen.observation, this.world.resolver(after.vars, args)) : '';
    const ending = this.world.endings.get(after.node);
    if (ending) {
      const lottery = endingLottery(this.world, ending, after.vars);
      const outcome = this.sample(lottery.map((entry) => ({ ...entry }))).slot;
      const afterResolve = this.world.resolver(after.vars, args);
      if (ending.observation) observation = [observation, renderTemplate(ending.observation, afterResolve)].filter(Boolean).join('\n');
      const score = ending.score ? Number(evaluate(ending.score, afterResolve)) : null;
      this.done = true;
      return { observation: observation || 'Done.', terminated: true, truncated: false, info: { ...base, after, valid: true, invalid: null, rule: rule?.label ?? null, obstacle: chosen.obstacle, ending: ending.name, outcome, score } };
    }
    return this.finish(observation || 'OK.', { ...base, after, valid: true, invalid: null, rule: rule?.label ?? null, obstacle: chosen.obstacle });
  }

  private finish(observation: string, info: StepInfo): StepResult {
    const truncated = this.steps >= this.world.maxSteps;
    if (truncated) this.done = true;
    return { observation, terminated: false, truncated, info: truncated ? { ...info, outcome: 'none' } : info };
  }

  private sample<T extends { p: number }>(options: readonly T[]): T {
    if (options.length === 1) return options[0] as T;
    let u = this.rng.next();
    for (const option of options) {
      u -= option.p;
      if (u < 0) return option;
    }
    return options[options.length - 1] as T;
  }
}

export type { Transition };
