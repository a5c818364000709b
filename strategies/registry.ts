/**
 * The built-in criteria, in a stable order (baselines first, then the claims
 * in the order of the brief's table, consensus last), and the table that
 * `rally list criteria` prints.
 */
import type { Criterion, ParamSpec } from '../engine/criterion.ts';
import { alwaysDurable } from './always-durable.ts';
import { coinFlip } from './coin-flip.ts';
import { breadthParticipation } from './breadth-participation.ts';
import { breadthThrust } from './breadth-thrust.ts';
import { narrowLeadership } from './narrow-leadership.ts';
import { goldenCross } from './golden-cross.ts';
import { above200Day } from './above-200-day.ts';
import { followThroughDay } from './follow-through-day.ts';
import { oversoldBounce } from './oversold-bounce.ts';
import { volatilityCompression } from './volatility-compression.ts';
import { policyShift } from './policy-shift.ts';
import { macroConfirmation } from './macro-confirmation.ts';
import { earningsConfirmation } from './earnings-confirmation.ts';
import { creditSpreads } from './credit-spreads.ts';
import { yieldCurve } from './yield-curve.ts';
import { valuation } from './valuation.ts';
import { flowStability } from './flow-stability.ts';
import { seasonality } from './seasonality.ts';
import { consensus } from './consensus.ts';

export const BUILTIN_CRITERIA: readonly Criterion[] = Object.freeze([
  alwaysDurable,
  coinFlip,
  breadthParticipation,
  breadthThrust,
  narrowLeadership,
  goldenCross,
  above200Day,
  followThroughDay,
  oversoldBounce,
  volatilityCompression,
  policyShift,
  macroConfirmation,
  earningsConfirmation,
  creditSpreads,
  yieldCurve,
  valuation,
  flowStability,
  seasonality,
  consensus,
]);

/** Ids of the baselines: they make no claim and are left out of `consensus`. */
export const BASELINE_IDS: readonly string[] = ['always-durable', 'coin-flip'];

const BY_ID = new Map(BUILTIN_CRITERIA.map((c) => [c.id, c]));

export function getBuiltin(id: string): Criterion | undefined {
  return BY_ID.get(id);
}

const WIDTH = 100;

/** Greedy word wrap of `text` after a `label` (first line) with a hanging indent. */
function wrap(label: string, text: string, indent: number, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = label.padEnd(indent);
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** One parameter as `name=default [min..max]` (strings: `name=default {a|b}`). */
export function formatParam(s: ParamSpec): string {
  if (s.type === 'string') {
    const v = String(s.default);
    const shown = /[\s,]/.test(v) || v === '' ? JSON.stringify(v) : v;
    return s.choices ? `${s.name}=${shown} {${s.choices.join('|')}}` : `${s.name}=${shown}`;
  }
  if (s.type === 'boolean') return `${s.name}=${String(s.default)} {true|false}`;
  const range = `[${s.min ?? '-inf'}..${s.max ?? 'inf'}]`;
  return `${s.name}=${String(s.default)} ${range}`;
}

/**
 * The text `rally list criteria` prints: for each criterion its id, claim,
 * data needed (and episode kinds when restricted), scoring and parameters,
 * wrapped to 100 columns.
 */
export function criterionTable(list: readonly Criterion[]): string {
  const out: string[] = [];
  const ind = 10;
  for (const c of list) {
    out.push(c.id);
    out.push(...wrap('  claim', c.claim, ind));
    const data = c.needs.join(', ') + (c.kinds ? `   (episodes: ${c.kinds.join(', ')})` : '');
    out.push(...wrap('  data', data, ind));
    out.push(...wrap('  score', c.scoring, ind));
    out.push(...wrapItems('  params', c.params.length ? c.params.map(formatParam) : ['none'], ind));
    out.push('');
  }
  return out.join('\n');
}

/**
 * Wrap a list of items (joined by ', '), breaking between items; an item too
 * long for a line (e.g. a member list) is broken after one of its own commas.
 */
function wrapItems(label: string, items: string[], indent: number, width = WIDTH): string[] {
  const tokens: Array<{ text: string; space: boolean }> = [];
  items.forEach((item, i) => {
    const piece = item + (i < items.length - 1 ? ',' : '');
    if (indent + piece.length <= width) tokens.push({ text: piece, space: true });
    else piece.split(/(?<=,)/).forEach((part, k) => tokens.push({ text: part, space: k === 0 }));
  });
  const lines: string[] = [];
  let line = label.padEnd(indent);
  let empty = true;
  for (const tok of tokens) {
    const sep = empty || !tok.space ? '' : ' ';
    if (!empty && line.length + sep.length + tok.text.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + tok.text;
    } else {
      line += sep + tok.text;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
