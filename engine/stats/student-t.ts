/**
 * Student's t distribution for integer degrees of freedom: the two-sided
 * probability A(t | ν) = P(|T| <= t) by the exact finite series of
 * Abramowitz & Stegun 26.7.3-4, and its quantile by bisection.
 */

/** P(|T| <= t) for T ~ t(df), df a positive integer, t >= 0. */
export function studentTwoSidedMass(t: number, df: number): number {
  if (!(t > 0)) return 0;
  if (!Number.isFinite(t)) return 1;
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 1) {
    let term = 1, sum = df > 1 ? 1 : 0;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + (df > 1 ? s * Math.cos(theta) * sum : 0));
  }
  let term = 1, sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return s * sum;
}

/** The t with P(|T| <= t) = level (e.g. level 0.95 gives the 97.5% quantile), df a positive integer. */
export function studentTwoSidedQuantile(level: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`studentTwoSidedQuantile: df must be a positive integer, got ${df}`);
  let lo = 0, hi = 1;
  while (studentTwoSidedMass(hi, df) < level) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedMass(mid, df) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
