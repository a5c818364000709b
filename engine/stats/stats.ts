/**
 * Statistics for scoring criteria against durable / not-durable labels.
 *
 * Every export is a pure function: no module-level mutable state, no
 * unseeded randomness, no clocks. Randomness comes only from `makeRng(seed)`, so the
 * same inputs and seed give bit-identical outputs on any machine or worker.
 *
 * Conventions shared by every function here:
 *  - Labels: 1 = durable (positive), 0 = not durable (negative). A label is
 *    positive when `label > 0.5`, so booleans coerced to numbers also work.
 *    A NaN label means "unlabelled": that item is left out.
 *  - Scores: a criterion's score in [0, 1], higher = more likely durable.
 *    A NaN score means "abstained": that item is left out of rank-based
 *    metrics, Brier and calibration.
 *  - Calls (for the confusion matrix): 1 = called durable, 0 = not; a NaN
 *    call is an abstention and the item is left out.
 *  - "Undefined" results (a ratio with a zero denominator, AUC with one class
 *    empty, ...) are NaN, never silently 0. Bootstrap / permutation code skips
 *    NaN statistics and reports how many were valid.
 *  - Array arguments that go together must have equal lengths (RangeError).
 */
import seedrandom from 'seedrandom';

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/**
 * Seeded uniform generator on [0, 1).
 *
 * Uses seedrandom's Alea generator (53-bit output, period ~2^116, passes
 * BigCrush) rather than the default ARC4 one because it is ~5x faster, which
 * matters in bootstrap and permutation loops that draw tens of millions of
 * numbers. The string seed is hashed by seedrandom, so any string is fine.
 */
export function makeRng(seed: string): () => number {
  return seedrandom.alea(seed);
}

/**
 * Deterministic seed for one job of a run. The run seed's length is written
 * in front so that the encoding is unambiguous: ("a/b", "c") and ("a", "b/c")
 * give different seeds. A numeric run seed and its decimal string are the same
 * seed (42 and "42").
 */
export function deriveSeed(runSeed: string | number, jobKey: string): string {
  const rs = String(runSeed);
  return `${rs.length}:${rs}/${jobKey}`;
}

