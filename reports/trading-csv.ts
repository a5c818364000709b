/**
 * trades.csv and trading.csv: the trading backtest (engine/run/trading.ts).
 *
 * trades.csv: one line per trade (and per signal skipped because a trade was
 * open, with overlap "skip"): the benchmarks' trades first (buy-every-rally
 * trades every episode; buy-and-hold is one trade over the span), then each
 * row's, with entry and exit dates, fills (open or close) and the file's
 * prices, the reason for the exit, and the return before and after costs.
 *
 * trading.csv: one line per benchmark (per dataset and kind) and per traded
 * metrics row: the equity curve's statistics, and for rows the per-episode
 * difference to buy-every-rally with its block-bootstrap interval and the
 * difference in annualised return. The rules are repeated on every line so
 * that any filter of the file keeps them. With labelled definitions of one
 * kind, each definition's episodes are a set of their own: both files end
 * with a `definition` column.
 */
import type { TradeRecord, TradingResult, TradingRow } from '../engine/trading-results.ts';
import { toCsv, type Cell } from './csv.ts';
import { withDefinition } from './definition-column.ts';

const TRADE_COLUMNS = [
  'dataset', 'kind', 'criterion', 'params', 'episode', 'decision_date', 'column', 'size',
  'entry_date', 'entry_fill', 'entry_price', 'exit_date', 'exit_fill', 'exit_price', 'exit_reason', 'sessions', 'gross_return', 'net_return',
] as const;

function tradeLine(t: TradeRecord): Cell[] {
  return [t.dataset, t.kind, t.criterion, t.params, t.episode, t.decisionDate, t.column, t.size,
    t.entryDate, t.entryFill, t.entryPrice, t.exitDate, t.exitFill, t.exitPrice, t.exitReason, t.sessions, t.grossReturn, t.netReturn];
}

export function tradesCsv(r: TradingResult): Promise<string> {
  return toCsv(...withDefinition(TRADE_COLUMNS, r.trades, (t) => [tradeLine(t)]));
}

const ROW_COLUMNS = [
  'dataset', 'kind', 'criterion', 'params', 'role', 'start', 'end', 'sessions',
  'total_return', 'annual_return', 'volatility', 'sharpe', 'sortino', 'max_drawdown', 'drawdown_peak', 'drawdown_trough', 'drawdown_recovery',
  'exposure', 'trades', 'skipped', 'hit_rate', 'avg_win', 'avg_loss', 'close_fills',
  'episodes', 'episode_difference', 'difference_lo', 'difference_hi', 'annual_difference',
  'entry', 'size', 'stop', 'target', 'hold_days', 'cost_bp', 'slippage_bp', 'overlap', 'risk_free',
] as const;

function rowLine(x: TradingRow, r: TradingResult): Cell[] {
  const s = x.stats;
  const q = r.rules;
  return [x.dataset, x.kind, x.criterion, x.params, x.role, s.start, s.end, s.sessions,
    s.totalReturn, s.annualReturn, s.volatility, s.sharpe, s.sortino, s.maxDrawdown, s.drawdownPeak, s.drawdownTrough, s.drawdownRecovery,
    s.exposure, s.trades, s.skipped, s.hitRate, s.avgWin, s.avgLoss, s.closeFills,
    x.episodes, x.episodeDifference, x.differenceLo, x.differenceHi, x.annualDifference,
    q.entry, q.size, q.stop, q.target ?? '', q.holdDays ?? 'horizon', q.costBp, q.slippageBp, q.overlap, q.riskFree];
}

export function tradingCsv(r: TradingResult): Promise<string> {
  return toCsv(...withDefinition(ROW_COLUMNS, r.rows, (x) => [rowLine(x, r)]));
}
