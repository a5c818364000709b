/**
 * Market breadth computed from a universe's members, causally: the value on
 * day d uses only closes up to d, and a member counts only on days it trades
 * (it has a close that day), from the bars its measure needs on.
 *
 *  - adv / dec / unch: members whose close is above / below / equal to their
 *    previous close (their own previous bar); adv_volume / dec_volume: their
 *    summed volume; adv_minus_dec = adv - dec.
 *  - above_50d / above_200d: the share of members with a 50- / 200-bar
 *    average whose close is above it.
 *  - new_highs / new_lows: members whose close is above the highest (below
 *    the lowest) of their previous 251 closes (a 52-week high or low); a
 *    member counts from its 252nd bar. highs_minus_lows = new_highs - new_lows.
 *  - breadth_members: members with a close and a previous close that day.
 *
 * A day on which no member counts for a measure has NaN for it. The same
 * members also give the universe's equal-weighted composite: its daily
 * return is the mean of the members' returns that day (level 100 at the
 * first day).
 */
import { rollingMax, rollingMin, sma } from './indicators.ts';

/** One member's own bars (ascending dates; finite closes). */
export interface MemberBars {
  dates: Int32Array;
  close: Float64Array;
  volume?: Float64Array;
}

export const BREADTH_COLUMNS = [
  'adv', 'dec', 'unch', 'adv_volume', 'dec_volume', 'adv_minus_dec', 'above_50d', 'above_200d',
  'new_highs', 'new_lows', 'highs_minus_lows', 'breadth_members',
] as const;
export type BreadthColumn = (typeof BREADTH_COLUMNS)[number];

/** Bars of history a 52-week high/low compares against. */
const YEAR_BARS = 251;

/** Index in `calendar` of each of the member's dates (its dates must all be in the calendar). */
export function calendarIndex(calendar: Int32Array, dates: Int32Array): Int32Array {
  const out = new Int32Array(dates.length);
  let i = 0;
  for (let k = 0; k < dates.length; k++) {
    while (i < calendar.length && calendar[i]! < dates[k]!) i++;
    if (calendar[i] !== dates[k]) throw new Error(`calendarIndex: day ${dates[k]} is not in the calendar`);
    out[k] = i;
  }
  return out;
}

interface Tallies {
  adv: Float64Array; dec: Float64Array; unch: Float64Array; advVol: Float64Array; decVol: Float64Array; counted: Float64Array;
  above50: Float64Array; n50: Float64Array; above200: Float64Array; n200: Float64Array;
  highs: Float64Array; lows: Float64Array; nYear: Float64Array;
}

function tallies(n: number): Tallies {
  const z = (): Float64Array => new Float64Array(n);
  return {
    adv: z(), dec: z(), unch: z(), advVol: z(), decVol: z(), counted: z(),
    above50: z(), n50: z(), above200: z(), n200: z(), highs: z(), lows: z(), nYear: z(),
  };
}

/** Working columns reused from member to member (as long as the longest member). */
interface Scratch { avg50: Float64Array; avg200: Float64Array; hi: Float64Array; lo: Float64Array }

function scratch(members: readonly MemberBars[]): Scratch {
  const n = members.reduce((a, m) => Math.max(a, m.close.length), 0);
  return { avg50: new Float64Array(n), avg200: new Float64Array(n), hi: new Float64Array(n), lo: new Float64Array(n) };
}

function addMember(t: Tallies, at: Int32Array, m: MemberBars, w: Scratch): void {
  const c = m.close;
  const n = c.length;
  const avg50 = sma(c, 50, w.avg50.subarray(0, n)), avg200 = sma(c, 200, w.avg200.subarray(0, n));
  const hi = rollingMax(c, YEAR_BARS, w.hi.subarray(0, n)), lo = rollingMin(c, YEAR_BARS, w.lo.subarray(0, n));
  for (let k = 0; k < c.length; k++) {
    const i = at[k]!;
    const x = c[k]!;
    if (k >= 1) {
      const prev = c[k - 1]!;
      const v = m.volume?.[k] ?? NaN;
      t.counted[i]!++;
      if (x > prev) { t.adv[i]!++; if (Number.isFinite(v)) t.advVol[i]! += v; }
      else if (x < prev) { t.dec[i]!++; if (Number.isFinite(v)) t.decVol[i]! += v; }
      else t.unch[i]!++;
    }
    if (Number.isFinite(avg50[k]!)) { t.n50[i]!++; if (x > avg50[k]!) t.above50[i]!++; }
    if (Number.isFinite(avg200[k]!)) { t.n200[i]!++; if (x > avg200[k]!) t.above200[i]!++; }
    if (k >= YEAR_BARS) {
      t.nYear[i]!++;
      if (x > hi[k - 1]!) t.highs[i]!++;
      else if (x < lo[k - 1]!) t.lows[i]!++;
    }
  }
}

/** The breadth columns on `calendar` (the union of the members' dates, or a superset). */
export function constituentBreadth(calendar: Int32Array, members: readonly MemberBars[]): Map<BreadthColumn, Float64Array> {
  const n = calendar.length;
  const t = tallies(n);
  const w = scratch(members);
  for (const m of members) addMember(t, calendarIndex(calendar, m.dates), m, w);
  const out = new Map<BreadthColumn, Float64Array>();
  const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
  const when = (den: Float64Array, f: (i: number) => number) => col((i) => (den[i]! > 0 ? f(i) : NaN));
  out.set('adv', when(t.counted, (i) => t.adv[i]!));
  out.set('dec', when(t.counted, (i) => t.dec[i]!));
  out.set('unch', when(t.counted, (i) => t.unch[i]!));
  out.set('adv_volume', when(t.counted, (i) => t.advVol[i]!));
  out.set('dec_volume', when(t.counted, (i) => t.decVol[i]!));
  out.set('adv_minus_dec', when(t.counted, (i) => t.adv[i]! - t.dec[i]!));
  out.set('above_50d', when(t.n50, (i) => t.above50[i]! / t.n50[i]!));
  out.set('above_200d', when(t.n200, (i) => t.above200[i]! / t.n200[i]!));
  out.set('new_highs', when(t.nYear, (i) => t.highs[i]!));
  out.set('new_lows', when(t.nYear, (i) => t.lows[i]!));
  out.set('highs_minus_lows', when(t.nYear, (i) => t.highs[i]! - t.lows[i]!));
  out.set('breadth_members', when(t.counted, (i) => t.counted[i]!));
  return out;
}

/**
 * The equal-weighted composite level on `calendar`: 100 on the first day,
 * then compounding the members' mean return. `skip[j]` lists bars of member
 * j whose return is left out (days a hygiene scan flagged: an unadjusted
 * split is no loss to holders).
 */
export function equalWeightComposite(calendar: Int32Array, members: readonly MemberBars[], skip: ReadonlyArray<ReadonlySet<number>> = []): Float64Array {
  const n = calendar.length;
  const sum = new Float64Array(n), count = new Float64Array(n);
  for (const [j, m] of members.entries()) {
    const at = calendarIndex(calendar, m.dates);
    for (let k = 1; k < m.close.length; k++) {
      if (skip[j]?.has(k)) continue;
      sum[at[k]!]! += m.close[k]! / m.close[k - 1]! - 1;
      count[at[k]!]!++;
    }
  }
  const level = new Float64Array(n);
  let l = 100;
  for (let i = 0; i < n; i++) {
    if (count[i]! > 0) l *= 1 + sum[i]! / count[i]!;
    level[i] = l;
  }
  return level;
}
