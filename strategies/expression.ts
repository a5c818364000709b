/**
 * Expression criteria: a criterion written as a formula in the run config,
 *
 *   { "id": "cross", "expr": "sma(close, 50) > sma(close, 200)" }
 *   { "id": "momentum", "expr": "change(close, 63)", "threshold": 0.05 }
 *   { "id": "cheap", "expr": "logistic((20 - shiller_PE10) / 4)" }
 *
 * evaluated with mathjs at each decision, seeing only the point-in-time view.
 *
 * The formula language
 * --------------------
 *  - Series are dataset columns, named by identifier: a column's identifier is
 *    its name with every character other than A-Z, a-z, 0-9 and `_` replaced
 *    by `_` (and `_` put in front of a leading digit): `close`, `vix`,
 *    `sector:NoDur` -> `sector_NoDur`, `shiller.PE10` -> `shiller_PE10`. A bare
 *    series name is the series' last known value at the decision.
 *  - Indicators (engine/indicators.ts, shared and truncated through
 *    view.indicator): `sma(close, 50)`, `ema`, `rsi(close, 14)`, `rollingMax`,
 *    `rollingMin`, `rollingSum`, `rollingStd`, `realizedVol(close, 20)`, `roc`
 *    (one window each) and `returns(close)`, `logReturns`, `runningMax`,
 *    `drawdown(close)`, `monthlyMedian(shiller_PE10)` (the expanding median of
 *    one reading per month) (no window): the indicator's value at the decision.
 *  - Series functions: `lag(x, k)` = x k bars before the decision,
 *    `change(x, k)` = x[t]/x[t-k]-1, `mean(x, k)`, `max(x, k)` / `highest(x, k)`,
 *    `min(x, k)` / `lowest(x, k)` over the last k bars (t-k+1..t).
 *    The first argument of an indicator or series function is a series name,
 *    windows are positive integer constants. `max`/`min`/`mean` with a bare
 *    series name and an integer constant are the window forms; with anything
 *    else they are the ordinary functions of numbers (`max((close), 5)`
 *    compares the last close with 5).
 *  - Episode facts: `refLow`, `peak`, `daysSinceLow` (t - refLowIndex),
 *    `drawdownDepth` (1 - refLow/peak), `month` (1-12, of the decision date).
 *  - Numbers: + - * / ^ mod, comparisons (< <= > >= == !=, chained a < b < c),
 *    and / or / xor / not, `c ? a : b`, `abs`, `sign`, `sqrt`, `exp`,
 *    `log(x[, base])`, `log10`, `pow`, `round`, `floor`, `ceil`, `erf`,
 *    `min`/`max`/`mean` of numbers, `logistic(x[, center, scale])`, constants
 *    `pi`, `e`, `tau`, `phi`, `Infinity`.
 *
 * Result: true/false -> score 1/0. A number: with a `threshold` in the config,
 * score = number >= threshold ? 1 : 0; without, a number in [0,1] is the score
 * and a number outside it is an error (wrap it in logistic() or compare it).
 * If any input is NaN at the decision (a series not known yet, an indicator
 * warming up, a lag before the data starts) the criterion abstains naming the
 * input — even an input in a branch of `?:` that would not be taken. A series
 * the dataset lacks abstains "no column X in dataset D".
 *
 * Safety and speed: the formula is parsed and validated once (at config time;
 * every function and node type is checked against a whitelist, so no
 * assignment, property access, matrix, unit, string or mathjs meta function
 * can appear), its inputs (series values, indicator calls, facts) are
 * replaced by placeholder symbols, and the result is compiled once by a
 * restricted mathjs instance (import, createUnit, evaluate, parse, compile,
 * simplify, derivative... disabled). Per decision only the inputs are read
 * from the view and the compiled function is evaluated.
 *
 * Files: expression-language.ts (the vocabulary above), expression-sandbox.ts
 * (the restricted mathjs instance), expression-analysis.ts (validation and
 * inputs, at config time); this file builds the criterion and evaluates it.
 */
import type { EvalFunction } from 'mathjs';
import { ConfigError } from '../engine/errors.ts';
import { monthOf } from '../engine/calendar.ts';
import { columnSymbol, type Criterion, type PointInTimeView } from '../engine/criterion.ts';
import type { ScoreResult } from '../engine/types.ts';
import { analyze, type Analysis, type Input } from './expression-analysis.ts';
import { NAN_GUARD, nanGuard, nanGuarded, NanInComparison } from './expression-sandbox.ts';
import type { Fact } from './expression-language.ts';

