import { describe, expect, it } from 'vitest';
import type { ExprValue } from '../../src/world/expression.js';
import { loadScenario, placeholderInstance } from '../../src/world/load-scenario.js';
import { ScenarioEnv, type StepInfo, type StepResult } from '../../src/world/runtime.js';
import { compileWorld, type World } from '../../src/world/world.js';

const VALID = 'test/fixtures/scenarios/valid';

function worldOf(file: string, maxSteps?: number): World {
  const { scenario } = loadScenario(`${VALID}/${file}`);
  return compileWorld(scenario, placeholderInstance(scenario), maxSteps === undefined ? {} : { maxSteps });
}

function call(name: string, args?: unknown): { name: string; arguments: string } {
  return { name, arguments: args === undefined ? '{}' : typeof args === 'string' ? args : JSON.stringify(args) };
}

/** Runs calls from a fresh episode with a seed. */
function play(world: World, seed: string | number, calls: ReadonlyArray<{ name: string; arguments: string }>): StepResult[] {
  const env = new ScenarioEnv(world);
  env.reset({ seed });
  const results: StepResult[] = [];
  for (const c of calls) {
    if (env.finished) break;
    results.push(env.step(c));
  }
  return results;
}

const COUNTER = '#obstacle:shop_b:pay:0';
type ErrandVars = { looked: boolean; spent: number; memo: string; [COUNTER]: number };
const at = (node: string, vars: Partial<ErrandVars> = {}) => ({ node, vars: { looked: false, spent: 0, memo: '', [COUNTER]: 0, ...vars } as Record<string, ExprValue> });

/** A step result with the defaults of a valid, non-final step filled in. */
function stepped(
  observation: string,
  info: Pick<StepInfo, 'before' | 'after' | 'step'> & Partial<StepInfo>,
  flags: { terminated?: boolean; truncated?: boolean } = {},
): StepResult {
  return {
    observation,
    terminated: flags.terminated ?? false,
    truncated: flags.truncated ?? false,
    info: { valid: true, invalid: null, rule: null, obstacle: false, ending: null, outcome: null, score: null, ...info },
  };
}

describe('ScenarioEnv.reset', () => {
  it('gives the rendered prompts, the tools of the start state in canonical order and the initial configuration', () => {
    const env = new ScenarioEnv(worldOf('errand.yaml'));
    expect(env.reset({ seed: 1 })).toEqual({
      system: 'You run errands in Elmford.',
      task: 'Buy something at Alder Shop or Birch Shop.',
      tools: [
        { name: 'look', description: 'Look along the high street.', parameters: { type: 'object', properties: {}, additionalProperties: false } },
        {
          name: 'go',
          description: 'Walk into a shop.',
          parameters: { type: 'object', properties: { shop: { type: 'string', enum: ['Alder Shop', 'Birch Shop'], description: 'The shop' } }, required: ['shop'], additionalProperties: false },
        },
      ],
      config: at('street'),
    });
    expect([env.stepCount, env.remaining, env.finished]).toEqual([0, 8, false]);
  });
});

