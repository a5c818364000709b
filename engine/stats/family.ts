/**
 * Sweep-honest inference for a parameter grid: the family-wise p-value of
 * its best row by a max-statistic permutation (Westfall & Young's single-step
 * maxT). One permutation of the episodes' labels is applied to EVERY
 * parameter set at once, and the largest |AUC - 0.5| across the grid is
 * recorded; a row's family-wise p is the share of permutations whose largest
 * statistic reaches that row's:
 *   p_j = (1 + #{b : max_k T_k^b >= T_j}) / (1 + B),   T = |AUC - 0.5|.
 * So the best row of a 900-set sweep is compared with the best of 900 sets on
 * shuffled labels — what the sweep's luck alone produces — and strongly
 * correlated sets (neighbouring parameters) cost less than a Bonferroni
 * correction would charge. Valid under the complete null (no set informative)
 * and controls the family-wise error rate under subset pivotality.
 *
 * Sets may abstain on different episodes: each set's AUC uses the episodes it
 * scored, with the shared permuted labels. Statistics are compared with a
 * tolerance of 1e-12 so sets with different class counts whose AUCs are equal
 * in exact arithmetic count as ties.
 */
import { FastRng } from './random.ts';
import { midranks, rankPrepare } from './ranking.ts';

/** One parameter set's scores on the shared episodes (NaN = not scored). */
export type GridScores = readonly ArrayLike<number>[];

export interface FamilyResult {
  /** |AUC - 0.5| per set (NaN when undefined). */
  statistic: Float64Array;
  /** Family-wise p per set (NaN when its statistic is undefined or B = 0). */
  adjusted: Float64Array;
  /** Index of the set with the largest statistic (-1 when none is defined). */
  best: number;
}

const TIE_TOLERANCE = 1e-12;

/** |AUC - 0.5| from the rank sum r1 of n1 positives among n1 + n0 scored items (every form of the test computes it here). */
function rankStatistic(r1: number, n1: number, n0: number): number {
  return Math.abs((r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0) - 0.5);
}

/** A set's scored items and their midranks among them. */
interface SetRanks {
  items: Int32Array;
  ranks: Float64Array;
}

function setRanks(scores: ArrayLike<number>, n: number): SetRanks {
  const ones = new Float64Array(n).fill(1); // labels do not matter for ranking; NaN scores drop out
  const r = rankPrepare(scores, ones, 'familyWise');
  const mr = midranks(r);
  const ranks = new Float64Array(r.m);
  const items = new Int32Array(r.m);
  for (let p = 0; p < r.m; p++) { items[p] = r.item[p]!; ranks[p] = mr[p]!; }
  return { items, ranks };
}

/** |AUC - 0.5| of one set under labels z (NaN when a class is empty). */
function statistic(s: SetRanks, z: Float64Array): number {
  const { items, ranks } = s;
  let n1 = 0;
  let r1 = 0;
  for (let p = 0; p < items.length; p++) {
    const y = z[items[p]!]!;
    n1 += y;
    r1 += y * ranks[p]!;
  }
  const n0 = items.length - n1;
  if (n1 === 0 || n0 === 0) return NaN;
  return rankStatistic(r1, n1, n0);
}

function maxOf(sets: readonly SetRanks[], z: Float64Array, out?: Float64Array): number {
  let best = -Infinity;
  for (let j = 0; j < sets.length; j++) {
    const t = statistic(sets[j]!, z);
    if (out) out[j] = t;
    if (t > best) best = t;
  }
  return best;
}

/**
 * The grid item by item, for permutations: per item, every set's midrank
 * (0 where the set did not score it) and whether it scored it. A set's rank
 * sum of the positives is then a sum of rows over the positive items only,
 * in memory order. Midranks are multiples of 1/2 and their sums small
 * integers' halves, so every partial sum is exact in doubles: the order of
 * summation does not change a single bit of the statistic.
 */
interface DenseGrid {
  ranks: Float64Array;
  scored: Uint8Array;
  counts: Float64Array;
  /** Every set scored every item (each set's count of positives is then the same). */
  full: boolean;
  /** Scratch: per set, rank sum and count of the positives. */
  r1: Float64Array;
  n1: Float64Array;
}

/** Dense layout only while it stays small (n x K entries); larger grids use the per-set loop. */
const DENSE_LIMIT = 4_000_000;

