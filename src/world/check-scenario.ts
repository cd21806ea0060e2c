import type { InputProblem, SourceLocation } from '../core/errors.js';
import type { FieldPath } from '../core/yaml-file.js';
import { ExpressionError, namesIn, parseExpression } from './expression.js';
import { realize } from './dynamics.js';
import type { Exploration } from './explore.js';
import { whenMismatch } from './scenario-hints.js';
import type { ScenarioSpec, ToolParameter } from './scenario-schema.js';
import { parseTemplate, templateNames } from './template.js';
import type { World } from './world.js';

/** A problem the checker found; errors stop a scenario from loading, warnings do not. */
export interface ScenarioProblem extends InputProblem {
  severity: 'error' | 'warning';
}

/** What the checker may refer to in templates and expressions at one place. */
interface NameScope {
  /** Parameters of the tool whose call is being answered (`args.x`). */
  args?: ReadonlySet<string>;
  /** Whether `favoured` and `other` slot aliases exist here (texts of a condition that favours a slot). */
  favoured?: boolean;
  /** Whether this is a text of a condition (where adding `favour:` would make the aliases exist). */
  condition?: boolean;
  /** Whether `error` exists here (a tool's invalid-arguments answer). */
  error?: boolean;
  /** Checks a path into an object argument (`args.shipment.pallets`); a message when it names no field. */
  argFields?: (param: string, fields: readonly string[]) => string | undefined;
}

