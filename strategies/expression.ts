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
 */
import { create, all, type MathJsInstance, type MathNode, type EvalFunction } from 'mathjs';
import { ConfigError } from '../engine/errors.ts';
import { monthOf } from '../engine/calendar.ts';
import { columnSymbol, logistic, type Criterion, type IndicatorName, type PointInTimeView } from '../engine/criterion.ts';
import type { ScoreResult } from '../engine/types.ts';

// ---------------------------------------------------------------------------
// The language's vocabulary
// ---------------------------------------------------------------------------

/**
 * Window parameters per indicator. Keyed by IndicatorName, so the compiler
 * insists every engine indicator is listed (kept in step with engine/view.ts).
 */
const INDICATOR_WINDOWS: Record<IndicatorName, number> = {
  sma: 1, ema: 1, rsi: 1, rollingMax: 1, rollingMin: 1, rollingSum: 1, rollingStd: 1,
  realizedVol: 1, roc: 1, returns: 0, logReturns: 0, runningMax: 0, drawdown: 0, monthlyMedian: 0,
};
const INDICATORS = Object.keys(INDICATOR_WINDOWS) as IndicatorName[];

/** Series functions (series, k) and the shared indicator each one reads (null = raw lag). */
const SERIES_FUNCTIONS: Record<string, IndicatorName | null> = {
  lag: null, change: 'roc', mean: 'sma', max: 'rollingMax', highest: 'rollingMax', min: 'rollingMin', lowest: 'rollingMin',
};
/** Series functions that double as functions of numbers. */
const OVERLOADED = new Set(['mean', 'max', 'min']);

/** Functions of numbers: [min args, max args]. */
const NUMBER_FUNCTIONS: Record<string, [number, number]> = {
  abs: [1, 1], sign: [1, 1], sqrt: [1, 1], exp: [1, 1], log: [1, 2], log10: [1, 1], pow: [2, 2],
  round: [1, 2], floor: [1, 1], ceil: [1, 1], erf: [1, 1], logistic: [1, 3],
  min: [1, Infinity], max: [1, Infinity], mean: [1, Infinity],
};

const FACTS = ['refLow', 'peak', 'daysSinceLow', 'drawdownDepth', 'month'] as const;
type Fact = (typeof FACTS)[number];

const CONSTANTS = new Set(['pi', 'e', 'tau', 'phi', 'Infinity', 'PI', 'E']);

/** mathjs operator functions a formula may use. */
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'mod', 'pow', 'unaryMinus', 'unaryPlus',
  'not', 'and', 'or', 'xor', 'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq',
]);

/** mathjs names that must never be reachable, disabled in the restricted instance. */
const DISABLED = [
  'import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore',
  'derivative', 'resolve', 'rationalize', 'leafCount', 'symbolicEqual', 'reviver', 'replacer', 'help', 'chain',
];

const SERIES_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ALL_FUNCTIONS = [...new Set([...INDICATORS, ...Object.keys(SERIES_FUNCTIONS), ...Object.keys(NUMBER_FUNCTIONS)])];

/** Every function name a formula may call (for help texts and `rally list`). */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([...ALL_FUNCTIONS]);
/** Episode facts a formula may name. */
export const EXPRESSION_FACTS: readonly string[] = Object.freeze([...FACTS]);

/**
 * The identifier a formula uses for a dataset column: every character other
 * than A-Z, a-z, 0-9, `_` becomes `_`, and a leading digit gets a `_` in
 * front. `sector:NoDur` -> `sector_NoDur`, `shiller.PE10` -> `shiller_PE10`.
 */
export { columnSymbol };

// ---------------------------------------------------------------------------
// The restricted mathjs instance
// ---------------------------------------------------------------------------

interface Mathjs {
  math: MathJsInstance;
  parse: (expr: string) => MathNode;
}
let mathjs: Mathjs | null = null;

/**
 * The restricted mathjs instance formulas are compiled with (created on first
 * use): `predictable` (sqrt(-1) is NaN, not complex), `logistic` added, and
 * every meta function (import, createUnit, evaluate, parse, compile,
 * simplify, ...) replaced by one that throws.
 */
export function formulaMath(): MathJsInstance {
  return getMathjs().math;
}

function getMathjs(): Mathjs {
  if (mathjs) return mathjs;
  const math = create(all, { predictable: true });
  const parse = math.parse.bind(math) as (expr: string) => MathNode;
  const disabled: Record<string, () => never> = {};
  for (const name of DISABLED) {
    disabled[name] = () => { throw new Error(`function '${name}' is disabled in formulas`); };
  }
  math.import({ ...disabled, logistic: (x: number, center = 0, scale = 1) => logistic(x, center, scale) }, { override: true });
  mathjs = { math, parse };
  return mathjs;
}