function denseGrid(sets: readonly SetRanks[], n: number): DenseGrid {
  const K = sets.length;
  const ranks = new Float64Array(n * K);
  const scored = new Uint8Array(n * K);
  sets.forEach(({ items, ranks: r }, j) => {
    for (let p = 0; p < items.length; p++) { ranks[items[p]! * K + j] = r[p]!; scored[items[p]! * K + j] = 1; }
  });
  const counts = Float64Array.from(sets, (s) => s.items.length);
  return { ranks, scored, counts, full: counts.every((c) => c === n), r1: new Float64Array(K), n1: new Float64Array(K) };
}

/** maxOf for labels z, summing over the positive items only (the same values as maxOf, bit for bit). */
function maxOfDense(g: DenseGrid, z: Float64Array): number {
  const { ranks, scored, counts, r1, n1 } = g;
  const K = counts.length;
  r1.fill(0);
  n1.fill(0);
  let positives = 0;
  for (let i = 0; i < z.length; i++) {
    if (z[i] !== 1) continue;
    positives++;
    const base = i * K;
    if (g.full) for (let j = 0; j < K; j++) r1[j] += ranks[base + j]!;
    else for (let j = 0; j < K; j++) { r1[j] += ranks[base + j]!; n1[j] += scored[base + j]!; }
  }
  if (g.full) n1.fill(positives);
  let best = -Infinity;
  for (let j = 0; j < K; j++) {
    const a = n1[j]!, b = counts[j]! - a;
    if (a === 0 || b === 0) continue; // statistic NaN: never the max
    const t = rankStatistic(r1[j]!, a, b);
    if (t > best) best = t;
  }
  return best;
}

/**
 * The label states a family test visits: `labels` (0/1) shuffled B times in
 * one continuing Fisher-Yates sequence from `seed` (each state a uniform
 * permutation), handed to `visit` as they come. The same sequence whether
 * the grid is tested at once (familyWise) or row by row (FamilyMaxima).
 */
export function forEachPermutation(labels: ArrayLike<number>, B: number, seed: string, visit: (b: number, z: Float64Array) => void): void {
  const n = labels.length;
  const z = Float64Array.from(labels, (y) => (y > 0.5 ? 1 : 0));
  const rng = new FastRng(seed);
  const targets = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    rng.fillShuffleTargets(targets, n - 1, n); // continue shuffling the labels: each state is a uniform permutation
    for (let i = 0; i < n - 1; i++) {
      const j = targets[i]!;
      const t = z[j]!;
      z[j] = z[i]!;
      z[i] = t;
    }
    visit(b, z);
  }
}

/** Whether the permutation test runs at all (the observed grid has a defined statistic, B > 0, two items). */
function testable(best: number, B: number, n: number): boolean {
  return best >= 0 && B > 0 && n >= 2;
}

/** The set with the largest defined statistic (-1: none). */
function bestOf(observed: Float64Array): number {
  let best = -1;
  for (let j = 0; j < observed.length; j++) if (observed[j] === observed[j] && (best < 0 || observed[j]! > observed[best]!)) best = j;
  return best;
}

/**
 * The family-wise result from each set's observed statistic and the largest
 * statistic of each permutation (-Infinity or NaN: no set defined under it).
 * `maxima` is sorted in place.
 */
export function familyResult(observed: Float64Array, maxima: Float64Array, n: number): FamilyResult {
  const K = observed.length;
  const B = maxima.length;
  const best = bestOf(observed);
  const adjusted = new Float64Array(K).fill(NaN);
  if (!testable(best, B, n)) return { statistic: observed, adjusted, best };
  for (let b = 0; b < B; b++) if (maxima[b] === -Infinity) maxima[b] = NaN;
  maxima.sort(); // NaN (no set defined) sorts last and never counts
  const defined = maxima.findIndex((x) => x !== x);
  const top = defined < 0 ? B : defined;
  for (let j = 0; j < K; j++) {
    const t = observed[j]!;
    if (t !== t) continue;
    adjusted[j] = (1 + top - lowerBound(maxima, top, t - TIE_TOLERANCE)) / (1 + B);
  }
  return { statistic: observed, adjusted, best };
}

