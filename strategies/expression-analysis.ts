/**
 * Config-time analysis of a formula (strategies/expression.ts): parse it with
 * the restricted mathjs instance, check every node against the language's
 * whitelist (strategies/expression-language.ts), and replace each input it
 * reads from the view (a series value, an indicator or series-function call,
 * an episode fact) by a placeholder symbol `__in<i>`. The result is compiled
 * once; per decision only the inputs are read.
 */
import type { FunctionNode, MathJsInstance, MathNode, SymbolNode } from 'mathjs';
import { columnSymbol, type IndicatorName } from '../engine/criterion.ts';
import {
  CONSTANTS, DISABLED, INDICATOR_WINDOWS, KNOWN_FUNCTIONS_TEXT, KNOWN_SYMBOLS_TEXT, NUMBER_FUNCTIONS, OPERATORS,
  OVERLOADED, SERIES_FUNCTIONS, describeWindows, isFact, isFunctionName, isIndicator, seriesLooking, usageOf, type Fact,
} from './expression-language.ts';
import { getMathjs } from './expression-sandbox.ts';

/** One value a formula reads from the view at a decision. */
export type Input =
  | { kind: 'series'; label: string; symbol: string }
  | { kind: 'indicator'; label: string; symbol: string; name: IndicatorName; windows: number[] }
  | { kind: 'lag'; label: string; symbol: string; k: number }
  | { kind: 'fact'; label: string; fact: Fact };

export interface Analysis {
  /** Inputs in order of first appearance; input i is the placeholder `__in<i>`. */
  inputs: Input[];
  /** Series symbols used, sorted. */
  series: string[];
  /** Functions called, sorted. */
  functions: string[];
  /** The formula with its inputs replaced by placeholders. */
  tree: MathNode;
}

const nodeText = (n: MathNode): string => n.toString();
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Walks a parsed formula once, validating and collecting its inputs. */
class Analyzer {
  readonly inputs: Input[] = [];
  readonly series = new Set<string>();
  readonly functions = new Set<string>();
  private readonly byLabel = new Map<string, number>();

  constructor(private readonly math: MathJsInstance, private readonly fail: (detail: string) => never) {}

  /** Validate every node (whitelist) and replace inputs by placeholders, top-down. */
  visit(node: MathNode): MathNode {
    const { math, fail } = this;
    if (math.isConstantNode(node)) {
      if (typeof node.value !== 'number' && typeof node.value !== 'boolean') {
        fail(`only numbers and true/false are allowed as constants, not ${JSON.stringify(node.value)}`);
      }
      return node;
    }
    if (math.isSymbolNode(node)) return this.symbol(node);
    if (math.isFunctionNode(node)) return this.call(node);
    if (math.isOperatorNode(node)) {
      if (!OPERATORS.has(node.fn)) fail(`operator '${node.op}' (${node.fn}) is not supported in formulas`);
      return new math.OperatorNode(node.op as never, node.fn as never, node.args.map((a) => this.visit(a)) as never, node.implicit);
    }
    if (math.isParenthesisNode(node)) return new math.ParenthesisNode(this.visit(node.content));
    if (math.isConditionalNode(node)) return new math.ConditionalNode(this.visit(node.condition), this.visit(node.trueExpr), this.visit(node.falseExpr));
    if (math.isRelationalNode(node)) {
      for (const c of node.conditionals) if (!OPERATORS.has(c)) fail(`comparison '${c}' is not supported`);
      return new math.RelationalNode(node.conditionals, node.params.map((a) => this.visit(a)));
    }
    return this.refuse(node);
  }

  /** A node type formulas never contain: say why, with a hint where one helps. */
  private refuse(node: MathNode): never {
    const { math, fail } = this;
    if (math.isAccessorNode(node) || math.isRangeNode(node)) {
      const text = nodeText(node).replace(/\s+/g, '');
      const hint = /^[A-Za-z_][A-Za-z0-9_]*[.:][A-Za-z0-9_]+$/.test(text)
        ? `; a column such as sector:NoDur or shiller.PE10 is written with '_': ${columnSymbol(text)}`
        : '; for a past value write lag(series, k)';
      fail(`'${text}' is not allowed (no property access, indexing or ranges)${hint}`);
    }
    if (math.isAssignmentNode(node) || math.isFunctionAssignmentNode(node)) fail(`assignments are not allowed in formulas ('${nodeText(node)}')`);
    if (math.isBlockNode(node)) fail('a formula is one expression (no ";" or line breaks separating several)');
    return fail(`${node.type} '${nodeText(node)}' is not allowed in formulas (only numbers, series, functions, operators, comparisons and c ? a : b)`);
  }

  /** A bare name: a constant, an episode fact, or a series (its value at the decision). */
  private symbol(node: SymbolNode): MathNode {
    const name = node.name;
    if (CONSTANTS.has(name)) return node;
    if (isFact(name)) return this.placeholder({ kind: 'fact', label: name, fact: name });
    if (isFunctionName(name)) this.fail(`'${name}' is a function: call it, e.g. ${usageOf(name)}`);
    if (!seriesLooking(name)) this.fail(`unknown name '${name}' (known: ${KNOWN_SYMBOLS_TEXT})`);
    this.series.add(name);
    return this.placeholder({ kind: 'series', label: name, symbol: name });
  }

