/**
 * What the trading backtest needs of a dataset, cut to the bars its episodes
 * can trade on: dates, the closes of every price column its episodes use, the
 * usable opens of the market's close, and what cash earns from each close to
 * the next. Built once per run from the data (engine/run/run.ts) and carried
 * in the run's parts, so that the trades are computed at assembly from the
 * predictions, identically for any worker count or sharding.
 *
 * Opens: a missing or non-positive open (Yahoo's ^GSPC has Open=0 for
 * 1962-1982) is unusable, and so is an open equal to the close on a bar whose
 * high and low are missing or equal to it (^GSPC before 1962 repeats the close
 * in every field: a close-only bar). An open equal to the previous session's
 * close is unusable too: ^GSPC's Open field repeats the previous close on most
 * days of 1982-2006 (242 of 252 in 2000), and a fill there would be a fill at
 * the decision's own close; a real open that happens to equal it only moves the
 * fill to that session's close. Where an adjusted close replaced the raw
 * one, opens are put on the adjusted basis (open x close / raw close).
 *
 * Cash: the risk-free series is a yield in percent a year (e.g. DGS3MO), as
 * known at each close (the as-of join's lag applies); cash earns
 * rate / 100 x calendar days to the next close / 365. Where no rate is known,
 * cash earns nothing.
 */
import { isoDate } from '../calendar.ts';
import type { Dataset } from '../types.ts';

export interface TradingMarket {
  dataset: string;
  /** Calendar index (in the dataset) of the first bar kept: market index i is dataset index offset + i. */
  offset: number;
  dates: string[];
  /** Calendar day numbers of the dates. */
  days: number[];
  /** Closes of each price column an episode trades, the last known close carried over gaps. */
  closes: Record<string, number[]>;
  /**
   * Per column, the market index of its last known close: a column's data can end before the calendar
   * does (a sector file that stops earlier), and the closes carried past it are not prices. Absent: the last bar.
   */
  dataEnds?: Record<string, number>;
  /** Usable opens of the `close` column on its basis; NaN where unusable. */
  opens: number[];
  /** Cash return from each bar's close to the next (0 where no rate is known, and on the last bar). */
  cash: number[];
  /** The risk-free series cash earns ('' for none). */
  riskFree: string;
  notes: string[];
}

/** Is the open of bar i usable (see the module note)? */
function usableOpen(open: number, close: number, high: number, low: number): boolean {
  if (!(open > 0) || !Number.isFinite(open)) return false;
  if (open !== close) return true;
  const noRange = (x: number): boolean => !Number.isFinite(x) || x === close;
  return !(noRange(high) && noRange(low));
}

function carried(c: Float64Array, from: number, to: number): number[] {
  const out: number[] = [];
  let last = NaN;
  for (let i = from; i <= to; i++) {
    const x = c[i]!;
    if (Number.isFinite(x)) last = x;
    out.push(last);
  }
  return out;
}

function marketOpens(d: Dataset, from: number, to: number): number[] {
  const close = d.columns.get('close')!;
  const open = d.columns.get('open');
  const high = d.columns.get('high');
  const low = d.columns.get('low');
  const raw = d.columns.get('close_raw');
  const rawClose = (i: number): number => (raw && Number.isFinite(raw[i]!) ? raw[i]! : close[i]!);
  const out: number[] = [];
  for (let i = from; i <= to; i++) {
    const rc = rawClose(i);
    // An open equal to the previous close is a copied field (see the module note), not a print.
    const copied = open !== undefined && i > 0 && open[i]! === rawClose(i - 1);
    const ok = open !== undefined && !copied && usableOpen(open[i]!, rc, high ? high[i]! : NaN, low ? low[i]! : NaN);
    out.push(ok ? open![i]! * (close[i]! / rc) : NaN);
  }
  return out;
}

function cashReturns(d: Dataset, rate: Float64Array | undefined, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) {
    const r = rate ? rate[i]! : NaN;
    out.push(i < to && Number.isFinite(r) ? (r / 100) * ((d.dates[i + 1]! - d.dates[i]!) / 365) : 0);
  }
  return out;
}

function openNote(opens: readonly number[], dates: readonly string[], id: string): string {
  const usable = opens.filter((x) => Number.isFinite(x)).length;
  if (usable === opens.length) return `${id}: every session has a usable open`;
  if (usable === 0) return `${id}: no usable opens (missing, or close-only bars): entries and exits at the next session's close`;
  const first = opens.findIndex((x) => Number.isFinite(x));
  return `${id}: ${opens.length - usable} of ${opens.length} sessions have no usable open (missing, zero, a copy of the previous close, or a close-only bar; the first usable open is ${dates[first]}): fills there are at the session's close`;
}

function cashNote(d: Dataset, name: string, cash: readonly number[], dates: readonly string[]): string {
  if (!name) return `${d.id}: cash earns nothing (no risk-free series)`;
  const first = cash.findIndex((x) => x !== 0);
  return first < 0 ? `${d.id}: cash earns ${name}, which is not known in the traded span (so nothing)`
    : `${d.id}: cash earns ${name} from ${dates[first]}${first > 0 ? ', nothing before' : ''}`;
}

/**
 * The trading view of dataset `d` over calendar indices from..to (inclusive),
 * for the given price columns; `riskFree` names a column of `d` ('' for none).
 */
export function tradingMarket(d: Dataset, columns: readonly string[], from: number, to: number, riskFree: string): TradingMarket {
  const last = Math.min(to, d.dates.length - 1);
  const dates: string[] = [];
  const days: number[] = [];
  for (let i = from; i <= last; i++) { dates.push(isoDate(d.dates[i]!)); days.push(d.dates[i]!); }
  const closes: Record<string, number[]> = {};
  const dataEnds: Record<string, number> = {};
  for (const c of [...new Set(['close', ...columns])].sort()) {
    const col = d.columns.get(c);
    if (!col) throw new Error(`trading: dataset '${d.id}' has no '${c}' column`);
    closes[c] = carried(col, from, last);
    let end = last;
    while (end > from && !Number.isFinite(col[end]!)) end--;
    dataEnds[c] = end - from;
  }
  const opens = marketOpens(d, from, last);
  const cash = cashReturns(d, riskFree ? d.columns.get(riskFree) : undefined, from, last);
  return {
    dataset: d.id, offset: from, dates, days, closes, dataEnds, opens, cash, riskFree,
    notes: [openNote(opens, dates, d.id), cashNote(d, riskFree, cash, dates)],
  };
}
