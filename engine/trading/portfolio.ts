/**
 * Trades into an equity curve, marked at every close of a span.
 *
 * Overlap "skip": a trade whose entry session is not after the exit session
 * of the last trade taken is skipped (one trade at a time). Overlap "share":
 * every trade is taken, and the trades open on a session share the capital
 * equally (rebalanced at each close, at no cost).
 *
 * On each session d of the span, trade i asks for its size a_i (1, or its
 * score) and holds w_i = a_i / max(1, sum of the a's of the open trades);
 * cash holds 1 - sum w and earns the market's cash return of the previous
 * close to this one. A trade's return on a session is from the previous
 * close (or its entry price after costs, on its entry session) to this close
 * (or its exit price after costs, on its exit session), so the product of a
 * trade's session returns is exactly its net return.
 */
import type { TradingRules } from '../trading-spec.ts';
import { costPerSide, type Trade } from './trades.ts';
import type { TradingMarket } from './market.ts';

/** A trade with the share of capital it asks for. */
export interface SizedTrade {
  trade: Trade;
  size: number;
}

export interface Curve {
  /** Equity at each close of the span (from..to), 1 at `from`. */
  equity: Float64Array;
  /** Return of each session of the span, and its excess over cash, computed per holding (exactly 0 on a session all in cash); 0 on the first. */
  returns: Float64Array;
  excess: Float64Array;
  /** Mean invested fraction over the sessions after `from`. */
  exposure: number;
}

/** Trades taken under the overlap rule (in entry order), and the ones skipped. */
export function applyOverlap(trades: readonly SizedTrade[], overlap: TradingRules['overlap']): { taken: SizedTrade[]; skipped: SizedTrade[] } {
  const sorted = [...trades].sort((a, b) => a.trade.entry - b.trade.entry || a.trade.signal.decisionIndex - b.trade.signal.decisionIndex);
  if (overlap === 'share') return { taken: sorted, skipped: [] };
  const taken: SizedTrade[] = [], skipped: SizedTrade[] = [];
  let lastExit = -1;
  for (const t of sorted) {
    if (t.trade.entry > lastExit) { taken.push(t); lastExit = t.trade.exit; } else skipped.push(t);
  }
  return { taken, skipped };
}

/** Trade i's return on session d (entry <= d <= exit). */
function sessionFactor(m: TradingMarket, t: Trade, d: number, k: number): number {
  const c = m.closes[t.signal.column]!;
  const start = d === t.entry ? t.entryPrice * (1 + k) : c[d - 1]!;
  const end = d === t.exit ? t.exitPrice * (1 - k) : c[d]!;
  return end / start;
}

/**
 * Reusable buffers for curves that are read and dropped (a job's trading row: only its statistics
 * leave the job). Three fresh arrays of a long history per row were most of a worker's garbage.
 */
export class CurveScratch {
  private buf = new Float64Array(0);

  /** Three views of length n over one buffer (old contents: the caller writes every element); valid until the next call. */
  views(n: number): [Float64Array, Float64Array, Float64Array] {
    if (this.buf.length < 3 * n) this.buf = new Float64Array(3 * n);
    return [this.buf.subarray(0, n), this.buf.subarray(n, 2 * n), this.buf.subarray(2 * n, 3 * n)];
  }
}

/**
 * The equity curve of `taken` trades (already through applyOverlap) over market sessions from..to;
 * in `scratch`'s buffers when given (the curve is then valid only until its next use).
 */
export function equityCurve(m: TradingMarket, taken: readonly SizedTrade[], from: number, to: number, r: TradingRules, scratch?: CurveScratch): Curve {
  const k = costPerSide(r);
  const n = to - from + 1;
  const [equity, returns, excess] = scratch ? scratch.views(n) : [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  // Every element is written: the first here, the rest by the loop (scratch views hold old values).
  equity[0] = 1;
  returns[0] = 0;
  excess[0] = 0;
  const order = [...taken].sort((a, b) => a.trade.entry - b.trade.entry);
  let next = 0;
  // The open trades are open[0..count): exited ones are dropped in place and in order, and the
  // array never changes length (no array per session, no length writes: this is the backtest's hot loop).
  const open: SizedTrade[] = new Array<SizedTrade>(order.length);
  let count = 0;
  let invested = 0;
  for (let d = from + 1; d <= to; d++) {
    while (next < order.length && order[next]!.trade.entry <= d) open[count++] = order[next++]!;
    let kept = 0;
    for (let i = 0; i < count; i++) { const t = open[i]!; if (t.trade.exit >= d) open[kept++] = t; }
    count = kept;
    let asked = 0;
    for (let i = 0; i < count; i++) asked += open[i]!.size;
    const scale = Math.max(1, asked);
    const rf = m.cash[d - 1]!;
    let factor = (1 - asked / scale) * (1 + rf);
    let over = 0;
    for (let i = 0; i < count; i++) {
      const t = open[i]!;
      const g = sessionFactor(m, t.trade, d, k);
      factor += (t.size / scale) * g;
      over += (t.size / scale) * (g - 1 - rf);
    }
    returns[d - from] = factor - 1;
    excess[d - from] = over;
    equity[d - from] = equity[d - from - 1]! * factor;
    invested += asked / scale;
  }
  return { equity, returns, excess, exposure: n > 1 ? invested / (n - 1) : 0 };
}
