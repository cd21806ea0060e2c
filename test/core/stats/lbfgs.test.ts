import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type LbfgsObjective } from '../../../src/core/stats/lbfgs.js';

/** Extended Rosenbrock function: sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, minimum 0 at all ones. */
const rosenbrock: LbfgsObjective = (x, grad) => {
  grad.fill(0);
  let value = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    value += 100 * a * a + b * b;
    grad[i] = grad[i]! - 400 * a * x[i]! - 2 * b;
    grad[i + 1] = grad[i + 1]! + 200 * a;
  }
  return value;
};

describe('minimizeLbfgs', () => {
  it('finds the minimum of the 2-d Rosenbrock function from (-1.2, 1)', () => {
    const start = Float64Array.of(-1.2, 1);
    const result = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(result.reason).toBe('gradient');
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.value).toBeLessThan(1e-16);
    expect(result.iterations).toBeLessThan(100);
    expect(Array.from(start)).toEqual([-1.2, 1]);
  });

  it('finds the minimum of the 10-d Rosenbrock function', () => {
    const start = new Float64Array(10).map((_, i) => (i % 2 === 0 ? -1.2 : 1));
    const result = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 1e-8 });
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(v).toBeCloseTo(1, 6);
  });

  it('solves an ill-conditioned quadratic', () => {
    // f = sum_i c_i (x_i - i)^2 / 2 with curvatures from 1 to 1e4 (scipy L-BFGS-B needs about 1,100 iterations too).
    const n = 50;
    const curvature = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
    const quadratic: LbfgsObjective = (x, grad) => {
      let value = 0;
      for (let i = 0; i < n; i++) {
        const d = x[i]! - i;
        value += 0.5 * curvature[i]! * d * d;
        grad[i] = curvature[i]! * d;
      }
      return value;
    };
    const result = minimizeLbfgs(quadratic, new Float64Array(n), { gradientTolerance: 1e-8, functionTolerance: 0, history: 5, maxIterations: 5000 });
    expect(result.reason).toBe('gradient');
    for (let i = 0; i < n; i++) expect(result.x[i]).toBeCloseTo(i, 8);
  });

  it('is deterministic', () => {
    const run = () => minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1, -1.2, 1));
    expect(run()).toEqual(run());
  });

  it('stops at once at a stationary point and reports a spent iteration budget', () => {
    expect(minimizeLbfgs(rosenbrock, Float64Array.of(1, 1))).toEqual({
      x: Float64Array.of(1, 1),
      value: 0,
      iterations: 0,
      evaluations: 1,
      converged: true,
      reason: 'gradient',
    });
    const capped = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 3 });
    expect([capped.iterations, capped.converged, capped.reason]).toEqual([3, false, 'maxIterations']);
  });

  it('stops on a small relative decrease when the gradient cannot get small enough', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { gradientTolerance: 0, functionTolerance: 1e-3 });
    expect([result.converged, result.reason]).toEqual([true, 'function']);
  });

  it('survives an objective that is infinite away from the start', () => {
    // -log(1 - x^2) + x: a barrier at |x| = 1 that a long first step runs into.
    const barrier: LbfgsObjective = (x, grad) => {
      const v = x[0]!;
      if (Math.abs(v) >= 1) {
        grad[0] = NaN;
        return Infinity;
      }
      grad[0] = (2 * v) / (1 - v * v) + 1;
      return -Math.log(1 - v * v) + v;
    };
    const result = minimizeLbfgs(barrier, Float64Array.of(0.9), { gradientTolerance: 1e-10 });
    // Stationary where 2x / (1 - x^2) = -1, i.e. x = 1 - sqrt(2).
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1 - Math.SQRT2, 9);
  });

  it('throws when the objective is not finite at the start', () => {
    expect(() => minimizeLbfgs(() => NaN, Float64Array.of(0))).toThrow('objective is not finite at the starting point (NaN)');
  });
});