/**
 * Family-wise p-values of every set of a grid. `labels` are the episodes'
 * 0/1 labels (every entry defined), `grid[j][i]` set j's score on episode i.
 */
export function familyWise(labels: ArrayLike<number>, grid: GridScores, B: number, seed: string): FamilyResult {
  const n = labels.length;
  const K = grid.length;
  const sets = grid.map((g) => setRanks(g, n));
  const observed = new Float64Array(K);
  maxOf(sets, Float64Array.from(labels, (y) => (y > 0.5 ? 1 : 0)), observed);
  if (!testable(bestOf(observed), B, n)) return familyResult(observed, new Float64Array(0), n);
  const maxima = new Float64Array(B);
  const dense = n * K <= DENSE_LIMIT ? denseGrid(sets, n) : undefined;
  forEachPermutation(labels, B, seed, (b, z) => { maxima[b] = dense ? maxOfDense(dense, z) : maxOf(sets, z); });
  return familyResult(observed, maxima, n);
}

/**
 * The same maxT test with the grid's sets arriving one at a time (a run's
 * rows as their jobs finish): the permutations are drawn once, up front, and
 * kept as lists of positive items; each set added updates every
 * permutation's largest statistic (a maximum: the order sets come in does
 * not matter). Its sums run over the positive items in item order, like the
 * dense grid's, so `result()` equals familyWise's on the same sets, bit for
 * bit (test/assembly-ahead.test.ts).
 */
export class FamilyMaxima {
  private readonly z: Float64Array;
  private readonly positives: Int32Array;
  private readonly starts: Int32Array;
  private readonly maxima: Float64Array;
  /** Positives per permutation (the same for every permutation: a permutation of the labels). */
  private readonly ones: number;
  private added = 0;
  /** Scratch of add, reused: the scored items in rank order, each item's midrank (0: not scored), and the packed form of both. */
  private readonly order: Int32Array;
  private readonly rankOf: Float64Array;
  private readonly scoredOf: Uint8Array;
  private readonly packed: Float64Array;

  /** Permutation entries (B x positives) above which a family is not worth keeping: the caller tests it at once instead. */
  static readonly MAX_ENTRIES = 4_000_000;
  /** Bound below which packed sums are exact (2^52); a test's subclass lowers it to reach the general form (updateSparse). */
  protected readonly packedSumLimit: number = 2 ** 52;

  constructor(labels: ArrayLike<number>, readonly B: number, seed: string) {
    const n = labels.length;
    this.z = Float64Array.from(labels, (y) => (y > 0.5 ? 1 : 0));
    this.order = new Int32Array(n);
    this.rankOf = new Float64Array(n);
    this.scoredOf = new Uint8Array(n);
    this.packed = new Float64Array(n);
    this.maxima = new Float64Array(Math.max(0, B)).fill(-Infinity);
    const ones = this.z.reduce((a, y) => a + y, 0);
    this.ones = ones;
    this.positives = new Int32Array(Math.max(0, B) * ones);
    this.starts = new Int32Array(Math.max(0, B) + 1);
    let k = 0;
    if (n >= 2) {
      forEachPermutation(labels, B, seed, (b, z) => {
        this.starts[b] = k;
        for (let i = 0; i < n; i++) if (z[i] === 1) this.positives[k++] = i;
      });
    }
    this.starts[Math.max(0, B)] = k;
  }

  /** Sets added so far. */
  get size(): number {
    return this.added;
  }

  /**
   * Add a set's scores on the shared items (NaN = not scored): its observed statistic. Sets may come in any order.
   * The same midranks as setRanks (rankPrepare's order: by score, then item), kept by item in reused buffers.
   */
  add(scores: ArrayLike<number>): number {
    const count = this.rank(scores);
    const { z, rankOf, scoredOf } = this;
    let n1 = 0, r1 = 0;
    for (let i = 0; i < z.length; i++) { const y = z[i]!; n1 += y * scoredOf[i]!; r1 += y * rankOf[i]!; }
    const n0 = count - n1;
    const observed = n1 === 0 || n0 === 0 ? NaN : rankStatistic(r1, n1, n0);
    this.added++;
    if (count === z.length) this.updateFull(count);
    else if (!this.updatePacked(count)) this.updateSparse(count);
    return observed;
  }