/** Checks a schema-valid scenario for meaning: dangling names, unreachable states, endings out of reach, probabilities, templates. */
export function checkScenarioMeaning(scenario: ScenarioSpec, locate: (path: FieldPath, options?: { key?: boolean }) => SourceLocation): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const error = (path: FieldPath, message: string, hint?: string, key = false) =>
    problems.push({ severity: 'error', location: locate(path, { key }), field: fieldName(path), message, ...(hint ? { hint } : {}) });
  const warning = (path: FieldPath, message: string, hint?: string) => problems.push({ severity: 'warning', location: locate(path), field: fieldName(path), message, ...(hint ? { hint } : {}) });

  const slots = new Set(Object.keys(scenario.slots));
  const states = new Set(Object.keys(scenario.states));
  const endings = new Set(Object.keys(scenario.endings));
  const tools = new Set(Object.keys(scenario.tools));
  const variables = new Set(Object.keys(scenario.variables));
  const constants = new Set(Object.keys(scenario.constants));
  const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

  const nameProblem = (path: readonly string[], scope: NameScope): string | { message: string; hint: string } | undefined => {
    const [head, second, third, ...rest] = path;
    const alias = head === 'slot' ? second : head === 'surface' ? third : undefined;
    if ((alias === 'favoured' || alias === 'other') && scope.favoured !== true && !slots.has(alias)) {
      return {
        message: `"${path.join('.')}": ${alias} is only allowed in the texts of a condition that has favour:`,
        hint: scope.condition ? `add favour: (a slot, preferred or dispreferred) to this condition, or name a slot (${list(slots)})` : `name a slot (${list(slots)})`,
      };
    }
    const slotOk = (s: string | undefined) => s !== undefined && (slots.has(s) || ((s === 'favoured' || s === 'other') && scope.favoured === true));
    const slotHint = scope.favoured ? `slots are ${list(slots)}, favoured, other` : `slots are ${list(slots)}`;
    if (head === 'slot') {
      if (!slotOk(second)) return `"${path.join('.')}" names no slot (${slotHint})`;
      if (rest.length > 0 || (third !== undefined && third !== 'text' && third !== 'id')) return `"${path.join('.')}": a slot has .text and .id`;
      return undefined;
    }
    if (head === 'surface') {
      if (!second || !(second in scenario.surfaces)) return `"${path.join('.')}" names no surface group (groups are ${list(Object.keys(scenario.surfaces))})`;
      if (!slotOk(third) || rest.length > 0) return `"${path.join('.')}" must be surface.${second}.<slot> (${slotHint})`;
      return undefined;
    }
    if (head === 'args') {
      if (!scope.args) return `"${path.join('.')}": args exist only in the answer to a tool call`;
      if (!second || !scope.args.has(second)) return `"${path.join('.')}" names no parameter of this tool (${list(scope.args)})`;
      return scope.argFields?.(second, path.slice(2)) ?? undefined;
    }
    if (path.length === 1 && head !== undefined) {
      if (head === 'condition' || variables.has(head) || constants.has(head)) return undefined;
      if (head === 'error' && scope.error) return undefined;
      return `"${head}" is not a variable or constant (variables: ${list(variables)}; constants: ${list(constants)})`;
    }
    return `"${path.join('.')}" is not a known name`;
  };
  const checkTemplate = (text: string | undefined, path: FieldPath, scope: NameScope = {}) => {
    if (text === undefined) return;
    try {
      for (const names of templateNames(parseTemplate(text))) {
        const problem = nameProblem(names, scope);
        if (typeof problem === 'object') error(path, `template names something undefined: ${problem.message}`, problem.hint);
        else if (problem) error(path, `template names something undefined: ${problem}`, 'define it, or fix the spelling');
      }
    } catch (e) {
      if (e instanceof ExpressionError) error(path, `template error: ${e.message}`, 'templates look like {{ slot.a.text }} or {{ budget - 100 }}');
      else throw e;
    }
  };
  const checkExpression = (text: string | undefined, path: FieldPath, scope: NameScope = {}) => {
    if (text === undefined) return;
    try {
      for (const names of namesIn(parseExpression(text))) {
        const problem = nameProblem(names, scope);
        if (typeof problem === 'object') error(path, `expression names something undefined: ${problem.message}`, problem.hint);
        else if (problem) error(path, `expression names something undefined: ${problem}`, 'define the variable under variables:, or fix the spelling');
      }
    } catch (e) {
      if (e instanceof ExpressionError) error(path, `expression error at character ${e.offset + 1}: ${e.message}`, 'expressions look like checked_a && budget >= 100');
      else throw e;
    }
  };

  /** What templates in the answer to a call of `tool` may read of its arguments, object fields included. */
  const argScope = (tool: string): NameScope => {
    const parameters = scenario.tools[tool]?.parameters ?? {};
    return {
      args: new Set(Object.keys(parameters)),
      argFields: (param, fields) => {
        let spec: ToolParameter | undefined = parameters[param];
        for (const field of fields) {
          if (spec?.type !== 'object') return `"args.${param}.${fields.join('.')}": ${param} has no fields`;
          spec = spec.properties?.[field];
          if (!spec) return `"args.${param}.${fields.join('.')}" names no field of ${param}`;
        }
        return undefined;
      },
    };
  };

  // Names of states and endings share one namespace: `next` may name either.
  for (const name of states) if (endings.has(name)) error(['endings', name], `"${name}" is both a state and an ending`, 'rename one of them', true);
  if (!states.has(scenario.start)) error(['start'], `start names no state "${scenario.start}" (states: ${list(states)})`, 'name one of the states, or declare this one under states:');

  // Prompts, constants, conditions.
  checkTemplate(scenario.prompts.system, ['prompts', 'system']);
  checkTemplate(scenario.prompts.task, ['prompts', 'task']);
  for (const [name, condition] of Object.entries(scenario.conditions)) {
    const favour = condition.favour;
    if (favour !== undefined && !slots.has(favour) && favour !== 'preferred' && favour !== 'dispreferred') {
      error(['conditions', name, 'favour'], `favour names no slot "${favour}"`, `use one of ${list(slots)}, preferred, dispreferred`);
    }
    for (const key of ['system', 'system_append', 'task', 'task_append'] as const) {
      checkTemplate(condition[key], ['conditions', name, key], { favoured: favour !== undefined, condition: true });
    }
  }

  // Surfaces: every group maps every slot to a distinct name.
  for (const [group, mapping] of Object.entries(scenario.surfaces)) {
    const keys = Object.keys(mapping);
    for (const key of keys) if (!slots.has(key)) error(['surfaces', group, key], `surface ${group} names no slot "${key}"`, `map exactly the slots ${list(slots)}`, true);
    for (const slot of slots) if (!(slot in mapping)) error(['surfaces', group], `surface ${group} has no name for slot ${slot}`, 'give every slot a name in every surface group');
    const values = Object.values(mapping);
    if (new Set(values).size !== values.length) error(['surfaces', group], `surface ${group} uses a name twice`, 'interchangeable names must differ');
  }

  // Variables: initial values match their types.
  for (const [name, spec] of Object.entries(scenario.variables)) {
    if (typeof spec.initial !== spec.type) error(['variables', name, 'initial'], `initial value of ${name} is a ${typeof spec.initial}, not a ${spec.type}`, `give it a ${spec.type} initial value (${exampleOf(spec.type)}), or change its type`);
  }

  // Tools.
  const offered = new Set<string>();
  for (const [name, tool] of Object.entries(scenario.tools)) {
    checkTemplate(tool.description, ['tools', name, 'description']);
    checkTemplate(tool.default, ['tools', name, 'default'], argScope(name));
    checkTemplate(tool.invalid, ['tools', name, 'invalid'], { error: true });
    const walk = (params: Record<string, ToolParameter>, path: FieldPath) => {
      for (const [param, spec] of Object.entries(params)) {
        if (spec.type === 'enum' && !spec.values) error([...path, param], `enum parameter ${param} has no values`, 'add values: [...]');
        if (spec.type !== 'enum' && spec.values) error([...path, param, 'values'], `values are only for enum parameters`, 'set type: enum, or remove values');
        if (spec.type === 'object' && !spec.properties) error([...path, param], `object parameter ${param} has no properties`, 'add properties: {...}');
        if (spec.minimum !== undefined && spec.maximum !== undefined && spec.minimum > spec.maximum) {
          error([...path, param, 'minimum'], `minimum ${spec.minimum} of ${param} is more than its maximum ${spec.maximum}: no value is allowed`, 'swap them, or correct one');
        }
        spec.values?.forEach((value, i) => checkTemplate(value, [...path, param, 'values', i]));
        if (spec.properties) walk(spec.properties, [...path, param, 'properties']);
      }
    };
    walk(tool.parameters, ['tools', name, 'parameters']);
  }

  // States and their rules.
  const edges = new Map<string, Set<string>>();
  for (const [stateName, state] of Object.entries(scenario.states)) {
    const out = new Set<string>();
    edges.set(stateName, out);
    state.tools.forEach((tool, i) => {
      if (!tools.has(tool)) error(['states', stateName, 'tools', i], `unknown tool "${tool}" (tools: ${list(tools)})`, 'declare it under tools:');
      offered.add(tool);
    });
    if (new Set(state.tools).size !== state.tools.length) error(['states', stateName, 'tools'], 'a tool is listed twice', 'list each tool once');
    for (const [tool, rules] of Object.entries(state.on)) {
      if (!tools.has(tool)) {
        error(['states', stateName, 'on', tool], `rules for unknown tool "${tool}"`, 'declare it under tools:', true);
        continue;
      }
      if (!state.tools.includes(tool)) error(['states', stateName, 'on', tool], `rules for "${tool}", which this state does not offer`, `add it to states.${stateName}.tools`, true);
      const params = new Set(Object.keys(scenario.tools[tool]?.parameters ?? {}));
      rules.forEach((rule, r) => {
        const rulePath = ['states', stateName, 'on', tool, r];
        for (const [key, value] of Object.entries(rule.when ?? {})) {
          if (!params.has(key)) error([...rulePath, 'when', key], `when names no parameter "${key}" of ${tool} (${list(params)})`, params.size > 0 ? `match on one of ${tool}'s parameters, or add ${key} to tools.${tool}.parameters` : `${tool} has no parameters: remove when:, or add ${key} to tools.${tool}.parameters`, true);
          if (typeof value === 'string') checkTemplate(value, [...rulePath, 'when', key]);
          const parameter = scenario.tools[tool]?.parameters[key];
          const mismatch = parameter && whenMismatch(key, parameter, value);
          if (mismatch) error([...rulePath, 'when', key], `no call can match this rule: ${mismatch.message}`, mismatch.hint);
        }
        checkExpression(rule.if, [...rulePath, 'if']);
        checkTemplate(rule.obstacle?.observation, [...rulePath, 'obstacle', 'observation'], argScope(tool));
        const effects = rule.branches ? rule.branches.map((b, i) => ({ effect: b, path: [...rulePath, 'branches', i] })) : [{ effect: rule, path: rulePath }];
        if (rule.branches) {
          const total = rule.branches.reduce((sum, b) => sum + b.p, 0);
          if (Math.abs(total - 1) > 1e-9) error([...rulePath, 'branches'], `branch probabilities sum to ${round(total)}, not 1`, 'make them add up to 1');
          if (rule.observation !== undefined || rule.set !== undefined || rule.next !== undefined) {
            error(rulePath, 'a rule with branches puts observation, set and next inside each branch', 'move them into the branches');
          }
        }
        for (const { effect, path } of effects) {
          checkTemplate(effect.observation, [...path, 'observation'], argScope(tool));
          for (const [variable, value] of Object.entries(effect.set ?? {})) {
            if (!variables.has(variable)) error([...path, 'set', variable], `set names no variable "${variable}" (variables: ${list(variables)})`, 'declare it under variables:', true);
            else if (typeof value === 'object') checkExpression(value.expr, [...path, 'set', variable, 'expr'], argScope(tool));
            else if (typeof value !== scenario.variables[variable]?.type) error([...path, 'set', variable], `${variable} is a ${scenario.variables[variable]?.type}, not a ${typeof value}`, `set it to a ${scenario.variables[variable]?.type}, or use { expr: ... } to compute one`);
          }
          const next = effect.next ?? stateName;
          if (!states.has(next) && !endings.has(next)) error([...path, 'next'], `next names no state or ending "${next}"`, `states: ${list(states)}; endings: ${list(endings)}`);
          else out.add(next);
        }
      });
    }
    for (const tool of state.tools) if (!(tool in state.on)) out.add(stateName);
  }
  for (const tool of tools) if (!offered.has(tool)) warning(['tools', tool], `tool "${tool}" is offered in no state`, 'list it in the tools: of a state, or remove it');

  // Endings: yields, lotteries, scores.
  const yielded = new Set<string>();
  for (const [name, ending] of Object.entries(scenario.endings)) {
    checkTemplate(ending.observation, ['endings', name, 'observation']);
    checkExpression(ending.score, ['endings', name, 'score']);
    const entries = Array.isArray(ending.outcome) ? ending.outcome.map((e, i) => ({ yields: e.yields, guard: e.if, path: ['endings', name, 'outcome', i] as FieldPath })) : [{ yields: ending.outcome, guard: undefined, path: ['endings', name, 'outcome'] as FieldPath }];
    for (const entry of entries) {
      checkExpression(entry.guard, [...entry.path, 'if']);
      const lottery = typeof entry.yields === 'string' ? { [entry.yields]: 1 } : entry.yields.lottery;
      for (const [slot, p] of Object.entries(lottery)) {
        if (slot !== 'none' && !slots.has(slot)) error(entry.path, `ending yields unknown slot "${slot}"`, `slots: ${list(slots)}, or none`);
        else if (p > 0) yielded.add(slot);
      }
      const total = Object.values(lottery).reduce((sum, p) => sum + p, 0);
      if (Math.abs(total - 1) > 1e-9) error(entry.path, `lottery probabilities sum to ${round(total)}, not 1`, 'make them add up to 1');
    }
  }
  for (const slot of slots) if (!yielded.has(slot)) error(['slots', slot], `no ending yields slot "${slot}"`, 'add an ending whose outcome is this slot', true);

  // Structure: reachability from start, and a way to an ending within the step limit.
  if (states.has(scenario.start)) checkReachability(scenario, edges, endings, error);
  return problems;
}

