/**
 * Point-in-time views: what a criterion sees at one decision. Every array is
 * cut at the decision index t. Built-in criteria (audited, and proven by the
 * leak test) get zero-copy subarrays of the shared columns and indicators;
 * untrusted code (user plugins) gets copies of the prefix, so even reaching
 * for the underlying buffer cannot reveal a later value.
 */
import { canonicalScore, type Criterion, type IndicatorName, type Params, type PointInTimeView } from '../criterion.ts';
import type { Dataset, DecisionPoint, ScoreResult } from '../types.ts';
import * as ind from './indicators.ts';
import { monthlyMedian } from './calendar-indicators.ts';
import { IndicatorCache, indicatorKey } from './indicators.ts';
import { makeRng } from '../stats/random.ts';
import { sharedFloat64 } from './dataset.ts';

type Compute = (x: Float64Array, ...w: number[]) => Float64Array;
/** An indicator that also reads the trading calendar (engine/data/calendar-indicators.ts). */
type CalendarCompute = (x: Float64Array, dates: Int32Array) => Float64Array;

const COMPUTE: Record<IndicatorName, { windows: number; fn: Compute } | { windows: 0; onCalendar: CalendarCompute }> = {
  sma: { windows: 1, fn: (x, n) => ind.sma(x, n!) },
  ema: { windows: 1, fn: (x, n) => ind.ema(x, n!) },
  rsi: { windows: 1, fn: (x, n) => ind.rsi(x, n!) },
  rollingMax: { windows: 1, fn: (x, n) => ind.rollingMax(x, n!) },
  rollingMin: { windows: 1, fn: (x, n) => ind.rollingMin(x, n!) },
  rollingSum: { windows: 1, fn: (x, n) => ind.rollingSum(x, n!) },
  rollingStd: { windows: 1, fn: (x, n) => ind.rollingStd(x, n!) },
  realizedVol: { windows: 1, fn: (x, n) => ind.realizedVol(x, n!) },
  roc: { windows: 1, fn: (x, n) => ind.roc(x, n!) },
  returns: { windows: 0, fn: (x) => ind.returns(x) },
  logReturns: { windows: 0, fn: (x) => ind.logReturns(x) },
  runningMax: { windows: 0, fn: (x) => ind.runningMax(x) },
  drawdown: { windows: 0, fn: (x) => ind.drawdown(x) },
  monthlyMedian: { windows: 0, onCalendar: monthlyMedian },
};

/** Copy into a SharedArrayBuffer so the cached column can be handed to workers without copying. */
function toShared(x: Float64Array): Float64Array {
  const out = sharedFloat64(x.length);
  out.set(x);
  return out;
}

export const INDICATOR_NAMES = Object.keys(COMPUTE) as IndicatorName[];

/** A dataset with its shared indicator cache: built once, used by every job. */
export interface PreparedDataset {
  dataset: Dataset;
  indicators: IndicatorCache;
}

export function prepare(dataset: Dataset): PreparedDataset {
  return { dataset, indicators: new IndicatorCache() };
}

/** The full-length indicator column (computed once per dataset). */
export function fullIndicator(p: PreparedDataset, name: IndicatorName, column: string, windows: number[]): Float64Array {
  const spec = Object.hasOwn(COMPUTE, name) ? COMPUTE[name] : undefined;
  if (!spec) throw new Error(`unknown indicator '${name}' (known: ${INDICATOR_NAMES.join(', ')})`);
  if (windows.length !== spec.windows) throw new Error(`indicator '${name}' takes ${spec.windows} window parameter(s), got ${windows.length}`);
  for (const w of windows) {
    if (!Number.isInteger(w) || w < 1) throw new Error(`indicator '${name}' window must be a positive integer, got ${w}`);
  }
  const col = p.dataset.columns.get(column);
  if (!col) throw new Error(`no column '${column}' in dataset '${p.dataset.id}'`);
  const compute = (): Float64Array => ('fn' in spec ? spec.fn(col, ...windows) : spec.onCalendar(col, p.dataset.dates));
  return p.indicators.get(indicatorKey(name, column, ...windows), () => toShared(compute()));
}

export interface ViewOptions {
  /** Copy prefixes instead of zero-copy subarrays (for untrusted plugins). */
  copy: boolean;
  /** Seed for random(); derived by the caller from (run seed, job key, episode). */
  seed: string;
  /** The run's call threshold (default 0.5). */
  callThreshold?: number;
  /** Evaluate another criterion at the same decision. */
  evaluate?: (id: string, params: Params | undefined, view: PointInTimeView) => ScoreResult;
}