describe('ScenarioEnv.step', () => {
  it('answers calls with rendered observations (args, object fields, variables after the call), sets variables by expression and ends with the outcome and score of the ending', () => {
    const world = worldOf('errand.yaml');
    const results = play(world, 7, [
      call('look'),
      call('go', { shop: 'Alder Shop' }),
      call('pay', { amount: 7, note: 'gift' }),
      call('pay', { amount: 4 }),
      call('send', { parcel: { weight: 2.5, label: 'HOME' } }),
      call('leave', ''),
    ]);
    expect(results).toEqual([
      stepped('Elmford high street: Alder Shop and Birch Shop.', { before: at('street'), after: at('street', { looked: true }), step: 1, rule: 'look around' }),
      stepped('You enter Alder Shop.', { before: at('street', { looked: true }), after: at('shop_a', { looked: true }), step: 2, rule: 'enter shop a' }),
      stepped('Paid 7 euros (gift); 7 euros so far.', { before: at('shop_a', { looked: true }), after: at('shop_a', { looked: true, spent: 7, memo: 'gift' }), step: 3, rule: 'pay at shop a' }),
      stepped('Paid 4 euros; 11 euros so far.', { before: at('shop_a', { looked: true, spent: 7, memo: 'gift' }), after: at('shop_a', { looked: true, spent: 11 }), step: 4, rule: 'pay at shop a' }),
      stepped('Parcel of 2.5 kg labelled HOME sent: {"weight":2.5,"label":"HOME"}', { before: at('shop_a', { looked: true, spent: 11 }), after: at('shop_a', { looked: true, spent: 11 }), step: 5, rule: 'send a parcel' }),
      stepped(
        'You leave Alder Shop having spent 11 euros.',
        { before: at('shop_a', { looked: true, spent: 11 }), after: at('left_a', { looked: true, spent: 11 }), step: 6, rule: 'leave shop a', ending: 'left_a', outcome: 'a', score: 22 },
        { terminated: true },
      ),
    ]);
  });

  it('takes the ending\'s conditional outcome from the variables: too little spent yields none, still with a score', () => {
    const results = play(worldOf('errand.yaml'), 0, [call('go', { shop: 'Alder Shop' }), call('pay', { amount: 3 }), call('leave')]);
    expect(results.at(-1)).toEqual(
      stepped(
        'You leave Alder Shop having spent 3 euros.',
        { before: at('shop_a', { spent: 3 }), after: at('left_a', { spent: 3 }), step: 3, rule: 'leave shop a', ending: 'left_a', outcome: 'none', score: 6 },
        { terminated: true },
      ),
    );
  });

  it('counts every invalid call as a step that changes nothing: unknown tool, unavailable tool, invalid JSON, arguments the schema rejects', () => {
    const env = new ScenarioEnv(worldOf('errand.yaml', 20));
    env.reset({ seed: 0 });
    const street = [call('nope'), call('pay', { amount: 3 }), call('go', '{shop: Alder'), call('go', { shop: 'Nowhere' }), call('go', { shop: 'Alder Shop', speed: 2 }), call('go')].map((c) => env.step(c));
    env.step(call('go', { shop: 'Alder Shop' }));
    const shop = [call('pay', { amount: 0 }), call('pay', { amount: 2.5 })].map((c) => env.step(c));
    expect([...street, ...shop].map((r) => `${r.info.step} ${r.info.invalid}: ${r.observation}`)).toMatchInlineSnapshot(`
      [
        "1 unknown-tool: Error: there is no tool named "nope". Available tools: look, go.",
        "2 unavailable-tool: Error: pay is not available now. Available tools: look, go.",
        "3 invalid-arguments: Error: invalid arguments for go: the arguments are not valid JSON",
        "4 invalid-arguments: Error: invalid arguments for go: shop: Invalid option: expected one of "Alder Shop"|"Birch Shop"",
        "5 invalid-arguments: Error: invalid arguments for go: Unrecognized key: "speed"",
        "6 invalid-arguments: Error: invalid arguments for go: shop: Invalid option: expected one of "Alder Shop"|"Birch Shop"",
        "8 invalid-arguments: Payment refused: amount: Too small: expected number to be >=1.",
        "9 invalid-arguments: Payment refused: amount: Invalid input: expected int, received number.",
      ]
    `);
    const invalid = (step: number, reason: StepInfo['invalid'], node = 'street') => stepped('', { before: at(node), after: at(node), step, valid: false, invalid: reason }).info;
    expect([...street, ...shop].map((r) => r.info)).toEqual([
      invalid(1, 'unknown-tool'),
      invalid(2, 'unavailable-tool'),
      invalid(3, 'invalid-arguments'),
      invalid(4, 'invalid-arguments'),
      invalid(5, 'invalid-arguments'),
      invalid(6, 'invalid-arguments'),
      invalid(8, 'invalid-arguments', 'shop_a'),
      invalid(9, 'invalid-arguments', 'shop_a'),
    ]);
    expect([env.stepCount, env.remaining, env.config, env.finished]).toEqual([9, 11, at('shop_a'), false]);
  });

  it('answers a call no rule takes (here the if: of the rule does not hold) with the default text, changing nothing', () => {
    expect(play(worldOf('errand.yaml'), 0, [call('go', { shop: 'Birch Shop' })])).toEqual([stepped('No effect.', { before: at('street'), after: at('street'), step: 1 })]);
  });

  it('fails the first two payments at shop b (the count kept for the episode, across leaving and coming back), then lets the third through', () => {
    const b = call('go', { shop: 'Birch Shop' });
    const results = play(worldOf('errand.yaml'), 0, [call('look'), b, call('pay', { amount: 5 }), call('leave'), b, call('pay', { amount: 5 }), call('pay', { amount: 5 })]);
    const failed = 'The card reader at Birch Shop fails; nothing was charged.';
    expect(results.slice(1)).toEqual([
      stepped('You enter Birch Shop.', { before: at('street', { looked: true }), after: at('shop_b', { looked: true }), step: 2, rule: 'go(shop="Birch Shop")' }),
      stepped(failed, { before: at('shop_b', { looked: true }), after: at('shop_b', { looked: true, [COUNTER]: 1 }), step: 3, rule: 'pay at shop b', obstacle: true }),
      stepped('OK.', { before: at('shop_b', { looked: true, [COUNTER]: 1 }), after: at('street', { looked: true, [COUNTER]: 1 }), step: 4, rule: 'leave()' }),
      stepped('You enter Birch Shop.', { before: at('street', { looked: true, [COUNTER]: 1 }), after: at('shop_b', { looked: true, [COUNTER]: 1 }), step: 5, rule: 'go(shop="Birch Shop")' }),
      stepped(failed, { before: at('shop_b', { looked: true, [COUNTER]: 1 }), after: at('shop_b', { looked: true, [COUNTER]: 2 }), step: 6, rule: 'pay at shop b', obstacle: true }),
      stepped(
        'Paid 5 euros at Birch Shop.\nBought at Birch Shop: <the outcome of slot b>',
        { before: at('shop_b', { looked: true, [COUNTER]: 2 }), after: at('bought_b', { looked: true, [COUNTER]: 2 }), step: 7, rule: 'pay at shop b', ending: 'bought_b', outcome: 'b' },
        { terminated: true },
      ),
    ]);
  });

  it('truncates at the step limit with no outcome, keeps an ending reached on the last step terminated, and refuses steps after the end until reset', () => {
    const world = worldOf('errand.yaml');
    const env = new ScenarioEnv(world);
    env.reset({ seed: 0 });
    const looks = Array.from({ length: 8 }, () => env.step(call('look')));
    expect(looks.map((r) => [r.terminated, r.truncated, r.info.outcome])).toEqual([...Array.from({ length: 7 }, () => [false, false, null]), [false, true, 'none']]);
    expect(() => env.step(call('look'))).toThrow('the episode has ended; call reset() first');
    const last = play(world, 0, [...Array.from({ length: 5 }, () => call('look')), call('go', { shop: 'Alder Shop' }), call('pay', { amount: 10 }), call('leave')]).at(-1);
    expect([last?.info.step, last?.terminated, last?.truncated, last?.info.ending, last?.info.outcome]).toEqual([8, true, false, 'left_a', 'a']);
    env.reset({ seed: 0 });
    expect([env.stepCount, env.remaining, env.finished, env.step(call('look')).info.step]).toEqual([0, 8, false, 1]);
  });
});