  /** rankOf/scoredOf of a set's scores; returns how many items it scored. */
  private rank(scores: ArrayLike<number>): number {
    const { order, rankOf, scoredOf } = this;
    const n = this.z.length;
    let m = 0;
    for (let i = 0; i < n; i++) if (scores[i]! === scores[i]!) order[m++] = i;
    sortByScore(order, m, scores);
    rankOf.fill(0);
    scoredOf.fill(0);
    for (let a = 0; a < m;) {
      const s = scores[order[a]!]!;
      let b = a + 1;
      while (b < m && scores[order[b]!]! === s) b++;
      const mr = (a + 1 + b) / 2;
      for (let p = a; p < b; p++) { rankOf[order[p]!] = mr; scoredOf[order[p]!] = 1; }
      a = b;
    }
    return m;
  }

  /** Every item scored: each permutation's count of positives is `ones`; only the rank sums vary. */
  private updateFull(count: number): void {
    const { positives: P, starts: S, maxima: X, rankOf: R } = this;
    const a = this.ones, c = count - a;
    if (a === 0 || c === 0) return; // statistic NaN: never the max
    let k = 0;
    for (let b = 0; b < X.length; b++) {
      const end = S[b + 1]!;
      let r1 = 0;
      for (; k < end; k++) r1 += R[P[k]!]!;
      const t = rankStatistic(r1, a, c);
      if (t > X[b]!) X[b] = t;
    }
  }

  /**
   * Some items not scored: rank and scored flag packed in one number, rank + M x scored,
   * M a power of two above any rank sum, so one sum gives both exactly (every partial sum is
   * a multiple of 1/2 below 2^52). False when M is too large for that (then updateSparse).
   */
  private updatePacked(count: number): boolean {
    let M = 1;
    while (M <= (count * (count + 1)) / 2) M *= 2;
    if ((count + 1) * M > this.packedSumLimit) return false;
    const { positives: P, starts: S, maxima: X, packed: V, rankOf, scoredOf } = this;
    for (let i = 0; i < V.length; i++) V[i] = rankOf[i]! + M * scoredOf[i]!;
    let k = 0;
    for (let b = 0; b < X.length; b++) {
      const end = S[b + 1]!;
      let sum = 0;
      for (; k < end; k++) sum += V[P[k]!]!;
      const a = Math.floor(sum / M);
      const c = count - a;
      if (a === 0 || c === 0) continue; // statistic NaN: never the max
      const t = rankStatistic(sum - a * M, a, c);
      if (t > X[b]!) X[b] = t;
    }
    return true;
  }

  /** The general form: rank sums and counts of the positives summed apart. */
  private updateSparse(count: number): void {
    const { rankOf, scoredOf, positives, starts, maxima } = this;
    for (let b = 0; b + 1 < starts.length; b++) {
      let r1 = 0;
      let a = 0;
      for (let k = starts[b]!; k < starts[b + 1]!; k++) { const i = positives[k]!; r1 += rankOf[i]!; a += scoredOf[i]!; }
      const c = count - a;
      if (a === 0 || c === 0) continue; // statistic NaN: never the max
      const t = rankStatistic(r1, a, c);
      if (t > maxima[b]!) maxima[b] = t;
    }
  }

  /** The family-wise result, given every added set's observed statistic in the grid's order. */
  result(observed: Float64Array): FamilyResult {
    return familyResult(observed, Float64Array.from(this.maxima), this.z.length);
  }
}

/** Items order[0..m) sorted by score, then by item (rankPrepare's order): insertion sort while short, the typed array's sort beyond. */
function sortByScore(order: Int32Array, m: number, scores: ArrayLike<number>): void {
  const before = (x: number, y: number): boolean => {
    const d = scores[x]! - scores[y]!;
    return d < 0 || (!(d > 0) && x < y);
  };
  if (m > 128) {
    order.subarray(0, m).sort((x, y) => (x === y ? 0 : before(x, y) ? -1 : 1));
    return;
  }
  for (let p = 1; p < m; p++) {
    const item = order[p]!;
    let q = p - 1;
    while (q >= 0 && before(item, order[q]!)) { order[q + 1] = order[q]!; q--; }
    order[q + 1] = item;
  }
}

/** First index in sorted a[0..len) with a[i] >= x. */
function lowerBound(a: Float64Array, len: number, x: number): number {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
