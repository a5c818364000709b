/**
 * One trade per signal, by the rules (engine/trading-spec.ts), on a
 * TradingMarket. No look-ahead: a trade enters at the first session after
 * its decision; a stop or target is triggered by a close and acted on at the
 * next session; the horizon exit is at the close of a session fixed at the
 * decision. Every price a trade uses is at or after its decision's next
 * session, and every choice it makes uses only closes already seen.
 *
 * Fills: with `entry: "open"`, a trade on the market's close fills at the
 * session's open, or at its close where the open is unusable (market.ts);
 * a trade on another column (a sector's levels) has no opens and fills at
 * closes. With `entry: "close"` every fill is at a close.
 *
 * Costs: costBp + slippageBp per side, as a fraction of the traded value:
 * the net return is exit x (1 - c) / (entry x (1 + c)) - 1.
 */
import type { TradingRules } from '../trading-spec.ts';
import type { ExitReason, Fill } from '../trading-results.ts';
import type { TradingMarket } from './market.ts';

/** What a trade needs of an episode: known at its decision. */
export interface TradeSignal {
  episode: string;
  decisionDate: string;
  /** Index of the decision in the dataset's calendar. */
  decisionIndex: number;
  /** Its price column and reference low (the stop level). */
  column: string;
  refLow: number;
  /** The episode's horizon (sessions), used when the rules give no holdDays. */
  horizon: number;
}

/** A simulated trade; indices are the market's. */
export interface Trade {
  signal: TradeSignal;
  entry: number;
  entryFill: Fill;
  entryPrice: number;
  exit: number;
  exitFill: Fill;
  exitPrice: number;
  reason: ExitReason;
  gross: number;
  net: number;
}

/** Cost per side as a fraction. */
export function costPerSide(r: TradingRules): number {
  return (r.costBp + r.slippageBp) / 10_000;
}

/** The price at which session i fills for column `column`: its usable open by rule, else its close. */
function fillAt(m: TradingMarket, column: string, i: number, r: TradingRules): { fill: Fill; price: number } {
  const o = column === 'close' && r.entry === 'open' ? m.opens[i]! : NaN;
  return Number.isFinite(o) ? { fill: 'open', price: o } : { fill: 'close', price: m.closes[column]![i]! };
}

/** The first session index that triggers a stop or target, or -1; closes checked from `from` to `to`. */
function trigger(c: readonly number[], from: number, to: number, stop: number, target: number): { at: number; reason: ExitReason } {
  for (let j = from; j <= to; j++) {
    const x = c[j]!;
    if (x < stop) return { at: j, reason: 'stop' };
    if (x >= target) return { at: j, reason: 'target' };
  }
  return { at: -1, reason: 'horizon' };
}

/** The trade a signal gives, or null when the data has no session after its decision. */
export function simulateTrade(m: TradingMarket, s: TradeSignal, r: TradingRules): Trade | null {
  const t = s.decisionIndex - m.offset;
  // The column's data end (dataEnds): past it the closes are carried, not prices, so the trade ends there.
  const last = Math.min(m.dates.length - 1, m.dataEnds?.[s.column] ?? Infinity);
  const c = m.closes[s.column];
  if (!c) throw new Error(`trading: market '${m.dataset}' has no '${s.column}' column`);
  if (t < 0) throw new Error(`trading: episode ${s.episode} is decided before the market's first bar`);
  const entry = t + 1;
  if (entry > last) return null;
  const e = fillAt(m, s.column, entry, r);
  const planned = t + (r.holdDays ?? s.horizon);
  const end = Math.min(planned, last);
  const stop = r.stop === 'reference-low' ? s.refLow : -Infinity;
  const target = r.target === null ? Infinity : e.price * (1 + r.target);
  // A close can trigger from the entry session's close, whatever the fill (a close fill below the reference
  // low is stopped at the next session, as an open fill whose session closes there is; a target above the
  // fill price cannot be met by that same close), up to the session before the planned exit, so that the
  // next session's fill is still in the trade.
  const hit = trigger(c, entry, end - 1, stop, target);
  let exit: number, x: { fill: Fill; price: number }, reason: ExitReason;
  if (hit.at >= 0) {
    exit = hit.at + 1;
    x = fillAt(m, s.column, exit, r);
    reason = hit.reason;
  } else {
    exit = end;
    x = { fill: 'close', price: c[end]! };
    reason = planned > last ? 'end-of-data' : 'horizon';
  }
  const k = costPerSide(r);
  return {
    signal: s, entry, entryFill: e.fill, entryPrice: e.price, exit, exitFill: x.fill, exitPrice: x.price, reason,
    gross: x.price / e.price - 1, net: (x.price * (1 - k)) / (e.price * (1 + k)) - 1,
  };
}

/** Buy-and-hold of a price column (default the market's close) over a span: enter at the session after `from` (by the fill rule), exit at the close of `to`. */
export function holdTrade(m: TradingMarket, from: number, to: number, r: TradingRules, column = 'close'): Trade | null {
  if (from + 1 > to) return null;
  const e = fillAt(m, column, from + 1, r);
  const x = m.closes[column]![to]!;
  const k = costPerSide(r);
  const signal: TradeSignal = { episode: '', decisionDate: m.dates[from]!, decisionIndex: from + m.offset, column, refLow: -Infinity, horizon: to - from };
  return {
    signal, entry: from + 1, entryFill: e.fill, entryPrice: e.price, exit: to, exitFill: 'close', exitPrice: x, reason: 'end-of-span',
    gross: x / e.price - 1, net: (x * (1 - k)) / (e.price * (1 + k)) - 1,
  };
}
