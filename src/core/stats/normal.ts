// Standard normal distribution to full double precision.
// The cdf is W. J. Cody's rational Chebyshev approximation (ACM TOMS 715, as in
// R's pnorm): for |x| > 0.674 it gives Phi(-|x|) = exp(-x^2/2) * t(|x|) with t a
// rational function (an asymptotic series in 1/x^2 beyond sqrt(32)), so the log
// cdf and the pdf/cdf ratio never form exp(-x^2/2) and stay exact far into the tail.
// The quantile is Wichura's AS241 (PPND16), relative error about 1e-16.

const INV_SQRT_2PI = 0.398942280401432677939946059934;
const SQRT_32 = 5.656854249492380195206754896838;
const CENTRAL_LIMIT = 0.67448975;

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113] as const;
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956] as const;
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
] as const;
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
] as const;
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303] as const;
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5] as const;

/** Phi(x) - 0.5 for |x| <= CENTRAL_LIMIT. */
function centralPart(x: number): number {
  const xsq = x * x;
  let xnum = A[4] * xsq;
  let xden = xsq;
  xnum = (xnum + A[0]) * xsq;
  xden = (xden + B[0]) * xsq;
  xnum = (xnum + A[1]) * xsq;
  xden = (xden + B[1]) * xsq;
  xnum = (xnum + A[2]) * xsq;
  xden = (xden + B[2]) * xsq;
  return (x * (xnum + A[3])) / (xden + B[3]);
}

/** The factor t with Phi(-y) = exp(-y^2/2) * t, for y > CENTRAL_LIMIT. */
function tailFactor(y: number): number {
  if (y <= SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    return (xnum + C[7]) / (xden + D[7]);
  }
  const xsq = 1 / (y * y);
  let xnum = P[5] * xsq;
  let xden = xsq;
  for (let i = 0; i < 4; i++) {
    xnum = (xnum + P[i]!) * xsq;
    xden = (xden + Q[i]!) * xsq;
  }
  const t = (xsq * (xnum + P[4])) / (xden + Q[4]);
  return (INV_SQRT_2PI - t) / y;
}

/** exp(-y^2/2), with y split so that the leading square is exact (full relative precision for large y). */
function expMinusHalfSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
}

/** Standard normal density phi(x). */
export function normalPdf(x: number): number {
  const y = Math.abs(x);
  if (y > 40) return 0;
  return INV_SQRT_2PI * expMinusHalfSquare(y);
}

/** Standard normal cumulative distribution Phi(x), accurate to about 1e-15 relative in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return 0.5 + centralPart(x);
  if (y > 40) return x < 0 ? 0 : 1;
  const tail = expMinusHalfSquare(y) * tailFactor(y);
  return x < 0 ? tail : 1 - tail;
}

/** Natural log of Phi(x), accurate far into the lower tail (x = -40 and well beyond). */
export function logNormalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return Math.log(0.5 + centralPart(x));
  if (x > 0) {
    if (y > 40) return 0;
    return Math.log1p(-expMinusHalfSquare(y) * tailFactor(y));
  }
  if (y === Infinity) return -Infinity;
  if (y > 1e150) return -0.5 * y * y - Math.log(y * Math.sqrt(2 * Math.PI));
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return -ysq * ysq * 0.5 - del * 0.5 + Math.log(tailFactor(y));
}

/** Derivative of log Phi(x), the ratio phi(x) / Phi(x) (inverse Mills ratio), stable for very negative x. */
export function logNormalCdfDerivative(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) return normalPdf(x) / (0.5 + centralPart(x));
  if (x > 0) {
    if (y > 40) return 0;
    const e = expMinusHalfSquare(y);
    return (INV_SQRT_2PI * e) / (1 - e * tailFactor(y));
  }
  if (y === Infinity) return Infinity;
  // Both phi and Phi carry the factor exp(-x^2/2); it cancels.
  return INV_SQRT_2PI / tailFactor(y);
}

/** Inverse of the standard normal cdf (Wichura's AS241), NaN outside [0, 1]. */
export function inverseNormalCdf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * Both tails at once, for likelihood loops: writes log Phi(x), log Phi(-x), phi(x)/Phi(x) and phi(x)/Phi(-x) into out[0..3].
 */
export function logNormalCdfBothTails(x: number, out: Float64Array): void {
  const y = Math.abs(x);
  if (y <= CENTRAL_LIMIT) {
    const c = centralPart(x);
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    out[0] = Math.log(0.5 + c);
    out[1] = Math.log(0.5 - c);
    out[2] = pdf / (0.5 + c);
    out[3] = pdf / (0.5 - c);
    return;
  }
  // Phi(-y) = exp(-y^2/2) t: the near tail in log space, the far side by log1p.
  const t = tailFactor(y);
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  const e = y > 40 ? 0 : Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5);
  const logNear = y === Infinity ? -Infinity : -ysq * ysq * 0.5 - del * 0.5 + Math.log(t);
  const logFar = Math.log1p(-e * t);
  const ratioNear = INV_SQRT_2PI / t;
  const ratioFar = (INV_SQRT_2PI * e) / (1 - e * t);
  if (x < 0) {
    out[0] = logNear;
    out[1] = logFar;
    out[2] = ratioNear;
    out[3] = ratioFar;
  } else {
    out[0] = logFar;
    out[1] = logNear;
    out[2] = ratioFar;
    out[3] = ratioNear;
  }
}