/** Uniform integer in [0, n) from a [0,1) generator. */
function drawIndex(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: length mismatch (${a.length} vs ${b.length})`);
  }
}

function isPositiveLabel(label: number): boolean {
  return label > 0.5;
}

/** Ratio, NaN when the denominator is 0. */
function ratio(num: number, den: number): number {
  return den === 0 ? NaN : num / den;
}

/** Arithmetic mean of the non-NaN values; NaN when there are none. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) {
      s += v;
      k++;
    }
  }
  return k === 0 ? NaN : s / k;
}

/**
 * Quantile of an ascending-sorted array, by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the R / NumPy default):
 * h = (N-1) q, result = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * NaN entries are ignored wherever they sit (the order of the rest is kept).
 * NaN when no non-NaN values remain or q is outside [0, 1].
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) return NaN;
  let hasNaN = false;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i] !== sorted[i]) {
      hasNaN = true;
      break;
    }
  }
  let xs: ArrayLike<number> = sorted;
  if (hasNaN) {
    const kept: number[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i]!;
      if (v === v) kept.push(v);
    }
    xs = kept;
  }
  return quantileNoNaN(xs, xs.length, q);
}

/** Type-7 quantile of the first `len` entries of a sorted, NaN-free array. */
function quantileNoNaN(xs: ArrayLike<number>, len: number, q: number): number {
  if (len === 0) return NaN;
  if (len === 1) return xs[0]!;
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  if (lo >= len - 1) return xs[len - 1]!;
  const a = xs[lo]!;
  const b = xs[lo + 1]!;
  const frac = h - lo;
  return frac === 0 ? a : a + frac * (b - a);
}

/** Median of the non-NaN values (average of the middle two for even counts); NaN when none. */
export function median(values: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) k++;
  const xs = new Float64Array(k);
  k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) xs[k++] = v;
  }
  xs.sort();
  return quantileNoNaN(xs, k, 0.5);
}

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

/**
 * Human-readable small-sample warning. '' when n >= 30 and each class has at
 * least 5 members; otherwise the reasons joined by '; ', e.g.
 * "n=12 < 30; only 3 durable".
 */
export function smallSampleFlag(n: number, positives: number, negatives: number): string {
  const reasons: string[] = [];
  if (n < 30) reasons.push(`n=${n} < 30`);
  if (positives < 5) reasons.push(`only ${positives} durable`);
  if (negatives < 5) reasons.push(`only ${negatives} not durable`);
  return reasons.join('; ');
}

// ---------------------------------------------------------------------------
// Confusion matrix and threshold metrics
// ---------------------------------------------------------------------------

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Confusion matrix of binary calls against labels. Positive = durable.
 * A call counts as "called durable" when `call > 0.5`. Items whose label or
 * call is NaN (unlabelled / abstained) are not counted anywhere.
 */
export function confusion(labels: ArrayLike<number>, calls: ArrayLike<number>): Confusion {
  checkSameLength(labels, calls, 'confusion');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const c = calls[i]!;
    if (y !== y || c !== c) continue;
    const pos = isPositiveLabel(y);
    if (c > 0.5) {
      if (pos) tp++;
      else fp++;
    } else if (pos) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

export interface ClassificationMetrics {
  precision: number;
  recall: number;
  specificity: number;
  f1: number;
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
}

/**
 * Threshold metrics from a confusion matrix. Each is NaN when its denominator
 * is zero:
 *  - precision   = tp / (tp + fp)           (NaN if nothing was called durable)
 *  - recall      = tp / (tp + fn)           (NaN if there are no durable items)
 *  - specificity = tn / (tn + fp)           (NaN if there are no non-durable items)
 *  - f1          = 2tp / (2tp + fp + fn)    (equals the harmonic mean of precision
 *                  and recall when both are defined; 0 when tp = 0 but there are
 *                  positives or positive calls; NaN only when tp = fp = fn = 0)
 *  - accuracy    = (tp + tn) / N
 *  - balancedAccuracy = (recall + specificity) / 2 (NaN if either is NaN)
 *  - mcc = (tp tn - fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)).
 *    CHOICE: when any of the four margins is 0 (a criterion that always, or
 *    never, calls durable; or a one-class sample) we return NaN, not the 0 that
 *    some libraries return. A degenerate caller is "undefined", not "exactly
 *    chance", and NaN keeps it from looking like a measured null result.
 */
export function classificationMetrics(c: Confusion): ClassificationMetrics {
  const { tp, fp, tn, fn } = c;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const specificity = ratio(tn, tn + fp);
  const f1 = ratio(2 * tp, 2 * tp + fp + fn);
  const accuracy = ratio(tp + tn, tp + fp + tn + fn);
  const balancedAccuracy = (recall + specificity) / 2; // NaN propagates
  const den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
  const mcc = den === 0 ? NaN : (tp * tn - fp * fn) / Math.sqrt(den);
  return { precision, recall, specificity, f1, accuracy, balancedAccuracy, mcc };
}

// ---------------------------------------------------------------------------
// Ranking: shared preparation (sort once, group ties)
// ---------------------------------------------------------------------------

/** Valid (non-NaN score and label) items, sorted ascending by score, ties grouped. */
interface Ranked {
  /** Number of valid items. */
  m: number;
  n1: number;
  n0: number;
  /** Original index of the item at each sorted position. */
  item: Int32Array;
  /** 1 if the item at each sorted position is positive. */
  pos: Uint8Array;
  /** Score at each sorted position. */
  score: Float64Array;
  /** Tie groups: group g covers sorted positions [groupStart[g], groupStart[g+1]). */
  groupStart: Int32Array;
  groups: number;
}

function rankPrepare(scores: ArrayLike<number>, labels: ArrayLike<number>, what: string): Ranked {
  checkSameLength(scores, labels, what);
  const n = scores.length;
  let m = 0;
  const tmp = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    const y = labels[i]!;
    if (s === s && y === y) tmp[m++] = i;
  }
  const item = tmp.slice(0, m);
  // Stable, deterministic order: by score, then by original index.
  item.sort((a, b) => {
    const d = scores[a]! - scores[b]!;
    return d < 0 ? -1 : d > 0 ? 1 : a - b;
  });
  const pos = new Uint8Array(m);
  const score = new Float64Array(m);
  const starts = new Int32Array(m + 1);
  let groups = 0;
  let n1 = 0;
  for (let p = 0; p < m; p++) {
    const i = item[p]!;
    score[p] = scores[i]!;
    if (isPositiveLabel(labels[i]!)) {
      pos[p] = 1;
      n1++;
    }
    if (p === 0 || score[p] !== score[p - 1]) starts[groups++] = p;
  }
  starts[groups] = m;
  return { m, n1, n0: m - n1, item, pos, score, groupStart: starts.slice(0, groups + 1), groups };
}

/**
 * Mann-Whitney U (count of positive > negative pairs, ties counted half),
 * from a single ascending sweep over tie groups. All terms are multiples of
 * 0.5, so the result is exact in double precision.
 */
function mannWhitneyU(r: Ranked): number {
  const { pos, groupStart, groups } = r;
  let u = 0;
  let negBelow = 0;
  for (let g = 0; g < groups; g++) {
    const end = groupStart[g + 1]!;
    let gp = 0;
    let gn = 0;
    for (let p = groupStart[g]!; p < end; p++) {
      if (pos[p] === 1) gp++;
      else gn++;
    }
    u += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
  }
  return u;
}

/** Midrank (1-based, ties averaged) at each sorted position. */
function midranks(r: Ranked): Float64Array {
  const out = new Float64Array(r.m);
  for (let g = 0; g < r.groups; g++) {
    const a = r.groupStart[g]!;
    const b = r.groupStart[g + 1]!;
    const mr = (a + 1 + b) / 2;
    for (let p = a; p < b; p++) out[p] = mr;
  }
  return out;
}

/**
 * ROC AUC = Mann-Whitney U / (n1 n0): the probability that a random durable
 * item scores above a random non-durable one, ties counted half. O(n log n).
 * NaN if either class is empty (after dropping NaN scores / labels).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const r = rankPrepare(scores, labels, 'rocAuc');
  if (r.n1 === 0 || r.n0 === 0) return NaN;
  return mannWhitneyU(r) / (r.n1 * r.n0);
}

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/**
 * ROC curve as the vertices of the empirical step curve. Point k is the
 * (false positive rate, true positive rate) of the rule "call durable when
 * score >= thresholds[k]". thresholds[0] = +Infinity gives (0, 0); then one
 * point per distinct score, descending, ending at (1, 1) with the smallest
 * score. Tied scores form a single point, so a tie group is a diagonal
 * segment, and the trapezoidal area under these points equals `rocAuc`.
 * Empty arrays if either class is empty.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocCurve {
  const r = rankPrepare(scores, labels, 'rocCurve');
  const fpr: number[] = [];
  const tpr: number[] = [];
  const thresholds: number[] = [];
  if (r.n1 === 0 || r.n0 === 0) return { fpr, tpr, thresholds };
  fpr.push(0);
  tpr.push(0);
  thresholds.push(Infinity);
  let tp = 0;
  let fp = 0;
  for (let g = r.groups - 1; g >= 0; g--) {
    const a = r.groupStart[g]!;
    const b = r.groupStart[g + 1]!;
    for (let p = a; p < b; p++) {
      if (r.pos[p] === 1) tp++;
      else fp++;
    }
    fpr.push(fp / r.n0);
    tpr.push(tp / r.n1);
    thresholds.push(r.score[a]!);
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the precision-recall curve as AVERAGE PRECISION (the
 * scikit-learn definition, no interpolation):
 *   AP = sum_k (R_k - R_{k-1}) P_k
 * over the thresholds "score >= t" for each distinct score t, descending,
 * where P_k and R_k are precision and recall at threshold k (R_0 = 0). Tied
 * scores enter together as one threshold. Equivalently, with no ties, the mean
 * over durable items of the precision at that item's rank.
 * NaN if there are no durable items; 1 if there are no non-durable ones. The
 * chance level is the base rate n1 / n, not 0.5.
 */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const r = rankPrepare(scores, labels, 'prAuc');
  if (r.n1 === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let g = r.groups - 1; g >= 0; g--) {
    const end = r.groupStart[g + 1]!;
    let gp = 0;
    for (let p = r.groupStart[g]!; p < end; p++) {
      if (r.pos[p] === 1) gp++;
      else fp++;
    }
    if (gp > 0) {
      tp += gp;
      ap += (gp / r.n1) * (tp / (tp + fp));
    }
  }
  return ap;
}

/** Brier score: mean of (score - label)^2 over items with non-NaN score and label; NaN if none. */
export function brier(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(scores, labels, 'brier');
  let s = 0;
  let k = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]!;
    const y = labels[i]!;
    if (p !== p || y !== y) continue;
    const d = p - (isPositiveLabel(y) ? 1 : 0);
    s += d * d;
    k++;
  }
  return k === 0 ? NaN : s / k;
}

export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  observedRate: number;
}

/**
 * Reliability-diagram bins: `bins` equal-width bins on [0, 1]. Bin i covers
 * [i/bins, (i+1)/bins); the last bin is closed so a score of exactly 1.0
 * belongs to it. Scores below 0 or above 1 (which a criterion should not
 * produce) are clamped into the first / last bin. Items with NaN score or
 * label are skipped. Empty bins have n = 0 and NaN meanScore / observedRate.
 */
export function calibrationBins(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  checkSameLength(scores, labels, 'calibrationBins');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibrationBins: bins must be a positive integer, got ${bins}`);
  const count = new Float64Array(bins);
  const sumScore = new Float64Array(bins);
  const sumPos = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const y = labels[i]!;
    if (s !== s || y !== y) continue;
    let b = Math.floor(s * bins);
    // Keep membership consistent with the reported edges lo = b/bins, hi = (b+1)/bins
    // despite rounding in s * bins.
    if (b > 0 && b < bins && s < b / bins) b--;
    else if (b + 1 < bins && b >= 0 && s >= (b + 1) / bins) b++;
    if (b < 0) b = 0;
    if (b >= bins) b = bins - 1;
    count[b]!++;
    sumScore[b]! += s;
    if (isPositiveLabel(y)) sumPos[b]!++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b]!;
    out.push({
      lo: b / bins,
      hi: (b + 1) / bins,
      n,
      meanScore: n === 0 ? NaN : sumScore[b]! / n,
      observedRate: n === 0 ? NaN : sumPos[b]! / n,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Bootstrap
// ---------------------------------------------------------------------------

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Seed for `makeRng`; use `deriveSeed(runSeed, jobKey)`. */
  seed: string;
  /** Two-sided coverage of the percentile interval (default 0.95). */
  level?: number;
  /**
   * Optional group id per item (e.g. calendar year of each episode). When
   * given, whole groups are resampled with replacement (block bootstrap).
   */
  groups?: Int32Array;
}

export interface Interval {
  lo: number;
  hi: number;
  /** Resamples whose statistic was not NaN (the interval is built from these). */
  valid: number;
}

/** Items grouped by group id, CSR layout. Groups are numbered in ascending id order. */
interface GroupIndex {
  count: number;
  start: Int32Array; // length count + 1
  members: Int32Array; // item indices, ascending within each group
  maxSize: number;
}

function buildGroups(groups: Int32Array, n: number): GroupIndex {
  if (groups.length !== n) throw new RangeError(`bootstrap: groups has length ${groups.length}, expected ${n}`);
  const ids = Array.from(new Set(groups)).sort((a, b) => a - b);
  const idOf = new Map<number, number>();
  for (let g = 0; g < ids.length; g++) idOf.set(ids[g]!, g);
  const count = ids.length;
  const sizes = new Int32Array(count);
  const gOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = idOf.get(groups[i]!)!;
    gOf[i] = g;
    sizes[g]!++;
  }
  const start = new Int32Array(count + 1);
  let maxSize = 0;
  for (let g = 0; g < count; g++) {
    start[g + 1] = start[g]! + sizes[g]!;
    if (sizes[g]! > maxSize) maxSize = sizes[g]!;
  }
  const fill = start.slice(0, count);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[gOf[i]!]!++] = i;
  return { count, start, members, maxSize };
}

