// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.,
// algorithms 7.4 and 7.5) with a strong-Wolfe line search by bracketing and
// safeguarded cubic interpolation (algorithms 3.5 and 3.6). Deterministic, and
// every buffer is allocated once before the iteration loop.

/** An objective: writes the gradient at x into grad and returns the value; it must not keep x or grad. */
export type LbfgsObjective = (x: Float64Array, grad: Float64Array) => number;

/** Settings of the L-BFGS minimiser. */
export interface LbfgsOptions {
  /** Most iterations (accepted steps) before giving up. @default 1000 */
  maxIterations?: number;
  /** How many past steps approximate the inverse Hessian (m). @default 10 */
  history?: number;
  /** Converged when the largest absolute gradient component is at most this. @default 1e-6 */
  gradientTolerance?: number;
  /** Converged when an iteration lowers f by at most this fraction of max(|f|, 1). @default 1e-12 */
  functionTolerance?: number;
  /** Most objective evaluations within one line search. @default 30 */
  maxLineSearchEvaluations?: number;
}

/** Why the minimiser stopped. */
export type LbfgsStopReason = 'gradient' | 'function' | 'maxIterations' | 'lineSearch';

/** Outcome of a minimisation. */
export interface LbfgsResult {
  /** The best point found. */
  x: Float64Array;
  /** Objective value at x. */
  value: number;
  /** Accepted steps taken. */
  iterations: number;
  /** Objective evaluations, line searches included. */
  evaluations: number;
  /** True when a gradient or function tolerance was met. */
  converged: boolean;
  reason: LbfgsStopReason;
}

const ARMIJO = 1e-4;
const CURVATURE = 0.9;

