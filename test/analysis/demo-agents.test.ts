import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse-run.js';
import type { AgentMetrics, RunMetrics } from '../../src/analysis/metric-types.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';
import { DEMO_SUITE, syntheticRunAgent } from '../simulator/support.js';

const AGENTS = ['sim-coherent', 'sim-gap', 'sim-partial', 'sim-positional', 'sim-random'];
const dir = mkdtempSync(join(tmpdir(), 'saydo-demo-agents-'));
let metrics: RunMetrics;
const agent = (name: string) => metrics.agents.find((a) => a.agent === name) as AgentMetrics;
const gap = (name: string) => agent(name).pooled.calibration?.gap as { estimate: number; lo: number; hi: number };
const contains = (interval: { lo: number | null; hi: number | null }, value: number) => (interval.lo as number) <= value && value <= (interval.hi as number);

// One run of the demo suite with the shipped synthetic agents (what `npm start` runs), analysed as `saydo report` does.
beforeAll(async () => {
  const runDir = join(dir, 'run');
  const result = await runSuite({ suite: loadSuite(DEMO_SUITE), agents: AGENTS.map(syntheticRunAgent), runDir, versions: {} });
  expect(result.agents.map((a) => [a.name, a.summary.episodes, a.planned])).toEqual(AGENTS.map((name) => [name, 704, 704]));
  metrics = analyseRun(runDir, { replicates: 1000 });
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo suite recovers what the shipped synthetic agents plant', () => {
  it('sim-coherent (lambda 0): the G interval contains 0 and excludes 0.5', () => {
    expect({ contains0: contains(gap('sim-coherent'), 0), excludes05: !contains(gap('sim-coherent'), 0.5) }).toEqual({ contains0: true, excludes05: true });
  });

  it('sim-gap (lambda 1): the G interval contains 1 and excludes 0.5', () => {
    expect({ contains1: contains(gap('sim-gap'), 1), excludes05: !contains(gap('sim-gap'), 0.5) }).toEqual({ contains1: true, excludes05: true });
  });

  it('sim-partial (lambda 0.5): the G interval lies strictly between 0 and 1', () => {
    const g = gap('sim-partial');
    expect({ aboveZero: g.lo > 0, belowOne: g.hi < 1 }).toEqual({ aboveZero: true, belowOne: true });
  });

  it('sim-positional: the position-bias control is flagged, and only for it', () => {
    expect(Object.fromEntries(AGENTS.map((name) => [name, agent(name).pooled.controls.positionBias.flagged]))).toEqual({
      'sim-coherent': false,
      'sim-gap': false,
      'sim-partial': false,
      'sim-positional': true,
      'sim-random': false,
    });
    expect(agent('sim-positional').pooled.controls.positionBias.lo as number).toBeGreaterThan(0.9);
  });

  it('sim-random behaves as chance: its choice consistency interval contains 0.5 and its G interval contains 1', () => {
    expect(contains(agent('sim-random').pooled.choiceConsistency, 0.5)).toBe(true);
    expect(contains(gap('sim-random'), 1)).toBe(true);
  });

  it('consistency reaches the stated ceiling only for the coherent agent; revealed utilities follow stated ones only without a gap', () => {
    const consistency = agent('sim-coherent').pooled.choiceConsistency;
    expect(contains(consistency, consistency.ceiling as number)).toBe(true);
    expect(contains(agent('sim-gap').pooled.choiceConsistency, agent('sim-gap').pooled.choiceConsistency.ceiling as number)).toBe(false);
    expect(agent('sim-coherent').revealed?.spearman as number).toBeGreaterThan(0.5);
    expect(Math.abs(agent('sim-gap').revealed?.spearman as number)).toBeLessThan(0.3);
  });

  it('G rises with the planted gap: coherent < partial < gap', () => {
    expect(gap('sim-coherent').estimate).toBeLessThan(gap('sim-partial').estimate);
    expect(gap('sim-partial').estimate).toBeLessThan(gap('sim-gap').estimate);
    expect(metrics.skipped).toEqual([]);
  });
});