type ErrorAt = (path: FieldPath, message: string, hint?: string, key?: boolean) => void;

/**
 * Endings no episode reaches and slots no reached ending yields, from the exploration of a scenario's placeholder
 * instance (which leaves out calls an agent cannot make, such as a `when` value the tool does not accept); each rule
 * that would lead to an unreached ending is reported with why it never takes effect. Nothing when the exploration was capped.
 */
export function checkOutcomesReached(scenario: ScenarioSpec, world: World, exploration: Exploration, locate: (path: FieldPath, options?: { key?: boolean }) => SourceLocation): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const error: ErrorAt = (path, message, hint, key = false) =>
    problems.push({ severity: 'error', location: locate(path, { key }), field: fieldName(path), message, ...(hint ? { hint } : {}) });
  if (exploration.capped) return problems;
  // Exploring makes one call per rule; when an if: reads a variable set from args, other arguments may reach more.
  const exact = !guardsReadArguments(scenario);
  const limit = world.maxSteps;
  const reached = new Set(exploration.endingsReached);
  const reported = new Set<string>();
  for (const ending of Object.keys(scenario.endings)) {
    if (reached.has(ending)) continue;
    const leading = rulesLeadingTo(scenario, ending);
    const reasons = leading.map((rule) => whyRuleNeverApplies(scenario, world, exploration, rule));
    if (!exact && !(reasons.length > 0 && reasons.every((why) => why.certain))) continue;
    reported.add(ending);
    error(
      ['endings', ending],
      `no episode reaches ending "${ending}" within max_steps ${limit}`,
      leading.length > 0 ? `the rules that lead to it never take effect: ${leading.map((r) => fieldName(r.path)).join(', ')} (see their errors)` : 'add a rule whose next is this ending, or remove it',
      true,
    );
    for (const why of reasons) error(why.path, `${why.message}, so ending "${ending}" is never reached`, why.hint);
  }
  const yielded = new Set(exploration.slotsYielded);
  for (const slot of Object.keys(scenario.slots)) {
    if (yielded.has(slot)) continue;
    const yielders = [...world.endings.values()].filter((e) => e.yields.some((entry) => entry.lottery.some((l) => l.slot === slot && l.p > 0))).map((e) => e.name);
    const reachedYielders = yielders.filter((e) => reached.has(e));
    if (reachedYielders.length === 0) {
      if (!yielders.every((e) => reported.has(e))) continue;
      error(['slots', slot], `no episode can end with slot "${slot}": the endings that yield it (${yielders.join(', ')}) are never reached`, 'fix the rules that lead to those endings (see the errors above)', true);
    } else if (exact) {
      error(
        ['slots', slot],
        `no episode can end with slot "${slot}": ${reachedYielders.join(', ')} ${reachedYielders.length > 1 ? 'are' : 'is'} reached, but never with variables under which its outcome yields ${slot}`,
        'check the if: of the outcome entries against the values the rules set on the way there',
        true,
      );
    }
  }
  return problems;
}

