/**
 * Cluster-robust intervals of a pooled row's AUC, balanced accuracy and
 * Brier score: each statistic's linearization (its influence terms per
 * episode), summed per cluster, gives the cluster-robust (CR1) variance
 *   V = G/(G-1) x sum over clusters g of T_g^2,
 * and the interval is estimate +- t(df) x sqrt(V), clamped to [0, 1].
 *
 * Why not the percentile cluster bootstrap: with a few dozen clusters of
 * very unequal size (a market-wide selloff makes one month hold a large
 * share of a universe's episodes) the clusters' information is that of far
 * fewer equal clusters, and both the bootstrap and t(G-1) quantiles are too
 * narrow (on the simulated universes of test/support/universe-sim.ts the 95%
 * percentile cluster bootstrap holds the true AUC about 91% of the time, CR1
 * with t(G-1) about 91%, the cluster jackknife with t(G-1) 93%). The degrees
 * of freedom here are the effective number of clusters minus one, as in
 * Imbens & Kolesár (2016) and Bell & McCaffrey (2002): under an exchangeable
 * working model a cluster of n episodes carries variance proportional to
 * a = n (1 + (n - 1) rho), rho the intra-cluster correlation of the
 * influence terms (one-way ANOVA estimator, floored at 0), and the effective
 * number of clusters is (sum a)^2 / sum a^2 (the Satterthwaite count of the
 * variance estimate's terms). With equal clusters and rho = 0 this is G - 1.
 * test/universe-coverage.test.ts checks the coverage by simulation.
 *
 * AUC's influence terms are its placement values (DeLong et al. 1988; for
 * clusters Obuchowski 1997): for a positive, (V10 - AUC) / n1 with V10 the
 * share of negatives scored below it (ties half); for a negative,
 * (V01 - AUC) / n0 with V01 the share of positives scored above it.
 */
import type { Ranked } from './ranking.ts';
import { studentTwoSidedMass, studentTwoSidedQuantile } from './student-t.ts';

export interface ClusterInterval {
  lo: number;
  hi: number;
}

/** A cluster-robust standard error and its degrees of freedom. */
export interface ClusterRobust {
  se: number;
  df: number;
}

/** Influence terms of AUC per original item (NaN for items `ranked` left out). */
export function aucInfluence(r: Ranked, n: number): { auc: number; terms: Float64Array } {
  const { m, n1, n0, pos, item, groupStart, groups } = r;
  const terms = new Float64Array(n).fill(NaN);
  if (n1 === 0 || n0 === 0) return { auc: NaN, terms };
  const place = new Float64Array(m);
  let negBelow = 0, posBelow = 0, u = 0;
  for (let g = 0; g < groups; g++) {
    const a = groupStart[g]!, b = groupStart[g + 1]!;
    let gp = 0, gn = 0;
    for (let p = a; p < b; p++) if (pos[p] === 1) gp++; else gn++;
    for (let p = a; p < b; p++) {
      place[p] = pos[p] === 1 ? (negBelow + 0.5 * gn) / n0 : (n1 - posBelow - 0.5 * gp) / n1;
    }
    u += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
    posBelow += gp;
  }
  const auc = u / (n1 * n0);
  for (let p = 0; p < m; p++) terms[item[p]!] = pos[p] === 1 ? (place[p]! - auc) / n1 : (place[p]! - auc) / n0;
  return { auc, terms };
}

/**
 * CR1 standard error of a statistic from its influence terms (NaN terms left
 * out) and the degrees of freedom of its t quantile (module comment).
 * `cluster[i]`: the cluster id of item i. NaN when fewer than 2 clusters.
 */
export function clusterRobust(terms: ArrayLike<number>, cluster: ArrayLike<number>): ClusterRobust {
  const at = new Map<number, number>();
  const sum: number[] = [], size: number[] = [];
  let N = 0, total = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (t !== t) continue;
    let k = at.get(cluster[i]!);
    if (k === undefined) { k = sum.length; at.set(cluster[i]!, k); sum.push(0); size.push(0); }
    sum[k]! += t;
    size[k]!++;
    N++;
    total += t;
  }
  const G = sum.length;
  if (G < 2) return { se: NaN, df: NaN };
  let ss = 0;
  for (const s of sum) ss += s * s;
  const se = Math.sqrt((G / (G - 1)) * ss);
  return { se, df: effectiveDf(terms, cluster, at, sum, size, N, total) };
}

