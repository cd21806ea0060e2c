import { InputError, type InputProblem } from '../core/errors.js';
import { contentHash } from '../core/hash.js';
import { parseLocatedYaml, readInputFile, validateLocated, type LocatedYaml } from '../core/yaml-file.js';
import { checkOutcomesReached, checkScenarioMeaning, type ScenarioProblem } from './check-scenario.js';
import { ExpressionError } from './expression.js';
import { exploreWorld, type Exploration } from './explore.js';
import type { Instance } from './instance.js';
import { scenarioSchemaHint } from './scenario-hints.js';
import { ScenarioSpec } from './scenario-schema.js';
import { realize } from './dynamics.js';
import { compileWorld, type World } from './world.js';

/** A scenario read from a file and checked. */
export interface LoadedScenario {
  scenario: ScenarioSpec;
  file: string;
  hash: string;
  warnings: ScenarioProblem[];
  exploration: Exploration;
}

/** The outcome of checking one scenario file: problems, and the scenario when it has no errors. */
export interface ScenarioCheck {
  file: string;
  problems: ScenarioProblem[];
  loaded?: LoadedScenario;
}

/** Largest scenario file accepted. */
const MAX_SCENARIO_BYTES = 1_000_000;

/** An instance for checking: each slot filled with a stand-in text, surfaces as written, the first condition. */
export function placeholderInstance(scenario: ScenarioSpec, condition?: string): Instance {
  const slots = Object.keys(scenario.slots);
  const chosen = condition ?? Object.keys(scenario.conditions)[0] ?? 'neutral';
  const favour = scenario.conditions[chosen]?.favour;
  return {
    scenario: scenario.id,
    fill: Object.fromEntries(slots.map((slot) => [slot, { id: `slot-${slot}`, text: `<the outcome of slot ${slot}>` }])),
    surfaces: scenario.surfaces,
    condition: chosen,
    favoured: favour === undefined ? null : slots.includes(favour) ? favour : (slots[0] ?? null),
  };
}

/** Checks a scenario file: YAML, schema, meaning, and every configuration reachable within the step limit. Never throws for bad input. */
export function checkScenarioFile(file: string): ScenarioCheck {
  let located: LocatedYaml<unknown>;
  let scenario: ScenarioSpec;
  try {
    located = parseLocatedYaml(readInputFile(file, { maxBytes: MAX_SCENARIO_BYTES }), file);
    scenario = validateLocated(located, ScenarioSpec);
  } catch (error) {
    if (error instanceof InputError) return { file, problems: error.problems.map(asError) };
    throw error;
  }
  const problems = checkScenarioMeaning(scenario, located.locate);
  if (problems.some((p) => p.severity === 'error')) return { file: located.file, problems };
  let exploration: Exploration;
  try {
    const world = compileWorld(scenario, placeholderInstance(scenario));
    exploration = exploreWorld(world);
    const unreached = checkOutcomesReached(scenario, world, exploration, located.locate);
    if (unreached.length > 0) return { file: located.file, problems: [...problems, ...unreached] };
    problems.push(...shadowedRules(world, located));
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { file: located.file, problems: [...problems, { severity: 'error', location: located.locate([]), field: '', message: `evaluating the scenario failed: ${error.message}`, hint: 'check types in expressions and set: values' }] };
  }
  if (exploration.capped) {
    problems.push({ severity: 'error', location: located.locate(['variables']), field: 'variables', message: 'more than 100,000 configurations are reachable within the step limit', hint: 'bound the variables (counters that grow without end make the state space explode)' });
  }
  for (const dead of exploration.deadEnds.slice(0, 5)) {
    const vars = Object.entries(dead.config.vars).filter(([k]) => !k.startsWith('#'));
    const at = vars.length > 0 ? ` with ${vars.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : '';
    problems.push({
      severity: 'error',
      location: located.locate(['states', dead.config.node], { key: true }),
      field: `states.${dead.config.node}`,
      message: `after ${dead.depth} step(s), in state "${dead.config.node}"${at}, no ending can be reached within the step limit`,
      hint: 'check the if: conditions on the way out of this state, or raise limits.max_steps',
    });
  }
  if (problems.some((p) => p.severity === 'error')) return { file: located.file, problems };
  return { file: located.file, problems, loaded: { scenario, file: located.file, hash: contentHash(scenario), warnings: problems, exploration } };
}

/** Loads a scenario, throwing an InputError that lists every located error. */
export function loadScenario(file: string): LoadedScenario {
  const check = checkScenarioFile(file);
  if (!check.loaded) throw new InputError('E_SCENARIO', check.problems.filter((p) => p.severity === 'error'));
  return check.loaded;
}

/** Rules whose `when` can never decide a call, because an earlier rule with another `when` catches every call they match. */
function shadowedRules(world: World, located: LocatedYaml<unknown>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const state of world.states.values()) {
    for (const [tool, rules] of state.rules) {
      rules.forEach((rule, index) => {
        if (!rule.when || realize(world, tool, index, rules)) return;
        problems.push({
          severity: 'warning',
          location: located.locate(['states', state.name, 'on', tool, index, 'when']),
          field: `states.${state.name}.on.${tool}[${index}].when`,
          message: `no call can reach this rule: an earlier rule of ${tool} catches every call it matches`,
          hint: 'give the earlier rule a narrower when:, or move this rule before it',
        });
      });
    }
  }
  return problems;
}

function asError(problem: InputProblem): ScenarioProblem {
  const hint = problem.hint ?? scenarioSchemaHint(problem);
  return { ...problem, severity: 'error', ...(hint !== undefined ? { hint } : {}) };
}
