/**
 * Statistics of an equity curve and of its trades: total and annualised
 * return (compounded per calendar year of 365.25 days), volatility of daily
 * returns and the Sharpe and Sortino ratios of daily returns in excess of
 * cash (each annualised by sqrt(252)), the maximum drawdown with its peak,
 * trough and recovery dates, exposure, and the trades' hit rate and average
 * win and loss (net of costs).
 */
import type { CurveStats } from '../trading-results.ts';
import type { Curve } from './portfolio.ts';

const SESSIONS_PER_YEAR = 252;

function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length ? s / xs.length : NaN;
}

/** Deepest fall from a running peak: depth (<= 0) and the indices of its peak, trough and recovery (-1 if none). */
export function maxDrawdown(equity: ArrayLike<number>): { depth: number; peak: number; trough: number; recovery: number } {
  let peakAt = 0, best = { depth: 0, peak: 0, trough: 0 };
  for (let i = 1; i < equity.length; i++) {
    if (equity[i]! > equity[peakAt]!) peakAt = i;
    const dd = equity[i]! / equity[peakAt]! - 1;
    if (dd < best.depth) best = { depth: dd, peak: peakAt, trough: i };
  }
  let recovery = -1;
  if (best.depth < 0) {
    for (let i = best.trough + 1; i < equity.length; i++) if (equity[i]! >= equity[best.peak]!) { recovery = i; break; }
  }
  return { ...best, recovery };
}

/**
 * Mean and sample standard deviation of the daily returns and of the excess
 * returns, and the excess returns' downside sum of squares, in two passes over
 * both (each figure summed in index order, as a plain mean and a two-pass sample deviation would).
 */
function dailyMoments(ret: Float64Array, excess: Float64Array): { sdRet: number; meanEx: number; sdEx: number; down: number } {
  const n = ret.length;
  let sr = 0, se = 0, down = 0;
  for (let i = 0; i < n; i++) {
    sr += ret[i]!;
    const x = excess[i]!;
    se += x;
    down += x < 0 ? x * x : 0;
  }
  const mr = n ? sr / n : NaN, me = n ? se / n : NaN;
  let qr = 0, qe = 0;
  for (let i = 0; i < n; i++) {
    qr += (ret[i]! - mr) ** 2;
    qe += (excess[i]! - me) ** 2;
  }
  return { sdRet: n < 2 ? NaN : Math.sqrt(qr / (n - 1)), meanEx: me, sdEx: n < 2 ? NaN : Math.sqrt(qe / (n - 1)), down };
}

/** Trade counts and outcomes from their net returns. */
export function tradeOutcomes(nets: readonly number[]): Pick<CurveStats, 'trades' | 'hitRate' | 'avgWin' | 'avgLoss'> {
  const wins = nets.filter((x) => x > 0), losses = nets.filter((x) => x < 0);
  return { trades: nets.length, hitRate: nets.length ? wins.length / nets.length : NaN, avgWin: meanOf(wins), avgLoss: meanOf(losses) };
}

/**
 * Statistics of `curve` over sessions whose ISO dates and day numbers are
 * `dates[from + i]` and `days[from + i]` for equity point i (the market's own
 * arrays, read in place: a row's span is most of the market's history).
 */
export function curveStats(curve: Curve, market: { dates: readonly string[]; days: readonly number[]; from: number },
  trades: { nets: readonly number[]; skipped: number; closeFills: number }): CurveStats {
  const eq = curve.equity;
  const n = eq.length;
  const { from } = market;
  const dates = (i: number): string => market.dates[from + i]!;
  const ret = curve.returns.subarray(1);
  const excess = curve.excess.subarray(1);
  const total = eq[n - 1]! / eq[0]! - 1;
  const years = (market.days[from + n - 1]! - market.days[from]!) / 365.25;
  const { sdRet, meanEx, sdEx, down } = dailyMoments(ret, excess);
  const downDev = excess.length ? Math.sqrt(down / excess.length) : NaN;
  const root = Math.sqrt(SESSIONS_PER_YEAR);
  const dd = maxDrawdown(eq);
  return {
    start: dates(0), end: dates(n - 1), sessions: n - 1,
    totalReturn: total,
    annualReturn: years > 0 ? (1 + total) ** (1 / years) - 1 : NaN,
    volatility: sdRet * root,
    sharpe: sdEx > 0 ? (meanEx / sdEx) * root : NaN,
    sortino: downDev > 0 ? (meanEx / downDev) * root : NaN,
    maxDrawdown: dd.depth,
    drawdownPeak: dd.depth < 0 ? dates(dd.peak) : '',
    drawdownTrough: dd.depth < 0 ? dates(dd.trough) : '',
    drawdownRecovery: dd.recovery >= 0 ? dates(dd.recovery) : '',
    exposure: curve.exposure,
    ...tradeOutcomes(trades.nets),
    skipped: trades.skipped,
    closeFills: trades.closeFills,
  };
}
