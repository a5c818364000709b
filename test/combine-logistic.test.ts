/**
 * The L2 logistic fit of the combined row (engine/stats/logistic.ts) against
 * computations that share none of its code: SciPy's BFGS on the same
 * objective, the closed form of an unpenalised binary feature, a nested
 * bisection on the optimality conditions, and the gradient at the solution.
 */
import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid } from '../engine/stats/logistic.ts';

const X = [[0.5, -1.2], [1.1, 0.3], [-0.7, 0.8], [2.0, -0.4], [-1.5, -0.9], [0.2, 1.7], [0.9, 0.1], [-0.3, -1.1], [1.4, 1.2], [-2.1, 0.6], [0.0, 0.0], [0.6, -0.2]];
const Y = [1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0];

const design = (rows: number[][]) => ({ x: Float64Array.from(rows.flat()), n: rows.length, k: rows[0]?.length ?? 0 });
const logit = (p: number): number => Math.log(p / (1 - p));

/** Root of an increasing function on [lo, hi] by bisection. */
function bisect(f: (v: number) => number, lo = -50, hi = 50): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe('fitLogistic', () => {
  it('matches SciPy BFGS on a 12 x 2 design with penalty 1', () => {
    // Reference (SciPy 1.17, computed once):
    //   f = lambda b: sum(logaddexp(0, b[0] + X @ b[1:]) - y * (b[0] + X @ b[1:])) + 0.5 * (b[1]**2 + b[2]**2)
    //   scipy.optimize.minimize(f, zeros(3), jac=<analytic gradient>, method='BFGS', options={'gtol': 1e-13}).x
    const fit = fitLogistic(design(X), Y, 1);
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-0.28573283744367983, 9);
    expect(fit.coefficients[0]).toBeCloseTo(1.285276989125721, 9);
    expect(fit.coefficients[1]).toBeCloseTo(-0.2427140492865248, 9);
    expect(fit.objective).toBeCloseTo(5.5223760368238635, 10);
  });

  it('equals the closed form of an unpenalised binary feature (log-odds per group)', () => {
    // x = 0: 3 of 8 durable; x = 1: 5 of 6 durable.
    const xs = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const ys = [1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0];
    const fit = fitLogistic(design(xs.map((v) => [v])), ys, 0);
    expect(fit.intercept).toBeCloseTo(logit(3 / 8), 10);
    expect(fit.coefficients[0]).toBeCloseTo(logit(5 / 6) - logit(3 / 8), 10);
  });

  it('equals a nested bisection on the optimality conditions of one penalised feature', () => {
    const xs = X.map((r) => r[0]!);
    const lambda = 2.5;
    const interceptFor = (b1: number): number => bisect((b0) => xs.reduce((s, x, i) => s + sigmoid(b0 + b1 * x) - Y[i]!, 0));
    const slopeCondition = (b1: number): number => {
      const b0 = interceptFor(b1);
      return xs.reduce((s, x, i) => s + x * (sigmoid(b0 + b1 * x) - Y[i]!), 0) + lambda * b1;
    };
    const b1 = bisect(slopeCondition);
    const fit = fitLogistic(design(xs.map((v) => [v])), Y, lambda);
    expect(fit.coefficients[0]).toBeCloseTo(b1, 9);
    expect(fit.intercept).toBeCloseTo(interceptFor(b1), 9);
  });

  it('stays finite on separable data with a penalty, and the penalised gradient is zero there', () => {
    const xs = [[-2, 1], [-1, 0], [-0.5, 2], [0.5, -1], [1, 0.5], [2, 1]];
    const ys = [0, 0, 0, 1, 1, 1];
    const lambda = 0.3;
    const fit = fitLogistic(design(xs), ys, lambda);
    expect(fit.converged).toBe(true);
    const g = [0, 0, 0];
    xs.forEach((r, i) => {
      const r0 = sigmoid(fit.intercept + fit.coefficients[0]! * r[0]! + fit.coefficients[1]! * r[1]!) - ys[i]!;
      g[0] += r0; g[1] += r0 * r[0]!; g[2] += r0 * r[1]!;
    });
    g[1] += lambda * fit.coefficients[0]!;
    g[2] += lambda * fit.coefficients[1]!;
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-9);
    expect(Number.isFinite(fit.coefficients[0]!)).toBe(true);
  });

  it('with no features fits the base rate, and gives the same bits twice', () => {
    const fit = fitLogistic({ x: new Float64Array(0), n: 5, k: 0 }, [1, 0, 0, 1, 0], 1);
    expect(fit.intercept).toBeCloseTo(logit(0.4), 12);
    const a = fitLogistic(design(X), Y, 0.7), b = fitLogistic(design(X), Y, 0.7);
    expect([a.intercept, ...a.coefficients]).toEqual([b.intercept, ...b.coefficients]);
  });
});
