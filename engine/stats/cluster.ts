/**
 * Inference that respects dependence between episodes decided close
 * together in time: clusters are calendar periods (a month by default), and
 * both the bootstrap and the permutation test move whole clusters.
 *
 * - Cluster bootstrap: resample whole clusters with replacement (the block
 *   scheme of resample.ts / row-bootstrap.ts with the cluster as the block).
 * - Cluster permutation test of AUC = 0.5 (`clusterPermutationTest`: two-sided,
 *   and each one-sided p, from one set of permutations): the
 *   outcomes of whole clusters are permuted among clusters. Clusters differ
 *   in size, so they are permuted within strata of clusters of similar size
 *   (sorted by size, about `stratum` clusters per stratum), and a cluster
 *   takes the outcomes of the cluster it is given: a random subset of them
 *   when that cluster has at least as many episodes, all of them plus draws
 *   with replacement when it has fewer. Inside a cluster the outcomes land on
 *   random episodes. A stratum of one cluster still shuffles outcomes inside
 *   it, so the scheme reduces to a within-cluster permutation in the limit.
 *
 * Under the null (scores independent of outcomes, clusters of similar size
 * exchangeable) the permuted AUCs have the observed AUC's distribution
 * without the i.i.d. assumption; test/universe-calibration.test.ts checks
 * the 5% test's rejection rate on simulated universes with a shared market
 * factor, where the i.i.d. permutation test over-rejects.
 */
import { dayFromYmd, ymdOf } from '../calendar.ts';
import type { ClusterPeriod } from '../universe-spec.ts';
import { midranks, type Ranked } from './ranking.ts';
import { FastRng } from './random.ts';
import { UNTESTED, type PermutationTest } from './permutation.ts';

/** Clusters per stratum of the cluster permutation. */
export const CLUSTER_STRATUM = 5;

/** The cluster (a period number, increasing in time) of a calendar day. */
export function periodOf(day: number, p: ClusterPeriod): number {
  if (typeof p === 'object') return Math.floor(day / p.days);
  if (p === 'week') return Math.floor((day + 3) / 7); // weeks start on Monday (1970-01-05 is one)
  const { y, m } = ymdOf(day);
  if (p === 'month') return y * 12 + (m - 1);
  if (p === 'quarter') return y * 4 + Math.floor((m - 1) / 3);
  return y;
}

/** The first day of a cluster period (for labels). */
export function periodStart(period: number, p: ClusterPeriod): number {
  if (typeof p === 'object') return period * p.days;
  if (p === 'week') return period * 7 - 3;
  if (p === 'month') return dayFromYmd(Math.floor(period / 12), (period % 12) + 1, 1);
  if (p === 'quarter') return dayFromYmd(Math.floor(period / 4), (period % 4) * 3 + 1, 1);
  return dayFromYmd(period, 1, 1);
}

/** Calendar days per cluster period, on average (for the horizon's span in periods). */
function periodDays(p: ClusterPeriod): number {
  if (typeof p === 'object') return p.days;
  return p === 'week' ? 7 : p === 'month' ? 365.25 / 12 : p === 'quarter' ? 365.25 / 4 : 365.25;
}

/** Trading days per calendar year, for a horizon's span in calendar days. */
const TRADING_DAYS_PER_YEAR = 252;

/**
 * How many consecutive periods one cluster spans so that it covers an
 * outcome horizon of `horizon` trading days (at least 1): episodes in
 * clusters two or more apart then have outcome windows that do not overlap.
 */
export function blockPeriods(horizon: number, p: ClusterPeriod): number {
  if (!(horizon > 0)) return 1;
  const days = (horizon * 365.25) / TRADING_DAYS_PER_YEAR;
  return Math.max(1, Math.ceil(days / periodDays(p) - 1e-9));
}

/** The cluster of a calendar day: its period, or with `block` > 1 its run of `block` consecutive periods (aligned to period 0). */
export function clusterOf(day: number, p: ClusterPeriod, block = 1): number {
  const k = periodOf(day, p);
  return block > 1 ? Math.floor(k / block) : k;
}

/** Number of distinct values. */
export function distinctCount(ids: ArrayLike<number>): number {
  return new Set(Array.from(ids)).size;
}

/** Clusters of the ranked items, in sorted-position space (CSR), their parts, and the strata they are permuted in. */
interface ClusterLayout {
  /** Positions of cluster k: pos[start[k] .. start[k+1]). */
  start: Int32Array;
  positions: Int32Array;
  /** Positives of each cluster as observed. */
  positives: Int32Array;
  /** Parts per cluster (1, or the periods of a run of periods), and part j of cluster k: positions[partStart[k*parts+j] .. partStart[k*parts+j+1]). */
  parts: number;
  partStart: Int32Array;
  partPositives: Int32Array;
  /** Strata: clusters strataMembers[strataStart[s] .. strataStart[s+1]). */
  strataStart: Int32Array;
  strataMembers: Int32Array;
}

