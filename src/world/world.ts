import type { z } from 'zod';
import type { ToolDefinition } from '../core/schemas/chat.js';
import { evaluate, parseExpression, truthy, type Expr, type ExprValue, type NameResolver } from './expression.js';
import type { Instance } from './instance.js';
import type { ConditionSpec, ScenarioSpec, ToolParameter } from './scenario-schema.js';
import { parseTemplate, renderTemplate, type Template } from './template.js';
import { argumentsJsonSchema, argumentsSchema, fillerValue } from './tool-schema.js';

/** Variable values of a configuration. */
export type Variables = Readonly<Record<string, ExprValue>>;

/** Where an episode is: a state (or ending) and the variables. */
export interface Config {
  node: string;
  vars: Variables;
}

/** One way a call can turn out. */
export interface CompiledEffect {
  p: number;
  observation: Template | undefined;
  set: ReadonlyArray<{ name: string; value: ExprValue | Expr; isExpr: boolean }>;
  /** State or ending; undefined: stay. */
  next: string | undefined;
}

/** A rule of a state, compiled for one instance. */
export interface CompiledRule {
  tool: string;
  index: number;
  label: string;
  when: Readonly<Record<string, string | number | boolean>> | undefined;
  guard: Expr | undefined;
  obstacle: { counter: string | undefined; times: number; probability: number; observation: Template } | undefined;
  effects: CompiledEffect[];
}

/** A tool, compiled for one instance: its definition as shown to the model and the schema validating calls. */
export interface CompiledTool {
  name: string;
  definition: ToolDefinition;
  schema: z.ZodObject;
  defaultObservation: Template;
  invalidObservation: Template | undefined;
  /** Arguments for required parameters no rule constrains. */
  filler: Record<string, unknown>;
}

/** What an ending yields, compiled. */
export interface CompiledEnding {
  name: string;
  observation: Template | undefined;
  yields: ReadonlyArray<{ guard: Expr | undefined; lottery: ReadonlyArray<{ slot: string; p: number }> }>;
  score: Expr | undefined;
}

/** A scenario instance ready to run and to value: every template parsed, every surface name resolved. */
export interface World {
  scenario: ScenarioSpec;
  instance: Instance;
  systemPrompt: string;
  taskPrompt: string;
  tools: ReadonlyMap<string, CompiledTool>;
  states: ReadonlyMap<string, { name: string; tools: readonly string[]; rules: ReadonlyMap<string, readonly CompiledRule[]> }>;
  endings: ReadonlyMap<string, CompiledEnding>;
  initial: Config;
  maxSteps: number;
  slots: readonly string[];
  /** Resolves names for templates and expressions, given variables and the arguments of a call. */
  resolver(vars: Variables, args?: Readonly<Record<string, unknown>>): NameResolver;
}

/** The counter variable of a `times` obstacle. */
export function obstacleCounter(state: string, tool: string, index: number): string {
  return `#obstacle:${state}:${tool}:${index}`;
}

const templateMemo = new Map<string, Template>();
const expressionMemo = new Map<string, Expr>();
const toolMemo = new WeakMap<ScenarioSpec, Map<string, CompiledTool>>();

/** Templates and expressions are parsed once per distinct source text: worlds are compiled for every episode. */
function template(source: string): Template {
  let parsed = templateMemo.get(source);
  if (!parsed) {
    parsed = parseTemplate(source);
    templateMemo.set(source, parsed);
  }
  return parsed;
}

function expression(source: string): Expr {
  let parsed = expressionMemo.get(source);
  if (!parsed) {
    parsed = parseExpression(source);
    expressionMemo.set(source, parsed);
  }
  return parsed;
}