// ---------------------------------------------------------------------------
// Analysis (config time)
// ---------------------------------------------------------------------------

/** One value a formula reads from the view at a decision. */
type Input =
  | { kind: 'series'; label: string; symbol: string }
  | { kind: 'indicator'; label: string; symbol: string; name: IndicatorName; windows: number[] }
  | { kind: 'lag'; label: string; symbol: string; k: number }
  | { kind: 'fact'; label: string; fact: Fact };

interface Analysis {
  /** Inputs in order of first appearance; input i is the placeholder `__in<i>`. */
  inputs: Input[];
  /** Series symbols used, sorted. */
  series: string[];
  /** Functions called, sorted. */
  functions: string[];
  /** The formula with its inputs replaced by placeholders. */
  tree: MathNode;
}

/** What a formula reads: returned by validateExpression. */
export interface ExpressionInfo {
  /** Series symbols the formula names (as written, e.g. `sector_NoDur`), sorted. */
  series: string[];
  /** Functions it calls, sorted. */
  functions: string[];
  /** Its inputs, canonically written (`sma(close, 50)`, `close`, `refLow`). */
  inputs: string[];
}

const nodeText = (n: MathNode): string => n.toString();

function list(xs: readonly string[]): string {
  return xs.join(', ');
}

const KNOWN_SYMBOLS_TEXT = `series names (close, volume, vix, sector_NoDur for sector:NoDur, shiller_PE10 for shiller.PE10, ...), episode facts (${list(FACTS)}) or constants (pi, e)`;
const KNOWN_FUNCTIONS_TEXT = `indicators ${list(INDICATORS)}; series functions ${list(Object.keys(SERIES_FUNCTIONS))}; number functions ${list(Object.keys(NUMBER_FUNCTIONS).filter((f) => !OVERLOADED.has(f)))}, min, max, mean`;

function isFact(name: string): name is Fact {
  return (FACTS as readonly string[]).includes(name);
}

/** Whether a bare symbol can name a series (the data decides whether it exists). */
function seriesLooking(name: string): boolean {
  return SERIES_NAME.test(name) && !isFact(name) && !CONSTANTS.has(name) && !ALL_FUNCTIONS.includes(name) && !DISABLED.includes(name);
}

function describeWindows(name: string, n: number): string {
  if (n === 0) return `${name}(series)`;
  return `${name}(series, ${['n', 'm', 'k'].slice(0, n).join(', ')})`;
}