/** Effective number of clusters minus one (module comment), an integer from 1 to G - 1. */
function effectiveDf(terms: ArrayLike<number>, cluster: ArrayLike<number>, at: Map<number, number>,
  sum: readonly number[], size: readonly number[], N: number, total: number): number {
  const G = sum.length;
  if (N === G) return G - 1;
  const mean = total / N;
  let ssw = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (t !== t) continue;
    const k = at.get(cluster[i]!)!;
    ssw += (t - sum[k]! / size[k]!) ** 2;
  }
  let ssb = 0, sq = 0;
  for (let k = 0; k < G; k++) {
    ssb += size[k]! * (sum[k]! / size[k]! - mean) ** 2;
    sq += size[k]! ** 2;
  }
  const msb = ssb / (G - 1), msw = ssw / (N - G);
  const n0 = (N - sq / N) / (G - 1);
  const den = msb + (n0 - 1) * msw;
  const rho = den > 0 ? Math.max(0, (msb - msw) / den) : 0;
  let A = 0, A2 = 0;
  for (const n of size) {
    const a = n * (1 + (n - 1) * rho);
    A += a;
    A2 += a * a;
  }
  return Math.min(G - 1, Math.max(1, Math.floor((A * A) / A2 - 1)));
}

/** estimate +- t(df) x se at `level`, clamped to [lo, hi] bounds of the statistic. */
export function tInterval(estimate: number, r: ClusterRobust, level: number, bounds: [number, number] = [0, 1]): ClusterInterval {
  if (!Number.isFinite(estimate) || !Number.isFinite(r.se) || !(r.df >= 1)) return { lo: NaN, hi: NaN };
  const q = studentTwoSidedQuantile(level, r.df);
  return { lo: Math.max(bounds[0], estimate - q * r.se), hi: Math.min(bounds[1], estimate + q * r.se) };
}

/**
 * Balanced accuracy 0.5 (TP / n1 + TN / n0) and its influence terms: for a
 * positive, 0.5 (called - sensitivity) / n1; for a negative,
 * 0.5 (not called - specificity) / n0. Labels 1/0 (NaN left out), calls 1/0.
 */
export function balancedAccuracyInfluence(labels: ArrayLike<number>, calls: ArrayLike<number>): { value: number; terms: Float64Array } {
  const n = labels.length;
  let n1 = 0, n0 = 0, tp = 0, tn = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (y === 1) { n1++; if (calls[i]! > 0.5) tp++; } else if (y === 0) { n0++; if (!(calls[i]! > 0.5)) tn++; }
  }
  const terms = new Float64Array(n).fill(NaN);
  if (n1 === 0 || n0 === 0) return { value: NaN, terms };
  const sens = tp / n1, spec = tn / n0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!, c = calls[i]! > 0.5 ? 1 : 0;
    if (y === 1) terms[i] = (0.5 * (c - sens)) / n1;
    else if (y === 0) terms[i] = (0.5 * (1 - c - spec)) / n0;
  }
  return { value: 0.5 * (sens + spec), terms };
}

/** Brier score mean((score - label)^2) and its influence terms ((score - label)^2 - Brier) / n. */
export function brierInfluence(scores: ArrayLike<number>, labels: ArrayLike<number>): { value: number; terms: Float64Array } {
  const n = labels.length;
  const d = new Float64Array(n).fill(NaN);
  let s = 0, k = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!, x = scores[i]!;
    if (!(y === 0 || y === 1) || x !== x) continue;
    d[i] = (x - y) ** 2;
    s += d[i]!;
    k++;
  }
  if (k === 0) return { value: NaN, terms: d };
  const value = s / k;
  for (let i = 0; i < n; i++) if (d[i] === d[i]) d[i] = (d[i]! - value) / k;
  return { value, terms: d };
}

/**
 * The t test of `estimate` = `nullValue` with a cluster-robust standard error, the test the
 * t interval inverts: two-sided p = P(|T| >= |t|) and each one-sided p, T ~ t(df),
 * t = (estimate - nullValue) / se. NaN when the standard error or df is undefined.
 */
export function clusterTTest(estimate: number, r: ClusterRobust, nullValue = 0.5): { twoSided: number; above: number; below: number } {
  if (!Number.isFinite(estimate) || !(r.se > 0) || !(r.df >= 1)) return { twoSided: NaN, above: NaN, below: NaN };
  const t = (estimate - nullValue) / r.se;
  const twoSided = 1 - studentTwoSidedMass(Math.abs(t), r.df);
  const tail = twoSided / 2;
  return { twoSided, above: t >= 0 ? tail : 1 - tail, below: t <= 0 ? tail : 1 - tail };
}
