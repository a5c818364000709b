/**
 * Percentile bootstrap intervals: the generic one (any statistic of a
 * resample's indices) and the fast one for ROC AUC, each either i.i.d. over
 * items or a block bootstrap over groups (e.g. calendar years).
 */
import { quantileNoNaN } from './descriptive.ts';
import { rankPrepare } from './ranking.ts';
import { drawIndex, makeRng } from './random.ts';

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
