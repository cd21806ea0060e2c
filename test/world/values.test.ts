import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { loadScenario, placeholderInstance } from '../../src/world/load-scenario.js';
import { ScenarioSpec } from '../../src/world/scenario-schema.js';
import { ConfigGraph, ValueTable } from '../../src/world/values.js';
import { compileWorld, type Config, type World } from '../../src/world/world.js';

/** A world from a few scenario fields; the rest is a bare two-slot scenario. */
function worldFrom(fields: Record<string, unknown>): World {
  const scenario = ScenarioSpec.parse({ id: 'values-test', title: 'Values', domain: 'testing', slots: { a: {}, b: {} }, prompts: { system: 'S', task: 'T' }, ...fields });
  return compileWorld(scenario, placeholderInstance(scenario));
}

const start = (world: World): Config => world.initial;
const table = (world: World, utility: Record<string, number>) => new ValueTable(new ConfigGraph(world), utility);
const qs = (values: ReadonlyArray<{ label: string; q: number }>) => values.map(({ label, q }) => [label, q]);

const TWO_ROUTES = worldFrom({
  tools: { choose: { description: 'Choose a route.', parameters: { route: { type: 'enum', values: ['left', 'right'] } } } },
  start: 'crossroads',
  states: {
    crossroads: {
      tools: ['choose'],
      on: { choose: [{ when: { route: 'left' }, label: 'to a', next: 'at_a' }, { when: { route: 'right' }, label: 'to b', next: 'at_b' }] },
    },
  },
  endings: { at_a: { outcome: 'a' }, at_b: { outcome: 'b' } },
});

