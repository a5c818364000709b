/**
 * The vocabulary of formula criteria (strategies/expression.ts): which
 * indicators, series functions, functions of numbers, episode facts,
 * constants and operators a formula may use, and the texts that name them in
 * error messages. No mathjs here: this module is cheap to import.
 */
import type { IndicatorName } from '../engine/criterion.ts';

/**
 * Window parameters per indicator. Keyed by IndicatorName, so the compiler
 * insists every engine indicator is listed (kept in step with engine/data/view.ts).
 */
export const INDICATOR_WINDOWS: Record<IndicatorName, number> = {
  sma: 1, ema: 1, rsi: 1, rollingMax: 1, rollingMin: 1, rollingSum: 1, rollingStd: 1,
  realizedVol: 1, roc: 1, returns: 0, logReturns: 0, runningMax: 0, drawdown: 0, monthlyMedian: 0,
};
const INDICATORS = Object.keys(INDICATOR_WINDOWS) as IndicatorName[];

/** Series functions (series, k) and the shared indicator each one reads (null = raw lag). */
export const SERIES_FUNCTIONS: Record<string, IndicatorName | null> = {
  lag: null, change: 'roc', mean: 'sma', max: 'rollingMax', highest: 'rollingMax', min: 'rollingMin', lowest: 'rollingMin',
};
/** Series functions that double as functions of numbers. */
export const OVERLOADED = new Set(['mean', 'max', 'min']);

/** Functions of numbers: [min args, max args]. */
export const NUMBER_FUNCTIONS: Record<string, [number, number]> = {
  abs: [1, 1], sign: [1, 1], sqrt: [1, 1], exp: [1, 1], log: [1, 2], log10: [1, 1], pow: [2, 2],
  round: [1, 2], floor: [1, 1], ceil: [1, 1], erf: [1, 1], logistic: [1, 3],
  min: [1, Infinity], max: [1, Infinity], mean: [1, Infinity],
};

const FACTS = ['refLow', 'peak', 'daysSinceLow', 'drawdownDepth', 'month'] as const;
/** An episode fact a formula may name. */
export type Fact = (typeof FACTS)[number];

export const CONSTANTS = new Set(['pi', 'e', 'tau', 'phi', 'Infinity', 'PI', 'E']);

/** mathjs operator functions a formula may use. */
export const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'mod', 'pow', 'unaryMinus', 'unaryPlus',
  'not', 'and', 'or', 'xor', 'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq',
]);

/** mathjs names that must never be reachable, disabled in the restricted instance. */
export const DISABLED = [
  'import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore',
  'derivative', 'resolve', 'rationalize', 'leafCount', 'symbolicEqual', 'reviver', 'replacer', 'help', 'chain',
];

const SERIES_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ALL_FUNCTIONS = [...new Set([...INDICATORS, ...Object.keys(SERIES_FUNCTIONS), ...Object.keys(NUMBER_FUNCTIONS)])];

/** Every function name a formula may call (for help texts and `rally list`). */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.freeze([...ALL_FUNCTIONS]);

export function isFunctionName(name: string): boolean {
  return ALL_FUNCTIONS.includes(name);
}

export function isIndicator(name: string): name is IndicatorName {
  return Object.hasOwn(INDICATOR_WINDOWS, name);
}

export function isFact(name: string): name is Fact {
  return (FACTS as readonly string[]).includes(name);
}

/** Whether a bare symbol can name a series (the data decides whether it exists). */
export function seriesLooking(name: string): boolean {
  return SERIES_NAME.test(name) && !isFact(name) && !CONSTANTS.has(name) && !isFunctionName(name) && !DISABLED.includes(name);
}

function list(xs: readonly string[]): string {
  return xs.join(', ');
}

export const KNOWN_SYMBOLS_TEXT = `series names (close, volume, vix, sector_NoDur for sector:NoDur, shiller_PE10 for shiller.PE10, ...), episode facts (${list(FACTS)}) or constants (pi, e)`;
export const KNOWN_FUNCTIONS_TEXT = `indicators ${list(INDICATORS)}; series functions ${list(Object.keys(SERIES_FUNCTIONS))}; number functions ${list(Object.keys(NUMBER_FUNCTIONS).filter((f) => !OVERLOADED.has(f)))}, min, max, mean`;

/** How an indicator with n windows is called: `sma(series, n)`. */
export function describeWindows(name: string, n: number): string {
  if (n === 0) return `${name}(series)`;
  return `${name}(series, ${['n', 'm', 'k'].slice(0, n).join(', ')})`;
}

/** An example call of a function, for error messages. */
export function usageOf(name: string): string {
  if (isIndicator(name)) return INDICATOR_WINDOWS[name] === 0 ? `${name}(close)` : `${name}(close, 20)`;
  if (Object.hasOwn(SERIES_FUNCTIONS, name)) return `${name}(close, 20)`;
  return `${name}(x)`;
}
