/**
 * L2-regularised logistic regression, fitted by Newton's method (iteratively
 * reweighted least squares) with step halving. Minimises
 *
 *   f(b) = -sum_i [ y_i eta_i - log(1 + exp(eta_i)) ] + (penalty / 2) sum_{j>=1} b_j^2,
 *   eta_i = b_0 + sum_j b_j x_ij,
 *
 * the intercept b_0 unpenalised (scikit-learn's LogisticRegression with
 * C = 1 / penalty and an unpenalised intercept minimises the same function).
 * Gradient X'(p - y) + penalty P b, Hessian X' W X + penalty P with
 * W = diag(p (1 - p)) and P the identity without its intercept entry; each
 * Newton step solves H d = -g by Cholesky. Pure and deterministic: a fixed
 * order of arithmetic, no randomness, so the same data give the same bits.
 */

export interface LogisticFit {
  intercept: number;
  /** One coefficient per feature column. */
  coefficients: Float64Array;
  iterations: number;
  /** The gradient's largest entry at the solution is below the tolerance. */
  converged: boolean;
  /** The penalised negative log-likelihood at the solution. */
  objective: number;
}

export interface LogisticOptions {
  /** Largest |gradient| entry (per observation) reported as converged; default 1e-8. */
  tolerance?: number;
  /** Newton iterations at most; default 100. */
  maxIterations?: number;
}

/** log(1 + exp(eta)) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** 1 / (1 + exp(-eta)) without overflow. */
export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** Row-major design: n rows of k features (no intercept column). */
export interface Design {
  x: Float64Array;
  n: number;
  k: number;
}

function linear(d: Design, b: Float64Array, i: number): number {
  let eta = b[0]!;
  const o = i * d.k;
  for (let j = 0; j < d.k; j++) eta += b[j + 1]! * d.x[o + j]!;
  return eta;
}

function objective(d: Design, y: ArrayLike<number>, b: Float64Array, penalty: number): number {
  let f = 0;
  for (let i = 0; i < d.n; i++) {
    const eta = linear(d, b, i);
    f += softplus(eta) - y[i]! * eta;
  }
  let r = 0;
  for (let j = 1; j < b.length; j++) r += b[j]! * b[j]!;
  return f + 0.5 * penalty * r;
}

/** Gradient and Hessian (dense, (k+1) x (k+1), row-major) of the objective at b. */
function derivatives(d: Design, y: ArrayLike<number>, b: Float64Array, penalty: number, g: Float64Array, h: Float64Array): void {
  const m = d.k + 1;
  g.fill(0);
  h.fill(0);
  const row = new Float64Array(m);
  row[0] = 1;
  for (let i = 0; i < d.n; i++) {
    const o = i * d.k;
    for (let j = 0; j < d.k; j++) row[j + 1] = d.x[o + j]!;
    const p = sigmoid(linear(d, b, i));
    const r = p - y[i]!;
    const w = p * (1 - p);
    for (let a = 0; a < m; a++) {
      g[a] += r * row[a]!;
      const wa = w * row[a]!;
      for (let c = 0; c <= a; c++) h[a * m + c] += wa * row[c]!;
    }
  }
  for (let a = 1; a < m; a++) {
    g[a] += penalty * b[a]!;
    h[a * m + a] += penalty;
  }
  for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) h[c * m + a] = h[a * m + c]!;
}

/**
 * Solves H x = rhs for a symmetric positive definite H (row-major, m x m) by
 * Cholesky; false when H is not numerically positive definite.
 */
export function choleskySolve(h: Float64Array, rhs: Float64Array, m: number, out: Float64Array): boolean {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = h[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(s > 1e-300)) return false;
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j]!;
      }
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = rhs[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * z[k]!;
    z[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * out[k]!;
    out[i] = s / l[i * m + i]!;
  }
  return true;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

/**
 * The penalised maximum-likelihood fit of labels `y` (0/1) on design `d`,
 * starting from b = 0 (intercept and coefficients). `penalty` > 0 keeps every
 * coefficient finite even when the classes are separable; the intercept needs
 * both classes present (with one class it runs off to infinity: the caller
 * must not fit such data, and gets converged = false if it does).
 */
export function fitLogistic(d: Design, y: ArrayLike<number>, penalty: number, opts: LogisticOptions = {}): LogisticFit {
  if (d.x.length !== d.n * d.k || y.length !== d.n) throw new RangeError('fitLogistic: design and labels differ in size');
  if (!(penalty >= 0) || !Number.isFinite(penalty)) throw new RangeError(`fitLogistic: penalty must be a finite number >= 0, got ${penalty}`);
  const tolerance = (opts.tolerance ?? 1e-8) * Math.max(1, d.n);
  const maxIterations = opts.maxIterations ?? 100;
  const m = d.k + 1;
  let b = new Float64Array(m);
  const g = new Float64Array(m), h = new Float64Array(m * m), step = new Float64Array(m), neg = new Float64Array(m);
  let f = objective(d, y, b, penalty);
  let iterations = 0;
  while (iterations < maxIterations) {
    derivatives(d, y, b, penalty, g, h);
    if (maxAbs(g) === 0) break;
    for (let a = 0; a < m; a++) neg[a] = -g[a]!;
    if (!choleskySolve(h, neg, m, step)) break;
    iterations++;
    let t = 1;
    let next = b;
    let fNext = f;
    const accept = f + 1e-13 * (1 + Math.abs(f)); // near the optimum f is flat to rounding: a Newton step may not lower it
    for (let halvings = 0; halvings < 60; halvings++) {
      next = Float64Array.from(b, (v, a) => v + t * step[a]!);
      fNext = objective(d, y, next, penalty);
      if (fNext <= accept) break;
      t *= 0.5;
    }
    if (!(fNext <= accept)) break; // no decrease along the Newton direction
    b = next;
    f = fNext;
    // Newton converges quadratically: a step this small leaves the last bits only.
    if (t * maxAbs(step) <= 1e-14 * (1 + maxAbs(b))) break;
  }
  derivatives(d, y, b, penalty, g, h);
  return { intercept: b[0]!, coefficients: b.slice(1), iterations, converged: maxAbs(g) <= tolerance, objective: f };
}

/** The fitted probability of one feature row. */
export function logisticProbability(fit: Pick<LogisticFit, 'intercept' | 'coefficients'>, row: ArrayLike<number>): number {
  let eta = fit.intercept;
  for (let j = 0; j < fit.coefficients.length; j++) eta += fit.coefficients[j]! * row[j]!;
  return sigmoid(eta);
}
