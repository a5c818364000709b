/**
 * The restricted mathjs instance formula criteria are parsed and compiled
 * with (created on first use, since mathjs takes about a second to load):
 * `predictable` (sqrt(-1) is NaN, not complex), `logistic` added, and every
 * meta function (import, createUnit, evaluate, parse, compile, simplify, ...)
 * replaced by one that throws. The formula's tree is also checked against a
 * whitelist before it is compiled (strategies/expression-analysis.ts).
 */
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';
import { logistic } from '../engine/criterion.ts';
import { DISABLED } from './expression-language.ts';

export interface Mathjs {
  math: MathJsInstance;
  /** The instance's own parser (kept before `parse` is disabled for formulas). */
  parse: (expr: string) => MathNode;
}

let mathjs: Mathjs | null = null;

/**
 * mathjs itself, from the package's one-file bundle: the same version and code as its ESM entry,
 * which is some 700 modules and evaluates a complete default instance on import (about 1.7 s of
 * CPU per thread that loads it, against about 0.2 s for the bundle).
 */
function mathjsPackage(): Pick<typeof import('mathjs'), 'create' | 'all'> {
  return createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
}

/** The restricted mathjs instance (for tests and tools that need the math itself). */
export function formulaMath(): MathJsInstance {
  return getMathjs().math;
}

/** The restricted instance and its parser. */
export function getMathjs(): Mathjs {
  if (mathjs) return mathjs;
  const { create, all } = mathjsPackage();
  const math = create(all);
  math.config({ predictable: true }); // (the bundle's create ignores `predictable` in its options; set here it holds)
  const parse = math.parse.bind(math) as (expr: string) => MathNode;
  const disabled: Record<string, () => never> = {};
  for (const name of DISABLED) {
    disabled[name] = () => { throw new Error(`function '${name}' is disabled in formulas`); };
  }
  math.import({ ...disabled, logistic: (x: number, center = 0, scale = 1) => logistic(x, center, scale) }, { override: true });
  mathjs = { math, parse };
  return mathjs;
}

/** The scope name of the NaN guard (nanGuarded). */
export const NAN_GUARD = '__nanGuard';

/** What the NaN guard throws: a comparison, logical operator or condition met NaN. */
export class NanInComparison extends Error {}

/** The NaN guard's function, for a formula's scope: passes a value through, throws NanInComparison on NaN. */
export function nanGuard(v: unknown): unknown {
  if (typeof v === 'number' && Number.isNaN(v)) throw new NanInComparison('NaN in a comparison');
  return v;
}

const COMPARISONS = new Set(['larger', 'smaller', 'largerEq', 'smallerEq', 'equal', 'unequal', 'and', 'or', 'xor', 'not']);

/**
 * `tree` with every operand of a comparison or logical operator, and every
 * condition of `a ? b : c`, passed through the NaN guard. NaN compares false,
 * so without it `log(x - 0.2) > -1` turns a NaN (the log of a negative
 * number) into a confident "no" where the bare formula abstains.
 */
export function nanGuarded(tree: MathNode): MathNode {
  const { math } = getMathjs();
  const wrap = (a: MathNode): MathNode => new math.FunctionNode(new math.SymbolNode(NAN_GUARD), [a]);
  const guard = (node: MathNode): MathNode => {
    const m = node.map((child) => guard(child));
    if (m.type === 'OperatorNode' && COMPARISONS.has((m as unknown as { fn: string }).fn)) {
      const o = m as unknown as { op: string; fn: string; args: MathNode[] };
      return new math.OperatorNode(o.op as never, o.fn as never, o.args.map(wrap));
    }
    if (m.type === 'ConditionalNode') {
      const c = m as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      return new math.ConditionalNode(wrap(c.condition), c.trueExpr, c.falseExpr);
    }
    return m;
  };
  return guard(tree);
}
