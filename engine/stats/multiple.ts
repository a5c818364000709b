/**
 * Multiple testing: Benjamini-Hochberg false-discovery-rate q-values, Holm
 * family-wise adjustment, and the family-wise p of grids on clustered episodes.
 */
import type { MetricsRow } from '../results.ts';

/**
 * Benjamini-Hochberg q-values (step-up adjusted p-values):
 *   q_(i) = min_{j >= i} min(1, m p_(j) / j)
 * for p sorted ascending, m = number of non-NaN p-values. NaN entries stay
 * NaN and do not count towards m. Output is in the input order; q is
 * monotone in p and capped at 1.
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const q = new Float64Array(n).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (p[i] === p[i]) order.push(i);
  const m = order.length;
  if (m === 0) return q;
  order.sort((a, b) => p[a]! - p[b]! || a - b);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    const v = p[i]! * (m / (r + 1));
    if (v < running) running = v;
    q[i] = running;
  }
  return q;
}

/**
 * Holm step-down adjusted p-values:
 *   p'_(i) = max_{j <= i} min(1, (m - j + 1) p_(j))
 * for p sorted ascending, m = number of non-NaN p-values. Holds the
 * family-wise error rate under any dependence between the tests. NaN
 * entries stay NaN and do not count towards m; output in the input order.
 */
export function holm(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < p.length; i++) if (p[i] === p[i]) order.push(i);
  const m = order.length;
  order.sort((a, b) => p[a]! - p[b]! || a - b);
  let running = 0;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    running = Math.max(running, Math.min(1, (m - r) * p[i]!));
    out[i] = running;
  }
  return out;
}

/**
 * Whether a row's own test allows for episodes that cluster in time, where
 * a label permutation would not: a 'year-block' kind's (the larger of the
 * block-bootstrap and permutation p, engine/stats/scoring.ts rowTest) and a
 * universe's pooled and group rows (the cluster permutation test).
 */
export function ownTestAllowsForClusters(row: Pick<MetricsRow, 'interval' | 'pooled'>): boolean {
  return row.interval === 'year-block' || (row.pooled !== undefined && row.pooled.scope !== 'member');
}

/**
 * Family-wise p-values of a grid whose rows' own tests allow for clustered
 * episodes (ownTestAllowsForClusters). The max-statistic permutation test
 * (family.ts) permutes labels across episodes as if they were exchangeable,
 * so on clustered episodes it can fall below a row's own p. Each row gets
 * the larger of its max-statistic p and its Holm-adjusted own p: Holm holds
 * the family-wise level under any dependence, given valid row p-values, and
 * the larger of two p-values is valid when either is. Never below the row's
 * own p; NaN where either is NaN.
 */
export function clusteredFamilyP(maxStatistic: ArrayLike<number>, own: ArrayLike<number>): Float64Array {
  const h = holm(own);
  return Float64Array.from({ length: maxStatistic.length }, (_, j) => {
    const t = maxStatistic[j]!, o = h[j]!;
    return t !== t || o !== o ? NaN : Math.max(t, o);
  });
}