interface RuleRef {
  state: string;
  tool: string;
  index: number;
  path: FieldPath;
}

/** Rules with an effect of positive probability whose next is `ending`. */
function rulesLeadingTo(scenario: ScenarioSpec, ending: string): RuleRef[] {
  const found: RuleRef[] = [];
  for (const [state, spec] of Object.entries(scenario.states)) {
    for (const [tool, rules] of Object.entries(spec.on)) {
      rules.forEach((rule, index) => {
        const effects = rule.branches ?? [{ p: 1, next: rule.next }];
        if (effects.some((e) => e.p > 0 && e.next === ending)) found.push({ state, tool, index, path: ['states', state, 'on', tool, index] });
      });
    }
  }
  return found;
}

/** Why a rule that leads to an unreached ending never takes effect, located at the part of the rule to blame. */
function whyRuleNeverApplies(scenario: ScenarioSpec, world: World, exploration: Exploration, ref: RuleRef): { path: FieldPath; message: string; hint: string; certain: boolean } {
  const spec = scenario.states[ref.state]?.on[ref.tool]?.[ref.index];
  const rules = world.states.get(ref.state)?.rules.get(ref.tool) ?? [];
  const rule = rules[ref.index];
  const tool = world.tools.get(ref.tool);
  if (!exploration.statesReached.includes(ref.state)) {
    return { path: ref.path, message: `this rule never takes effect: no episode is in state "${ref.state}" with a step left`, hint: `fix the way into ${ref.state} first (or raise limits.max_steps)`, certain: false };
  }
  if (rule?.when) {
    const args = realize(world, ref.tool, ref.index, rules);
    if (!args) return { path: [...ref.path, 'when'], message: 'this rule never takes effect: an earlier rule catches every call it matches', hint: 'give the earlier rule a narrower when:, or move this rule before it', certain: true };
    for (const [param, value] of Object.entries(rule.when)) {
      const accepts = tool?.schema.shape[param];
      if (!accepts || accepts.safeParse(args[param]).success) continue;
      const allowed = (tool?.definition.parameters as { properties?: Record<string, { enum?: unknown[] }> }).properties?.[param]?.enum;
      return {
        path: [...ref.path, 'when', param],
        message: `this rule never takes effect: no valid call to ${ref.tool} has ${param} ${JSON.stringify(value)}`,
        hint: allowed ? `${param} takes one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (as this instance renders them); check the spelling` : `write a value ${param} accepts`,
        certain: true,
      };
    }
  }
  const obstacle = spec?.obstacle;
  if (obstacle && (obstacle.probability === 1 || (obstacle.times ?? 0) >= world.maxSteps)) {
    return { path: [...ref.path, 'obstacle'], message: 'this rule never takes effect: its obstacle blocks every call within the step limit', hint: 'lower the obstacle\'s probability below 1 or its times below limits.max_steps', certain: true };
  }
  if (spec?.if !== undefined) {
    const variables = [...new Set(namesIn(parseExpression(spec.if)).filter((n) => n.length === 1 && n[0] !== undefined && n[0] in scenario.variables).map((n) => n[0]))];
    return {
      path: [...ref.path, 'if'],
      message: `this rule never takes effect: its if: ${spec.if} holds in no reachable configuration where ${ref.tool} can be called`,
      hint: variables.length > 0 ? `check which rules set ${variables.join(', ')} (a copied rule may set another variable), and that they can run before this call` : 'check the condition',
      certain: false,
    };
  }
  return { path: ref.path, message: `this rule never takes effect: an earlier rule of ${ref.tool} answers every call it matches in each reachable configuration`, hint: 'narrow the earlier rule (when: or if:), or move this rule before it', certain: false };
}

