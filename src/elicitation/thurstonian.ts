import { inverseNormalCdf, logNormalCdf, logNormalCdfBothTails, normalCdf } from '../core/stats/normal.js';
import { minimizeLbfgs } from '../core/stats/lbfgs.js';

/** Answers about one pair of outcomes: how often a was preferred over b and b over a (fractions allowed). */
export interface PairCount {
  a: number;
  b: number;
  winsA: number;
  winsB: number;
}

/** A Thurstonian utility fit: mean and sd of each outcome's utility, means normalised to mean 0 and sd 1. */
export interface ThurstonianFit {
  mu: number[];
  sigma: number[];
  /** Negative log-likelihood of the pair counts at the fit, without the prior. */
  negLogLik: number;
  iterations: number;
  converged: boolean;
}

/** Default priors of the fit, for reports that state the method. */
export const THURSTONIAN_DEFAULTS = { priorMuSd: 10, priorLogSigmaSd: 0.25 } as const;

/** Settings of the Thurstonian fit. */
export interface ThurstonianOptions {
  /** Sd of the normal prior on each mean (before normalisation); weak, it only keeps separated data finite. @default 10 */
  priorMuSd?: number;
  /**
   * Sd of the normal prior on each log sigma. It fixes the overall scale, which the likelihood leaves free, and keeps
   * outcomes that are always chosen the same way from driving their sigma to 0 (with sd 1 real data do that and the fit
   * stops converging). @default 0.25
   */
  priorLogSigmaSd?: number;
  /** Fix every sigma at 1 (Thurstone's Case V) and fit the means only. @default false */
  fixedSigma?: boolean;
  /** Most L-BFGS iterations. @default 2000 */
  maxIterations?: number;
  /** L-BFGS stops when the largest gradient component is at most this. @default 1e-6 */
  gradientTolerance?: number;
  /** L-BFGS stops when an iteration lowers the objective by at most this fraction of it. @default 1e-13 */
  functionTolerance?: number;
}

/** The penalised negative log-likelihood of a Thurstonian model, over mu (n) then log sigma (n, absent when sigma is fixed). */
export interface ThurstonianObjective {
  /** Length of the parameter vector. */
  dimension: number;
  /** Writes the gradient into grad and returns the penalised negative log-likelihood. */
  evaluate: (theta: Float64Array, grad: Float64Array) => number;
  /** The negative log-likelihood alone, without the prior. */
  negLogLik: (theta: Float64Array) => number;
  /** A cheap deterministic starting point: probits of smoothed win rates, log sigma 0. */
  start: () => Float64Array;
}

/** Pair counts merged per unordered pair into flat arrays, pairs without answers dropped. */
interface PairTable {
  a: Int32Array;
  b: Int32Array;
  winsA: Float64Array;
  winsB: Float64Array;
}

function tabulatePairs(n: number, pairs: readonly PairCount[]): PairTable {
  const index = new Map<number, number>();
  const a: number[] = [];
  const b: number[] = [];
  const winsA: number[] = [];
  const winsB: number[] = [];
  for (const [row, pair] of pairs.entries()) {
    if (!Number.isInteger(pair.a) || !Number.isInteger(pair.b) || pair.a < 0 || pair.b < 0 || pair.a >= n || pair.b >= n) {
      throw new RangeError(`pair ${row}: outcomes must be integers in [0, ${n}), got a=${pair.a} b=${pair.b}`);
    }
    if (pair.a === pair.b) throw new RangeError(`pair ${row}: an outcome cannot be compared with itself (a = b = ${pair.a})`);
    if (!(pair.winsA >= 0) || !(pair.winsB >= 0) || !Number.isFinite(pair.winsA) || !Number.isFinite(pair.winsB)) {
      throw new RangeError(`pair ${row}: wins must be finite and non-negative, got ${pair.winsA} and ${pair.winsB}`);
    }
    if (pair.winsA + pair.winsB === 0) continue;
    const low = Math.min(pair.a, pair.b);
    const high = Math.max(pair.a, pair.b);
    const lowWins = pair.a === low ? pair.winsA : pair.winsB;
    const highWins = pair.a === low ? pair.winsB : pair.winsA;
    const key = low * n + high;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, a.length);
      a.push(low);
      b.push(high);
      winsA.push(lowWins);
      winsB.push(highWins);
    } else {
      winsA[k] = winsA[k]! + lowWins;
      winsB[k] = winsB[k]! + highWins;
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), winsA: Float64Array.from(winsA), winsB: Float64Array.from(winsB) };
}

