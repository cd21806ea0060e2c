import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/core/rng.js';
import { exploreWorld } from '../../src/world/explore.js';
import { checkScenarioFile, placeholderInstance } from '../../src/world/load-scenario.js';
import { ScenarioEnv, type StepResult } from '../../src/world/runtime.js';
import { ConfigGraph, ValueTable } from '../../src/world/values.js';
import { compileWorld, type World } from '../../src/world/world.js';

const WORLDS = 'scenarios/worlds';
const files = readdirSync(WORLDS)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/** One episode of a seeded random policy: uniform over the action classes the value table offers in the current state. */
function randomEpisode(world: World, values: ValueTable, seed: number): StepResult[] {
  const env = new ScenarioEnv(world);
  env.reset({ seed });
  const policy = createRng(deriveSeed('conformance-policy', seed));
  const trajectory: StepResult[] = [];
  while (!env.finished) {
    const action = policy.pick(values.actionValues(env.config, env.remaining));
    trajectory.push(env.step({ name: action.tool, arguments: JSON.stringify(action.args) }));
  }
  return trajectory;
}

describe.each(files)('shipped scenario %s', (file) => {
  const check = checkScenarioFile(join(WORLDS, file));
  const scenario = check.loaded?.scenario;

  it('passes the checker with no errors and no warnings', () => {
    expect(check.problems).toEqual([]);
    expect(check.loaded).toBeDefined();
  });

  it('gives the same trajectory for the same seed under a seeded random policy, and every episode ends', () => {
    if (!scenario) throw new Error(`${file} did not load`);
    const world = compileWorld(scenario, placeholderInstance(scenario));
    const values = new ValueTable(new ConfigGraph(world), { a: 1, b: 0, none: 0 });
    const seeds = Array.from({ length: 12 }, (_, i) => i);
    const first = seeds.map((seed) => randomEpisode(world, values, seed));
    const second = seeds.map((seed) => randomEpisode(world, values, seed));
    expect(second).toEqual(first);
    expect(first.map((trajectory) => trajectory.at(-1)?.terminated || trajectory.at(-1)?.truncated)).toEqual(seeds.map(() => true));
  });

  it('can still reach an ending from every reachable configuration, and its natural path is 4 to 10 steps', () => {
    if (!scenario) throw new Error(`${file} did not load`);
    const exploration = exploreWorld(compileWorld(scenario, placeholderInstance(scenario)));
    expect(exploration.deadEnds).toEqual([]);
    expect(exploration.capped).toBe(false);
    expect(exploration.longestPath).toBeGreaterThanOrEqual(4);
    expect(exploration.longestPath).toBeLessThanOrEqual(10);
  });
});

it('reads at least the seven shipped scenarios from the folder', () => {
  expect(files.length).toBeGreaterThanOrEqual(7);
});