export { EXPRESSION_FUNCTIONS } from './expression-language.ts';
export { formulaMath } from './expression-sandbox.ts';

/** What a formula reads: returned by validateExpression. */
export interface ExpressionInfo {
  /** Series symbols the formula names (as written, e.g. `sector_NoDur`), sorted. */
  series: string[];
  /** Functions it calls, sorted. */
  functions: string[];
  /** Its inputs, canonically written (`sma(close, 50)`, `close`, `refLow`). */
  inputs: string[];
}

/**
 * Validate a formula at config time: syntax, every function and name, and
 * window arguments. Throws ConfigError(`${key}.expr`, ...) naming the
 * offending name and the known ones; returns what the formula reads.
 */
export function validateExpression(expr: string, key: string, source?: string): ExpressionInfo {
  const a = analyzeOrThrow(expr, key, source);
  return { series: a.series, functions: a.functions, inputs: a.inputs.map((i) => i.label) };
}

function analyzeOrThrow(expr: string, key: string, source?: string): Analysis {
  if (typeof expr !== 'string' || expr.trim() === '') throw new ConfigError(`${key}.expr`, 'expected a formula string', source);
  return analyze(expr, (detail) => { throw new ConfigError(`${key}.expr`, detail, source); });
}

// ---------------------------------------------------------------------------
// Evaluation (per decision)
// ---------------------------------------------------------------------------

/** Series symbol -> column, for one dataset's column list (cached per list). */
type Resolution = { column: string } | { ambiguous: string[] } | null;
type Resolver = (view: PointInTimeView, symbol: string) => Resolution;

function makeResolver(): Resolver {
  let lastKey = '';
  let lastMap = new Map<string, string[]>();
  return (view, symbol) => {
    const cols = view.columns();
    const key = cols.join('\u0000');
    if (key !== lastKey) {
      lastMap = new Map();
      for (const c of cols) {
        const s = columnSymbol(c);
        const prev = lastMap.get(s);
        if (prev) prev.push(c); else lastMap.set(s, [c]);
      }
      lastKey = key;
    }
    const hit = lastMap.get(symbol);
    if (!hit) return null;
    if (hit.includes(symbol)) return { column: symbol };
    if (hit.length > 1) return { ambiguous: hit };
    return { column: hit[0]! };
  };
}

function factValue(view: PointInTimeView, fact: Fact): number {
  const d = view.decision;
  switch (fact) {
    case 'refLow': return d.refLow;
    case 'peak': return d.peak;
    case 'daysSinceLow': return view.t - d.refLowIndex;
    case 'drawdownDepth': return d.peak > 0 ? 1 - d.refLow / d.peak : NaN;
    case 'month': return monthOf(view.dates[view.t]!);
  }
}

/** Each series symbol's column in this view's dataset, or the abstain reason when one is missing. */
function resolveColumns(view: PointInTimeView, symbols: readonly string[], resolve: Resolver, where: string): Map<string, string> | string {
  const cols = new Map<string, string>();
  for (const s of symbols) {
    const r = resolve(view, s);
    if (r === null) return `no column ${s} in dataset ${view.market}`;
    if ('ambiguous' in r) {
      throw new Error(`${where}: '${s}' matches several columns of dataset ${view.market} (${r.ambiguous.join(', ')})`);
    }
    cols.set(s, r.column);
  }
  return cols;
}

/** One input's value at the decision (NaN when not known). */
function inputValue(view: PointInTimeView, inp: Input, cols: Map<string, string>): number {
  const t = view.t;
  switch (inp.kind) {
    case 'fact':
      return factValue(view, inp.fact);
    case 'series':
      // The value at the decision itself: the as-of join already carries values forward
      // until they go stale, so an older value must not be revived here.
      return view.series(cols.get(inp.symbol)!)[t]!;
    case 'lag': {
      const x = view.series(cols.get(inp.symbol)!);
      return t - inp.k >= 0 ? x[t - inp.k]! : NaN;
    }
    case 'indicator':
      return view.indicator(inp.name, cols.get(inp.symbol)!, ...inp.windows)[t]!;
  }
}

/** Why an input has no value at the decision. */
function missingText(inp: Input, cols: Map<string, string>): string {
  if (inp.kind === 'fact') return `${inp.label} is not defined for this episode`;
  const col = cols.get(inp.symbol)!;
  const onCol = col !== inp.symbol ? ` (column ${col})` : '';
  return inp.kind === 'series'
    ? `${inp.label}${onCol} has no known value yet`
    : `${inp.label}${onCol} is not available at the decision (warming up or missing data)`;
}