function checkBootstrapOptions(opts: BootstrapOptions): { resamples: number; level: number } {
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  if (typeof opts.seed !== 'string') throw new TypeError('bootstrap: seed must be a string');
  return { resamples, level };
}

/** Percentile interval from the first `valid` entries of `stats` (sorted in place). */
function percentileInterval(stats: Float64Array, valid: number, level: number): Interval {
  if (valid === 0) return { lo: NaN, hi: NaN, valid: 0 };
  const v = stats.subarray(0, valid);
  v.sort();
  const alpha = (1 - level) / 2;
  return { lo: quantileNoNaN(v, valid, alpha), hi: quantileNoNaN(v, valid, 1 - alpha), valid };
}

/**
 * Percentile bootstrap interval for `statistic`.
 *
 * Each resample draws n indices uniformly from 0..n-1 with replacement (in
 * order, one rng() per index) and calls `statistic(idx)`. With `groups`
 * (block bootstrap) each resample instead draws G group numbers uniformly
 * with replacement, G = number of distinct group ids, and `idx` is the
 * concatenation of the drawn groups' members (so its length varies).
 *
 * `idx` is a reused buffer (or a view of it): the statistic must not keep a
 * reference to it or modify it. NaN statistics (e.g. AUC on a one-class
 * resample) are skipped; `valid` says how many were kept. The interval is the
 * (1-level)/2 and (1+level)/2 type-7 quantiles of the valid statistics; NaN
 * bounds if none were valid (or n = 0).
 */