  /** A call: an indicator, a series function (window form), or a function of numbers. */
  private call(node: FunctionNode): MathNode {
    const { math, fail } = this;
    const fnNode = node.fn as unknown as MathNode;
    if (!math.isSymbolNode(fnNode)) this.fail(`cannot call '${nodeText(fnNode)}': only named functions can be called (${KNOWN_FUNCTIONS_TEXT})`);
    const name = fnNode.name;
    const args = node.args;
    if (isIndicator(name)) return this.indicatorCall(name, node);
    const a0 = args[0];
    // mean/max/min(series, k) are the window form, a negative k included (refused there, as lag's is), not the number functions.
    const k = args[1];
    const constantLike = k !== undefined && (math.isConstantNode(k) || (math.isOperatorNode(k) && k.fn === 'unaryMinus' && math.isConstantNode(k.args[0]!)));
    const windowForm = Object.hasOwn(SERIES_FUNCTIONS, name) && (!OVERLOADED.has(name)
      || (args.length === 2 && a0 !== undefined && math.isSymbolNode(a0) && seriesLooking(a0.name) && constantLike));
    if (windowForm) return this.seriesFunctionCall(name, node);
    const arity = NUMBER_FUNCTIONS[name]!;
    if (!Object.hasOwn(NUMBER_FUNCTIONS, name)) {
      if (DISABLED.includes(name)) fail(`function '${name}' is not allowed in formulas (a formula cannot import, parse or evaluate code); known functions: ${KNOWN_FUNCTIONS_TEXT}`);
      const looksIndexed = args.length === 1 && math.isConstantNode(args[0]!);
      const hint = looksIndexed ? ` (series are not functions: for a past value write lag(${name}, k))` : '';
      fail(`unknown function '${name}'${hint}; known functions: ${KNOWN_FUNCTIONS_TEXT}`);
    }
    if (args.length < arity[0] || args.length > arity[1]) {
      const n = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} to ${arity[1]}`;
      fail(`${name}() takes ${n} argument${n === '1' ? '' : 's'}, got ${args.length} in '${nodeText(node)}'`);
    }
    this.functions.add(name);
    return new math.FunctionNode(new math.SymbolNode(name), args.map((a) => this.visit(a)));
  }

  private indicatorCall(ind: IndicatorName, node: FunctionNode): MathNode {
    const args = node.args;
    const nw = INDICATOR_WINDOWS[ind];
    const usage = describeWindows(ind, nw);
    if (args.length !== nw + 1) {
      this.fail(`${ind}() takes a series and ${nw} window${nw === 1 ? '' : 's'}: ${usage}; got ${plural(args.length, 'argument')} in '${nodeText(node)}'`);
    }
    const sym = this.seriesArg(ind, args[0]!, usage);
    const windows = args.slice(1).map((a) => this.windowArg(ind, a));
    this.functions.add(ind);
    return this.placeholder({ kind: 'indicator', label: `${ind}(${[sym, ...windows].join(', ')})`, symbol: sym, name: ind, windows });
  }

  private seriesFunctionCall(name: string, node: FunctionNode): MathNode {
    const args = node.args;
    const usage = `${name}(series, k)`;
    if (args.length !== 2) this.fail(`${name}() takes a series and a window: ${usage}; got ${plural(args.length, 'argument')} in '${nodeText(node)}'`);
    const sym = this.seriesArg(name, args[0]!, usage);
    const k = this.windowArg(name, args[1]!);
    this.functions.add(name);
    const label = `${name}(${sym}, ${k})`;
    const ind = SERIES_FUNCTIONS[name]!;
    if (ind === null) return this.placeholder({ kind: 'lag', label, symbol: sym, k });
    return this.placeholder({ kind: 'indicator', label, symbol: sym, name: ind, windows: [k] });
  }

  private placeholder(input: Input): MathNode {
    let i = this.byLabel.get(input.label);
    if (i === undefined) {
      i = this.inputs.length;
      this.inputs.push(input);
      this.byLabel.set(input.label, i);
    }
    return new this.math.SymbolNode(`__in${i}`);
  }

  private unwrap(n: MathNode): MathNode {
    return this.math.isParenthesisNode(n) ? this.unwrap(n.content) : n;
  }

  private seriesArg(fname: string, n: MathNode, usage: string): string {
    const a = this.unwrap(n);
    if (!this.math.isSymbolNode(a)) {
      this.fail(`${fname}() needs a series name as its first argument, not the expression '${nodeText(n)}' (write ${usage}, e.g. ${fname}(close${usage.includes(',') ? ', 20' : ''}))`);
    }
    if (!seriesLooking(a.name)) {
      const what = isFact(a.name) ? 'an episode fact' : CONSTANTS.has(a.name) ? 'a constant' : 'a function';
      this.fail(`${fname}() needs a series name as its first argument; '${a.name}' is ${what}, not a series`);
    }
    this.series.add(a.name);
    return a.name;
  }

  private windowArg(fname: string, n: MathNode): number {
    const a = this.unwrap(n);
    const v = this.math.isConstantNode(a) ? a.value : undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      this.fail(`${fname}(): the window '${nodeText(n)}' must be a positive integer constant, like ${fname}(close, 20)`);
    }
    return v;
  }
}

/** Parse and analyze a formula; every problem goes to `fail` with a message naming the offending part. */
export function analyze(expr: string, fail: (detail: string) => never): Analysis {
  const { math, parse } = getMathjs();
  let root: MathNode;
  try {
    root = parse(expr);
  } catch (e) {
    fail(`cannot parse formula '${expr}': ${(e as Error).message}`);
  }
  const a = new Analyzer(math, fail);
  const tree = a.visit(root);
  return { inputs: a.inputs, series: [...a.series].sort(), functions: [...a.functions].sort(), tree };
}