/** Minimises a smooth function from x0 with L-BFGS and a strong-Wolfe line search; x0 is not modified. */
export function minimizeLbfgs(f: LbfgsObjective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 1000;
  const m = Math.max(1, Math.floor(options.history ?? 10));
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const functionTolerance = options.functionTolerance ?? 1e-12;
  const maxLineSearch = options.maxLineSearchEvaluations ?? 30;
  const n = x0.length;

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const d = new Float64Array(n);
  const sHistory = new Float64Array(m * n);
  const yHistory = new Float64Array(m * n);
  const rho = new Float64Array(m);
  const alphas = new Float64Array(m);
  let stored = 0;
  let newest = -1;
  let evaluations = 0;

  let value = f(x, g);
  evaluations++;
  if (!Number.isFinite(value)) throw new RangeError(`objective is not finite at the starting point (${value})`);

  const finish = (iterations: number, reason: LbfgsStopReason): LbfgsResult => ({
    x,
    value,
    iterations,
    evaluations,
    converged: reason === 'gradient' || reason === 'function',
    reason,
  });

  if (maxNorm(g) <= gradientTolerance) return finish(0, 'gradient');

  // Value and slope at the latest trial point of the line search.
  let trialValue = 0;
  let trialSlope = 0;
  const evaluateAt = (step: number): void => {
    for (let i = 0; i < n; i++) xTrial[i] = x[i]! + step * d[i]!;
    trialValue = f(xTrial, gTrial);
    evaluations++;
    trialSlope = dot(gTrial, d);
  };

  let iterations = 0;
  let restarted = false;
  while (iterations < maxIterations) {
    // Search direction d = -H g by the two-loop recursion.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = 0; k < stored; k++) {
      const slot = (newest - k + m) % m;
      const a = rho[slot]! * dotAt(sHistory, slot * n, d);
      alphas[slot] = a;
      axpyAt(-a, yHistory, slot * n, d);
    }
    let initialStep = 1;
    if (stored > 0) {
      const sy = 1 / rho[newest]!;
      const yy = dotAt2(yHistory, newest * n, yHistory, newest * n, n);
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
      for (let k = stored - 1; k >= 0; k--) {
        const slot = (newest - k + m) % m;
        const b = rho[slot]! * dotAt(yHistory, slot * n, d);
        axpyAt(alphas[slot]! - b, sHistory, slot * n, d);
      }
    } else {
      initialStep = 1 / Math.max(1, Math.sqrt(dot(d, d)));
    }

    let slope0 = dot(g, d);
    if (!(slope0 < 0)) {
      // Not a descent direction (curvature information went stale): fall back to steepest descent.
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      stored = 0;
      slope0 = dot(g, d);
      initialStep = 1 / Math.max(1, Math.sqrt(-slope0));
    }

    // Strong-Wolfe line search.
    let accepted = false;
    let loStep = 0;
    let loValue = value;
    let loSlope = slope0;
    let hiStep = 0;
    let hiValue = 0;
    let hiSlope = 0;
    let bracketed = false;
    let step = initialStep;
    let count = 0;
    while (count < maxLineSearch) {
      evaluateAt(step);
      count++;
      const armijoFails = !(trialValue <= value + ARMIJO * step * slope0);
      if (armijoFails || trialValue >= loValue) {
        hiStep = step;
        hiValue = trialValue;
        hiSlope = trialSlope;
        bracketed = true;
      } else {
        if (Math.abs(trialSlope) <= -CURVATURE * slope0) {
          accepted = true;
          break;
        }
        if (bracketed) {
          if (trialSlope * (hiStep - loStep) >= 0) {
            hiStep = loStep;
            hiValue = loValue;
            hiSlope = loSlope;
          }
        } else if (trialSlope >= 0) {
          hiStep = loStep;
          hiValue = loValue;
          hiSlope = loSlope;
          bracketed = true;
        }
        loStep = step;
        loValue = trialValue;
        loSlope = trialSlope;
      }
      if (bracketed) {
        if (Math.abs(hiStep - loStep) <= 1e-15 * Math.max(1, Math.abs(loStep))) break;
        step = cubicMinimizer(loStep, loValue, loSlope, hiStep, hiValue, hiSlope);
      } else {
        step *= 4;
      }
    }
    if (!accepted && loStep > 0) {
      // Sufficient decrease without the curvature condition: take the best step found.
      evaluateAt(loStep);
      accepted = Number.isFinite(trialValue) && trialValue < value;
    }
    if (!accepted) {
      if (stored > 0 && !restarted) {
        stored = 0;
        restarted = true;
        continue;
      }
      return finish(iterations, 'lineSearch');
    }
    restarted = false;
    iterations++;

    // Store the step and gradient change when the curvature is positive.
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = xTrial[i]! - x[i]!;
      const y = gTrial[i]! - g[i]!;
      sy += s * y;
      yy += y * y;
    }
    if (sy > 1e-12 * yy && sy > 0) {
      const slot = (newest + 1) % m;
      for (let i = 0; i < n; i++) {
        sHistory[slot * n + i] = xTrial[i]! - x[i]!;
        yHistory[slot * n + i] = gTrial[i]! - g[i]!;
      }
      rho[slot] = 1 / sy;
      newest = slot;
      stored = Math.min(stored + 1, m);
    }

    const previous = value;
    value = trialValue;
    const xPrevious = x;
    x = xTrial;
    xTrial = xPrevious;
    const gPrevious = g;
    g = gTrial;
    gTrial = gPrevious;

    if (maxNorm(g) <= gradientTolerance) return finish(iterations, 'gradient');
    if (previous - value <= functionTolerance * Math.max(Math.abs(value), Math.abs(previous), 1)) {
      return finish(iterations, 'function');
    }
  }
  return finish(iterations, 'maxIterations');
}

/** Minimiser of the cubic matching values and slopes at two steps, kept inside the bracket away from its ends. */
function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const margin = 0.1 * (hi - lo);
  let step = NaN;
  if (Number.isFinite(fb) && Number.isFinite(db)) {
    const d1 = da + db - (3 * (fa - fb)) / (a - b);
    const radicand = d1 * d1 - da * db;
    if (radicand >= 0) {
      const d2 = Math.sign(b - a) * Math.sqrt(radicand);
      step = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
    }
  }
  if (!Number.isFinite(step) || step < lo + margin || step > hi - margin) step = (a + b) / 2;
  return step;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function dotAt(history: Float64Array, offset: number, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += history[offset + i]! * v[i]!;
  return sum;
}

function dotAt2(a: Float64Array, offsetA: number, b: Float64Array, offsetB: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[offsetA + i]! * b[offsetB + i]!;
  return sum;
}

function axpyAt(scale: number, history: Float64Array, offset: number, v: Float64Array): void {
  for (let i = 0; i < v.length; i++) v[i] = v[i]! + scale * history[offset + i]!;
}

function maxNorm(v: Float64Array): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > max || Number.isNaN(a)) max = a;
  }
  return max;
}
