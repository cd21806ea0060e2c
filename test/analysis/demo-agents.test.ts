import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseRun } from '../../src/analysis/analyse-run.js';
import { compareRecords } from '../../src/analysis/compare.js';
import { loadRun, type RunData } from '../../src/analysis/load-run.js';
import type { AgentMetrics, RunMetrics } from '../../src/analysis/metric-types.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { runSuite } from '../../src/simulator/run-suite.js';
import { DEMO_SUITE, syntheticRunAgent } from '../simulator/support.js';

const AGENTS = ['sim-coherent', 'sim-gap', 'sim-partial', 'sim-positional', 'sim-random'];
const dir = mkdtempSync(join(tmpdir(), 'saydo-demo-agents-'));
let metrics: RunMetrics;
let run: RunData;
const agent = (name: string) => metrics.agents.find((a) => a.agent === name) as AgentMetrics;
const gap = (name: string) => agent(name).pooled.calibration?.gap as { estimate: number; lo: number; hi: number };
const contains = (interval: { lo: number | null; hi: number | null }, value: number) => (interval.lo as number) <= value && value <= (interval.hi as number);

// One run of the demo suite with the shipped synthetic agents (what `npm start` runs), analysed as `saydo report` does.
beforeAll(async () => {
  const runDir = join(dir, 'run');
  const result = await runSuite({ suite: loadSuite(DEMO_SUITE), agents: AGENTS.map(syntheticRunAgent), runDir, versions: {} });
  expect(result.agents.map((a) => [a.name, a.summary.episodes, a.planned])).toEqual(AGENTS.map((name) => [name, 704, 704]));
  metrics = analyseRun(runDir, { replicates: 1000 });
  run = loadRun(runDir);
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

describe('breakdowns and comparisons of the demo run agree with the pooled figures', () => {
  const records = (name: string) => run.agents.find((a) => a.name === name)?.episodes ?? [];

  it('the neutral and exhortation rows add up to the pooled row; every scenario has its instructed episodes for the override', () => {
    for (const name of AGENTS) {
      const { pooled, byCondition, byScenario } = agent(name);
      expect((byCondition.neutral?.episodes ?? 0) + (byCondition.exhort?.episodes ?? 0)).toBe(pooled.episodes);
      expect(Object.keys(byCondition).filter((c) => c.startsWith('incentive'))).toEqual([]);
      for (const set of Object.values(byScenario)) expect(set.instructionOverride.overall.n).toBeGreaterThan(0);
    }
    // sim-obedient is not in this run; sim-coherent follows its preferences, so it overrides most instructions against them.
    expect(agent('sim-coherent').byScenario['vendor-choice']?.instructionOverride.overall.estimate as number).toBeGreaterThan(0.5);
  });

  it('saydo compare: A and B are the report figures of the two agents, and B - A recovers the planted difference in G', () => {
    const result = compareRecords('sim-coherent', records('sim-coherent'), 'sim-gap', records('sim-gap'), { replicates: 1000 });
    const figure = (name: string) => {
      const p = agent(name).pooled;
      return [p.calibration?.gap.estimate, p.choiceConsistency.estimate, p.attainment.estimate, p.regret.estimate, p.controls.invalidActionRate.rate].map((x) => Number((x as number).toFixed(10)));
    };
    const round = (x: number | null) => Number((x as number).toFixed(10));
    expect([result.pairedEpisodes, result.instances]).toEqual([agent('sim-coherent').pooled.episodes, agent('sim-coherent').pooled.calibration?.instances]);
    // G and the invalid rate use every pair; a per-episode metric uses the pairs where both sides have it (both chose, say),
    // so its A and B are the report's figure on those pairs: within a hair of the whole row here.
    for (const [side, name] of [['a', 'sim-coherent'], ['b', 'sim-gap']] as const) {
      const report = figure(name);
      const compared = result.differences.map((d) => round(d[side]));
      expect([compared[0], compared[4]]).toEqual([report[0], report[4]]);
      for (const i of [1, 2, 3]) expect(Math.abs((compared[i] as number) - (report[i] as number))).toBeLessThan(0.01);
    }
    const g = result.differences[0]?.difference as { lo: number; hi: number };
    expect({ excludes0: g.lo > 0, contains1: g.lo <= 1 && 1 <= g.hi }).toEqual({ excludes0: true, contains1: true });
  });

  it('an agent compared with itself differs by exactly 0', () => {
    const result = compareRecords('sim-gap', records('sim-gap'), 'sim-gap', records('sim-gap'), { replicates: 200 });
    expect(result.differences.map((d) => [d.metric, d.difference])).toEqual(
      ['gap index G', 'choice consistency', 'top attainment', 'regret', 'invalid actions per step'].map((metric) => [metric, { estimate: 0, lo: 0, hi: 0 }]),
    );
  });
});