const DECISION_FIELDS: Array<keyof DecisionPoint> = [
  'id', 'market', 'kind', 'decisionIndex', 'decisionDate', 'refLowIndex', 'refLowDate', 'refLow',
  'peakIndex', 'peakDate', 'peak', 'priceColumn', 'sector', 'window', 'windowStartIndex',
];

/** Only the facts known at the decision, frozen: a full Episode passed in loses its outcome here. */
export function decisionOnly(e: DecisionPoint): Readonly<DecisionPoint> {
  const out: Record<string, unknown> = {};
  for (const k of DECISION_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  return Object.freeze(out) as unknown as DecisionPoint;
}

export function createView(p: PreparedDataset, decision: DecisionPoint, opts: ViewOptions): PointInTimeView {
  const t = decision.decisionIndex;
  const ds = p.dataset;
  if (!(t >= 0 && t < ds.dates.length)) throw new Error(`decision index ${t} outside the dataset (0..${ds.dates.length - 1})`);
  const end = t + 1;
  const cut = opts.copy
    ? <T extends Float64Array | Int32Array>(x: T): T => x.slice(0, end) as T
    : <T extends Float64Array | Int32Array>(x: T): T => x.subarray(0, end) as T;
  let rng: (() => number) | null = null;
  const memo = new Map<string, Float64Array>();
  const dec = decisionOnly(decision);
  const view: PointInTimeView = {
    t,
    decision: dec,
    dates: cut(ds.dates),
    market: ds.id,
    callThreshold: opts.callThreshold ?? 0.5,
    has(column: string): boolean {
      const c = ds.columns.get(column);
      if (!c) return false;
      const first = ds.meta.get(column)?.firstKnownIndex ?? 0;
      if (first < 0 || first > t) return false;
      for (let i = t; i >= first; i--) if (!Number.isNaN(c[i]!)) return true;
      return false;
    },
    series(column: string): Float64Array {
      const hit = memo.get(column);
      if (hit) return hit;
      const c = ds.columns.get(column);
      if (!c) throw new Error(`no column '${column}' in dataset '${ds.id}' (has: ${[...ds.columns.keys()].join(', ')})`);
      const v = cut(c);
      memo.set(column, v);
      return v;
    },
    columns(): string[] {
      return [...ds.columns.keys()];
    },
    indicator(name: IndicatorName, column: string, ...windows: number[]): Float64Array {
      const key = `#${name}|${column}|${windows.join(',')}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const v = cut(fullIndicator(p, name, column, windows));
      memo.set(key, v);
      return v;
    },
    random(): number {
      if (!rng) rng = makeRng(opts.seed);
      return rng();
    },
    evaluate(id: string, params?: Params): ScoreResult {
      if (!opts.evaluate) return { abstain: `cannot evaluate '${id}' here` };
      return opts.evaluate(id, params, view);
    },
  };
  return Object.freeze(view);
}

/** Run one criterion at one decision, normalising its answer; exceptions propagate to the job. */
export function scoreAt(c: Criterion, view: PointInTimeView, params: Params): ScoreResult {
  if (c.kinds && !c.kinds.includes(view.decision.kind)) {
    return { abstain: `not applicable to ${view.decision.kind} episodes (applies to ${c.kinds.join(', ')})` };
  }
  const r = c.score(view, params) as ScoreResult | undefined;
  if (!r || typeof r !== 'object') throw new Error(`criterion '${c.id}' returned ${JSON.stringify(r)} instead of {score} or {abstain}`);
  if ('abstain' in r) return { abstain: String(r.abstain || 'abstained') };
  const s = (r as { score: unknown }).score;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 1) {
    throw new Error(`criterion '${c.id}' returned score ${String(s)} outside [0,1]`);
  }
  return { score: canonicalScore(s) };
}

/** Every cached indicator of a prepared dataset (for sharing with workers). */
export function cachedIndicators(p: PreparedDataset): Array<{ dataset: string; key: string; values: Float64Array }> {
  return p.indicators.keys().map((key) => ({
    dataset: p.dataset.id, key,
    values: p.indicators.get(key, () => { throw new Error(`indicator ${key} vanished`); }),
  }));
}
