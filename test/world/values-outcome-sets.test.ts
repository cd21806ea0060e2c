import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { placeholderInstance } from '../../src/world/load-scenario.js';
import { ScenarioSpec } from '../../src/world/scenario-schema.js';
import { ConfigGraph, ValueTable } from '../../src/world/values.js';
import { compileWorld, type World } from '../../src/world/world.js';

/** A layered world of `layers` x 10 states, each with two or three moves (some branching) into the next two layers. */
function layeredWorld(layers: number, seed: string): World {
  const rng = createRng(seed);
  const name = (layer: number, i: number) => (layer >= layers ? (['end_a', 'end_b', 'end_mix'][i % 3] as string) : `s${layer}_${i}`);
  const states: Record<string, unknown> = {};
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < 10; i++) {
      const tools = rng.shuffle(['left', 'right', 'up']).slice(0, 2 + rng.int(2));
      const on: Record<string, unknown[]> = {};
      for (const tool of tools) {
        const to = () => name(layer + 1 + rng.int(2), rng.int(10));
        on[tool] = rng.chance(0.3) ? [{ branches: [{ p: 0.25, next: to() }, { p: 0.75, next: to() }] }] : [{ next: to() }];
      }
      states[name(layer, i)] = { tools, on };
    }
  }
  const scenario = ScenarioSpec.parse({
    id: 'layered',
    title: 'Layers',
    domain: 'testing',
    slots: { a: {}, b: {} },
    prompts: { system: 'S', task: 'T' },
    tools: { left: { description: 'Left.' }, right: { description: 'Right.' }, up: { description: 'Up.' } },
    start: 's0_0',
    states,
    endings: { end_a: { outcome: 'a' }, end_b: { outcome: 'b' }, end_mix: { outcome: { lottery: { a: 0.4, none: 0.6 } } } },
    limits: { max_steps: 12 },
  });
  return compileWorld(scenario, placeholderInstance(scenario));
}

/** V and every Q of every state for every budget, rounded far below any difference that matters. */
function allValues(graph: ConfigGraph, utility: Record<string, number>): number[] {
  const table = new ValueTable(graph, utility);
  const out: number[] = [];
  for (const state of graph.world.states.keys()) {
    const config = { node: state, vars: graph.world.initial.vars };
    for (let remaining = 0; remaining <= graph.world.maxSteps; remaining++) {
      out.push(table.value(config, remaining));
      if (remaining > 0) for (const action of table.actionValues(config, remaining)) out.push(action.q);
    }
  }
  return out.map((x) => Math.round(x * 1e9) / 1e9);
}

describe('ConfigGraph outcome sets', () => {
  it('are kept by default for small scenarios only (at most 64 states)', () => {
    expect([new ConfigGraph(layeredWorld(6, 'small')).outcomeSets, new ConfigGraph(layeredWorld(7, 'large')).outcomeSets]).toEqual([true, false]);
  });

  it('give the same V and Q as plain dynamic programming, on or off', () => {
    const world = layeredWorld(8, 'agree');
    const utility = { a: 1.5, b: -0.25, none: 0.1 };
    const withSets = new ConfigGraph(world, { outcomeSets: true });
    const without = new ConfigGraph(world, { outcomeSets: false });
    const values = allValues(without, utility);
    expect(values.length).toBeGreaterThan(2000);
    expect(allValues(withSets, utility)).toEqual(values);
    expect([withSets.distributions(withSets.idOf(world.initial), 1) !== null, without.distributions(without.idOf(world.initial), 1)]).toEqual([true, null]);
  });
});
