import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRng, type Rng } from '../src/core/rng.js';
import { checkScenarioFile, placeholderInstance } from '../src/world/load-scenario.js';
import { ScenarioSpec } from '../src/world/scenario-schema.js';
import { ConfigGraph, ValueTable } from '../src/world/values.js';
import { compileWorld, type Config } from '../src/world/world.js';
import type { BenchResult } from './bench-result.js';

const RUNS = 5;
const WORLDS = 'scenarios/worlds';

/** Median, fastest and slowest of some timings, in milliseconds to one decimal. */
function summarise(times: readonly number[]): { medianMs: number; minMs: number; maxMs: number } {
  const sorted = [...times].sort((x, y) => x - y);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { medianMs: round(sorted[Math.floor(sorted.length / 2)] as number), minMs: round(sorted[0] as number), maxMs: round(sorted[sorted.length - 1] as number) };
}

/** Checking every shipped scenario file (YAML, schema, meaning, exploration): median of 5 passes over the folder after a warm-up. */
export async function benchCheckScenarios(): Promise<BenchResult> {
  const files = readdirSync(WORLDS)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(WORLDS, name));
  const times: number[] = [];
  let problems = 0;
  let configurations = 0;
  files.forEach((file) => checkScenarioFile(file));
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const checks = files.map((file) => checkScenarioFile(file));
    times.push(performance.now() - start);
    problems = checks.reduce((sum, check) => sum + check.problems.length, 0);
    configurations = checks.reduce((sum, check) => sum + (check.loaded?.exploration.configurations ?? 0), 0);
  }
  const timing = summarise(times);
  return {
    name: 'check scenarios',
    figures: { files: files.length, configurations, problems, ...timing },
    baseline: 'checking the whole scenarios/ folder: under 1 s (issue 3)',
    pass: timing.medianMs < 1000 && problems === 0,
  };
}

const LAYERS = 25;
const PER_LAYER = 40;
const ROUTES = ['north', 'east', 'south', 'west'];

/**
 * A layered scenario of 1,000 states: each state offers 2 to 4 routes to states one or two layers on, some of them
 * seeded branches; the last layer leads to endings that yield a, b, or a lottery. No variables, so a state is a configuration.
 */
function layeredScenario(rng: Rng): ScenarioSpec {
  const name = (layer: number, index: number) => `s${layer}_${index}`;
  const endings = ['end_a', 'end_b', 'end_lottery_1', 'end_lottery_2'];
  const target = (layer: number): string => {
    const next = layer + 1 + (rng.chance(0.3) ? 1 : 0);
    return next >= LAYERS ? (rng.pick(endings) as string) : name(next, rng.int(PER_LAYER));
  };
  const states: Record<string, unknown> = {};
  for (let layer = 0; layer < LAYERS; layer++) {
    for (let index = 0; index < PER_LAYER; index++) {
      const routes = ROUTES.slice(0, 2 + rng.int(3));
      const rules = routes.map((route) => {
        if (rng.chance(0.2)) {
          const p = Math.round((0.2 + 0.6 * rng.next()) * 100) / 100;
          return { when: { route }, label: `${route} (chance)`, branches: [{ p, next: target(layer) }, { p: Math.round((1 - p) * 100) / 100, next: target(layer) }] };
        }
        return { when: { route }, label: route, next: target(layer) };
      });
      states[name(layer, index)] = { tools: ['travel'], on: { travel: rules } };
    }
  }
  return ScenarioSpec.parse({
    id: 'layered-bench',
    title: 'A large layered scenario',
    domain: 'benchmark',
    slots: { a: {}, b: {} },
    prompts: { system: 'You travel.', task: 'Arrive somewhere.' },
    tools: { travel: { description: 'Travel on.', parameters: { route: { type: 'enum', values: ROUTES } } } },
    start: name(0, 0),
    states,
    endings: {
      end_a: { outcome: 'a' },
      end_b: { outcome: 'b' },
      end_lottery_1: { outcome: { lottery: { a: 0.7, b: 0.2, none: 0.1 } } },
      end_lottery_2: { outcome: { lottery: { a: 0.25, b: 0.75 } } },
    },
    limits: { max_steps: 30 },
  });
}

/** V at the start and Q of every action in every state of a 1,000-state scenario, 30-step horizon: median of 5 after a warm-up, each with a fresh graph and table. */
export async function benchValues(): Promise<BenchResult> {
  const scenario = layeredScenario(createRng('bench-values'));
  const world = compileWorld(scenario, placeholderInstance(scenario));
  const utility = { a: 1, b: -0.4, none: 0 };
  // Every state, with the steps left when it is reached by the shortest route through the layers before it.
  const visits: Array<{ config: Config; remaining: number }> = Object.keys(scenario.states).map((state) => ({
    config: { node: state, vars: {} },
    remaining: world.maxSteps - Number(/^s(\d+)_/.exec(state)?.[1]),
  }));
  new ValueTable(new ConfigGraph(world), utility).value(world.initial, world.maxSteps);
  const times: number[] = [];
  let startValue = 0;
  let actions = 0;
  let checksum = 0;
  for (let run = 0; run < RUNS; run++) {
    const begin = performance.now();
    const values = new ValueTable(new ConfigGraph(world), utility);
    startValue = values.value(world.initial, world.maxSteps);
    actions = 0;
    checksum = 0;
    for (const { config, remaining } of visits) {
      for (const action of values.actionValues(config, remaining)) {
        actions += 1;
        checksum += action.q;
      }
    }
    times.push(performance.now() - begin);
  }
  const timing = summarise(times);
  return {
    name: 'values',
    figures: {
      states: Object.keys(scenario.states).length,
      horizon: world.maxSteps,
      actions,
      startV: Math.round(startValue * 1e6) / 1e6,
      qChecksum: Math.round(checksum * 1e6) / 1e6,
      ...timing,
    },
    baseline: 'V and Q for a scenario of 1,000 states and a 30-step horizon: under 100 ms (issue 3)',
    pass: timing.medianMs < 100,
  };
}