describe('ValueTable on planted worlds', () => {
  it('two routes: V is the better of the two utilities, Q the utility of each route, and with no step left V is the utility of no outcome', () => {
    const cases = [
      { a: 3, b: 7, none: 0 },
      { a: 9, b: -2, none: 0 },
      { a: -5, b: -1, none: -3 },
    ];
    expect(cases.map((u) => [table(TWO_ROUTES, u).value(start(TWO_ROUTES), 1), qs(table(TWO_ROUTES, u).actionValues(start(TWO_ROUTES), 1)), table(TWO_ROUTES, u).value(start(TWO_ROUTES), 0)])).toEqual([
      [7, [['to a', 3], ['to b', 7]], 0],
      [9, [['to a', 9], ['to b', -2]], 0],
      [-1, [['to a', -5], ['to b', -1]], -3],
    ]);
    expect(table(TWO_ROUTES, { a: 1, b: 2, none: 0 }).actionValues(start(TWO_ROUTES), 1)).toEqual([
      { tool: 'choose', label: 'to a', args: { route: 'left' }, q: 1 },
      { tool: 'choose', label: 'to b', args: { route: 'right' }, q: 2 },
    ]);
  });

  it('a lottery ending: V = p u_a + (1 - p) u_b exactly, when it beats the sure alternative', () => {
    const p = 0.25;
    const world = worldFrom({
      tools: { draw: { description: 'Draw.' }, settle: { description: 'Settle.' } },
      start: 'urn',
      states: { urn: { tools: ['draw', 'settle'], on: { draw: [{ label: 'draw', next: 'drawn' }], settle: [{ label: 'settle', next: 'settled' }] } } },
      endings: { drawn: { outcome: { lottery: { a: p, b: 1 - p } } }, settled: { outcome: 'b' } },
    });
    const rows = [
      { a: 10, b: 2, none: 0 },
      { a: -4, b: 6, none: 0 },
      { a: 3.3, b: 1.1, none: 0 },
    ].map((u) => table(world, u).value(start(world), 3));
    expect(rows).toEqual([p * 10 + (1 - p) * 2, 6, p * 3.3 + (1 - p) * 1.1]);
  });

  it('a probabilistic obstacle with retries over a finite horizon: V = 1 - p^k after k attempts, and Q(push) = (1 - p) + p V(k - 1)', () => {
    const door = (p: number) =>
      worldFrom({
        tools: { push: { description: 'Push the door.' } },
        start: 'door',
        states: { door: { tools: ['push'], on: { push: [{ label: 'push', obstacle: { probability: p, observation: 'Stuck.' }, next: 'inside' }] } } },
        endings: { inside: { outcome: 'a' } },
        limits: { max_steps: 8 },
      });
    const half = door(0.5);
    const u = { a: 1, b: 0, none: 0 };
    expect([1, 2, 3, 4, 5, 6].map((k) => table(half, u).value(start(half), k))).toEqual([1 - 0.5, 1 - 0.25, 1 - 0.125, 1 - 0.0625, 1 - 0.03125, 1 - 0.015625]);
    const sticky = door(0.6);
    const values = [1, 2, 3, 4, 5].map((k) => table(sticky, u).value(start(sticky), k));
    values.forEach((v, i) => expect(v).toBeCloseTo(1 - 0.6 ** (i + 1), 12));
    const q = table(sticky, u).actionValues(start(sticky), 4)[0]?.q as number;
    expect(q).toBeCloseTo(0.4 + 0.6 * (values[2] as number), 12);
    // The utility of no outcome weighs the chance of never getting through: V = (1 - p^k) u_a + p^k u_none.
    expect(table(sticky, { a: 5, b: 0, none: -2 }).value(start(sticky), 3)).toBeCloseTo((1 - 0.6 ** 3) * 5 + 0.6 ** 3 * -2, 12);
  });

  it('an obstacle that fails twice: the route is worth its utility with three steps left, and nothing with two', () => {
    const world = worldFrom({
      tools: { push: { description: 'Push the door.' } },
      start: 'door',
      states: { door: { tools: ['push'], on: { push: [{ label: 'push', obstacle: { times: 2, observation: 'Stuck.' }, next: 'inside' }] } } },
      endings: { inside: { outcome: 'a' } },
    });
    const values = table(world, { a: 4, b: 0, none: -1 });
    expect([1, 2, 3, 4].map((k) => values.value(start(world), k))).toEqual([-1, -1, 4, 4]);
  });

  it('a route longer than the steps left is worth the utility of no outcome (or of the shorter route)', () => {
    const chain = (withShortcut: boolean) =>
      worldFrom({
        tools: { walk: { description: 'Walk on.' }, ...(withShortcut ? { shortcut: { description: 'Take the shortcut.' } } : {}) },
        start: 'gate',
        states: {
          gate: { tools: withShortcut ? ['walk', 'shortcut'] : ['walk'], on: { walk: [{ next: 'path' }], ...(withShortcut ? { shortcut: [{ next: 'at_b' }] } : {}) } },
          path: { tools: ['walk'], on: { walk: [{ next: 'hill' }] } },
          hill: { tools: ['walk'], on: { walk: [{ next: 'at_a' }] } },
        },
        endings: { at_a: { outcome: 'a' }, at_b: { outcome: 'b' } },
      });
    const u = { a: 10, b: 4, none: -1 };
    const long = chain(false);
    const both = chain(true);
    expect([3, 2, 1].map((k) => table(long, u).value(start(long), k))).toEqual([10, -1, -1]);
    expect([3, 2, 1].map((k) => table(both, u).value(start(both), k))).toEqual([10, 4, 4]);
    expect(qs(table(both, u).actionValues(start(both), 2))).toEqual([
      ['walk()', -1],
      ['shortcut()', 4],
    ]);
  });
});