/** Whether some if: (of a rule or an outcome) reads a variable whose value comes, directly or through others, from a call's arguments. */
function guardsReadArguments(scenario: ScenarioSpec): boolean {
  const assignments: Array<{ variable: string; reads: string[][] }> = [];
  for (const state of Object.values(scenario.states)) {
    for (const rules of Object.values(state.on)) {
      for (const rule of rules) {
        for (const effect of rule.branches ?? [rule]) {
          for (const [variable, value] of Object.entries(effect.set ?? {})) if (typeof value === 'object') assignments.push({ variable, reads: namesIn(parseExpression(value.expr)) });
        }
      }
    }
  }
  const fromArgs = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const { variable, reads } of assignments) {
      if (fromArgs.has(variable) || !reads.some((name) => name[0] === 'args' || (name.length === 1 && fromArgs.has(name[0] as string)))) continue;
      fromArgs.add(variable);
      changed = true;
    }
  }
  if (fromArgs.size === 0) return false;
  const guards = [
    ...Object.values(scenario.states).flatMap((state) => Object.values(state.on).flatMap((rules) => rules.map((rule) => rule.if))),
    ...Object.values(scenario.endings).flatMap((ending) => (Array.isArray(ending.outcome) ? ending.outcome.map((entry) => entry.if) : [])),
  ];
  return guards.some((guard) => guard !== undefined && namesIn(parseExpression(guard)).some((name) => name.length === 1 && fromArgs.has(name[0] as string)));
}

