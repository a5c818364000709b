/**
 * Percentile bootstrap intervals, i.i.d. over items or a block bootstrap over
 * groups (e.g. calendar years).
 *
 * The fast path is `ResampleScheme`: each resample is drawn once as a weight
 * vector (how many times each item was drawn), and every statistic of a row
 * is computed from that same vector, so the statistics share one resample set
 * per scheme. Buffers are allocated once per scheme, never per resample, and
 * the draws come from `FastRng`. `bootstrapInterval` is the generic form (any
 * statistic of the drawn indices) and draws exactly the same resamples from
 * the same seed, which is how the fast statistics are tested.
 */
import { selectQuantiles } from './descriptive.ts';
import { weightedAuc } from './auc.ts';
import { rankPrepare } from './ranking.ts';
import { FastRng } from './random.ts';

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Seed of the resamples' `FastRng`; use `deriveSeed(runSeed, jobKey)`. */
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
export interface GroupIndex {
  count: number;
  start: Int32Array; // length count + 1
  members: Int32Array; // item indices, ascending within each group
  maxSize: number;
}

export function buildGroups(groups: Int32Array, n: number): GroupIndex {
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

export function checkBootstrapOptions(opts: BootstrapOptions): { resamples: number; level: number } {
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  if (typeof opts.seed !== 'string') throw new TypeError('bootstrap: seed must be a string');
  return { resamples, level };
}

/**
 * Percentile interval of a statistic's values over the resamples: the
 * (1-level)/2 and (1+level)/2 type-7 quantiles of the non-NaN values. NaN
 * values (a statistic undefined on that resample) are left out and `valid`
 * says how many were kept. Reorders `values` in place (selection, not a sort).
 */
export function percentileInterval(values: Float64Array, level: number): Interval {
  let valid = 0;
  for (let b = 0; b < values.length; b++) {
    const v = values[b]!;
    values[valid] = v;
    valid += v === v ? 1 : 0;
  }
  if (valid === 0) return { lo: NaN, hi: NaN, valid: 0 };
  const alpha = (1 - level) / 2;
  const [lo, hi] = selectQuantiles(values, valid, alpha, 1 - alpha);
  return { lo, hi, valid };
}

/**
 * How one bootstrap scheme draws its resamples as weight vectors.
 *
 * Items 0..n-1 are drawn, i.i.d. (n uniform item numbers) or by blocks (G
 * uniform group numbers, each bringing all of its members); item i's weight
 * (how many times it was drawn) goes to slot `slotOf[i]` (identity by
 * default), which lets a caller keep its weights in its own order, e.g.
 * sorted by score. `slotOf[i] = -1` drops the item: it is drawn like any
 * other (the draws do not depend on which items count) but its weight goes
 * to a spare slot at index `slots` that statistics ignore.
 *
 * Per resample: i.i.d., n draws scattered into the slots; blocks, G draws
 * counted per group, then each slot reads its group's count. No branch on
 * the data, no allocation.
 */
export class ResampleScheme {
  readonly slots: number;
  private readonly n: number;
  /** i.i.d.: the slot of each item (spare slot for dropped ones). */
  private readonly slotOf: Int32Array;
  /** Blocks: the group number of each slot, and the draws per group; empty when i.i.d. */
  private readonly groupOfSlot: Int32Array;
  private readonly groupCount: Float64Array;
  /** 0, 1, ..., G-1: group draws tally into their own group's count. */
  private readonly identity: Int32Array;

  constructor(n: number, opts: { slotOf?: Int32Array; slots?: number; groups?: Int32Array } = {}) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`ResampleScheme: n must be a positive integer, got ${n}`);
    this.n = n;
    const slots = opts.slots ?? n;
    this.slots = slots;
    this.slotOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = opts.slotOf === undefined ? i : opts.slotOf[i]!;
      this.slotOf[i] = s < 0 ? slots : s;
    }
    if (opts.groups === undefined) {
      this.groupOfSlot = new Int32Array(0);
      this.groupCount = new Float64Array(0);
      this.identity = new Int32Array(0);
    } else {
      const gi = buildGroups(opts.groups, n);
      this.groupOfSlot = new Int32Array(slots);
      for (let g = 0; g < gi.count; g++) {
        for (let q = gi.start[g]!; q < gi.start[g + 1]!; q++) {
          const slot = this.slotOf[gi.members[q]!]!;
          if (slot < slots) this.groupOfSlot[slot] = g;
        }
      }
      this.groupCount = new Float64Array(gi.count);
      this.identity = Int32Array.from({ length: gi.count }, (_, g) => g);
    }
  }

  /** A weight vector for this scheme: `slots` counted slots plus the spare one. */
  weights(): Float64Array {
    return new Float64Array(this.slots + 1);
  }

  /** Draws one resample into `w` (overwritten): w[slot] = times that slot's item was drawn. */
  draw(rng: FastRng, w: Float64Array): void {
    const G = this.groupCount.length;
    if (G === 0) {
      w.fill(0);
      rng.tally(w, this.slotOf, this.n, this.n);
      return;
    }
    const { groupCount, groupOfSlot, slots } = this;
    groupCount.fill(0);
    rng.tally(groupCount, this.identity, G, G);
    for (let p = 0; p < slots; p++) w[p] = groupCount[groupOfSlot[p]!]!;
  }
}