/** Compiles a scenario for an instance (optionally with another step limit). The scenario must have passed the checker. */
export function compileWorld(scenario: ScenarioSpec, instance: Instance, options: { maxSteps?: number } = {}): World {
  const slots = Object.keys(scenario.slots);
  const favoured = instance.favoured;
  const other = favoured ? (slots.find((s) => s !== favoured) ?? null) : null;
  const aliasSlot = (name: string) => (name === 'favoured' ? favoured : name === 'other' ? other : name);
  const resolver = (vars: Variables, args?: Readonly<Record<string, unknown>>): NameResolver => (path) => {
    const [head, second, third] = path;
    if (head === 'slot' && second) {
      const slot = aliasSlot(second);
      const fill = slot ? instance.fill[slot] : undefined;
      if (!fill) return undefined;
      return third === 'id' ? fill.id : third === 'text' || third === undefined ? fill.text : undefined;
    }
    if (head === 'surface' && second && third) {
      const slot = aliasSlot(third);
      return slot ? instance.surfaces[second]?.[slot] : undefined;
    }
    if (head === 'args' && second) {
      let value: unknown = args?.[second];
      for (const field of path.slice(2)) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === undefined ? '' : JSON.stringify(value);
    }
    if (head === 'condition' && path.length === 1) return instance.condition;
    if (path.length !== 1 || head === undefined) return undefined;
    if (head in vars) return vars[head] as ExprValue;
    const constant = scenario.constants[head];
    return constant;
  };
  const initialVars: Record<string, ExprValue> = {};
  for (const [name, spec] of Object.entries(scenario.variables)) initialVars[name] = spec.initial;
  const staticText = (source: string) => renderTemplate(template(source), resolver(initialVars));
  // Enums that name surfaces are sorted, so which slot is listed first follows the counterbalanced names, not the slot.
  const enumValues = (values: readonly string[]) => {
    const rendered = values.map(staticText);
    return values.some((value) => value.includes('{{')) ? rendered.sort((x, y) => x.localeCompare(y, 'en')) : rendered;
  };

  const condition: ConditionSpec = scenario.conditions[instance.condition] ?? {};
  const join = (base: string, extra: string | undefined) => (extra ? `${base.trimEnd()}\n\n${extra.trim()}` : base);
  const systemPrompt = staticText(join(condition.system ?? scenario.prompts.system, condition.system_append)).trim();
  const taskPrompt = staticText(join(condition.task ?? scenario.prompts.task, condition.task_append)).trim();

  const tools = new Map<string, CompiledTool>();
  let compiledTools = toolMemo.get(scenario);
  if (!compiledTools) {
    compiledTools = new Map();
    toolMemo.set(scenario, compiledTools);
  }
  for (const [name, spec] of Object.entries(scenario.tools)) {
    // Tool definitions and their validators depend on the instance only through rendered texts; reuse them when those repeat.
    const description = staticText(spec.description).trim();
    const key = `${name}\u0000${description}\u0000${JSON.stringify(collectEnums(spec.parameters).map(enumValues))}`;
    const cached = compiledTools.get(key);
    if (cached) {
      tools.set(name, cached);
      continue;
    }
    const schema = argumentsSchema(spec.parameters, enumValues);
    const filler: Record<string, unknown> = {};
    for (const [param, parameter] of Object.entries(spec.parameters)) if (parameter.required) filler[param] = fillerValue(parameter, enumValues);
    const tool: CompiledTool = {
      name,
      definition: { name, description, parameters: argumentsJsonSchema(schema) },
      schema,
      defaultObservation: template(spec.default ?? 'No effect.'),
      invalidObservation: spec.invalid === undefined ? undefined : template(spec.invalid),
      filler,
    };
    compiledTools.set(key, tool);
    tools.set(name, tool);
  }

  const states = new Map<string, { name: string; tools: readonly string[]; rules: ReadonlyMap<string, readonly CompiledRule[]> }>();
  for (const [stateName, state] of Object.entries(scenario.states)) {
    const rules = new Map<string, CompiledRule[]>();
    for (const [tool, specs] of Object.entries(state.on)) {
      rules.set(
        tool,
        specs.map((rule, index) => {
          const when = rule.when
            ? Object.fromEntries(Object.entries(rule.when).map(([k, v]) => [k, typeof v === 'string' ? staticText(v) : v]))
            : undefined;
          const effect = (e: { p?: number; observation?: string | undefined; set?: Record<string, unknown> | undefined; next?: string | undefined }): CompiledEffect => ({
            p: e.p ?? 1,
            observation: e.observation === undefined ? undefined : template(e.observation),
            set: Object.entries(e.set ?? {}).map(([name, value]) =>
              value !== null && typeof value === 'object' ? { name, value: expression((value as { expr: string }).expr), isExpr: true } : { name, value: value as ExprValue, isExpr: false },
            ),
            next: e.next,
          });
          return {
            tool,
            index,
            label: rule.label ?? describeCall(tool, when),
            when,
            guard: rule.if === undefined ? undefined : expression(rule.if),
            obstacle: rule.obstacle
              ? {
                  counter: rule.obstacle.times !== undefined ? obstacleCounter(stateName, tool, index) : undefined,
                  times: rule.obstacle.times ?? 0,
                  probability: rule.obstacle.probability ?? 0,
                  observation: template(rule.obstacle.observation),
                }
              : undefined,
            effects: rule.branches ? rule.branches.map(effect) : [effect(rule)],
          };
        }),
      );
    }
    states.set(stateName, { name: stateName, tools: state.tools, rules });
    for (const specs of rules.values()) for (const rule of specs) if (rule.obstacle?.counter) initialVars[rule.obstacle.counter] = 0;
  }

  const endings = new Map<string, CompiledEnding>();
  for (const [name, spec] of Object.entries(scenario.endings)) {
    const list = Array.isArray(spec.outcome) ? spec.outcome : [{ yields: spec.outcome }];
    endings.set(name, {
      name,
      observation: spec.observation === undefined ? undefined : template(spec.observation),
      yields: list.map((entry) => ({
        guard: 'if' in entry && entry.if !== undefined ? expression(entry.if) : undefined,
        lottery: typeof entry.yields === 'string' ? [{ slot: entry.yields, p: 1 }] : Object.entries(entry.yields.lottery).map(([slot, p]) => ({ slot, p })),
      })),
      score: spec.score === undefined ? undefined : expression(spec.score),
    });
  }

  return {
    scenario,
    instance,
    systemPrompt,
    taskPrompt,
    tools,
    states,
    endings,
    initial: { node: scenario.start, vars: initialVars },
    maxSteps: options.maxSteps ?? scenario.limits.max_steps,
    slots,
    resolver,
  };
}

/** The value lists of every enum parameter, nested ones included, in a fixed order. */
function collectEnums(parameters: Readonly<Record<string, ToolParameter>>): string[][] {
  return Object.values(parameters).flatMap((p) => [...(p.values ? [p.values] : []), ...(p.properties ? collectEnums(p.properties) : [])]);
}

/** `tool(key="value")`, the default label of a rule. */
export function describeCall(tool: string, when: Readonly<Record<string, unknown>> | undefined): string {
  if (!when || Object.keys(when).length === 0) return `${tool}()`;
  return `${tool}(${Object.entries(when)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')})`;
}

/** Whether a guard holds for some variables. */
export function guardHolds(world: World, guard: Expr | undefined, vars: Variables): boolean {
  return guard === undefined || truthy(evaluate(guard, world.resolver(vars)));
}

/** The outcome an ending yields for some variables: a lottery over slots ("none" for no outcome). */
export function endingLottery(world: World, ending: CompiledEnding, vars: Variables): ReadonlyArray<{ slot: string; p: number }> {
  for (const entry of ending.yields) if (guardHolds(world, entry.guard, vars)) return entry.lottery;
  return [{ slot: 'none', p: 1 }];
}