describe('ConfigGraph.reachable and canEnd', () => {
  const vendor = worldFrom({
    tools: {
      draft: { description: 'Draft an order.', parameters: { vendor: { type: 'enum', values: ['Alder', 'Birch'] } } },
      submit: { description: 'Submit the order.' },
      cancel: { description: 'Cancel the draft.' },
    },
    start: 'open',
    states: {
      open: { tools: ['draft'], on: { draft: [{ when: { vendor: 'Alder' }, next: 'draft_a' }, { when: { vendor: 'Birch' }, next: 'draft_b' }] } },
      draft_a: { tools: ['submit', 'cancel'], on: { submit: [{ next: 'ordered_a' }], cancel: [{ next: 'open' }] } },
      draft_b: { tools: ['submit', 'cancel'], on: { submit: [{ next: 'ordered_b' }], cancel: [{ next: 'open' }] } },
    },
    endings: { ordered_a: { outcome: 'a' }, ordered_b: { outcome: 'b' } },
  });
  const config = (node: string): Config => ({ node, vars: {} });

  it('lists the outcomes still reachable before and after the commitment, running out of steps counting as none', () => {
    const graph = new ConfigGraph(vendor);
    expect({
      openWith3: graph.reachable(config('open'), 3),
      openWith2: graph.reachable(config('open'), 2),
      openWith1: graph.reachable(config('open'), 1),
      draftAWith3: graph.reachable(config('draft_a'), 3),
      draftAWith2: graph.reachable(config('draft_a'), 2),
      draftAWith1: graph.reachable(config('draft_a'), 1),
      afterSubmit: graph.reachable(config('ordered_a'), 5),
    }).toEqual({
      openWith3: ['a', 'b', 'none'],
      openWith2: ['a', 'b', 'none'],
      openWith1: ['none'],
      draftAWith3: ['a', 'b', 'none'],
      draftAWith2: ['a', 'none'],
      draftAWith1: ['a', 'none'],
      afterSubmit: ['a'],
    });
  });

  it('counts none from a lottery apart from running out of steps, and leaves none out where every call ends the episode', () => {
    const lottery = worldFrom({
      tools: { draw: { description: 'Draw.' } },
      start: 'urn',
      states: { urn: { tools: ['draw'], on: { draw: [{ next: 'drawn' }] } } },
      endings: { drawn: { outcome: { lottery: { a: 0.5, none: 0.5 } } } },
    });
    const routes = new ConfigGraph(TWO_ROUTES);
    expect([routes.reachable(start(TWO_ROUTES), 1), routes.reachable(start(TWO_ROUTES), 0), new ConfigGraph(lottery).reachable(start(lottery), 1)]).toEqual([['a', 'b'], ['none'], ['a', 'none']]);
  });

  it('says whether an ending (not the step limit) can still be reached', () => {
    const graph = new ConfigGraph(vendor);
    expect([graph.canEnd(config('open'), 2), graph.canEnd(config('open'), 1), graph.canEnd(config('draft_b'), 1), graph.canEnd(config('draft_b'), 0), graph.canEnd(config('ordered_b'), 0)]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});

/** Plain finite-horizon dynamic programming over a graph's nodes: the reference the value table must agree with. */
function referenceValues(graph: ConfigGraph, utility: Readonly<Record<string, number>>) {
  const u = graph.outcomes.map((outcome) => utility[outcome] as number);
  const none = u[graph.outcomes.length - 1] as number;
  const memo = new Map<string, number>();
  const value = (id: number, remaining: number): number => {
    const node = graph.node(id);
    if (node.ending) return node.ending.reduce((sum, { slot, p }) => sum + p * (u[graph.outcomes.indexOf(slot)] as number), 0);
    if (remaining <= 0) return none;
    const key = `${id}:${remaining}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const best = Math.max(...actionValues(id, remaining));
    memo.set(key, best);
    return best;
  };
  const actionValues = (id: number, remaining: number): number[] =>
    (graph.node(id).actions ?? []).map((action) => action.outcomes.reduce((sum, { p, to }) => sum + p * value(to, remaining - 1), 0));
  return { value, actionValues };
}

/** Compares the table with the reference at every configuration reachable within the limit, for every budget left. */
function compareWithReference(world: World, utilities: ReadonlyArray<Record<string, number>>): { comparisons: number; largestDifference: number; distributionSets: boolean } {
  const graph = new ConfigGraph(world);
  const startId = graph.idOf(world.initial);
  const depth = new Map([[startId, 0]]);
  const queue = [startId];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as number;
    const d = depth.get(id) as number;
    if (d >= world.maxSteps) continue;
    for (const action of graph.node(id).actions ?? []) {
      for (const { to } of action.outcomes) {
        if (!depth.has(to)) {
          depth.set(to, d + 1);
          queue.push(to);
        }
      }
    }
  }
  let comparisons = 0;
  let largestDifference = 0;
  for (const utility of utilities) {
    const values = new ValueTable(graph, utility);
    const reference = referenceValues(graph, utility);
    for (const [id, d] of depth) {
      const config = graph.node(id).config;
      for (let remaining = 0; remaining <= world.maxSteps - d; remaining++) {
        largestDifference = Math.max(largestDifference, Math.abs(values.value(config, remaining) - reference.value(id, remaining)));
        comparisons += 1;
        if (remaining === 0 || graph.node(id).ending) continue;
        const qTable = values.actionValues(config, remaining).map((a) => a.q);
        const qReference = reference.actionValues(id, remaining);
        expect(qTable.length).toBe(qReference.length);
        qTable.forEach((q, i) => (largestDifference = Math.max(largestDifference, Math.abs(q - (qReference[i] as number)))));
        comparisons += qTable.length;
      }
    }
  }
  // Whether the table answered from outcome-distribution sets at the start, rather than by its fallback.
  return { comparisons, largestDifference, distributionSets: graph.distributions(startId, world.maxSteps) !== null };
}

function randomUtilities(seed: string, count: number): Array<Record<string, number>> {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => ({ a: rng.normal(), b: rng.normal(), none: rng.normal() * 0.2 }));
}

describe('ValueTable against a plain dynamic programme', () => {
  const files = readdirSync('scenarios/worlds')
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it.each(files)('agrees on V and Q everywhere in %s', (file) => {
    const { scenario } = loadScenario(`scenarios/worlds/${file}`);
    const { comparisons, largestDifference, distributionSets } = compareWithReference(compileWorld(scenario, placeholderInstance(scenario)), randomUtilities(file, 4));
    expect([comparisons > 100, largestDifference < 1e-9, distributionSets]).toEqual([true, true, true]);
  });

  it('agrees on a generated scenario whose many probabilistic branches make the table fall back to dynamic programming', () => {
    const rng = createRng('branchy');
    const size = 6;
    const states: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) {
      const later = (k: number) => (i + k < size ? `s${i + k}` : k % 2 === 0 ? 'end_a' : 'end_b');
      const weights = [1, 2, 3, 4].map(() => 1 + rng.int(9));
      const total = weights.reduce((x, y) => x + y, 0);
      const ps = weights.map((w) => w / total);
      ps[3] = 1 - (ps[0] as number) - (ps[1] as number) - (ps[2] as number);
      states[`s${i}`] = {
        tools: ['roll', 'hold', 'stop'],
        on: {
          roll: [{ branches: ps.map((p, k) => ({ p, next: later(k + 1) })) }],
          hold: [{ branches: [{ p: 0.5, next: later(1) }, { p: 0.5, next: `s${i}` }] }],
          stop: [{ next: i % 2 === 0 ? 'end_mix' : 'end_b' }],
        },
      };
    }
    const world = worldFrom({
      tools: { roll: { description: 'Roll.' }, hold: { description: 'Hold.' }, stop: { description: 'Stop.' } },
      start: 's0',
      states,
      endings: { end_a: { outcome: 'a' }, end_b: { outcome: 'b' }, end_mix: { outcome: { lottery: { a: 0.3, b: 0.3, none: 0.4 } } } },
      limits: { max_steps: 10 },
    });
    const { comparisons, largestDifference, distributionSets } = compareWithReference(world, randomUtilities('branchy', 6));
    expect([comparisons > 100, largestDifference < 1e-9, distributionSets]).toEqual([true, true, false]);
  });
});
