/**
 * The criterion (pluggable signal strategy) interface. A criterion tests one
 * claim from market commentary: at an episode's decision, seeing only data
 * known by then (a PointInTimeView), it returns a score in [0,1] — its belief
 * that the rally is durable — or abstains with a reason.
 *
 * Criteria (built-in in strategies/, or user plugins) depend only on this
 * file and engine/types.ts.
 */
import type { DecisionPoint, EpisodeKind, ScoreResult } from './types.ts';

export type { DecisionPoint, EpisodeKind, ScoreResult } from './types.ts';

export type ParamValue = number | boolean | string;
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: ParamValue;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  /** Allowed values for strings. */
  choices?: string[];
  description: string;
}

/**
 * Indicators the engine computes once per dataset (on the full column, with
 * the causal O(n) code in engine/indicators.ts) and hands out truncated at
 * the decision. Parameters are window lengths.
 */
export type IndicatorName =
  | 'sma' | 'ema' | 'rsi' | 'rollingMax' | 'rollingMin' | 'rollingSum' | 'rollingStd'
  | 'realizedVol' | 'roc' | 'returns' | 'logReturns' | 'runningMax' | 'drawdown';

/**
 * Everything a criterion may see at one decision. Every array it returns ends
 * at the decision index t (length t+1): reading the future is impossible by
 * construction. Lower-frequency series are already lagged (a value appears
 * only once it was known).
 */
export interface PointInTimeView {
  /** Decision index: the last visible index. */
  readonly t: number;
  /** The episode as known at the decision (no outcome). */
  readonly decision: Readonly<DecisionPoint>;
  /** Calendar (day numbers since 1970-01-01), length t+1. */
  readonly dates: Int32Array;
  /** The dataset's market id. */
  readonly market: string;
  /** The run's call threshold: a score at or above it is a "durable" call (statistics.threshold, default 0.5). */
  readonly callThreshold: number;
  /** True when the column exists and has at least one known value at or before t. */
  has(column: string): boolean;
  /** A column truncated at t; throws if the dataset has no such column (check has() first). */
  series(column: string): Float64Array;
  /** Column names in the dataset (sector columns are `sector:<name>`). */
  columns(): string[];
  /** A shared, precomputed indicator truncated at t, e.g. indicator('sma', 'close', 50). */
  indicator(name: IndicatorName, column: string, ...windows: number[]): Float64Array;
  /** Seeded uniform [0,1) draws, derived from (run seed, criterion, params, episode). */
  random(): number;
  /** Another criterion's score at this same decision (used by `consensus`). */
  evaluate(criterionId: string, params?: Params): ScoreResult;
}

export interface Criterion {
  /** Stable id, kebab-case. */
  id: string;
  /** The claim it tests, one sentence. */
  claim: string;
  /** Data roles it needs (for `rally list criteria`): price, volume, vix, breadth, sectors, FEDFUNDS, CPIAUCSL, DGS10, BAA10Y, T10Y2Y, shiller, calendar, none. */
  needs: string[];
  /** How the measure maps to a score in [0,1], one or two sentences. */
  scoring: string;
  params: ParamSpec[];
  /** Episode kinds it applies to; omitted = all. On other kinds it abstains saying so. */
  kinds?: EpisodeKind[];
  /**
   * Optional check of a whole parameter set (relations the per-parameter
   * ranges cannot express, e.g. fast < slow). Returns an error text or null;
   * a run refuses such a set before it starts, naming the config key.
   */
  validate?(params: Params): string | null;
  score(view: PointInTimeView, params: Params): ScoreResult;
}

/** Helpers criteria use to build results. */
export const abstain = (reason: string): ScoreResult => ({ abstain: reason });
export const scored = (score: number): ScoreResult =>
  Number.isFinite(score) ? { score: Math.min(1, Math.max(0, score)) } : { abstain: 'score is not a finite number' };

/** The last finite value at or before the end of a truncated series, or NaN. */
export function lastKnown(x: Float64Array): number {
  for (let i = x.length - 1; i >= 0; i--) if (!Number.isNaN(x[i]!)) return x[i]!;
  return NaN;
}

/** Logistic squashing of a measure into (0,1): 0.5 at `center`, steeper with larger `scale`. */
export function logistic(x: number, center = 0, scale = 1): number {
  return 1 / (1 + Math.exp(-(x - center) * scale));
}

/** Canonical text of a parameter set: `a=1;b=x`, keys sorted; '' for none. */
export function paramsKey(p: Params): string {
  return Object.keys(p).sort().map((k) => `${k}=${String(p[k])}`).join(';');
}

/** Defaults of a criterion's parameters, overlaid with `given`. */
export function withDefaults(c: Pick<Criterion, 'params'>, given: Params = {}): Params {
  const out: Params = {};
  for (const s of c.params) out[s.name] = s.default;
  for (const [k, v] of Object.entries(given)) out[k] = v;
  return out;
}

/** Validate a parameter set against its specs; returns an error text or null. */
export function checkParams(c: Pick<Criterion, 'id' | 'params' | 'validate'>, p: Params): string | null {
  for (const k of Object.keys(p)) {
    if (!c.params.some((s) => s.name === k)) {
      return `unknown parameter '${k}' for criterion '${c.id}' (has: ${c.params.map((s) => s.name).join(', ') || 'none'})`;
    }
  }
  for (const s of c.params) {
    const v = p[s.name];
    if (v === undefined) continue;
    if (s.type === 'number' || s.type === 'integer') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `parameter '${s.name}' must be a number, got ${JSON.stringify(v)}`;
      if (s.type === 'integer' && !Number.isInteger(v)) return `parameter '${s.name}' must be an integer, got ${v}`;
      if (s.min !== undefined && v < s.min) return `parameter '${s.name}' must be >= ${s.min}, got ${v}`;
      if (s.max !== undefined && v > s.max) return `parameter '${s.name}' must be <= ${s.max}, got ${v}`;
    } else if (s.type === 'boolean') {
      if (typeof v !== 'boolean') return `parameter '${s.name}' must be true or false, got ${JSON.stringify(v)}`;
    } else {
      if (typeof v !== 'string') return `parameter '${s.name}' must be a string, got ${JSON.stringify(v)}`;
      if (s.choices && !s.choices.includes(v)) return `parameter '${s.name}' must be one of ${s.choices.join(', ')}, got '${v}'`;
    }
  }
  if (c.validate && c.params.every((s) => p[s.name] !== undefined)) {
    const bad = c.validate(p);
    if (bad) return `${bad} (criterion '${c.id}', parameters ${paramsKey(p)})`;
  }
  return null;
}

/** A column's name in formulas: characters outside [A-Za-z0-9_] become '_', a leading digit gets '_' (sector:NoDur → sector_NoDur). */
export function columnSymbol(column: string): string {
  const s = column.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}