/** The placeholder scope (`__in<i>` -> value), or an abstain naming every input not known at the decision. */
function readInputs(view: PointInTimeView, inputs: readonly Input[], cols: Map<string, string>): { scope: Map<string, number> } | { abstain: string } {
  const scope = new Map<string, number>();
  const missing: string[] = [];
  inputs.forEach((inp, i) => {
    const v = inputValue(view, inp, cols);
    if (Number.isNaN(v)) missing.push(missingText(inp, cols));
    scope.set(`__in${i}`, v);
  });
  return missing.length > 0 ? { abstain: missing.join('; ') } : { scope };
}

export interface ExpressionDef {
  id: string;
  expr: string;
  threshold?: number;
  /** Config key of the criterion, e.g. `criteria[3]`; errors name `${key}.expr`. */
  key: string;
  /** Config file name for error messages. */
  source?: string;
}

/**
 * Build a criterion from a formula. Parses, validates (ConfigError naming
 * `${key}.expr` on any problem) and compiles once; each decision only reads
 * the formula's inputs from the view and evaluates the compiled function.
 */
export function makeExpressionCriterion(def: ExpressionDef): Criterion {
  const { id, expr, threshold, key, source } = def;
  if (threshold !== undefined && (typeof threshold !== 'number' || Number.isNaN(threshold))) {
    throw new ConfigError(`${key}.threshold`, `expected a number, got ${JSON.stringify(threshold)}`, source);
  }
  const a = analyzeOrThrow(expr, key, source);
  let compiled: EvalFunction;
  try {
    compiled = nanGuarded(a.tree).compile();
  } catch (e) {
    throw new ConfigError(`${key}.expr`, `cannot compile formula '${expr}': ${(e as Error).message}`, source);
  }
  const inputs = a.inputs;
  const symbols = [...new Set(inputs.flatMap((i) => ('symbol' in i ? [i.symbol] : [])))];
  const resolve = makeResolver();
  const needs = [...a.series];
  if (inputs.some((i) => i.kind === 'fact' && i.fact === 'month')) needs.push('calendar');
  if (needs.length === 0) needs.push('none');
  const where = `expression criterion '${id}' (${source ?? 'config'}: ${key}.expr)`;

  function score(view: PointInTimeView): ScoreResult {
    const cols = resolveColumns(view, symbols, resolve, where);
    if (typeof cols === 'string') return { abstain: cols };
    const read = readInputs(view, inputs, cols);
    if ('abstain' in read) return read;
    let r: unknown;
    try {
      r = compiled.evaluate(new Map<string, unknown>([...read.scope, [NAN_GUARD, nanGuard]]));
    } catch (e) {
      if (!(e instanceof NanInComparison)) throw e;
      return { abstain: `a comparison in the formula met NaN (e.g. 0/0 or log of a negative number) with ${inputs.map((inp, i) => `${inp.label}=${read.scope.get(`__in${i}`)}`).join(', ')}` };
    }
    if (typeof r === 'boolean') return { score: r ? 1 : 0 };
    if (typeof r !== 'number') {
      const what = r === null || r === undefined ? String(r) : (r as object).constructor?.name ?? typeof r;
      throw new Error(`${where}: formula '${expr}' gave a ${what}, not a number or true/false`);
    }
    if (Number.isNaN(r)) return { abstain: `formula gave NaN (e.g. 0/0 or log of a negative number) with ${inputs.map((inp, i) => `${inp.label}=${read.scope.get(`__in${i}`)}`).join(', ')}` };
    if (threshold !== undefined) return { score: r >= threshold ? 1 : 0 };
    if (r >= 0 && r <= 1) return { score: r };
    throw new ConfigError(`${key}.expr`,
      `formula '${expr}' gave ${r}, outside [0,1]: wrap it in logistic(...) for a score, compare it (e.g. '... > 0') for a yes/no call, or give "threshold" in the config`, source);
  }

  return Object.freeze({
    id,
    claim: `formula: ${expr}`,
    needs,
    scoring: threshold !== undefined
      ? `1 when the formula's value is >= ${threshold} (or it is true), else 0.`
      : 'true/false gives 1/0; a number in [0,1] is the score (a number outside [0,1] is an error).',
    params: [],
    score,
  });
}
