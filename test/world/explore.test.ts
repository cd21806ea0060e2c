import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/world/load-scenario.js';

describe('exploreWorld through checkScenarioFile', () => {
  it('accepts a counter that grows on every tick of a self-loop: the step limit bounds it, and a configuration reached only at the limit is truncated, not a dead end', () => {
    const check = checkScenarioFile('test/fixtures/scenarios/unbounded-counter.yaml');
    // deciding with n = 0..5 (n = 5 only at the limit) and each of the two endings with n = 0..4.
    expect([check.problems, check.loaded?.exploration]).toEqual([[], { configurations: 16, deadEnds: [], capped: false, longestPath: 5, shortestPath: 1 }]);
  });
});