/** Builds the objective the fit minimises, with analytic gradients; exported for diagnostics and gradient checks. */
export function createThurstonianObjective(n: number, pairs: readonly PairCount[], options: ThurstonianOptions = {}): ThurstonianObjective {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`need at least one outcome, got n=${n}`);
  const muPrecision = 1 / (options.priorMuSd ?? THURSTONIAN_DEFAULTS.priorMuSd) ** 2;
  const logSigmaPrecision = 1 / (options.priorLogSigmaSd ?? THURSTONIAN_DEFAULTS.priorLogSigmaSd) ** 2;
  const fixedSigma = options.fixedSigma ?? false;
  const table = tabulatePairs(n, pairs);
  const pairA = table.a;
  const pairB = table.b;
  const pairWinsA = table.winsA;
  const pairWinsB = table.winsB;
  const pairCount = pairA.length;
  const variance = new Float64Array(n).fill(1);
  const tails = new Float64Array(4);
  const dimension = fixedSigma ? n : 2 * n;

  const setVariances = (theta: Float64Array): void => {
    if (fixedSigma) return;
    for (let i = 0; i < n; i++) variance[i] = Math.exp(2 * theta[n + i]!);
  };

  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    setVariances(theta);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const mu = theta[i]!;
      total += 0.5 * muPrecision * mu * mu;
      grad[i] = muPrecision * mu;
    }
    if (!fixedSigma) {
      for (let i = n; i < 2 * n; i++) {
        const logSigma = theta[i]!;
        total += 0.5 * logSigmaPrecision * logSigma * logSigma;
        grad[i] = logSigmaPrecision * logSigma;
      }
    }
    for (let k = 0; k < pairCount; k++) {
      const a = pairA[k]!;
      const b = pairB[k]!;
      const wA = pairWinsA[k]!;
      const wB = pairWinsB[k]!;
      const s2 = variance[a]! + variance[b]!;
      const invS = 1 / Math.sqrt(s2);
      const z = (theta[a]! - theta[b]!) * invS;
      logNormalCdfBothTails(z, tails);
      total -= wA * tails[0]! + wB * tails[1]!;
      // d(-log-likelihood)/dz
      const dz = wB * tails[3]! - wA * tails[2]!;
      const dMu = dz * invS;
      grad[a] = grad[a]! + dMu;
      grad[b] = grad[b]! - dMu;
      if (!fixedSigma) {
        const dLogVariance = (-dz * z) / s2;
        grad[n + a] = grad[n + a]! + dLogVariance * variance[a]!;
        grad[n + b] = grad[n + b]! + dLogVariance * variance[b]!;
      }
    }
    return total;
  };

  const negLogLik = (theta: Float64Array): number => {
    setVariances(theta);
    let total = 0;
    for (let k = 0; k < pairCount; k++) {
      const a = pairA[k]!;
      const b = pairB[k]!;
      const z = (theta[a]! - theta[b]!) / Math.sqrt(variance[a]! + variance[b]!);
      if (pairWinsA[k]! > 0) total -= pairWinsA[k]! * logNormalCdf(z);
      if (pairWinsB[k]! > 0) total -= pairWinsB[k]! * logNormalCdf(-z);
    }
    return total;
  };

  const start = (): Float64Array => {
    const wins = new Float64Array(n);
    const answers = new Float64Array(n);
    for (let k = 0; k < pairCount; k++) {
      const a = pairA[k]!;
      const b = pairB[k]!;
      wins[a] = wins[a]! + pairWinsA[k]!;
      wins[b] = wins[b]! + pairWinsB[k]!;
      const total = pairWinsA[k]! + pairWinsB[k]!;
      answers[a] = answers[a]! + total;
      answers[b] = answers[b]! + total;
    }
    const theta = new Float64Array(dimension);
    // With sigma 1 an outcome at mu beats one at 0 with probability Phi(mu / sqrt 2).
    for (let i = 0; i < n; i++) theta[i] = Math.SQRT2 * inverseNormalCdf((wins[i]! + 0.5) / (answers[i]! + 1));
    return theta;
  };

  return { dimension, evaluate, negLogLik, start };
}

/** Fits a Thurstonian model (utility of outcome i ~ N(mu_i, sigma_i^2)) to pair counts by penalised maximum likelihood with L-BFGS. */
export function fitThurstonian(n: number, pairs: readonly PairCount[], options: ThurstonianOptions = {}): ThurstonianFit {
  const objective = createThurstonianObjective(n, pairs, options);
  const result = minimizeLbfgs(objective.evaluate, objective.start(), {
    maxIterations: options.maxIterations ?? 2000,
    gradientTolerance: options.gradientTolerance ?? 1e-6,
    functionTolerance: options.functionTolerance ?? 1e-13,
  });
  const theta = result.x;
  const rawMu = Array.from(theta.subarray(0, n));
  const rawSigma = options.fixedSigma ? new Array<number>(n).fill(1) : Array.from(theta.subarray(n, 2 * n), Math.exp);
  const mean = rawMu.reduce((sum, v) => sum + v, 0) / n;
  const sd = Math.sqrt(rawMu.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
  // Means that do not differ (no data, or perfectly balanced data) have no scale to normalise by.
  const scale = sd > 1e-9 ? sd : 1;
  return {
    mu: rawMu.map((v) => (v - mean) / scale),
    sigma: rawSigma.map((v) => v / scale),
    negLogLik: objective.negLogLik(theta),
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** Probability that outcome i is preferred over outcome j under a fit: Phi((mu_i - mu_j) / sqrt(sigma_i^2 + sigma_j^2)). */
export function preferenceProbability(fit: ThurstonianFit, i: number, j: number): number {
  const muI = fit.mu[i];
  const muJ = fit.mu[j];
  const sigmaI = fit.sigma[i];
  const sigmaJ = fit.sigma[j];
  if (muI === undefined || muJ === undefined || sigmaI === undefined || sigmaJ === undefined) {
    throw new RangeError(`outcomes ${i} and ${j} must lie in [0, ${fit.mu.length})`);
  }
  const spread = Math.sqrt(sigmaI * sigmaI + sigmaJ * sigmaJ);
  if (spread === 0) return muI > muJ ? 1 : muI < muJ ? 0 : 0.5;
  return normalCdf((muI - muJ) / spread);
}