function layout(r: Ranked, cluster: ArrayLike<number>, stratum: number, part: ArrayLike<number> | undefined, parts: number): ClusterLayout {
  const ids = new Map<number, number>();
  const sortedIds = Array.from(new Set(Array.from({ length: r.m }, (_, p) => cluster[r.item[p]!]!))).sort((a, b) => a - b);
  sortedIds.forEach((id, k) => ids.set(id, k));
  const K = sortedIds.length;
  const size = new Int32Array(K);
  const positives = new Int32Array(K);
  const partSize = new Int32Array(K * parts);
  const partPositives = new Int32Array(K * parts);
  const slotOf = new Int32Array(r.m);
  for (let p = 0; p < r.m; p++) {
    const k = ids.get(cluster[r.item[p]!]!)!;
    const j = part === undefined ? 0 : part[r.item[p]!]!;
    if (!(j >= 0 && j < parts)) throw new RangeError(`clusterPermutationPValue: part ${j} outside 0..${parts - 1}`);
    slotOf[p] = k * parts + j;
    size[k]!++;
    positives[k]! += r.pos[p]!;
    partSize[k * parts + j]!++;
    partPositives[k * parts + j]! += r.pos[p]!;
  }
  const partStart = new Int32Array(K * parts + 1);
  for (let q = 0; q < K * parts; q++) partStart[q + 1] = partStart[q]! + partSize[q]!;
  const start = Int32Array.from({ length: K + 1 }, (_, k) => partStart[k * parts]!);
  const fill = partStart.slice(0, K * parts);
  const positions = new Int32Array(r.m);
  for (let p = 0; p < r.m; p++) positions[fill[slotOf[p]!]!++] = p;
  // Strata: clusters sorted by size (then time), cut into about K / stratum runs of similar size.
  const order = Int32Array.from({ length: K }, (_, k) => k).sort((a, b) => size[a]! - size[b]! || a - b);
  const count = Math.max(1, Math.round(K / stratum));
  const strataStart = new Int32Array(count + 1);
  for (let s = 0; s <= count; s++) strataStart[s] = Math.floor((s * K) / count);
  return { start, positions, positives, parts, partStart, partPositives, strataStart, strataMembers: order };
}

/**
 * The cluster permutation test of AUC = 0.5 (module comment), its three
 * p-values from one set of permutations:
 *   above     = (1 + #{b : AUC_b >= AUC_obs}) / (1 + B)            (AUC > 0.5)
 *   below     = (1 + #{b : AUC_b <= AUC_obs}) / (1 + B)            (AUC < 0.5)
 *   twoSided  = (1 + #{b : |AUC_b - 0.5| >= |AUC_obs - 0.5|}) / (1 + B),
 * a permutation whose AUC is undefined (one class only) counting as at least
 * as extreme. `cluster[i]`: the cluster id of original item i (e.g. the
 * period of its decision). With `parts` (a cluster that is a run of periods:
 * `part[i]` the period of item i within its run, 0 .. parts - 1) a cluster
 * takes the outcomes of its source cluster period by period (from the same
 * period of the source's run, or from the whole source when that period has
 * no episode), so the months inside a run keep their order and only whole
 * runs move. NaN when either class is empty.
 */
