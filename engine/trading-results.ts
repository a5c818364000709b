/**
 * The shape of the trading backtest's results (engine/trading/,
 * engine/run/trading.ts): trades, per-row statistics against the two
 * benchmarks, and the equity curves the report draws. trades.csv and
 * trading.csv are these records verbatim.
 */
import type { EpisodeKind } from './vocabulary.ts';
import type { TradingRules } from './trading-spec.ts';

/** Why a trade ended (or, for a skipped signal, why it never started). */
export type ExitReason = 'horizon' | 'stop' | 'target' | 'end-of-data' | 'end-of-span' | 'skipped-overlap';

/** A fill at a session's open, or at its close (where the open is unusable, or by rule). */
export type Fill = 'open' | 'close';

/** The strategy names of the two benchmarks (in the `criterion` field of their records). */
export const BUY_EVERY_RALLY = 'buy-every-rally';
export const BUY_AND_HOLD = 'buy-and-hold';

/** One trade (or one skipped signal) of a row. Prices are the file's, before costs. */
export interface TradeRecord {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label (absent for an unlabelled definition). */
  definition?: string;
  /** The criterion id, or a benchmark's name. */
  criterion: string;
  params: string;
  /** The episode acted on ('' for buy-and-hold). */
  episode: string;
  decisionDate: string;
  /** The price column traded (close, or sector:<name>). */
  column: string;
  /** Fraction of capital the trade asks for (1, or the score). */
  size: number;
  entryDate: string;
  entryFill: Fill | '';
  entryPrice: number;
  exitDate: string;
  exitFill: Fill | '';
  exitPrice: number;
  exitReason: ExitReason;
  /** exit / entry - 1, and the same after costs and slippage on both sides; NaN for a skipped signal. */
  grossReturn: number;
  netReturn: number;
  /** Sessions from the entry to the exit. */
  sessions: number;
}

/** Statistics of one equity curve. */
export interface CurveStats {
  start: string;
  end: string;
  /** Sessions in the span. */
  sessions: number;
  totalReturn: number;
  /** Compounded per calendar year (365.25 days). */
  annualReturn: number;
  /** Of daily returns, annualised by sqrt(252). */
  volatility: number;
  /** Of daily returns in excess of cash, annualised by sqrt(252). */
  sharpe: number;
  sortino: number;
  /** Deepest fall from a running peak (<= 0), its peak and trough dates and the first date back at the peak ('' if never). */
  maxDrawdown: number;
  drawdownPeak: string;
  drawdownTrough: string;
  drawdownRecovery: string;
  /** Average fraction of capital in trades per session. */
  exposure: number;
  trades: number;
  /** Signals skipped because a trade was open (overlap "skip"). */
  skipped: number;
  /** Share of trades with a positive net return; mean net return of the winners and of the losers. */
  hitRate: number;
  avgWin: number;
  avgLoss: number;
  /** Trades whose entry was filled at a close because the session had no usable open. */
  closeFills: number;
}

/** One metrics row's backtest (role criterion) or a benchmark of a dataset and kind (role benchmark). */
export interface TradingRow {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label (absent for an unlabelled definition). */
  definition?: string;
  criterion: string;
  params: string;
  role: 'criterion' | 'benchmark';
  stats: CurveStats;
  /** Episodes compared with buy-every-rally (every episode of the set with a session after its decision). */
  episodes: number;
  /**
   * Mean over those episodes of the row's sized net return minus
   * buy-every-rally's (0 where a strategy did not trade the episode), with its
   * calendar-year block-bootstrap interval; NaN for benchmarks.
   */
  episodeDifference: number;
  differenceLo: number;
  differenceHi: number;
  /** Annualised return minus buy-every-rally's. */
  annualDifference: number;
}

/** Equity curves of one dataset and kind on one span: the benchmarks and the best rows. */
export interface EquityCurveSet {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label (absent for an unlabelled definition). */
  definition?: string;
  dates: string[];
  series: Array<{ criterion: string; params: string; equity: number[] }>;
}

export interface TradingResult {
  rules: TradingRules;
  /** The rules in one line (printed beside every figure). */
  rulesText: string;
  /** Per dataset: how opens were used and what cash earned. */
  notes: string[];
  /** Benchmarks first (per dataset and kind), then one row per traded metrics row (by dataset and kind, in metrics order within). */
  rows: TradingRow[];
  trades: TradeRecord[];
  curves: EquityCurveSet[];
}
