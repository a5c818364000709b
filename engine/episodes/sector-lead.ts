/**
 * Sector-led advances (`sector-lead`), exactly as the brief's v1 definition.
 *
 * For each sector k (dataset column `sector:<k>`, a total-return index level
 * S_k) and the market level M (column `market` by default), the relative
 * strength is RS_k = S_k / M.
 *
 *  - A close u is a *relative-strength high* when it has at least L = 252
 *    earlier closes and RS_k[u] >= max(RS_k[u-L..u-1]). A close with fewer than
 *    L earlier closes never is.
 *  - The *decision* is a relative-strength high t such that no close in
 *    t-Q..t-1 (Q = 63) was a relative-strength high, whether or not that high
 *    was itself a decision, and S_k[t] / S_k[t-A] > 1 (A = 63: the sector itself
 *    advanced; a high made only by the market falling faster does not count).
 *  - Outcome, judged at t+H (H = 126): **durable** if S_k[t+H] > S_k[t] AND
 *    RS_k[t+H] > RS_k[t] (advance and leadership both persisted), **failed**
 *    otherwise (there is no stalled for this kind), **censored** when t+H is
 *    past the data.
 *
 * Indices count the closes of the dataset's calendar. Missing values (NaN):
 *  - RS_k[u] is NaN when S_k[u] or M[u] is NaN (the sector does not exist yet,
 *    or the market is unknown that day).
 *  - Closes are counted from the sector's first known RS value f_k: u is an RS
 *    high only if u - f_k >= L (so a sector that starts late needs L closes of
 *    its own history, exactly as a series starting at f_k would), RS_k[u] is
 *    known, and RS_k[u] >= the maximum of the KNOWN values in u-L..u-1
 *    (an interior NaN, which sector readers do not produce, is left out of
 *    the maximum). Before f_k no close is an RS high.
 *  - S_k[t]/S_k[t-A] > 1 is false when either value is NaN.
 *  - An episode whose S_k[t+H] or RS_k[t+H] is unknown (t+H past the data, or
 *    the sector/market has no value there) is censored: its outcome cannot be
 *    observed.
 *
 * Episode fields (all from describe() on the sector's levels S_k):
 *  - refLowIndex = t-A, refLow = S_k[t-A]: the start of the A-close advance the
 *    decision requires (the level the advance is measured from);
 *  - peakIndex = peakDate = t, peak = S_k[t]: the decision level itself, so
 *    daysToRegainPeak is the number of closes until the sector first closes
 *    above its decision level;
 *  - drawdown and daysPeakToLow are NOT meaningful for this kind (the
 *    "low" precedes the "peak" by construction) and are NaN;
 *  - fwd21..fwd252 and mae are the sector's forward returns / maximum adverse
 *    excursion from S_k[t].
 *
 * Episodes are sorted by decision index, then sector name (code-unit order).
 * Id: `${market}:sector-lead:${sector}:${decisionDate}`.
 */
import { isoDate } from '../calendar.ts';
import { Columns, type Dataset, type Episode, type Outcome } from '../types.ts';
import { CloseSearch, describe } from './common.ts';

export interface SectorLeadParams {
  /** Outcome horizon H in closes (default 126). */
  horizon: number;
  /** Relative-strength-high lookback L in closes (default 252). */
  lookback?: number;
  /** Quiet period Q: no RS high in t-Q..t-1 (default 63). */
  quiet?: number;
  /** Advance window A: S_k[t]/S_k[t-A] > 1 (default 63). */
  advance?: number;
}

export const SECTOR_LEAD_DEFAULTS: Required<SectorLeadParams> = { horizon: 126, lookback: 252, quiet: 63, advance: 63 };
export const SECTOR_LEAD_VERSION = 'sector-lead/v1';

/** The column holding the market level by default. */
export const MARKET_COLUMN = 'market';

export function validateSectorLeadParams(p: SectorLeadParams): string | null {
  const full = { ...SECTOR_LEAD_DEFAULTS, ...p };
  for (const k of ['horizon', 'lookback', 'quiet', 'advance'] as const) {
    const v = full[k];
    if (!(Number.isInteger(v) && v >= 1)) return `${k} must be a positive integer, got ${v}`;
  }
  return null;
}

/** Sector names (without the `sector:` prefix) of a dataset, in name order. */
export function sectorNames(ds: Dataset): string[] {
  const out: string[] = [];
  for (const k of ds.columns.keys()) {
    if (k.startsWith(Columns.sectorPrefix)) out.push(k.slice(Columns.sectorPrefix.length));
  }
  return out.sort(byCodeUnits);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** RS_k = S_k / M, NaN where either is unknown. */
export function relativeStrength(s: Float64Array, m: Float64Array): Float64Array {
  const rs = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) rs[i] = s[i]! / m[i]!;
  return rs;
}