function analyze(expr: string, fail: (detail: string) => never): Analysis {
  const { math, parse } = getMathjs();
  let root: MathNode;
  try {
    root = parse(expr);
  } catch (e) {
    fail(`cannot parse formula '${expr}': ${(e as Error).message}`);
  }

  const inputs: Input[] = [];
  const byLabel = new Map<string, number>();
  const series = new Set<string>();
  const functions = new Set<string>();
  const placeholder = (input: Input): MathNode => {
    let i = byLabel.get(input.label);
    if (i === undefined) {
      i = inputs.length;
      inputs.push(input);
      byLabel.set(input.label, i);
    }
    return new math.SymbolNode(`__in${i}`);
  };
  const unwrap = (n: MathNode): MathNode => (math.isParenthesisNode(n) ? unwrap(n.content) : n);
  const seriesArg = (fname: string, n: MathNode, usage: string): string => {
    const a = unwrap(n);
    if (!math.isSymbolNode(a)) {
      fail(`${fname}() needs a series name as its first argument, not the expression '${nodeText(n)}' (write ${usage}, e.g. ${fname}(close${usage.includes(',') ? ', 20' : ''}))`);
    }
    if (!seriesLooking(a.name)) {
      const what = isFact(a.name) ? 'an episode fact' : CONSTANTS.has(a.name) ? 'a constant' : 'a function';
      fail(`${fname}() needs a series name as its first argument; '${a.name}' is ${what}, not a series`);
    }
    series.add(a.name);
    return a.name;
  };
  const windowArg = (fname: string, n: MathNode): number => {
    const a = unwrap(n);
    const v = math.isConstantNode(a) ? a.value : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      fail(`${fname}(): the window '${nodeText(n)}' must be a positive integer constant, like ${fname}(close, 20)`);
    }
    return v;
  };

  // Validate every node (whitelist) and replace inputs by placeholders, top-down:
  // returning a new node stops transform() from descending into the replaced call.
  const visit = (node: MathNode): MathNode => {
    if (math.isConstantNode(node)) {
      if (typeof node.value !== 'number' && typeof node.value !== 'boolean') {
        fail(`only numbers and true/false are allowed as constants, not ${JSON.stringify(node.value)}`);
      }
      return node;
    }
    if (math.isSymbolNode(node)) {
      const name = node.name;
      if (CONSTANTS.has(name)) return node;
      if (isFact(name)) return placeholder({ kind: 'fact', label: name, fact: name });
      if (ALL_FUNCTIONS.includes(name)) fail(`'${name}' is a function: call it, e.g. ${usageOf(name)}`);
      if (!seriesLooking(name)) {
        fail(`unknown name '${name}' (known: ${KNOWN_SYMBOLS_TEXT})`);
      }
      series.add(name);
      return placeholder({ kind: 'series', label: name, symbol: name });
    }
    if (math.isFunctionNode(node)) {
      const fnNode = node.fn as unknown as MathNode;
      if (!math.isSymbolNode(fnNode)) fail(`cannot call '${nodeText(fnNode)}': only named functions can be called (${KNOWN_FUNCTIONS_TEXT})`);
      const name = fnNode.name;
      const args = node.args;
      if (name in INDICATOR_WINDOWS) {
        const ind = name as IndicatorName;
        const nw = INDICATOR_WINDOWS[ind];
        const usage = describeWindows(ind, nw);
        if (args.length !== nw + 1) fail(`${ind}() takes a series and ${nw} window${nw === 1 ? '' : 's'}: ${usage}; got ${args.length} argument${args.length === 1 ? '' : 's'} in '${nodeText(node)}'`);
        const sym = seriesArg(ind, args[0]!, usage);
        const windows = args.slice(1).map((a) => windowArg(ind, a));
        functions.add(ind);
        return placeholder({ kind: 'indicator', label: `${ind}(${[sym, ...windows].join(', ')})`, symbol: sym, name: ind, windows });
      }
      const windowForm = name in SERIES_FUNCTIONS && (!OVERLOADED.has(name)
        || (args.length === 2 && math.isSymbolNode(args[0]!) && seriesLooking(args[0].name) && math.isConstantNode(args[1]!)));
      if (windowForm) {
        const usage = `${name}(series, k)`;
        if (args.length !== 2) fail(`${name}() takes a series and a window: ${usage}; got ${args.length} argument${args.length === 1 ? '' : 's'} in '${nodeText(node)}'`);
        const sym = seriesArg(name, args[0]!, usage);
        const k = windowArg(name, args[1]!);
        functions.add(name);
        const label = `${name}(${sym}, ${k})`;
        const ind = SERIES_FUNCTIONS[name]!;
        if (ind === null) return placeholder({ kind: 'lag', label, symbol: sym, k });
        return placeholder({ kind: 'indicator', label, symbol: sym, name: ind, windows: [k] });
      }
      const arity = NUMBER_FUNCTIONS[name];
      if (!arity) {
        if (DISABLED.includes(name)) fail(`function '${name}' is not allowed in formulas (a formula cannot import, parse or evaluate code); known functions: ${KNOWN_FUNCTIONS_TEXT}`);
        const looksIndexed = args.length === 1 && math.isConstantNode(args[0]!);
        const hint = looksIndexed ? ` (series are not functions: for a past value write lag(${name}, k))` : '';
        fail(`unknown function '${name}'${hint}; known functions: ${KNOWN_FUNCTIONS_TEXT}`);
      }
      if (args.length < arity[0] || args.length > arity[1]) {
        const n = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} to ${arity[1]}`;
        fail(`${name}() takes ${n} argument${n === '1' ? '' : 's'}, got ${args.length} in '${nodeText(node)}'`);
      }
      functions.add(name);
      return new math.FunctionNode(new math.SymbolNode(name), args.map((a) => visit(a)));
    }
    if (math.isOperatorNode(node)) {
      if (!OPERATORS.has(node.fn)) fail(`operator '${node.op}' (${node.fn}) is not supported in formulas`);
      return new math.OperatorNode(node.op as never, node.fn as never, node.args.map((a) => visit(a)) as never, node.implicit);
    }
    if (math.isParenthesisNode(node)) return new math.ParenthesisNode(visit(node.content));
    if (math.isConditionalNode(node)) return new math.ConditionalNode(visit(node.condition), visit(node.trueExpr), visit(node.falseExpr));
    if (math.isRelationalNode(node)) {
      for (const c of node.conditionals) if (!OPERATORS.has(c)) fail(`comparison '${c}' is not supported`);
      return new math.RelationalNode(node.conditionals, node.params.map((a) => visit(a)));
    }
    if (math.isAccessorNode(node) || math.isRangeNode(node)) {
      const text = nodeText(node).replace(/\s+/g, '');
      const hint = /^[A-Za-z_][A-Za-z0-9_]*[.:][A-Za-z0-9_]+$/.test(text)
        ? `; a column such as sector:NoDur or shiller.PE10 is written with '_': ${columnSymbol(text)}`
        : '; for a past value write lag(series, k)';
      fail(`'${text}' is not allowed (no property access, indexing or ranges)${hint}`);
    }
    if (math.isAssignmentNode(node) || math.isFunctionAssignmentNode(node)) fail(`assignments are not allowed in formulas ('${nodeText(node)}')`);
    if (math.isBlockNode(node)) fail('a formula is one expression (no ";" or line breaks separating several)');
    fail(`${node.type} '${nodeText(node)}' is not allowed in formulas (only numbers, series, functions, operators, comparisons and c ? a : b)`);
  };

  const tree = visit(root);
  return { inputs, series: [...series].sort(), functions: [...functions].sort(), tree };
}

function usageOf(name: string): string {
  if (name in INDICATOR_WINDOWS) {
    const nw = INDICATOR_WINDOWS[name as IndicatorName];
    return nw === 0 ? `${name}(close)` : `${name}(close, 20)`;
  }
  if (name in SERIES_FUNCTIONS) return `${name}(close, 20)`;
  return `${name}(x)`;
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

function makeResolver(): (view: PointInTimeView, symbol: string) => Resolution {
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
    compiled = a.tree.compile();
  } catch (e) {
    throw new ConfigError(`${key}.expr`, `cannot compile formula '${expr}': ${(e as Error).message}`, source);
  }
  const inputs = a.inputs;
  const names = inputs.map((_, i) => `__in${i}`);
  const symbols = [...new Set(inputs.flatMap((i) => ('symbol' in i ? [i.symbol] : [])))];
  const resolve = makeResolver();
  const needs = [...a.series];
  if (inputs.some((i) => i.kind === 'fact' && i.fact === 'month')) needs.push('calendar');
  if (needs.length === 0) needs.push('none');
  const where = `expression criterion '${id}' (${source ?? 'config'}: ${key}.expr)`;

  function score(view: PointInTimeView): ScoreResult {
    // Resolve series symbols to this dataset's columns.
    const cols = new Map<string, string>();
    for (const s of symbols) {
      const r = resolve(view, s);
      if (r === null) return { abstain: `no column ${s} in dataset ${view.market}` };
      if ('ambiguous' in r) {
        throw new Error(`${where}: '${s}' matches several columns of dataset ${view.market} (${r.ambiguous.join(', ')})`);
      }
      cols.set(s, r.column);
    }
    const t = view.t;
    const scope = new Map<string, number>();
    const missing: string[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const inp = inputs[i]!;
      let v: number;
      switch (inp.kind) {
        case 'fact':
          v = factValue(view, inp.fact);
          break;
        case 'series':
          // The value at the decision itself: the as-of join already carries values forward
          // until they go stale, so an older value must not be revived here.
          v = view.series(cols.get(inp.symbol)!)[t]!;
          break;
        case 'lag': {
          const x = view.series(cols.get(inp.symbol)!);
          v = t - inp.k >= 0 ? x[t - inp.k]! : NaN;
          break;
        }
        case 'indicator':
          v = view.indicator(inp.name, cols.get(inp.symbol)!, ...inp.windows)[t]!;
          break;
      }
      if (Number.isNaN(v)) {
        const col = inp.kind === 'fact' ? '' : cols.get(inp.symbol)!;
        const onCol = inp.kind !== 'fact' && col !== inp.symbol ? ` (column ${col})` : '';
        missing.push(inp.kind === 'series'
          ? `${inp.label}${onCol} has no known value yet`
          : inp.kind === 'fact' ? `${inp.label} is not defined for this episode`
            : `${inp.label}${onCol} is not available at the decision (warming up or missing data)`);
      }
      scope.set(names[i]!, v);
    }
    if (missing.length > 0) return { abstain: missing.join('; ') };

    const r: unknown = compiled.evaluate(scope);
    if (typeof r === 'boolean') return { score: r ? 1 : 0 };
    if (typeof r !== 'number') {
      const what = r === null || r === undefined ? String(r) : (r as object).constructor?.name ?? typeof r;
      throw new Error(`${where}: formula '${expr}' gave a ${what}, not a number or true/false`);
    }
    if (Number.isNaN(r)) return { abstain: `formula gave NaN (e.g. 0/0 or log of a negative number) with ${inputs.map((inp, i) => `${inp.label}=${scope.get(names[i]!)}`).join(', ')}` };
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
