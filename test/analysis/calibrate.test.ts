import { beforeAll, describe, expect, it } from 'vitest';
import { calibrateSuite, type CalibrationRow, type CalibrationRun } from '../../src/analysis/calibrate-suite.js';
import { loadSuite } from '../../src/simulator/load-suite.js';
import { detectableGap } from '../../src/report/calibration-report.js';
import { DEMO_SUITE } from '../simulator/support.js';

const LAMBDAS = [0, 0.25, 0.5, 0.75, 1];
let rows: CalibrationRow[];
let runs: CalibrationRun[];

// The demo suite as shipped (its episodes per instance), ten synthetic agents per planted gap, 500 bootstrap replicates per fit.
beforeAll(async () => {
  ({ rows, runs } = await calibrateSuite({ suite: loadSuite(DEMO_SUITE), lambdas: LAMBDAS, replicates: 10, bootstrap: 500, seed: 'calibrate-test' }));
}, 240_000);

describe('calibrateSuite on the demo suite', () => {
  it('runs every planted gap for every replicate, each with its own commitments', () => {
    expect(rows.map((r) => [r.lambda, r.replicates])).toEqual(LAMBDAS.map((lambda) => [lambda, 10]));
    expect(runs).toHaveLength(50);
    for (const run of runs) expect(run.commitments).toBeGreaterThan(300);
  });

  it('recovered G rises with lambda, as does the true G', () => {
    const recovered = rows.map((r) => r.recovered as number);
    const truth = rows.map((r) => r.trueGap);
    expect(recovered.slice(1).every((g, i) => g > (recovered[i] as number))).toBe(true);
    expect(truth.slice(1).every((g, i) => g > (truth[i] as number))).toBe(true);
    // Within one replicate too: the same agent with a larger planted gap shows a larger G.
    for (let r = 0; r < 10; r++) {
      const ofAgent = runs.filter((run) => run.replicate === r).map((run) => run.gap as number);
      expect(ofAgent[4] as number).toBeGreaterThan(ofAgent[0] as number);
    }
  });

  it('the mean recovered G is within 0.1 of the mean true G at every lambda', () => {
    for (const row of rows) expect(Math.abs((row.recovered as number) - row.trueGap), `lambda ${row.lambda}`).toBeLessThan(0.1);
  });

  it('the 95% intervals cover the true G in at least 90% of the replicates (and in at least 8 of 10 at each lambda)', () => {
    const covered = runs.filter((run) => run.covered).length / runs.length;
    expect(covered).toBeGreaterThanOrEqual(0.9);
    for (const row of rows) expect(row.coverage, `lambda ${row.lambda}`).toBeGreaterThanOrEqual(0.8);
  });

  it('gaps from lambda 0.5 up are detected in every replicate; the detectable gap is reported', () => {
    expect(rows.filter((r) => r.lambda >= 0.5).map((r) => r.power)).toEqual([1, 1, 1]);
    const detectable = detectableGap(rows) as number;
    expect(detectable).toBeGreaterThan(0);
    expect(detectable).toBeLessThanOrEqual((rows.find((r) => r.lambda === 0.5) as CalibrationRow).trueGap);
  });
});
