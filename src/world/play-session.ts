import { UsageError } from '../core/errors.js';
import { createRng, deriveSeed } from '../core/rng.js';
import type { ToolDefinition } from '../core/schemas/chat.js';
import { counterbalanceSurfaces, orderTools, shuffledToolOrder } from './counterbalance.js';
import type { Instance } from './instance.js';
import { ScenarioEnv, type ResetResult, type StepResult } from './runtime.js';
import type { ScenarioSpec } from './scenario-schema.js';
import { compileWorld } from './world.js';

/** How a person plays a scenario: the outcome of each slot, the condition, the favoured slot and the episode seed. */
export interface PlaySettings {
  fill: Instance['fill'];
  /** Condition to play. @default the scenario's first condition */
  condition?: string | undefined;
  /** Slot a condition that says preferred or dispreferred favours. @default a for preferred, b for dispreferred */
  favour?: string | undefined;
  /** Episode seed: surface counterbalancing, tool order, branches. */
  seed: string;
}

/** One tool call typed by a person, and what the scenario answered. */
export interface PlayTurn {
  call: { name: string; arguments: string };
  result: StepResult;
  /** The state changed, so other tools may be offered now. */
  toolsChanged: boolean;
  /** Set when the episode is over: how it ended, in one sentence. */
  ending: string | null;
}

/** A scenario instance a person plays exactly as an agent sees it (the CLI's and the TUI's play mode). */
export interface PlaySession {
  instance: Instance;
  env: ScenarioEnv;
  start: ResetResult;
  /** The tools offered now, in this episode's order. */
  tools(): ToolDefinition[];
  /** Carries out one tool call. */
  step(call: { name: string; arguments: string }): PlayTurn;
}

/** Builds the instance of a play session (counterbalanced surfaces and tool order from the seed) and resets it. */
export function startPlaySession(scenario: ScenarioSpec, settings: PlaySettings): PlaySession {
  const condition = settings.condition ?? Object.keys(scenario.conditions)[0] ?? 'neutral';
  const conditionSpec = scenario.conditions[condition];
  if (!conditionSpec) throw new UsageError(`--condition: ${scenario.id} has no condition "${condition}"`, { hint: `its conditions are ${Object.keys(scenario.conditions).join(', ')}` });
  const slots = Object.keys(scenario.slots);
  if (settings.favour !== undefined && !slots.includes(settings.favour)) {
    throw new UsageError(`--favour: ${scenario.id} has no slot "${settings.favour}"`, { hint: `its slots are ${slots.join(', ')}` });
  }
  const favour = conditionSpec.favour;
  const favoured = favour === undefined ? null : slots.includes(favour) ? favour : (settings.favour ?? (favour === 'preferred' ? slots[0] : slots[1]) ?? null);
  const rng = createRng(deriveSeed('episode-presentation', settings.seed));
  const instance: Instance = { scenario: scenario.id, fill: settings.fill, surfaces: counterbalanceSurfaces(scenario, rng), condition, favoured };
  const order = shuffledToolOrder(scenario, rng);
  const env = new ScenarioEnv(compileWorld(scenario, instance));
  const start = env.reset({ seed: settings.seed });
  return {
    instance,
    env,
    start,
    tools: () => orderTools(env.availableTools(), order),
    step(call) {
      const result = env.step(call);
      const over = result.terminated || result.truncated;
      return { call, result, toolsChanged: !over && result.info.after.node !== result.info.before.node, ending: over ? describePlayEnding(result, settings.fill, env.world.maxSteps) : null };
    },
  };
}

/** How a played episode ended, in one sentence. */
export function describePlayEnding(result: StepResult, fill: Instance['fill'], maxSteps: number): string {
  const how = result.terminated ? `ending ${result.info.ending}` : `the step limit (${maxSteps})`;
  const outcome = result.info.outcome === 'none' || !result.info.outcome ? 'no outcome' : `slot ${result.info.outcome}: ${fill[result.info.outcome]?.text.replace(/\.$/, '')}`;
  return `Episode over after ${result.info.step} step(s): ${how}; ${outcome}.${result.info.score !== null ? ` Task score ${result.info.score}.` : ''}`;
}

/** A tool as a person reads it: name, description and argument schema. */
export function describeTool(tool: ToolDefinition): string {
  return `  ${tool.name}: ${tool.description}\n    arguments: ${JSON.stringify(tool.parameters)}`;
}

/** Reads `name {"a": 1}` or `name a=1 b="two words"` into a tool call. */
export function parseTypedCall(text: string): { name: string; arguments: string } | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$/s.exec(text);
  if (!match) return undefined;
  const [, name = '', rest = ''] = match;
  if (rest.trim().startsWith('{') || rest.trim() === '') return { name, arguments: rest.trim() || '{}' };
  const args: Record<string, unknown> = {};
  for (const pair of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    const [, key = '', raw = ''] = pair;
    try {
      args[key] = JSON.parse(raw);
    } catch {
      args[key] = raw;
    }
  }
  return { name, arguments: JSON.stringify(args) };
}
