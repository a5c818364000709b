/**
 * Small helpers the built-in criteria share (not a criterion: files whose
 * name starts with `_` are helpers and are not registered).
 *
 * Everything here works on what a PointInTimeView hands out — arrays that
 * already end at the decision index t — so nothing in this file can reach
 * past the decision either.
 */
import type { PointInTimeView } from '../engine/criterion.ts';
import { isoDate } from '../engine/calendar.ts';

/** ISO date of calendar index i of the view (clamped to 0..t; '?' when unknown, for abstain texts). */
export function dateAt(view: PointInTimeView, i: number): string {
  const day = view.dates[Math.min(Math.max(i, 0), view.t)]!;
  return Number.isFinite(day) ? isoDate(day) : '?';
}

/**
 * Index of the first known (finite) value of a column at or before the
 * decision, or -1: a binary search on the shared running maximum, which is
 * NaN exactly until the first known value (O(log t), no pass over the history).
 */
export function firstKnownIndex(view: PointInTimeView, column: string): number {
  const seen = view.indicator('runningMax', column);
  if (Number.isNaN(seen[view.t]!)) return -1;
  let lo = 0, hi = view.t;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number.isNaN(seen[mid]!)) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The column whose closes define the episode (`close`, or `sector:<name>`). */
export function priceColumnOf(view: PointInTimeView): string {
  return view.decision.priceColumn || 'close';
}

/** Sector level columns (`sector:<name>`) in the dataset, in dataset order. */
export function sectorColumns(view: PointInTimeView): string[] {
  return view.columns().filter((c) => c.startsWith('sector:'));
}

/** Number formatting for abstain reasons. */
export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** True when every value of x[a..b] (inclusive, clamped to the array) is a finite number. */
export function allKnown(x: Float64Array, a: number, b: number): boolean {
  if (a < 0 || b >= x.length || a > b) return false;
  for (let i = a; i <= b; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/**
 * Reason text for a column that has no value at index i: names the column and
 * date, and when it was last known before (e.g. a series that stopped).
 */
export function notKnownAt(view: PointInTimeView, column: string, i: number, what = ''): string {
  const k = Math.min(Math.max(i, 0), view.t);
  let last = -1;
  if (view.columns().includes(column)) {
    const x = view.series(column);
    for (let j = k; j >= 0; j--) if (Number.isFinite(x[j]!)) { last = j; break; }
  }
  const tail = last >= 0 ? ` (last known ${dateAt(view, last)})` : ' (not known before it either)';
  return `${column} not known at ${dateAt(view, k)}${what ? ` ${what}` : ''}${tail}`;
}

/**
 * A daily series' value at the decision and `n` trading days before it, or
 * the specific reason one of them is not available (the abstain text).
 */
export function nowAndBarsBack(view: PointInTimeView, column: string, n: number): { now: number; then: number } | { reason: string } {
  const t = view.t;
  if (!view.has(column)) return { reason: `${column} not known by ${dateAt(view, t)}` };
  const s = view.series(column);
  const now = s[t]!;
  if (!Number.isFinite(now)) return { reason: notKnownAt(view, column, t) };
  if (t - n < 0) return { reason: `fewer than ${n} trading days before ${dateAt(view, t)} in the data` };
  const then = s[t - n]!;
  if (!Number.isFinite(then)) return { reason: notKnownAt(view, column, t - n, `(${n} trading days before the decision)`) };
  return { now, then };
}