function checkReachability(
  scenario: ScenarioSpec,
  edges: ReadonlyMap<string, ReadonlySet<string>>,
  endings: ReadonlySet<string>,
  error: (path: FieldPath, message: string, hint?: string, key?: boolean) => void,
): void {
  const depth = new Map<string, number>([[scenario.start, 0]]);
  const queue = [scenario.start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of edges.get(node) ?? []) {
      if (!depth.has(next)) {
        depth.set(next, (depth.get(node) as number) + 1);
        queue.push(next);
      }
    }
  }
  for (const state of edges.keys()) if (!depth.has(state)) error(['states', state], `state "${state}" cannot be reached from start`, 'add a transition to it, or remove it', true);
  for (const ending of endings) if (!depth.has(ending)) error(['endings', ending], `ending "${ending}" cannot be reached from start`, 'add a transition to it, or remove it', true);
  // Distance to the nearest ending, by reverse breadth-first search.
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const toEnd = new Map<string, number>();
  const frontier = [...endings];
  for (const ending of endings) toEnd.set(ending, 0);
  while (frontier.length > 0) {
    const node = frontier.shift() as string;
    for (const prev of reverse.get(node) ?? []) {
      if (!toEnd.has(prev)) {
        toEnd.set(prev, (toEnd.get(node) as number) + 1);
        frontier.push(prev);
      }
    }
  }
  const limit = scenario.limits.max_steps;
  for (const [state, d] of depth) {
    if (endings.has(state)) continue;
    const rest = toEnd.get(state);
    if (rest === undefined) error(['states', state], `from state "${state}" no ending can be reached (a cycle with no way out)`, 'add a transition toward an ending', true);
    else if (d + rest > limit) error(['states', state], `the shortest episode through state "${state}" takes ${d + rest} steps, more than max_steps ${limit}`, `raise limits.max_steps to at least ${d + rest}, or shorten the way to or from ${state}`, true);
  }
}

function fieldName(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function exampleOf(type: 'number' | 'boolean' | 'string'): string {
  return type === 'number' ? 'e.g. 0' : type === 'boolean' ? 'true or false' : 'e.g. "none", quoted';
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}
