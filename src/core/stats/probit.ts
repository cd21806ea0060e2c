import { logNormalCdfBothTails } from './normal.js';

const tails = new Float64Array(4);

/** One observation of a probit regression: outcome y in [0, 1] (fractions allowed), predictor x, weight. */
export interface ProbitPoint {
  x: number;
  y: number;
  weight?: number;
}

/** A fitted probit P(y = 1) = Phi(intercept + slope x). */
export interface ProbitFit {
  intercept: number;
  slope: number;
  /** Standard errors from the (penalised) information matrix. */
  seIntercept: number;
  seSlope: number;
  iterations: number;
  converged: boolean;
  /** The data are completely or quasi-completely separated: plain maximum likelihood would diverge; the Firth fit stays finite. */
  separation: boolean;
}

/** Whether some threshold on x splits the ones from the zeros (only exact 0/1 outcomes count). */
export function isSeparated(points: readonly ProbitPoint[]): boolean {
  let maxZero = Number.NEGATIVE_INFINITY;
  let minZero = Number.POSITIVE_INFINITY;
  let maxOne = Number.NEGATIVE_INFINITY;
  let minOne = Number.POSITIVE_INFINITY;
  for (const p of points) {
    if (p.y !== 0 && p.y !== 1) return false;
    if (p.y === 1) {
      maxOne = Math.max(maxOne, p.x);
      minOne = Math.min(minOne, p.x);
    } else {
      maxZero = Math.max(maxZero, p.x);
      minZero = Math.min(minZero, p.x);
    }
  }
  if (maxOne === Number.NEGATIVE_INFINITY || maxZero === Number.NEGATIVE_INFINITY) return true;
  return maxZero <= minOne || maxOne <= minZero;
}

/** Log-likelihood, score, Fisher information and (for Firth) the score of the penalty 0.5 log det I, at (a, b). */
function evaluate(points: readonly ProbitPoint[], a: number, b: number) {
  let logLik = 0;
  let g0 = 0;
  let g1 = 0;
  let i00 = 0;
  let i01 = 0;
  let i11 = 0;
  // Derivatives of I along a and b: sums of W'(eta) [1 x; x x^2] and of W'(eta) x [1 x; x x^2].
  let da00 = 0;
  let da01 = 0;
  let da11 = 0;
  let db11x = 0;
  for (const p of points) {
    const w = p.weight ?? 1;
    const eta = a + b * p.x;
    logNormalCdfBothTails(eta, tails);
    const logP = tails[0] as number;
    const logQ = tails[1] as number;
    logLik += w * (p.y * logP + (1 - p.y) * logQ);
    const ratioP = tails[2] as number;
    const ratioQ = tails[3] as number;
    const d = w * (p.y * ratioP - (1 - p.y) * ratioQ);
    g0 += d;
    g1 += d * p.x;
    // W = phi^2 / (Phi(eta) Phi(-eta)), written as a product of the two ratios so it stays finite in the tails.
    const fisher = w * ratioP * ratioQ;
    i00 += fisher;
    i01 += fisher * p.x;
    i11 += fisher * p.x * p.x;
    const slope = fisher * (-2 * eta - ratioP + ratioQ);
    da00 += slope;
    da01 += slope * p.x;
    da11 += slope * p.x * p.x;
    db11x += slope * p.x * p.x * p.x;
  }
  const det = i00 * i11 - i01 * i01;
  // d/dtheta 0.5 log det I = 0.5 tr(I^-1 dI/dtheta); for dI/db the entries are (da01, da11, db11x).
  const trace = (m00: number, m01: number, m11: number) => (i11 * m00 - 2 * i01 * m01 + i00 * m11) / det;
  const p0 = det > 0 ? 0.5 * trace(da00, da01, da11) : 0;
  const p1 = det > 0 ? 0.5 * trace(da01, da11, db11x) : 0;
  return { logLik, g0, g1, i00, i01, i11, det, p0, p1 };
}


/**
 * Probit regression with Firth's correction (the Jeffreys-prior penalised likelihood), which stays finite under
 * complete separation, as deterministic agents produce. Fisher scoring with step halving.
 */
export function fitProbit(points: readonly ProbitPoint[], options: { firth?: boolean; maxIterations?: number; start?: { intercept: number; slope: number } | undefined } = {}): ProbitFit {
  const firth = options.firth ?? true;
  const data = pool(points);
  // Each evaluation gives the objective and everything a Fisher-scoring step needs; the accepted one is reused.
  const at = (a: number, b: number) => {
    const e = evaluate(data, a, b);
    return { e, value: e.logLik + (firth ? 0.5 * Math.log(Math.max(e.det, 1e-300)) : 0) };
  };
  // A warm start (the full-data fit, for bootstrap replicates) saves most iterations.
  let a = options.start?.intercept ?? 0;
  let b = options.start?.slope ?? 0;
  let current = at(a, b);
  let iterations = 0;
  let converged = false;
  for (; iterations < (options.maxIterations ?? 100); iterations++) {
    const e = current.e;
    const g0 = e.g0 + (firth ? e.p0 : 0);
    const g1 = e.g1 + (firth ? e.p1 : 0);
    if (!(e.det > 0)) break;
    let da = (e.i11 * g0 - e.i01 * g1) / e.det;
    let db = (-e.i01 * g0 + e.i00 * g1) / e.det;
    let step = 1;
    let next = at(a + da, b + db);
    while (!(next.value >= current.value - 1e-12) && step > 1e-6) {
      step /= 2;
      da /= 2;
      db /= 2;
      next = at(a + da, b + db);
    }
    // No step improves the objective: stop without claiming convergence (a warm start is then retried from zero).
    if (!(next.value >= current.value - 1e-12)) break;
    a += da;
    b += db;
    current = next;
    if (Math.abs(da) + Math.abs(db) < 1e-8) {
      converged = true;
      break;
    }
  }
  if (!converged && options.start) return fitProbit(points, { ...options, start: undefined });
  const e = current.e;
  return {
    intercept: a,
    slope: b,
    seIntercept: e.det > 0 ? Math.sqrt(e.i11 / e.det) : Number.NaN,
    seSlope: e.det > 0 ? Math.sqrt(e.i00 / e.det) : Number.NaN,
    iterations,
    converged,
    separation: isSeparated(points),
  };
}

/** Merges observations with the same x and y into one weighted point (bootstrap samples repeat many). */
function pool(points: readonly ProbitPoint[]): ProbitPoint[] {
  const merged = new Map<string, ProbitPoint>();
  for (const p of points) {
    const key = `${p.x}|${p.y}`;
    const seen = merged.get(key);
    if (seen) seen.weight = (seen.weight ?? 1) + (p.weight ?? 1);
    else merged.set(key, { x: p.x, y: p.y, weight: p.weight ?? 1 });
  }
  return [...merged.values()];
}