export function clusterPermutationTest(r: Ranked, cluster: ArrayLike<number>, B: number, seed: string,
  stratum = CLUSTER_STRATUM, partOf?: { part: ArrayLike<number>; parts: number }): PermutationTest {
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`clusterPermutationPValue: permutations must be a positive integer, got ${B}`);
  const { m, n1, n0 } = r;
  if (n1 === 0 || n0 === 0) return { ...UNTESTED };
  const ranks = midranks(r);
  let r1 = 0;
  for (let p = 0; p < m; p++) if (r.pos[p] === 1) r1 += ranks[p]!;
  const observed = (r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0);
  const tol = 1e-12 * Math.max(1, Math.abs(observed));
  const bar = observed - tol, top = observed + tol, dev = Math.abs(observed - 0.5) - tol;
  const L = layout(r, cluster, stratum, partOf?.part, partOf?.parts ?? 1);
  const rng = new FastRng(seed);
  const strata = L.strataStart.length - 1;
  const source = new Int32Array(L.start.length - 1);
  const J = L.parts;
  let atLeast = 0, atMost = 0, extreme = 0;
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < strata; s++) permuteStratum(L, s, source, rng);
    let sum = 0, pos = 0;
    for (let k = 0; k < source.length; k++) {
      const from = source[k]!;
      for (let j = 0; j < J; j++) {
        const a = L.partStart[k * J + j]!, z = L.partStart[k * J + j + 1]!;
        if (a === z) continue;
        // The same period of the source's run, or (none there) the whole source cluster.
        const own = L.partStart[from * J + j + 1]! > L.partStart[from * J + j]!;
        const total = own ? L.partStart[from * J + j + 1]! - L.partStart[from * J + j]! : L.start[from + 1]! - L.start[from]!;
        const totalPos = own ? L.partPositives[from * J + j]! : L.positives[from]!;
        let left = total, leftPos = totalPos;
        for (let q = a; q < z; q++) {
          // Without replacement while the source lasts, then with replacement from all of it.
          const positive = left > 0 ? rng.index(left) < leftPos : rng.index(total) < totalPos;
          if (left > 0) { left--; if (positive) leftPos--; }
          if (positive) { sum += ranks[L.positions[q]!]!; pos++; }
        }
      }
    }
    const neg = m - pos;
    const auc = (sum - (pos * (pos + 1)) / 2) / (pos * neg);
    // NaN (one class) counts as extreme on every side.
    atLeast += !(auc < bar) ? 1 : 0;
    atMost += !(auc > top) ? 1 : 0;
    extreme += !(Math.abs(auc - 0.5) < dev) ? 1 : 0;
  }
  return { twoSided: (1 + extreme) / (1 + B), above: (1 + atLeast) / (1 + B), below: (1 + atMost) / (1 + B) };
}

/** The one-sided p-value of AUC > 0.5 of clusterPermutationTest. */
export function clusterPermutationPValue(r: Ranked, cluster: ArrayLike<number>, B: number, seed: string,
  stratum = CLUSTER_STRATUM, partOf?: { part: ArrayLike<number>; parts: number }): number {
  return clusterPermutationTest(r, cluster, B, seed, stratum, partOf).above;
}

/** source[k] = the cluster whose outcomes cluster k takes, for the clusters of stratum s (a uniform shuffle). */
function permuteStratum(L: ClusterLayout, s: number, source: Int32Array, rng: FastRng): void {
  const a = L.strataStart[s]!, z = L.strataStart[s + 1]!;
  const members = L.strataMembers;
  for (let i = a; i < z; i++) source[members[i]!] = members[i]!;
  for (let i = z - 1; i > a; i--) {
    const j = a + rng.index(i - a + 1);
    const ki = members[i]!, kj = members[j]!;
    const t = source[ki]!;
    source[ki] = source[kj]!;
    source[kj] = t;
  }
}

/** A clustered sample's design effect and effective class counts (for power). */
export interface DesignEffect {
  /** Intra-cluster correlation of the labels (one-way ANOVA estimator, floored at 0). */
  icc: number;
  /** 1 + (size-weighted mean cluster size - 1) x icc. */
  deff: number;
  n1: number;
  n0: number;
}

/**
 * How much clustering shrinks a sample: the labels' intra-cluster
 * correlation and the design effect, and the class counts divided by it.
 * The design effect of the labels alone is that of a criterion whose score
 * is shared within a cluster (a market-level criterion), the worst case;
 * scores that vary within clusters fare better.
 */
export function designEffect(labels: ArrayLike<number>, cluster: ArrayLike<number>): DesignEffect {
  const sums = new Map<number, { n: number; y: number }>();
  let N = 0, Y = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!(y === 0 || y === 1)) continue;
    const s = sums.get(cluster[i]!) ?? { n: 0, y: 0 };
    s.n++; s.y += y;
    sums.set(cluster[i]!, s);
    N++; Y += y;
  }
  const K = sums.size;
  if (N === 0 || K < 2 || N === K) return { icc: 0, deff: 1, n1: Y, n0: N - Y };
  const mean = Y / N;
  let ssb = 0, ssw = 0, sq = 0;
  for (const { n, y } of sums.values()) {
    const m = y / n;
    ssb += n * (m - mean) ** 2;
    ssw += y * (1 - m) ** 2 + (n - y) * m ** 2;
    sq += n * n;
  }
  const msb = ssb / (K - 1), msw = ssw / (N - K);
  const n0 = (N - sq / N) / (K - 1);
  const icc = Math.max(0, msb + (n0 - 1) * msw > 0 ? (msb - msw) / (msb + (n0 - 1) * msw) : 0);
  const deff = 1 + (sq / N - 1) * icc;
  return { icc, deff, n1: Math.max(1, Math.round(Y / deff)), n0: Math.max(1, Math.round((N - Y) / deff)) };
}
