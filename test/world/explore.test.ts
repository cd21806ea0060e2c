import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exploreWorld } from '../../src/world/explore.js';
import { checkScenarioFile, loadScenario, placeholderInstance } from '../../src/world/load-scenario.js';
import { ScenarioSpec } from '../../src/world/scenario-schema.js';
import { compileWorld } from '../../src/world/world.js';

describe('exploreWorld through checkScenarioFile', () => {
  it('accepts a counter that grows on every tick of a self-loop: the step limit bounds it, and a configuration reached only at the limit is truncated, not a dead end', () => {
    const check = checkScenarioFile('test/fixtures/scenarios/unbounded-counter.yaml');
    // deciding with n = 0..5 (n = 5 only at the limit) and each of the two endings with n = 0..4.
    expect([check.problems, check.loaded?.exploration]).toEqual([[], {
        configurations: 16,
        deadEnds: [],
        capped: false,
        longestPath: 5,
        shortestPath: 1,
        statesReached: ['deciding'],
        endingsReached: ['went_a', 'went_b'],
        slotsYielded: ['a', 'b'],
      },
    ]);
  });
});

describe('exploreWorld: which endings and slots an agent can reach', () => {
  it('reaches every ending of gamble: through branches, a lottery and an obstacle that fails with a probability', () => {
    const { scenario } = loadScenario('test/fixtures/scenarios/valid/gamble.yaml');
    const exploration = exploreWorld(compileWorld(scenario, placeholderInstance(scenario)));
    expect([exploration.endingsReached, exploration.slotsYielded]).toEqual([['heads', 'tails', 'drawn', 'prize_room'], ['a', 'b']]);
  });

  it('leaves out calls an agent cannot make: a when value the tool does not accept leads nowhere', () => {
    const scenario = ScenarioSpec.parse(parse(readFileSync('test/fixtures/scenarios/malformed/when-value-typo.yaml', 'utf8')));
    const exploration = exploreWorld(compileWorld(scenario, placeholderInstance(scenario)));
    expect([exploration.statesReached, exploration.endingsReached, exploration.slotsYielded]).toEqual([['deciding'], ['went_a'], ['a']]);
  });
});
