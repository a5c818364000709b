/**
 * The run config's `trading` key: the rules of the trading backtest
 * (engine/trading/), validated when the config is parsed. Every key is
 * optional; the defaults are below.
 *
 *   "trading": {
 *     "entry": "open",          // "open": the next session's open after the decision (its close where the
 *                               //   file has no usable open); "close": the next session's close
 *     "size": "call",           // "call": trade the decisions called durable, fully sized;
 *                               //   "score": trade every scored decision, sized by its score (0..1)
 *     "stop": "reference-low",  // exit when a close breaks the episode's reference low, or "none"
 *     "target": 0.15,           // optional profit target: exit when a close is 15% above the entry price
 *     "holdDays": 63,           // optional: exit this many sessions after the decision (default: the episode's horizon)
 *     "costBp": 5,              // costs per side, basis points of the traded value
 *     "slippageBp": 5,          // slippage per side, basis points
 *     "overlap": "share",       // "share": open trades share capital equally; "skip": a signal while a trade is open is skipped
 *     "riskFree": "auto"        // series name of the dataset cash earns (percent a year), "auto" (DGS3MO when the
 *                               //   dataset has it) or "none"
 *   }
 *
 * `"trading": false` turns the backtest off. A stop or target triggered by a
 * close is acted on at the next session (its open, or its close where the open
 * is unusable), never at the close that triggered it.
 */
import { ConfigError } from './errors.ts';

export const TRADING_ENTRIES = ['open', 'close'] as const;
export const TRADING_SIZES = ['call', 'score'] as const;
export const TRADING_STOPS = ['reference-low', 'none'] as const;
export const TRADING_OVERLAPS = ['share', 'skip'] as const;

/** The trading rules with every default filled in. */
export interface TradingRules {
  entry: (typeof TRADING_ENTRIES)[number];
  size: (typeof TRADING_SIZES)[number];
  stop: (typeof TRADING_STOPS)[number];
  /** Profit target as a fraction of the entry price (0.15 = +15%); null: none. */
  target: number | null;
  /** Sessions after the decision at which a trade is closed; null: the episode's horizon. */
  holdDays: number | null;
  costBp: number;
  slippageBp: number;
  overlap: (typeof TRADING_OVERLAPS)[number];
  /** A series name, 'auto' (DGS3MO when present) or 'none'. */
  riskFree: string;
}

/** The `trading` key as parsed: the rules, or off. */
export type TradingConfig = { enabled: true; rules: TradingRules } | { enabled: false };

export const DEFAULT_TRADING_RULES: Readonly<TradingRules> = {
  entry: 'open', size: 'call', stop: 'reference-low', target: null, holdDays: null, costBp: 5, slippageBp: 5, overlap: 'share', riskFree: 'auto',
};

/** The risk-free series `riskFree: "auto"` looks for. */
export const AUTO_RISK_FREE = 'DGS3MO';

const KEYS = Object.keys(DEFAULT_TRADING_RULES) as Array<keyof TradingRules>;

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function oneOf<T extends string>(x: unknown, list: readonly T[], key: string, src: string): T {
  if (typeof x !== 'string' || !(list as readonly string[]).includes(x)) {
    throw new ConfigError(key, `expected one of ${list.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(x)}`, src);
  }
  return x as T;
}

function number(x: unknown, key: string, min: number, max: number, src: string, int = false): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (int && !Number.isInteger(x))) {
    throw new ConfigError(key, `expected ${int ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(x)}`, src);
  }
  return x;
}

/** Validate the `trading` key (absent: the default rules). */
export function parseTrading(given: unknown, src: string): TradingConfig {
  if (given === false) return { enabled: false };
  const t = given === undefined || given === true ? {} : given;
  if (!isObj(t)) throw new ConfigError('trading', 'expected an object of trading rules (or false to turn the backtest off)', src);
  for (const k of Object.keys(t)) if (!(KEYS as string[]).includes(k)) throw new ConfigError(`trading.${k}`, `unknown key (allowed: ${KEYS.join(', ')})`, src);
  const d = DEFAULT_TRADING_RULES;
  const rf = t.riskFree === undefined ? d.riskFree : t.riskFree;
  if (typeof rf !== 'string' || rf === '') throw new ConfigError('trading.riskFree', 'expected a series name of the dataset (e.g. "DGS3MO"), "auto" or "none"', src);
  return {
    enabled: true,
    rules: {
      entry: t.entry === undefined ? d.entry : oneOf(t.entry, TRADING_ENTRIES, 'trading.entry', src),
      size: t.size === undefined ? d.size : oneOf(t.size, TRADING_SIZES, 'trading.size', src),
      stop: t.stop === undefined ? d.stop : oneOf(t.stop, TRADING_STOPS, 'trading.stop', src),
      target: t.target === undefined || t.target === null ? null : number(t.target, 'trading.target', 0.0001, 100, src),
      holdDays: t.holdDays === undefined || t.holdDays === null ? null : number(t.holdDays, 'trading.holdDays', 1, 10_000, src, true),
      costBp: t.costBp === undefined ? d.costBp : number(t.costBp, 'trading.costBp', 0, 10_000, src),
      slippageBp: t.slippageBp === undefined ? d.slippageBp : number(t.slippageBp, 'trading.slippageBp', 0, 10_000, src),
      overlap: t.overlap === undefined ? d.overlap : oneOf(t.overlap, TRADING_OVERLAPS, 'trading.overlap', src),
      riskFree: rf,
    },
  };
}

/** The `trading` key as a summary records it: absent for the defaults, else false or the rules that differ. */
export function recordedTrading(t: TradingConfig): { trading?: false | Partial<TradingRules> } {
  if (!t.enabled) return { trading: false };
  const diff = Object.fromEntries(KEYS.filter((k) => t.rules[k] !== DEFAULT_TRADING_RULES[k]).map((k) => [k, t.rules[k]]));
  return Object.keys(diff).length ? { trading: diff } : {};
}

/** The rules in one line, as outputs print them beside the figures. */
export function tradingRulesText(r: TradingRules): string {
  const entry = r.entry === 'open' ? "entry at the next session's open (its close where the file has no usable open)" : "entry at the next session's close";
  const size = r.size === 'call' ? 'decisions called durable, fully sized' : 'every scored decision, sized by its score';
  const exits = [`at ${r.holdDays === null ? "the episode's horizon" : `${r.holdDays} sessions after the decision`}`,
    ...(r.stop === 'reference-low' ? ["on a close below the episode's reference low (next session)"] : []),
    ...(r.target !== null ? [`on a close ${(r.target * 100).toPrecision(3).replace(/\.?0+$/, '')}% above the entry (next session)`] : [])];
  const overlap = r.overlap === 'share' ? 'overlapping trades share capital equally' : 'signals while a trade is open are skipped';
  const cash = r.riskFree === 'none' ? 'cash earns nothing' : r.riskFree === 'auto' ? `cash earns ${AUTO_RISK_FREE} when the dataset has it, else nothing` : `cash earns ${r.riskFree}`;
  return `${size}; ${entry}; exit ${exits.join(', ')}; costs ${r.costBp} bp + slippage ${r.slippageBp} bp per side; ${overlap}; ${cash}`;
}