export function bootstrapInterval(
  n: number,
  statistic: (idx: Int32Array) => number,
  opts: BootstrapOptions,
): Interval {
  const { resamples, level } = checkBootstrapOptions(opts);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bootstrapInterval: n must be a non-negative integer, got ${n}`);
  if (n === 0) return { lo: NaN, hi: NaN, valid: 0 };
  const rng = makeRng(opts.seed);
  const stats = new Float64Array(resamples);
  let valid = 0;
  if (opts.groups === undefined) {
    const idx = new Int32Array(n);
    for (let b = 0; b < resamples; b++) {
      for (let i = 0; i < n; i++) idx[i] = drawIndex(rng, n);
      const v = statistic(idx);
      if (v === v) stats[valid++] = v;
    }
  } else {
    const gi = buildGroups(opts.groups, n);
    const G = gi.count;
    const { start, members } = gi;
    const buf = new Int32Array(G * gi.maxSize);
    for (let b = 0; b < resamples; b++) {
      let len = 0;
      for (let k = 0; k < G; k++) {
        const g = drawIndex(rng, G);
        const end = start[g + 1]!;
        for (let q = start[g]!; q < end; q++) buf[len++] = members[q]!;
      }
      const v = statistic(len === buf.length ? buf : buf.subarray(0, len));
      if (v === v) stats[valid++] = v;
    }
  }
  return percentileInterval(stats, valid, level);
}

/**
 * Fast percentile bootstrap interval for ROC AUC.
 *
 * Draws EXACTLY the same resamples as
 *   bootstrapInterval(scores.length, idx => rocAuc(scores[idx], labels[idx]), opts)
 * (same rng sequence, i.i.d. or block) and gives the same AUC per resample to
 * the last bit, but sorts once: each resample only counts how many times each
 * item was drawn and computes the multiplicity-weighted Mann-Whitney U in one
 * O(n) sweep over the pre-sorted tie groups:
 *   U = sum over tie groups of w1(g) * (W0(below g) + w0(g) / 2),
 * AUC = U / (W1 W0). Items with a NaN score or label are drawn like any other
 * item (to keep the rng sequence identical) but carry no weight.
 */
export function bootstrapAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: BootstrapOptions,
): Interval {
  const { resamples, level } = checkBootstrapOptions(opts);
  const r = rankPrepare(scores, labels, 'bootstrapAuc');
  const n = scores.length;
  if (n === 0) return { lo: NaN, hi: NaN, valid: 0 };
  // Sorted position of each original item (-1 if excluded).
  const posOf = new Int32Array(n).fill(-1);
  for (let p = 0; p < r.m; p++) posOf[r.item[p]!] = p;
  const { pos, groupStart, groups } = r;
  const w = new Int32Array(r.m); // multiplicity per sorted position
  const rng = makeRng(opts.seed);
  const stats = new Float64Array(resamples);
  let valid = 0;
  const gi = opts.groups === undefined ? null : buildGroups(opts.groups, n);
  for (let b = 0; b < resamples; b++) {
    w.fill(0);
    if (gi === null) {
      for (let i = 0; i < n; i++) {
        const p = posOf[drawIndex(rng, n)]!;
        if (p >= 0) w[p]!++;
      }
    } else {
      const G = gi.count;
      const { start, members } = gi;
      for (let k = 0; k < G; k++) {
        const g = drawIndex(rng, G);
        const end = start[g + 1]!;
        for (let q = start[g]!; q < end; q++) {
          const p = posOf[members[q]!]!;
          if (p >= 0) w[p]!++;
        }
      }
    }
    let u = 0;
    let negBelow = 0;
    let w1 = 0;
    for (let g = 0; g < groups; g++) {
      const end = groupStart[g + 1]!;
      let gp = 0;
      let gn = 0;
      for (let p = groupStart[g]!; p < end; p++) {
        if (pos[p] === 1) gp += w[p]!;
        else gn += w[p]!;
      }
      if (gp !== 0) u += gp * (negBelow + 0.5 * gn);
      negBelow += gn;
      w1 += gp;
    }
    if (w1 !== 0 && negBelow !== 0) stats[valid++] = u / (w1 * negBelow);
  }
  return percentileInterval(stats, valid, level);
}

// ---------------------------------------------------------------------------
// Permutation test
// ---------------------------------------------------------------------------

export interface PermutationOptions {
  /** Number of label permutations B (default 2000). */
  permutations?: number;
  seed: string;
  /** Only 'auc' is supported. */
  statistic?: 'auc';
}

/**
 * One-sided permutation p-value for "the criterion ranks durable items above
 * non-durable ones better than chance", using AUC as the statistic:
 *   p = (1 + #{b : AUC_b >= AUC_obs}) / (1 + B).
 * This p-value is valid (P(p <= a) <= a under the null) and never 0.
 *
 * Speed: midranks of the scores are computed once; a permutation of the
 * labels only decides WHICH n1 items are positive, and
 *   AUC = (sum of positives' midranks - n1(n1+1)/2) / (n1 n0),
 * so each permutation is a partial Fisher-Yates shuffle of the midrank vector
 * that draws a uniformly random subset of size k = min(n1, n0) (k rng calls;
 * the same distribution as a full Fisher-Yates shuffle of the labels). The
 * comparison uses exact rank sums (multiples of 0.5), so ties with the
 * observed AUC are counted exactly. Items with NaN score or label are
 * excluded first. NaN when either class is empty.
 */
export function permutationPValue(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: PermutationOptions,
): number {
  const B = opts.permutations ?? 2000;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`permutationPValue: permutations must be a positive integer, got ${B}`);
  if ((opts.statistic ?? 'auc') !== 'auc') throw new RangeError(`permutationPValue: unsupported statistic ${String(opts.statistic)}`);
  const r = rankPrepare(scores, labels, 'permutationPValue');
  const { m, n1, n0 } = r;
  if (n1 === 0 || n0 === 0) return NaN;
  const ranks = midranks(r);
  let obs = 0; // rank sum of the positives
  for (let p = 0; p < m; p++) if (r.pos[p] === 1) obs += ranks[p]!;
  const total = (m * (m + 1)) / 2;
  const pickPositives = n1 <= n0;
  const k = pickPositives ? n1 : n0;
  const rng = makeRng(opts.seed);
  let atLeast = 0;
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const j = i + drawIndex(rng, m - i);
      const t = ranks[j]!;
      ranks[j] = ranks[i]!;
      ranks[i] = t;
      s += t;
    }
    const r1 = pickPositives ? s : total - s;
    if (r1 >= obs) atLeast++;
  }
  return (1 + atLeast) / (1 + B);
}

// ---------------------------------------------------------------------------
// Multiple testing
// ---------------------------------------------------------------------------

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
