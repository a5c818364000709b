/**
 * Seasonal windows (`seasonal`), exactly as the brief's v1 definition.
 *
 * A named calendar window, one per year, covers the trading days s..e of the
 * dataset's calendar. It is an episode when C[e] / C[s-1] > 1. The decision is
 * e; the reference low is C[s-1] (refLowIndex = s-1). Outcome over e+1..e+H:
 * failed if some close is strictly below C[s-1] (failed takes precedence over
 * censored), else censored if e+H is past the data, else durable if
 * C[e+H] >= C[e], else stalled (engine/episodes/common.ts judgeAgainstLow).
 *
 * Windows (the built-ins `santa-claus` and `first-five-days`, or anchors
 * written in a run config) and how they resolve to trading days s..e are
 * defined in engine/calendar-windows.ts. A window is evaluated in a year when
 * it resolves on the dataset's calendar (the calendar covers the edges its
 * anchors count from, s >= 1 and s <= e) and the closes C[s-1..e] are all
 * known. Hence a window is not evaluated when the data starts inside it or on
 * its first day, or ends inside it or before the month end it counts back
 * from (e.g. data ending on 2023-12-28 has no 2023 santa-claus window).
 *
 * Episode fields: refLowIndex = s-1, refLow = C[s-1]; peak = the highest close
 * of the 252 closes ending at s-1 (a 52-week high known before the window,
 * first occurrence), so drawdown = how far below that high the window started,
 * daysPeakToLow = closes from that high to s-1, daysToRegainPeak = closes from e
 * to the first close above it. Ids: `${market}:seasonal:${window}:${decisionDate}`.
 * Episodes are sorted by decision index, then window name.
 */
import { isoDate } from '../calendar.ts';
import { FIRST_FIVE_DAYS, SANTA_CLAUS, windowSpans, type WindowSpec } from '../calendar-windows.ts';
import type { Dataset, Episode } from '../types.ts';
import { CloseSearch, describe, judgeAgainstLow } from './common.ts';

export interface SeasonalParams {
  /** Outcome horizon H in trading days. */
  horizon: number;
  windows: WindowSpec[];
}

export const SEASONAL_VERSION = 'seasonal/v1';

/** Closes before the window that define its `peak` (the trailing 52-week high). */
export const SEASONAL_PEAK_LOOKBACK = 252;

export const SEASONAL_DEFAULTS: SeasonalParams = {
  horizon: 126,
  windows: [SANTA_CLAUS, FIRST_FIVE_DAYS],
};

export function validateSeasonalParams(p: SeasonalParams): string | null {
  if (!(Number.isInteger(p.horizon) && p.horizon >= 1)) return `horizon must be a positive integer, got ${p.horizon}`;
  if (!Array.isArray(p.windows) || p.windows.length === 0) return 'windows must list at least one window';
  return null;
}

// ---------------------------------------------------------------- episodes

/** Seasonal-window episodes on a dataset's closes (`closeColumn`, default `close`). */
export function findSeasonal(ds: Dataset, params: SeasonalParams = SEASONAL_DEFAULTS, closeColumn = 'close'): Episode[] {
  const bad = validateSeasonalParams(params);
  if (bad) throw new Error(`seasonal: ${bad}`);
  const c = ds.columns.get(closeColumn);
  if (!c) throw new Error(`dataset '${ds.id}' has no '${closeColumn}' column`);
  const out: Episode[] = [];
  for (const w of params.windows) out.push(...seasonalOnCloses(ds.id, ds.dates, c, w, params.horizon, closeColumn));
  out.sort((a, b) => a.decisionIndex - b.decisionIndex || (a.window! < b.window! ? -1 : a.window! > b.window! ? 1 : 0));
  return out;
}

/** The episodes of one window on closes `c` over `dates`. */
export function seasonalOnCloses(market: string, dates: Int32Array, c: Float64Array, w: WindowSpec, horizon: number,
  priceColumn = 'close'): Episode[] {
  const out: Episode[] = [];
  let search: CloseSearch | undefined; // made on the first episode, for all of them
  let lastDecision = -1;
  for (const { s, e } of windowSpans(dates, w)) {
    let known = true;
    for (let i = s - 1; i <= e; i++) if (Number.isNaN(c[i]!)) { known = false; break; }
    if (!known || e <= lastDecision) continue; // one window per year; never the same decision twice
    lastDecision = e;
    const low = c[s - 1]!;
    if (!(c[e]! / low > 1)) continue;
    // Peak: the trailing 52-week high up to s-1 (first occurrence).
    let pk = s - 1;
    for (let i = Math.max(0, s - SEASONAL_PEAK_LOOKBACK); i <= s - 1; i++) {
      if (c[i]! > c[pk]! || (c[i]! === c[pk]! && i < pk)) pk = i;
    }
    const decisionDate = isoDate(dates[e]!);
    const point = {
      id: `${market}:seasonal:${w.name}:${decisionDate}`,
      market, kind: 'seasonal' as const,
      decisionIndex: e, decisionDate,
      refLowIndex: s - 1, refLowDate: isoDate(dates[s - 1]!), refLow: low,
      peakIndex: pk, peakDate: isoDate(dates[pk]!), peak: c[pk]!,
      priceColumn, window: w.name, windowStartIndex: s,
    };
    out.push(describe(point, c, judgeAgainstLow(c, e, low, horizon), horizon, (search ??= new CloseSearch(c))));
  }
  return out;
}
