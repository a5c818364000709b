/**
 * Bounds on what a run config may ask for, checked before anything is built
 * from it: nesting depth of the JSON, formula length and parenthesis depth,
 * and the size of parameter grids (counted, never expanded, before the
 * check). Every breach is a ConfigError naming the key (exit 2).
 */
import { ConfigError } from './errors.ts';

/** Deepest nesting of objects and arrays a config may have. */
export const MAX_CONFIG_DEPTH = 64;
/** Longest formula (`criteria[i].expr`), in characters. */
export const MAX_FORMULA_LENGTH = 2000;
/** Deepest parenthesis nesting of a formula. */
export const MAX_FORMULA_DEPTH = 64;
/** Default most parameter sets one criterion's grid may expand to (`limits.gridSets` raises it). */
export const DEFAULT_GRID_SETS = 100_000;

export interface ConfigLimits {
  gridSets: number;
}

/** Refuse a value nested deeper than MAX_CONFIG_DEPTH (walked without recursion), naming the key where it got too deep. */
export function checkConfigDepth(raw: unknown, src: string): void {
  const stack: Array<[unknown, string, number]> = [[raw, '', 0]];
  while (stack.length > 0) {
    const [v, key, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_CONFIG_DEPTH) throw new ConfigError(key || '(root)', `nested deeper than ${MAX_CONFIG_DEPTH} levels`, src);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${key}[${i}]`, depth + 1]));
    else for (const [k, x] of Object.entries(v)) stack.push([x, key ? `${key}.${k}` : k, depth + 1]);
  }
}

/** Refuse a formula longer than MAX_FORMULA_LENGTH or nested deeper than MAX_FORMULA_DEPTH parentheses. */
export function checkFormulaSize(expr: string, key: string, src: string): void {
  if (expr.length > MAX_FORMULA_LENGTH) throw new ConfigError(key, `a formula of ${expr.length} characters (at most ${MAX_FORMULA_LENGTH})`, src);
  let depth = 0;
  for (const ch of expr) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth > MAX_FORMULA_DEPTH) throw new ConfigError(key, `parentheses nested deeper than ${MAX_FORMULA_DEPTH}`, src);
  }
}

/** The `limits` key of a config: {"gridSets": N}. */
export function parseLimits(given: unknown, src: string): ConfigLimits {
  if (given === undefined) return { gridSets: DEFAULT_GRID_SETS };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new ConfigError('limits', 'expected an object like {"gridSets": 1000000}', src);
  for (const k of Object.keys(given)) if (k !== 'gridSets') throw new ConfigError(`limits.${k}`, 'unknown key (allowed: gridSets)', src);
  const g = (given as { gridSets?: unknown }).gridSets;
  if (g === undefined) return { gridSets: DEFAULT_GRID_SETS };
  if (typeof g !== 'number' || !Number.isInteger(g) || g < 1) throw new ConfigError('limits.gridSets', `expected a whole number >= 1, got ${JSON.stringify(g)}`, src);
  return { gridSets: g };
}

/** Refuse a grid whose product of value counts exceeds `max`, before it is expanded. */
export function checkGridSize(params: Record<string, unknown>, key: string, max: number, src: string): void {
  let sets = 1;
  for (const v of Object.values(params)) sets *= Array.isArray(v) ? Math.max(1, v.length) : 1;
  if (sets > max) {
    throw new ConfigError(key, `a grid of ${Number.isSafeInteger(sets) ? sets : sets.toExponential(2)} parameter sets (more than ${max}); raise "limits": {"gridSets": N} if you mean it`, src);
  }
}
