import { canonicalJson } from '../core/hash.js';
import { evaluate, type ExprValue } from './expression.js';
import { describeCall, guardHolds, type CompiledRule, type Config, type World } from './world.js';
import type { Template } from './template.js';

/** A class of calls that the scenario answers the same way in a state: one per distinct `when` of a tool, plus "any other arguments". */
export interface ActionClass {
  tool: string;
  label: string;
  /** Arguments that fall in this class, for agents that need to make such a call. */
  args: Readonly<Record<string, unknown>>;
}

/** One way a call can turn out, with its probability. */
export interface Transition {
  p: number;
  next: Config;
  observation: Template | undefined;
  /** The call hit an obstacle and had no effect beyond it. */
  obstacle: boolean;
}

/** Whether call arguments match a rule's `when` (strings compare trimmed and case-insensitive). */
export function matchesWhen(when: Readonly<Record<string, unknown>> | undefined, args: Readonly<Record<string, unknown>>): boolean {
  if (!when) return true;
  for (const [key, expected] of Object.entries(when)) {
    const actual = args[key];
    if (typeof expected === 'string' && typeof actual === 'string') {
      if (expected.trim().toLowerCase() !== actual.trim().toLowerCase()) return false;
    } else if (expected !== actual) return false;
  }
  return true;
}

/** The rule that answers a call in a configuration: the first whose `when` matches and whose `if` holds; undefined means no effect. */
export function matchRule(world: World, config: Config, tool: string, args: Readonly<Record<string, unknown>>): CompiledRule | undefined {
  const rules = world.states.get(config.node)?.rules.get(tool);
  if (!rules) return undefined;
  for (const rule of rules) {
    if (matchesWhen(rule.when, args) && guardHolds(world, rule.guard, config.vars)) return rule;
  }
  return undefined;
}

const classCache = new WeakMap<World, Map<string, ActionClass[]>>();

/** The action classes of a state, in the state's tool order. */
export function actionClasses(world: World, stateName: string): ActionClass[] {
  let perState = classCache.get(world);
  if (!perState) {
    perState = new Map();
    classCache.set(world, perState);
  }
  const cached = perState.get(stateName);
  if (cached) return cached;
  const state = world.states.get(stateName);
  const classes: ActionClass[] = [];
  for (const tool of state?.tools ?? []) {
    const filler = world.tools.get(tool)?.filler ?? {};
    const rules = state?.rules.get(tool) ?? [];
    const seen = new Set<string>();
    const patterns: Array<Readonly<Record<string, unknown>>> = [];
    rules.forEach((rule, index) => {
      if (!rule.when) return;
      const key = canonicalJson(rule.when);
      if (seen.has(key)) return;
      seen.add(key);
      patterns.push(rule.when);
      const args = realize(world, tool, index, rules);
      if (args) classes.push({ tool, label: rule.label, args });
    });
    if (!patterns.some((pattern) => matchesWhen(pattern, filler))) {
      const catchAll = rules.find((rule) => !rule.when);
      classes.push({ tool, label: catchAll?.label ?? describeCall(tool, patterns.length > 0 ? { '…': 'other' } : undefined), args: filler });
    }
  }
  perState.set(stateName, classes);
  return classes;
}

/** How a call answered by `rule` (or by nothing) turns out from a configuration, every possibility with its probability. */
export function transitions(world: World, config: Config, tool: string, rule: CompiledRule | undefined, args: Readonly<Record<string, unknown>>): Transition[] {
  if (!rule) return [{ p: 1, next: config, observation: world.tools.get(tool)?.defaultObservation, obstacle: false }];
  const out: Transition[] = [];
  let proceed = 1;
  const obstacle = rule.obstacle;
  if (obstacle?.counter) {
    const count = Number(config.vars[obstacle.counter] ?? 0);
    if (count < obstacle.times) {
      return [{ p: 1, next: { node: config.node, vars: { ...config.vars, [obstacle.counter]: count + 1 } }, observation: obstacle.observation, obstacle: true }];
    }
  } else if (obstacle && obstacle.probability > 0) {
    out.push({ p: obstacle.probability, next: config, observation: obstacle.observation, obstacle: true });
    proceed = 1 - obstacle.probability;
  }
  if (proceed <= 0) return out;
  const resolve = world.resolver(config.vars, args);
  for (const effect of rule.effects) {
    if (effect.p <= 0) continue;
    let vars = config.vars;
    if (effect.set.length > 0) {
      const updated: Record<string, ExprValue> = { ...config.vars };
      for (const assignment of effect.set) {
        updated[assignment.name] = assignment.isExpr ? evaluate(assignment.value as never, resolve) : (assignment.value as ExprValue);
      }
      vars = updated;
    }
    out.push({ p: proceed * effect.p, next: { node: effect.next ?? config.node, vars }, observation: effect.observation, obstacle: false });
  }
  return out;
}


/**
 * Arguments that fall in the class of rule `index`: its `when` values, with the other parameters chosen so that no
 * earlier unconditional rule with another `when` catches the call first (rules with an `if:` may not apply, so they do
 * not block). Undefined when no such arguments exist (the checker warns).
 */
export function realize(world: World, tool: string, index: number, rules: readonly CompiledRule[]): Record<string, unknown> | undefined {
  const rule = rules[index];
  if (!rule?.when) return undefined;
  const when = rule.when;
  const compiled = world.tools.get(tool);
  const filler = compiled?.filler ?? {};
  const key = canonicalJson(when);
  const blocked = (args: Readonly<Record<string, unknown>>) =>
    rules.some((other, j) => j < index && other.when && !other.guard && canonicalJson(other.when) !== key && matchesWhen(other.when, args));
  const base = { ...filler, ...when };
  if (!blocked(base)) return base;
  // Try the other values of the enum parameters this rule leaves free.
  const properties = (compiled?.definition.parameters as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties ?? {};
  const free = Object.entries(properties).filter(([name, schema]) => !(name in when) && Array.isArray(schema.enum) && name in filler);
  let combos: Array<Record<string, unknown>> = [{}];
  for (const [name, schema] of free) {
    combos = combos.flatMap((combo) => (schema.enum ?? []).map((value) => ({ ...combo, [name]: value })));
    if (combos.length > 256) break;
  }
  for (const combo of combos.slice(0, 256)) {
    const args = { ...base, ...combo };
    if (!blocked(args)) return args;
  }
  return undefined;
}
