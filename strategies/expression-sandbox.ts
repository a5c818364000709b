/**
 * The restricted mathjs instance formula criteria are parsed and compiled
 * with (created on first use, since mathjs takes about a second to load):
 * `predictable` (sqrt(-1) is NaN, not complex), `logistic` added, and every
 * meta function (import, createUnit, evaluate, parse, compile, simplify, ...)
 * replaced by one that throws. The formula's tree is also checked against a
 * whitelist before it is compiled (strategies/expression-analysis.ts).
 */
import { create, all, type MathJsInstance, type MathNode } from 'mathjs';
import { logistic } from '../engine/criterion.ts';
import { DISABLED } from './expression-language.ts';

export interface Mathjs {
  math: MathJsInstance;
  /** The instance's own parser (kept before `parse` is disabled for formulas). */
  parse: (expr: string) => MathNode;
}

let mathjs: Mathjs | null = null;

/** The restricted mathjs instance (for tests and tools that need the math itself). */
export function formulaMath(): MathJsInstance {
  return getMathjs().math;
}

/** The restricted instance and its parser. */
export function getMathjs(): Mathjs {
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