/**
 * Percentile bootstrap interval for `statistic`.
 *
 * Each resample draws n indices uniformly from 0..n-1 with replacement (in
 * order, one `FastRng` draw per index) and calls `statistic(idx)`. With
 * `groups` (block bootstrap) each resample instead draws G group numbers
 * uniformly with replacement, G = number of distinct group ids, and `idx` is
 * the concatenation of the drawn groups' members (so its length varies).
 * These are the resamples a `ResampleScheme` with the same seed draws.
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
  const rng = new FastRng(opts.seed);
  const stats = new Float64Array(resamples);
  if (opts.groups === undefined) {
    const idx = new Int32Array(n);
    for (let b = 0; b < resamples; b++) {
      rng.fillIndices(idx, n, n);
      stats[b] = statistic(idx);
    }
  } else {
    const gi = buildGroups(opts.groups, n);
    const G = gi.count;
    const { start, members } = gi;
    const picks = new Int32Array(G);
    const buf = new Int32Array(G * gi.maxSize);
    for (let b = 0; b < resamples; b++) {
      rng.fillIndices(picks, G, G);
      let len = 0;
      for (let k = 0; k < G; k++) {
        const g = picks[k]!;
        const end = start[g + 1]!;
        for (let q = start[g]!; q < end; q++) buf[len++] = members[q]!;
      }
      stats[b] = statistic(len === buf.length ? buf : buf.subarray(0, len));
    }
  }
  return percentileInterval(stats, level);
}

/**
 * The block bootstrap of a mean: the resamples of `bootstrapInterval` with
 * `opts.groups` (the same draws), the statistic the mean of the drawn groups'
 * members, computed from each group's sum and size (O(groups) a resample
 * instead of O(items)). Equal to the generic form with a mean statistic up to
 * the order of the floating-point additions (within 1e-12 relative; test).
 */
export function blockBootstrapMean(values: Float64Array, opts: BootstrapOptions & { groups: Int32Array }): Interval {
  const { resamples, level } = checkBootstrapOptions(opts);
  const n = values.length;
  if (n === 0) return { lo: NaN, hi: NaN, valid: 0 };
  const rng = new FastRng(opts.seed);
  const stats = new Float64Array(resamples);
  const { count: G, start, members } = buildGroups(opts.groups, n);
  const sums = new Float64Array(G), sizes = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    for (let q = start[g]!; q < start[g + 1]!; q++) sums[g] += values[members[q]!]!;
    sizes[g] = start[g + 1]! - start[g]!;
  }
  const picks = new Int32Array(G);
  for (let b = 0; b < resamples; b++) {
    rng.fillIndices(picks, G, G);
    let sum = 0, len = 0;
    for (let k = 0; k < G; k++) {
      const g = picks[k]!;
      sum += sums[g]!;
      len += sizes[g]!;
    }
    stats[b] = sum / len;
  }
  return percentileInterval(stats, level);
}

/**
 * Fast percentile bootstrap interval for ROC AUC.
 *
 * Draws EXACTLY the same resamples as
 *   bootstrapInterval(scores.length, idx => rocAuc(scores[idx], labels[idx]), opts)
 * (same draws, i.i.d. or block) and gives the same AUC per resample to the
 * last bit, but sorts once: each resample is a weight per sorted position
 * (`ResampleScheme`) and `weightedAuc` is one O(n) sweep over the tie groups.
 * Items with a NaN score or label are drawn like any other item but carry no
 * weight.
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
  const slotOf = new Int32Array(n).fill(-1);
  for (let p = 0; p < r.m; p++) slotOf[r.item[p]!] = p;
  const scheme = new ResampleScheme(n, { slotOf, slots: r.m, groups: opts.groups });
  const w = scheme.weights();
  const rng = new FastRng(opts.seed);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    scheme.draw(rng, w);
    stats[b] = weightedAuc(r, w);
  }
  return percentileInterval(stats, level);
}