describe('seeded chance', () => {
  const gamble = worldOf('gamble.yaml');
  const stall = { node: 'stall', vars: {} };

  it('gives the same trajectory for the same seed, and different ones across seeds', () => {
    const calls = [call('push'), call('push'), call('push'), call('push')];
    const runs = Array.from({ length: 40 }, (_, seed) => play(gamble, `seed-${seed}`, calls));
    const again = Array.from({ length: 40 }, (_, seed) => play(gamble, `seed-${seed}`, calls));
    expect(again).toEqual(runs);
    expect(new Set(runs.map((run) => JSON.stringify(run))).size).toBeGreaterThan(1);
    expect(play(gamble, 3, [call('flip')])).toEqual(play(gamble, 3, [call('flip')]));
  });

  it('takes branches, lottery outcomes and probabilistic obstacles with their probabilities (4,000 seeds, within 0.03)', () => {
    const seeds = Array.from({ length: 4000 }, (_, i) => i);
    const share = (values: readonly unknown[], value: unknown) => values.filter((v) => v === value).length / values.length;
    const flips = seeds.map((seed) => play(gamble, seed, [call('flip')])[0]?.info.outcome);
    const draws = seeds.map((seed) => play(gamble, seed, [call('draw')])[0]?.info.outcome);
    const pushes = seeds.map((seed) => play(gamble, seed, [call('push')])[0]?.info.obstacle);
    const observed = { heads: share(flips, 'a'), drawA: share(draws, 'a'), drawB: share(draws, 'b'), drawNone: share(draws, 'none'), stuck: share(pushes, true) };
    const planted = { heads: 0.3, drawA: 0.25, drawB: 0.5, drawNone: 0.25, stuck: 0.6 };
    const off = Object.fromEntries(Object.entries(planted).map(([key, p]) => [key, Math.abs(observed[key as keyof typeof observed] - p) < 0.03]));
    expect(off).toEqual({ heads: true, drawA: true, drawB: true, drawNone: true, stuck: true });
  });

  it('reports the branch taken: its observation, and the obstacle when the door sticks', () => {
    const heads = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => play(gamble, seed, [call('flip')])[0] as StepResult).find((r) => r.info.outcome === 'a');
    expect(heads).toEqual(stepped('Heads.', { before: stall, after: { node: 'heads', vars: {} }, step: heads?.info.step ?? 0, rule: 'flip the coin', ending: 'heads', outcome: 'a' }, { terminated: true }));
    const stuck = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => play(gamble, seed, [call('push')])[0] as StepResult).find((r) => r.info.obstacle);
    expect(stuck).toEqual(stepped('The door is stuck.', { before: stall, after: stall, step: 1, rule: 'push the door', obstacle: true }));
    const drawn = play(gamble, 0, [call('draw')])[0];
    expect(drawn && { ...drawn, info: { ...drawn.info, outcome: 'x' } }).toEqual(stepped('You draw a ticket.', { before: stall, after: { node: 'drawn', vars: {} }, step: 1, rule: 'draw', ending: 'drawn', outcome: 'x' }, { terminated: true }));
  });
});