/**
 * Flags of the relative-strength highs of one RS series (1 = high), with the
 * NaN rules in the file header: counted from the first known value, the
 * maximum over the known values of the previous `lookback` closes.
 */
export function relativeStrengthHighs(rs: Float64Array, lookback = SECTOR_LEAD_DEFAULTS.lookback): Uint8Array {
  const n = rs.length;
  const flags = new Uint8Array(n);
  let first = 0;
  while (first < n && Number.isNaN(rs[first]!)) first++;
  // Monotonic deque of indices with decreasing RS over the window u-L..u-1 (known values only).
  const dq = new Int32Array(n);
  let head = 0, tail = 0;
  for (let u = first; u < n; u++) {
    while (head < tail && dq[head]! < u - lookback) head++;
    const x = rs[u]!;
    if (!Number.isNaN(x) && u - first >= lookback && head < tail && x >= rs[dq[head]!]!) flags[u] = 1;
    if (!Number.isNaN(x)) {
      while (head < tail && rs[dq[tail - 1]!]! <= x) tail--;
      dq[tail++] = u;
    }
  }
  return flags;
}

/** Sector-led advance episodes for every `sector:<k>` column against `marketColumn`. */
export function findSectorLeads(ds: Dataset, params: SectorLeadParams = SECTOR_LEAD_DEFAULTS,
  marketColumn = MARKET_COLUMN): Episode[] {
  const bad = validateSectorLeadParams(params);
  if (bad) throw new Error(`sector-lead: ${bad}`);
  const m = ds.columns.get(marketColumn);
  if (!m) throw new Error(`dataset '${ds.id}' has no '${marketColumn}' column (the market index sector-lead measures relative strength against)`);
  const names = sectorNames(ds);
  if (names.length === 0) {
    throw new Error(`dataset '${ds.id}' has no sector columns (named '${Columns.sectorPrefix}<name>'); sector-lead needs sector index levels`);
  }
  const out: Episode[] = [];
  for (const name of names) {
    const col = `${Columns.sectorPrefix}${name}`;
    out.push(...sectorLeadsOnLevels(ds.id, ds.dates, ds.columns.get(col)!, m, name, params));
  }
  // Stable sort: within one decision index, sectors were pushed in name order already.
  out.sort((a, b) => a.decisionIndex - b.decisionIndex || byCodeUnits(a.sector!, b.sector!));
  return out;
}

/** The episodes of one sector (levels `s`) against the market levels `m` on `dates`. */
export function sectorLeadsOnLevels(market: string, dates: Int32Array, s: Float64Array, m: Float64Array,
  sector: string, params: SectorLeadParams = SECTOR_LEAD_DEFAULTS): Episode[] {
  const { horizon: H, lookback: L, quiet: Q, advance: A } = { ...SECTOR_LEAD_DEFAULTS, ...params };
  const n = s.length;
  const rs = relativeStrength(s, m);
  const high = relativeStrengthHighs(rs, L);
  const priceColumn = `${Columns.sectorPrefix}${sector}`;
  const out: Episode[] = [];
  let search: CloseSearch | undefined; // made on the first episode, for all of them
  let lastHigh = -Infinity;
  for (let t = 0; t < n; t++) {
    if (!high[t]) continue;
    const quiet = t - lastHigh > Q; // no RS high in t-Q..t-1
    lastHigh = t;
    if (!quiet || t - A < 0 || !(s[t]! / s[t - A]! > 1)) continue;
    let outcome: Outcome;
    const th = t + H;
    if (th > n - 1 || Number.isNaN(s[th]!) || Number.isNaN(rs[th]!)) outcome = 'censored';
    else outcome = s[th]! > s[t]! && rs[th]! > rs[t]! ? 'durable' : 'failed';
    const decisionDate = isoDate(dates[t]!);
    const point = {
      id: `${market}:sector-lead:${sector}:${decisionDate}`,
      market, kind: 'sector-lead' as const,
      decisionIndex: t, decisionDate,
      refLowIndex: t - A, refLowDate: isoDate(dates[t - A]!), refLow: s[t - A]!,
      peakIndex: t, peakDate: decisionDate, peak: s[t]!,
      priceColumn, sector,
    };
    out.push({ ...describe(point, s, outcome, H, (search ??= new CloseSearch(s))), drawdown: NaN, daysPeakToLow: NaN });
  }
  return out;
}
