/**
 * Walk-forward folds: expanding-window training sets and the test block that
 * follows each, over items (episodes) on one time axis. Pure; no look-ahead.
 *
 * An item is decided at `decision` and its outcome window runs to
 * `outcomeEnd` (for an episode: decisionIndex and decisionIndex + horizon, on
 * its dataset's trading calendar). `known` is when its outcome was settled
 * (default `outcomeEnd`; a failed rally is settled on its failure day, which
 * may be earlier). Times may be any numbers that increase with time.
 *
 * Test blocks are contiguous runs of decision times; items sharing a decision
 * time are always in the same block. A step whose test block starts at time s:
 *   - test  = items decided in [s, next block's start);
 *   - train = items decided before s whose outcome was known at s
 *     (`known <= s`: settled by the close at which the first test decision
 *     is made). An item still running at s is not used, so nothing a step
 *     learns from comes after its first test decision;
 *   - with `purge`, a training item whose outcome window reaches into the
 *     test block (`outcomeEnd > s`) is dropped too (matters only when `known`
 *     is earlier than `outcomeEnd`).
 * The window expands: every later step trains on a superset (up to purge).
 *
 * Blocks: either `steps` test blocks of near-equal item count, cut from the
 * first decision time at which at least `minTrain` items are usable for
 * training; or explicit block `starts` (times, ascending; a block runs to the
 * next start, the last to the end), where a block with fewer than `minTrain`
 * training items is not tested (it still trains later steps). Empty test
 * blocks are dropped.
 */
import type { Episode } from '../types.ts';

export interface FoldItem {
  /** Decision time. */
  decision: number;
  /** Last time of the outcome window (>= decision). */
  outcomeEnd: number;
  /** When the outcome was settled (decision <= known <= outcomeEnd); default outcomeEnd. */
  known?: number;
}

export interface WalkForwardOptions {
  /** Number of test blocks of near-equal size (give this or `starts`). */
  steps?: number;
  /** Test block start times, ascending (give this or `steps`). */
  starts?: readonly number[];
  /** Fewest training items a step may use (default 1). */
  minTrain?: number;
  /** Also drop training items whose outcome window reaches into the test block (default false). */
  purge?: boolean;
}

export interface Fold {
  /** 0-based step number among the folds returned. */
  step: number;
  /** Time of the block's first decision. */
  start: number;
  /** The next block's start (exclusive), Infinity for the last block. */
  end: number;
  /** Indices into the items given, ascending by (decision, index). */
  train: number[];
  test: number[];
}

/**
 * An episode on its dataset's trading calendar: decided at decisionIndex, its
 * outcome window t+1..t+H ends at decisionIndex + horizon (conservatively
 * also when it was settled; episodes of one dataset share the calendar).
 */
export function episodeFoldItem(e: Pick<Episode, 'decisionIndex' | 'horizon'>): FoldItem {
  return { decision: e.decisionIndex, outcomeEnd: e.decisionIndex + e.horizon };
}

const knownAt = (it: FoldItem): number => it.known ?? it.outcomeEnd;

function checkItems(items: readonly FoldItem[]): void {
  items.forEach((it, i) => {
    const k = knownAt(it);
    if (!Number.isFinite(it.decision) || !Number.isFinite(it.outcomeEnd) || !Number.isFinite(k)) throw new RangeError(`folds: item ${i} has a non-finite time`);
    if (!(it.decision <= k && k <= it.outcomeEnd)) throw new RangeError(`folds: item ${i} needs decision <= known <= outcomeEnd (got ${it.decision}, ${k}, ${it.outcomeEnd})`);
  });
}

/** Training indices usable at a block starting at s (in decision order). */
function trainingAt(items: readonly FoldItem[], order: readonly number[], s: number, purge: boolean): number[] {
  const out: number[] = [];
  for (const i of order) {
    const it = items[i]!;
    if (it.decision >= s) break;
    if (knownAt(it) <= s && !(purge && it.outcomeEnd > s)) out.push(i);
  }
  return out;
}

/** Distinct decision times, ascending, with the position of each one's first item in `order`. */
function distinctTimes(items: readonly FoldItem[], order: readonly number[]): { time: number; pos: number }[] {
  const out: { time: number; pos: number }[] = [];
  order.forEach((i, pos) => {
    const t = items[i]!.decision;
    if (!out.length || out[out.length - 1]!.time !== t) out.push({ time: t, pos });
  });
  return out;
}

/** Block starts for `steps` near-equal blocks after the first time with minTrain usable items. */
function equalStarts(items: readonly FoldItem[], order: readonly number[], steps: number, minTrain: number, purge: boolean): number[] {
  const times = distinctTimes(items, order);
  const first = times.findIndex((t) => trainingAt(items, order, t.time, purge).length >= minTrain);
  if (first < 0) return [];
  const p0 = times[first]!.pos;
  const m = order.length - p0;
  const starts: number[] = [];
  for (let j = 0; j < steps; j++) {
    const target = p0 + Math.floor((j * m) / steps);
    const t = times.find((x) => x.pos >= target); // snap forward to a decision-time boundary
    if (t && (!starts.length || starts[starts.length - 1]! < t.time)) starts.push(t.time);
  }
  return starts;
}

/** The walk-forward folds of `items` (any order). */
export function walkForwardFolds(items: readonly FoldItem[], options: WalkForwardOptions): Fold[] {
  checkItems(items);
  const minTrain = options.minTrain ?? 1;
  const purge = options.purge ?? false;
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.decision - items[b]!.decision || a - b);
  let starts: number[];
  if (options.starts) {
    starts = [...options.starts];
    starts.forEach((s, k) => {
      if (!Number.isFinite(s) || (k > 0 && !(s > starts[k - 1]!))) throw new RangeError('folds: starts must be finite and strictly ascending');
    });
  } else {
    const steps = options.steps ?? 0;
    if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`folds: steps must be a positive integer, got ${steps}`);
    starts = equalStarts(items, order, steps, minTrain, purge);
  }
  const folds: Fold[] = [];
  starts.forEach((start, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]! : Infinity;
    const test = order.filter((i) => items[i]!.decision >= start && items[i]!.decision < end);
    const train = trainingAt(items, order, start, purge);
    if (test.length === 0 || train.length < minTrain) return;
    folds.push({ step: folds.length, start, end, train, test });
  });
  return folds;
}
