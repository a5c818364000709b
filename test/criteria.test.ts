/**
 * Unit tests of the built-in criteria on small synthetic datasets: each
 * claim's direction, the abstain reasons when data is missing, parameter
 * validation, and the registry.
 */
import { canonicalScore } from '../engine/criterion.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkParams, defineCriterion, logistic, paramSpecProblem, resolveParams, scored, withDefaults,
  type Criterion, type Params, type PointInTimeView,
} from '../engine/criterion.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import type { Dataset, DecisionPoint, EpisodeKind, ScoreResult, Series } from '../engine/types.ts';
import { createView, prepare, scoreAt } from '../engine/data/view.ts';
import { monthlyMedian } from '../engine/data/calendar-indicators.ts';
import { BUILTIN_CRITERIA, BASELINE_IDS, criterionTable, formatParam, getBuiltin } from '../strategies/registry.ts';
import { coinScore } from '../strategies/coin-flip.ts';
import { DIRECTIONAL_IDS, parseMembers } from '../strategies/consensus.ts';
import { santaReturn } from '../strategies/seasonality.ts';
import maDistance from '../strategies/examples/ma-distance.ts';
import { ROOT } from './support/shared-data.ts';

// ---------------------------------------------------------------------------
// Synthetic data helpers
// ---------------------------------------------------------------------------

const DAY = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (d: number): string => new Date(d * DAY).toISOString().slice(0, 10);

/** n consecutive weekdays from `start` (ISO). */
function weekdays(start: string, n: number): Int32Array {
  const out = new Int32Array(n);
  let d = dayOf(start);
  for (let i = 0; i < n; i++) {
    while ([0, 6].includes(new Date(d * DAY).getUTCDay())) d++;
    out[i] = d++;
  }
  return out;
}

function ser(name: string, dates: Int32Array, values: ArrayLike<number>, frequency: Series['frequency'] = 'daily', lagDays = 0): Series {
  return { name, dates, values: Float64Array.from(values), frequency, lagDays, source: null, stats: { rows: dates.length, missing: 0, rejected: 0, notes: [] } };
}

/** First-of-month dates from `start` (YYYY-MM) for n months. */
function months(start: string, n: number): Int32Array {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Int32Array.from({ length: n }, (_, i) => Date.UTC(y, m - 1 + i, 1) / DAY);
}

/**
 * A dataset whose daily columns share the calendar (copied by index) plus
 * optional lower-frequency extras (as-of joined with their lag).
 */
function dataset(dates: Int32Array, daily: Record<string, ArrayLike<number>>, extras: Series[] = []): Dataset {
  const price = Object.entries(daily).map(([k, v]) => {
    if (v.length !== dates.length) throw new Error(`column ${k}: ${v.length} values for ${dates.length} dates`);
    return ser(k, dates, v);
  });
  return buildDataset('SYN', price, extras);
}

function point(ds: Dataset, t: number, over: Partial<DecisionPoint> = {}): DecisionPoint {
  const low = over.refLowIndex ?? Math.max(0, t - 10);
  const peak = over.peakIndex ?? Math.max(0, low - 20);
  const close = ds.columns.get('close');
  return {
    id: `SYN:${over.kind ?? 'rebound'}:${t}`, market: 'SYN', kind: 'rebound', decisionIndex: t, decisionDate: isoOf(ds.dates[t]!),
    refLowIndex: low, refLowDate: isoOf(ds.dates[low]!), refLow: close ? close[low]! : NaN,
    peakIndex: peak, peakDate: isoOf(ds.dates[peak]!), peak: close ? close[peak]! : NaN, priceColumn: 'close', ...over,
  };
}

function evaluator(id: string, params: Params | undefined, view: PointInTimeView): ScoreResult {
  const c = getBuiltin(id);
  if (!c) return { abstain: `unknown criterion '${id}'` };
  return scoreAt(c, view, withDefaults(c, params));
}

/** Score one criterion the way the engine does (defaults filled in, result normalised). */
function run(c: Criterion, ds: Dataset, d: DecisionPoint, params: Params = {}, seed = 'seed'): ScoreResult {
  const view = createView(prepare(ds), d, { copy: false, seed, evaluate: evaluator });
  const r = scoreAt(c, view, withDefaults(c, params));
  if ('score' in r) {
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  }
  return r;
}

function score(r: ScoreResult): number {
  if (!('score' in r)) throw new Error(`expected a score, got abstain: ${r.abstain}`);
  return r.score;
}

function reason(r: ScoreResult): string {
  if (!('abstain' in r)) throw new Error(`expected an abstention, got score ${r.score}`);
  return r.abstain;
}

const C = (id: string): Criterion => {
  const c = getBuiltin(id);
  if (!c) throw new Error(`no built-in ${id}`);
  return c;
};

/** Geometric path: start, then daily growth rates by segment [days, rate]. */
function path(start: number, ...segments: Array<[number, number]>): number[] {
  const out = [start];
  for (const [n, r] of segments) for (let i = 0; i < n; i++) out.push(out.at(-1)! * (1 + r));
  return out;
}

// ---------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------

describe('registry', () => {
  it('ids are unique, kebab-case, and every brief built-in is present', () => {
    const ids = BUILTIN_CRITERIA.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(ids).toEqual([
      'always-durable', 'coin-flip', 'breadth-participation', 'breadth-thrust', 'narrow-leadership', 'golden-cross',
      'above-200-day', 'follow-through-day', 'oversold-bounce', 'volatility-compression', 'policy-shift',
      'macro-confirmation', 'earnings-confirmation', 'credit-spreads', 'yield-curve', 'valuation', 'flow-stability',
      'seasonality', 'consensus',
    ]);
    expect(getBuiltin('golden-cross')!.id).toBe('golden-cross');
    expect(getBuiltin('nope')).toBeUndefined();
  });

  it('every parameter has a type, a description and a default within its range', () => {
    for (const c of BUILTIN_CRITERIA) {
      expect(c.claim.length, c.id).toBeGreaterThan(20);
      expect(c.scoring.length, c.id).toBeGreaterThan(20);
      expect(c.needs.length, c.id).toBeGreaterThan(0);
      const names = c.params.map((p) => p.name);
      expect(new Set(names).size, c.id).toBe(names.length);
      for (const p of c.params) {
        expect(p.description.length, `${c.id}.${p.name}`).toBeGreaterThan(5);
        if (p.type === 'number' || p.type === 'integer') {
          expect(typeof p.default, `${c.id}.${p.name}`).toBe('number');
          expect(p.min, `${c.id}.${p.name} min`).toBeTypeOf('number');
          expect(p.max, `${c.id}.${p.name} max`).toBeTypeOf('number');
          expect(p.default as number).toBeGreaterThanOrEqual(p.min!);
          expect(p.default as number).toBeLessThanOrEqual(p.max!);
          if (p.type === 'integer') expect(Number.isInteger(p.default), `${c.id}.${p.name}`).toBe(true);
        } else if (p.type === 'string') {
          expect(typeof p.default).toBe('string');
          if (p.choices) expect(p.choices).toContain(p.default);
        }
      }
      expect(checkParams(c, withDefaults(c)), c.id).toBeNull();
    }
  });

  it('parameters are validated: out of range, wrong type, non-integer, unknown name, bad choice', () => {
    for (const c of BUILTIN_CRITERIA) {
      expect(checkParams(c, { bogus: 1 }), c.id).toMatch(/unknown parameter 'bogus'/);
      for (const p of c.params) {
        if (p.type === 'number' || p.type === 'integer') {
          expect(checkParams(c, { [p.name]: p.min! - 1 }), `${c.id}.${p.name}`).toMatch(/must be >=/);
          expect(checkParams(c, { [p.name]: p.max! + 1 }), `${c.id}.${p.name}`).toMatch(/must be <=/);
          expect(checkParams(c, { [p.name]: 'x' }), `${c.id}.${p.name}`).toMatch(/must be a number/);
          if (p.type === 'integer') expect(checkParams(c, { [p.name]: (p.default as number) + 0.5 })).toMatch(/integer/);
        }
        if (p.type === 'string' && p.choices) expect(checkParams(c, { [p.name]: 'no-such-choice' })).toMatch(/must be one of/);
      }
    }
    expect(checkParams(C('golden-cross'), { fast: 20, slow: 100 })).toBeNull();
    expect(checkParams(C('coin-flip'), { p: 1.5 })).toMatch(/'p' must be <= 1/);
  });

  it('resolveParams fills defaults, validates once, and names the parameter at fault', () => {
    const gc = C('golden-cross');
    expect(resolveParams(gc, { fast: 20 })).toEqual({ params: { fast: 20, slow: 200, steepness: 50 } });
    expect(resolveParams(gc, { fast: 1 })).toEqual({ problem: { param: 'fast', message: "parameter 'fast' must be >= 2, got 1" } });
    expect(resolveParams(gc, { speed: 1 })).toMatchObject({ problem: { param: 'speed' } });
    const rel = resolveParams(gc, { fast: 200, slow: 100 });
    expect(rel).toMatchObject({ problem: { param: null } });
    expect('problem' in rel && rel.problem.message).toMatch(/^fast \(200\) must be shorter than slow \(100\) \(criterion 'golden-cross'/);
    expect(resolveParams(C('consensus'), { members: 'golden-cross,consensus' })).toMatchObject({ problem: { message: expect.stringMatching(/^'consensus' cannot be a member/) } });
  });

  it('paramSpecProblem checks a declared parameter as plugin loading does', () => {
    const seen = new Set<string>();
    expect(paramSpecProblem({ name: 'n', type: 'integer', default: 5, min: 1, max: 10, description: 'd' }, seen)).toBeNull();
    expect(paramSpecProblem({ name: 'n', type: 'integer', default: 5, description: 'd' }, seen)).toMatch(/duplicate/);
    expect(paramSpecProblem({ name: 'm', type: 'integer', default: 50, max: 10 }, seen)).toMatch(/outside its range/);
    expect(paramSpecProblem({ name: 'x', type: 'float', default: 1 }, seen)).toMatch(/'type' must be one of/);
    expect(paramSpecProblem({ name: 's', type: 'string', default: 'c', choices: ['a', 'b'] }, seen)).toMatch(/not one of its choices/);
    expect(paramSpecProblem(null, seen)).toMatch(/got null/);
  });

  it('defineCriterion: typed parameters declared once, defaults, and validation at every score', () => {
    const seen: Array<{ n: number; mode: 'a' | 'b'; on: boolean }> = [];
    const c = defineCriterion({
      id: 'typed-test', claim: 'test', needs: ['none'], scoring: 'test',
      params: {
        n: { type: 'integer', default: 3, min: 1, max: 9, description: 'a count' },
        mode: { type: 'string', default: 'a', choices: ['a', 'b'], description: 'a mode' },
        on: { type: 'boolean', default: true, description: 'a switch' },
      },
      validate: (p) => (p.n === 7 && p.mode === 'b' ? 'n = 7 needs mode a' : null),
      score(_view, p) {
        seen.push({ n: p.n, mode: p.mode, on: p.on });
        return scored(p.n / 10);
      },
    });
    expect(c.params.map((p) => [p.name, p.type, p.default])).toEqual([['n', 'integer', 3], ['mode', 'string', 'a'], ['on', 'boolean', true]]);
    expect(c.params[1]!.choices).toEqual(['a', 'b']);
    expect(c.defaults).toEqual({ n: 3, mode: 'a', on: true });
    const view = {} as PointInTimeView;
    expect(c.score(view, { n: 5 })).toEqual({ score: 0.5 });
    expect(seen).toEqual([{ n: 5, mode: 'a', on: true }]);
    expect(() => c.score(view, { n: 12 })).toThrow(/typed-test: parameter 'n' must be <= 9/);
    expect(() => c.score(view, { mode: 'c' })).toThrow(/must be one of a, b/);
    expect(() => c.score(view, { n: 7, mode: 'b' })).toThrow(/typed-test: n = 7 needs mode a/);
    expect(checkParams(c, withDefaults(c, { n: 7, mode: 'b' }))).toMatch(/n = 7 needs mode a \(criterion 'typed-test'/);
    expect(() => defineCriterion({
      id: 'bad', claim: 'x', needs: [], scoring: 'x', params: { w: { type: 'integer', default: 0, min: 1, description: 'w' } }, score: () => scored(0),
    })).toThrow(/criterion 'bad': parameter 'w': default 0 is outside its range/);
  });

  it('every criterion file in strategies/ is registered (helpers start with _; examples/ are plugins)', async () => {
    const dir = join(ROOT, 'strategies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'registry.ts' && !f.startsWith('_'));
    const isCriterion = (x: unknown): x is Criterion =>
      typeof x === 'object' && x !== null && typeof (x as Criterion).id === 'string' && typeof (x as Criterion).score === 'function';
    const found = new Set<string>();
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as Record<string, unknown>;
      // Any criterion object a module exports (default or named) must be the registered one.
      for (const [name, value] of Object.entries(mod)) {
        if (!isCriterion(value)) continue;
        expect(getBuiltin(value.id), `${f}: export ${name} ('${value.id}') is not registered`).toBe(value);
        found.add(value.id);
      }
      // A module that default-exports a criterion is named after it.
      if (isCriterion(mod.default)) expect(f).toBe(`${mod.default.id}.ts`);
    }
    // ...and every built-in lives in its own file, default-exported.
    for (const c of BUILTIN_CRITERIA) {
      expect(found.has(c.id), c.id).toBe(true);
      const mod = (await import(pathToFileURL(join(dir, `${c.id}.ts`)).href)) as { default?: Criterion };
      expect(mod.default, c.id).toBe(c);
    }
  });

  it('criterionTable lists id, claim, data and params within 100 columns', () => {
    const text = criterionTable(BUILTIN_CRITERIA);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    for (const c of BUILTIN_CRITERIA) {
      expect(text).toContain(`\n${c.id}\n`.slice(c === BUILTIN_CRITERIA[0] ? 1 : 0));
      for (const p of c.params) expect(text.replace(/\s+/g, '')).toContain(formatParam(p).replace(/\s+/g, ''));
    }
    expect(text).toContain('fast=50 [2..250]');
    expect(text).toContain('source=auto {auto|breadth|sectors}');
    expect(criterionTable([maDistance])).toContain('window=50 [2..400]');
  });

  it('consensus members default to every directional built-in (no baselines, not itself)', () => {
    const directional = BUILTIN_CRITERIA.map((c) => c.id).filter((id) => !BASELINE_IDS.includes(id) && id !== 'consensus');
    expect([...DIRECTIONAL_IDS].sort()).toEqual(directional.sort());
    expect(parseMembers(String(C('consensus').params.find((p) => p.name === 'members')!.default))).toEqual([...DIRECTIONAL_IDS]);
  });
});

// ---------------------------------------------------------------------------
// Every built-in on generic datasets
// ---------------------------------------------------------------------------

describe('every built-in', () => {
  const dates = weekdays('2000-01-03', 300);
  const close = path(100, [150, 0.002], [30, -0.006], [10, 0.008], [109, 0.001]);
  const bare = dataset(dates, { close });

  it('on price alone: scores in [0,1] or abstains with a specific reason; deterministic', () => {
    for (const c of BUILTIN_CRITERIA) {
      for (const kind of ['rebound', 'sector-lead', 'seasonal'] as EpisodeKind[]) {
        const d = point(bare, 250, { kind, refLowIndex: 180, peakIndex: 150 });
        const a = run(c, bare, d);
        const b = run(c, bare, d);
        expect(a, c.id).toEqual(b);
        if ('abstain' in a) expect(a.abstain.length, `${c.id}: ${a.abstain}`).toBeGreaterThan(15);
      }
    }
  });

  it('on a tiny dataset (5 closes) nothing throws; data-hungry criteria abstain', () => {
    const tiny = dataset(weekdays('2000-01-03', 5), { close: [100, 90, 85, 88, 90] });
    for (const c of BUILTIN_CRITERIA) {
      const r = run(c, tiny, point(tiny, 4, { refLowIndex: 2, peakIndex: 0 }));
      if (!['always-durable', 'coin-flip', 'seasonality', 'consensus'].includes(c.id)) expect('abstain' in r, c.id).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Baselines
// ---------------------------------------------------------------------------

describe('always-durable / coin-flip', () => {
  const dates = weekdays('2000-01-03', 30);
  const ds = dataset(dates, { close: path(100, [29, 0.001]) });
  it('always-durable scores 1', () => {
    expect(run(C('always-durable'), ds, point(ds, 20))).toEqual({ score: 1 });
  });
  it('coin-flip is seeded: same seed same score, different seeds differ', () => {
    const d = point(ds, 20);
    expect(run(C('coin-flip'), ds, d, {}, 'a')).toEqual(run(C('coin-flip'), ds, d, {}, 'a'));
    const many = new Set(Array.from({ length: 50 }, (_, i) => score(run(C('coin-flip'), ds, d, {}, `s${i}`))));
    expect(many.size).toBeGreaterThan(45);
  });
  it('p is the probability of a durable (> 0.5) score', () => {
    expect(coinScore(0, 0.3)).toBe(1);
    expect(coinScore(0.3, 0.3)).toBeCloseTo(0.5, 12);
    expect(coinScore(0.999999, 0.3)).toBeCloseTo(0, 5);
    expect(coinScore(0.25, 0.5)).toBeCloseTo(0.75, 12); // p = 0.5: 1 - u
    expect(coinScore(0.5, 0)).toBeCloseTo(0.25, 12);
    expect(coinScore(0.5, 1)).toBeCloseTo(0.75, 12);
    const d = point(ds, 20);
    for (const p of [0.2, 0.8]) {
      let above = 0;
      for (let i = 0; i < 1000; i++) if (score(run(C('coin-flip'), ds, d, { p }, `k${i}`)) > 0.5) above++;
      expect(above / 1000).toBeGreaterThan(p - 0.05);
      expect(above / 1000).toBeLessThan(p + 0.05);
    }
  });
});

// ---------------------------------------------------------------------------
// Breadth
// ---------------------------------------------------------------------------

describe('breadth-participation', () => {
  const n = 120;
  const dates = weekdays('2000-01-03', n);
  const close = path(100, [n - 1, 0.001]);
  const c = C('breadth-participation');
  const withBreadth = (advShare: number) => dataset(dates, {
    close, adv: Array(n).fill(1000 * advShare), dec: Array(n).fill(1000 * (1 - advShare)),
  });
  it('a higher advancing share scores higher; 0.5 at an even split', () => {
    const d = (ds: Dataset) => point(ds, 100, { refLowIndex: 90 });
    const strong = score(run(c, withBreadth(0.7), d(withBreadth(0.7))));
    const even = score(run(c, withBreadth(0.5), d(withBreadth(0.5))));
    const weak = score(run(c, withBreadth(0.35), d(withBreadth(0.35))));
    expect(strong).toBeGreaterThan(0.9);
    expect(even).toBeCloseTo(0.5, 12);
    expect(weak).toBeLessThan(0.1);
  });
  it('uses only the rally days (after the low), at most `window` of them', () => {
    const adv = Array(n).fill(300), dec = Array(n).fill(700);
    for (let i = 95; i <= 100; i++) { adv[i] = 800; dec[i] = 200; }
    const ds = dataset(dates, { close, adv, dec });
    expect(score(run(c, ds, point(ds, 100, { refLowIndex: 94 })))).toBeGreaterThan(0.99);
    expect(score(run(c, ds, point(ds, 100, { refLowIndex: 50 })))).toBeLessThan(0.5);
  });
  it('falls back to the share of sectors above their 50-day average', () => {
    const up = path(10, [n - 1, 0.002]), down = path(10, [n - 1, -0.002]);
    const ds = dataset(dates, { close, 'sector:A': up, 'sector:B': up, 'sector:C': up, 'sector:D': down });
    expect(score(run(c, ds, point(ds, 100)))).toBeCloseTo(0.75, 12);
    expect(reason(run(c, ds, point(ds, 100), { source: 'breadth' }))).toMatch(/no NYSE advance\/decline/);
  });
  it('abstains naming both sources when neither is there', () => {
    const ds = dataset(dates, { close });
    const why = reason(run(c, ds, point(ds, 100)));
    expect(why).toMatch(/advance\/decline/);
    expect(why).toMatch(/sectors/);
    const gappy = dataset(dates, { close, adv: Array(n).fill(NaN), dec: Array(n).fill(NaN) });
    expect(reason(run(c, gappy, point(gappy, 100), { source: 'breadth' }))).toMatch(/no NYSE advance\/decline data known by/);
  });
});

describe('breadth-thrust', () => {
  const n = 120;
  const dates = weekdays('2000-01-03', n);
  const close = path(100, [n - 1, 0.001]);
  const c = C('breadth-thrust');
  const withShares = (share: (i: number) => number) => dataset(dates, {
    close, adv: Array.from({ length: n }, (_, i) => 1000 * share(i)), dec: Array.from({ length: n }, (_, i) => 1000 * (1 - share(i))),
  });
  it('a Zweig thrust during the rally scores above 0.5; a slow recovery below', () => {
    // 0.30 until day 70, then 0.80: the 10-day average goes 0.35 -> 0.65 within 7 days.
    const thrust = withShares((i) => (i < 70 ? 0.3 : 0.8));
    const slow = withShares((i) => Math.min(0.8, 0.3 + Math.max(0, i - 40) * 0.008));
    const s1 = score(run(c, thrust, point(thrust, 90, { refLowIndex: 69 })));
    const s2 = score(run(c, slow, point(slow, 90, { refLowIndex: 69 })));
    expect(s1).toBeGreaterThan(0.8);
    expect(s2).toBeLessThan(0.5);
  });
  it('a thrust before the low does not count', () => {
    const early = withShares((i) => (i < 20 ? 0.3 : i < 40 ? 0.8 : 0.5));
    expect(score(run(c, early, point(early, 100, { refLowIndex: 80 })))).toBeLessThan(0.5);
    expect(score(run(c, early, point(early, 100, { refLowIndex: 25 })))).toBeGreaterThan(0.5);
  });
  it('the thresholds are parameters', () => {
    const mild = withShares((i) => (i < 70 ? 0.45 : 0.6));
    const d = point(mild, 90, { refLowIndex: 69 });
    expect(score(run(c, mild, d))).toBeLessThan(0.5);
    expect(score(run(c, mild, d, { lowLevel: 0.5, highLevel: 0.55 }))).toBeGreaterThan(0.5);
  });
  it('abstains without advance/decline data, or when it stopped before the decision', () => {
    const none = dataset(dates, { close });
    expect(reason(run(c, none, point(none, 90)))).toMatch(/no NYSE advance\/decline data known by 2000-/);
    const adv = Array.from({ length: n }, (_, i) => (i < 60 ? 500 : NaN));
    const stopped = dataset(dates, { close, adv, dec: adv });
    expect(reason(run(c, stopped, point(stopped, 90)))).toMatch(/adv not known at .* \(last known 2000-03-2/);
  });
});

describe('narrow-leadership', () => {
  const n = 60;
  const dates = weekdays('2000-01-03', n);
  const close = path(100, [n - 1, 0.001]);
  const c = C('narrow-leadership');
  const flat = Array(n).fill(10);
  const gain = (g: number) => Array.from({ length: n }, (_, i) => (i <= 40 ? 10 : 10 * (1 + g)));
  it('broad gains score high, gains in one sector score low', () => {
    // Ten sectors, as in the Ken French file: evenly spread gains give C = 2/10.
    const broadCols: Record<string, number[]> = { close }, narrowCols: Record<string, number[]> = { close };
    for (let k = 0; k < 10; k++) {
      broadCols[`sector:S${k}`] = gain(0.04 + 0.002 * k);
      narrowCols[`sector:S${k}`] = k === 0 ? gain(0.2) : k === 1 ? gain(-0.01) : k === 2 ? gain(0.004) : flat;
    }
    const broad = dataset(dates, broadCols), narrow = dataset(dates, narrowCols);
    const d = (ds: Dataset) => point(ds, 50, { refLowIndex: 40 });
    expect(score(run(c, broad, d(broad)))).toBeGreaterThan(0.7);
    expect(score(run(c, narrow, d(narrow)))).toBeLessThan(0.05);
  });
  it('does not apply to sector-lead episodes; abstains with < 3 sectors or no gains', () => {
    const two = dataset(dates, { close, 'sector:A': gain(0.1), 'sector:B': gain(0.1) });
    expect(reason(run(c, two, point(two, 50, { refLowIndex: 40 })))).toMatch(/only 2 sectors known at both the low 2000-.* \(needs 3\)/);
    expect(reason(run(c, two, point(two, 50, { kind: 'sector-lead', refLowIndex: 40 })))).toMatch(/not applicable to sector-lead/);
    const down = dataset(dates, { close, 'sector:A': gain(-0.1), 'sector:B': gain(-0.1), 'sector:C': flat });
    expect(reason(run(c, down, point(down, 50, { refLowIndex: 40 })))).toMatch(/no sector gained/);
    const none = dataset(dates, { close });
    expect(reason(run(c, none, point(none, 50)))).toMatch(/only 0 sectors/);
  });
});

// ---------------------------------------------------------------------------
// Price trend
// ---------------------------------------------------------------------------

describe('golden-cross / above-200-day', () => {
  const n = 260;
  const dates = weekdays('2000-01-03', n);
  const up = dataset(dates, { close: path(100, [n - 1, 0.002]), 'sector:X': path(50, [n - 1, -0.002]) });
  const down = dataset(dates, { close: path(100, [n - 1, -0.002]) });
  const gc = C('golden-cross'), a200 = C('above-200-day');
  it('golden-cross scores higher when the 50-day is above the 200-day', () => {
    expect(score(run(gc, up, point(up, 250)))).toBeGreaterThan(0.9);
    expect(score(run(gc, down, point(down, 250)))).toBeLessThan(0.1);
    // graded: a smaller spread is closer to 0.5
    const mild = dataset(dates, { close: path(100, [n - 1, 0.0003]) });
    const s = score(run(gc, mild, point(mild, 250)));
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(score(run(gc, up, point(up, 250))));
  });
  it('uses the episode price column (a sector\'s own series)', () => {
    const d = point(up, 250, { kind: 'sector-lead', priceColumn: 'sector:X', sector: 'X' });
    expect(score(run(gc, up, d))).toBeLessThan(0.1);
    expect(score(run(a200, up, d))).toBeLessThan(0.1);
  });
  it('above-200-day scores higher above the average', () => {
    expect(score(run(a200, up, point(up, 250)))).toBeGreaterThan(0.9);
    expect(score(run(a200, down, point(down, 250)))).toBeLessThan(0.1);
  });
  it('fast/slow are parameters; fast >= slow is an error', () => {
    expect(score(run(gc, up, point(up, 100), { fast: 10, slow: 50 }))).toBeGreaterThan(0.5);
    expect(() => run(gc, up, point(up, 250), { fast: 100, slow: 100 })).toThrow(/fast .* must be shorter than slow/);
  });
  it('abstain before 200 closes exist', () => {
    expect(reason(run(gc, up, point(up, 150)))).toMatch(/no 200-day average of close at 2000-.* \(needs 200 consecutive closes\)/);
    expect(reason(run(a200, up, point(up, 150)))).toMatch(/no 200-day average of close/);
  });
});

describe('follow-through-day', () => {
  const c = C('follow-through-day');
  const n = 40;
  const dates = weekdays('2000-01-03', n);
  const L = 20;
  /** Closes falling to the low at L, then +0.3%/day, with a `gain` on day `ftd` after the low. */
  function make(ftd: number, gain: number, volumeUp: boolean, volume = true) {
    const close: number[] = [], vol: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i <= L) close.push(100 * (1 - 0.01 * i));
      else close.push(close[i - 1]! * (1 + (i === L + ftd ? gain : 0.003)));
      vol.push(i === L + ftd ? (volumeUp ? 2e6 : 5e5) : 1e6);
    }
    return dataset(dates, volume ? { close, volume: vol } : { close, volume: Array(n).fill(NaN) });
  }
  it('a >= 1.25% gain on rising volume on day 4-10 scores above 0.5, graded by the gain', () => {
    const big = make(5, 0.025, true), ok = make(5, 0.015, true);
    expect(score(run(c, big, point(big, 35, { refLowIndex: L })))).toBeGreaterThan(0.9);
    const s = score(run(c, ok, point(ok, 35, { refLowIndex: L })));
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(0.9);
  });
  it('no follow-through: falling volume, too early (day 2) or too late (day 12)', () => {
    for (const [ftd, up] of [[5, false], [2, true], [12, true]] as const) {
      const ds = make(ftd, 0.025, up);
      expect(score(run(c, ds, point(ds, 35, { refLowIndex: L }))), `day ${ftd}`).toBeLessThan(0.2);
    }
  });
  it('before day 4 the attempt is not confirmed yet (low score)', () => {
    const ds = make(5, 0.025, true);
    expect(score(run(c, ds, point(ds, L + 3, { refLowIndex: L })))).toBeLessThan(0.1);
  });
  it('abstains when volume is missing or the episode is not on close; rebounds only', () => {
    const nov = make(5, 0.025, true, false);
    expect(reason(run(c, nov, point(nov, 35, { refLowIndex: L })))).toMatch(/no volume known by 2000-/);
    const ds = make(5, 0.025, true);
    const gap = dataset(dates, { close: Array.from(ds.columns.get('close')!), volume: Array.from(ds.columns.get('volume')!, (v, i) => (i === L + 3 ? NaN : v)) });
    expect(reason(run(c, gap, point(gap, 35, { refLowIndex: L })))).toMatch(/volume missing between the low 2000-.* and 2000-/);
    expect(reason(run(c, ds, point(ds, 35, { refLowIndex: L, priceColumn: 'sector:X' })))).toMatch(/volume is recorded for close only/);
    expect(reason(run(c, ds, point(ds, 35, { refLowIndex: L, kind: 'seasonal' })))).toMatch(/not applicable to seasonal/);
  });
});

describe('oversold-bounce', () => {
  const c = C('oversold-bounce');
  const n = 260;
  const dates = weekdays('2000-01-03', n);
  const crash = dataset(dates, { close: path(100, [219, 0.001], [20, -0.015], [20, 0.004]) });
  // A choppy dip: alternating -0.8% / +0.6% days keep the RSI near the middle.
  const dip = dataset(dates, { close: path(100, [219, 0.001], ...Array.from({ length: 20 }, (_, i): [number, number] => [1, i % 2 ? 0.006 : -0.008]), [20, 0.004]) });
  it('a deeper, more oversold low scores higher', () => {
    const s1 = score(run(c, crash, point(crash, 255, { refLowIndex: 239 })));
    const s2 = score(run(c, dip, point(dip, 255, { refLowIndex: 239 })));
    expect(s1).toBeGreaterThan(0.8);
    expect(s2).toBeLessThan(0.2);
  });
  it('is measured at the low, not at the decision', () => {
    const early = score(run(c, crash, point(crash, 255, { refLowIndex: 239 })));
    const other = score(run(c, crash, point(crash, 255, { refLowIndex: 225 })));
    expect(early).not.toBe(other);
  });
  it('abstains without 200 closes before the low', () => {
    expect(reason(run(c, crash, point(crash, 150, { refLowIndex: 140 })))).toMatch(/no 200-day average of close at the low 2000-/);
    expect(reason(run(c, crash, point(crash, 20, { refLowIndex: 10 })))).toMatch(/no RSI\(14\) of close at the low/);
  });
});

// ---------------------------------------------------------------------------
// Volatility
// ---------------------------------------------------------------------------

describe('volatility-compression', () => {
  const c = C('volatility-compression');
  const n = 120;
  const dates = weekdays('2000-01-03', n);
  const close = path(100, [59, 0.001], [20, -0.005], [40, 0.003]);
  const vix = (end: number) => Array.from({ length: n }, (_, i) => (i < 60 ? 15 : i <= 80 ? 15 + (i - 60) : 35 + ((end - 35) * (i - 80)) / 20));
  it('VIX well off its correction peak scores high; VIX at its peak scores low', () => {
    const calm = dataset(dates, { close, vix: vix(22) });
    const scared = dataset(dates, { close, vix: vix(36) });
    const d = (ds: Dataset) => point(ds, 100, { refLowIndex: 80, peakIndex: 59 });
    expect(score(run(c, calm, d(calm)))).toBeGreaterThan(0.8);
    expect(score(run(c, scared, d(scared)))).toBeLessThan(0.2);
  });
  it('falls back to realized volatility without VIX, or for a sector episode', () => {
    const noVix = dataset(dates, { close });
    const r = run(c, noVix, point(noVix, 100, { refLowIndex: 80, peakIndex: 59 }));
    expect('score' in r).toBe(true);
    const quiet = path(100, [59, 0.001], [10, -0.03], [10, 0.03], [40, 0.001]);
    const ds = dataset(dates, { close: quiet, vix: vix(36) });
    expect(score(run(c, ds, point(ds, 119, { refLowIndex: 69, peakIndex: 59 }), { source: 'realized' }))).toBeGreaterThan(0.8);
    expect(score(run(c, ds, point(ds, 119, { refLowIndex: 69, peakIndex: 59 })))).toBeLessThan(0.3); // VIX still high
  });
  it('abstains without VIX and without 20 days of price', () => {
    const ds = dataset(weekdays('2000-01-03', 15), { close: path(100, [14, 0.001]) });
    expect(reason(run(c, ds, point(ds, 14, { refLowIndex: 10, peakIndex: 0 })))).toMatch(/no VIX or close history of 20 days before 2000-/);
    const nv = dataset(dates, { close });
    expect(reason(run(c, nv, point(nv, 100), { source: 'vix' }))).toMatch(/no VIX known by/);
  });
});

// ---------------------------------------------------------------------------
// Macro
// ---------------------------------------------------------------------------

describe('policy-shift', () => {
  const c = C('policy-shift');
  const dates = weekdays('2000-01-03', 400);
  const close = path(100, [399, 0.0005]);
  const ff = (vals: number[], start = '1999-12') => ser('FEDFUNDS', months(start, vals.length), vals, 'monthly', 32);
  it('easing (fed funds below 6 months earlier) scores above 0.5, tightening below', () => {
    const easing = dataset(dates, { close }, [ff(Array.from({ length: 24 }, (_, i) => 6 - 0.2 * i))]);
    const tight = dataset(dates, { close }, [ff(Array.from({ length: 24 }, (_, i) => 2 + 0.2 * i))]);
    const flat = dataset(dates, { close }, [ff(Array(24).fill(3))]);
    expect(score(run(c, easing, point(easing, 350)))).toBeGreaterThan(0.9);
    expect(score(run(c, tight, point(tight, 350)))).toBeLessThan(0.1);
    expect(score(run(c, flat, point(flat, 350)))).toBeCloseTo(0.5, 12);
  });
  it('abstains when FEDFUNDS is not known 6 months before, or at all', () => {
    const late = dataset(dates, { close }, [ff(Array(12).fill(3), '2000-10')]);
    // known from 2000-11-02; a decision in 2001-03 looks back to 2000-09
    const t = 300;
    expect(reason(run(c, late, point(late, t)))).toMatch(/FEDFUNDS not known at 2000-\d\d-\d\d \(6 months before the decision\)/);
    const none = dataset(dates, { close });
    expect(reason(run(c, none, point(none, t)))).toMatch(/FEDFUNDS not known by 2001-/);
  });
  it('a reading known later is not used: the lag hides the latest month', () => {
    // The value for 2001-02 (dated 2001-02-01) becomes known 2001-03-05; before that, 2001-01's is current.
    const vals = Array(24).fill(3);
    vals[14] = 0; // 2001-02
    const ds = dataset(dates, { close }, [ff(vals)]);
    const before = dates.findIndex((d) => isoOf(d) >= '2001-03-02');
    const after = dates.findIndex((d) => isoOf(d) >= '2001-03-05');
    expect(score(run(c, ds, point(ds, before)))).toBeCloseTo(0.5, 12);
    expect(score(run(c, ds, point(ds, after)))).toBeGreaterThan(0.99);
  });
});

describe('macro-confirmation', () => {
  const c = C('macro-confirmation');
  const dates = weekdays('2000-01-03', 700);
  const close = path(100, [699, 0.0003]);
  const cpiPath = (early: number, late: number) => {
    const v = [100];
    for (let i = 1; i < 48; i++) v.push(v[i - 1]! * (1 + (i < 24 ? early : late)));
    return ser('CPIAUCSL', months('1999-01', 48), v, 'monthly', 46);
  };
  const dgs = (from: number, to: number) => Array.from({ length: 700 }, (_, i) => from + ((to - from) * i) / 699);
  it('cooling inflation with a falling real yield scores high; heating inflation low', () => {
    // Inflation 3% -> 1.8% while the 10-year falls 8% -> 2%: the real yield falls too.
    const cooling = dataset(dates, { close, DGS10: dgs(8, 2) }, [cpiPath(0.0025, 0.0015)]);
    const heating = dataset(dates, { close, DGS10: dgs(5, 5) }, [cpiPath(0.001, 0.005)]);
    expect(score(run(c, cooling, point(cooling, 600)))).toBeGreaterThan(0.5);
    expect(score(run(c, heating, point(heating, 600)))).toBeLessThan(0.2);
  });
  it('both must fall: cooling inflation with a RISING real yield scores below 0.5', () => {
    const ds = dataset(dates, { close, DGS10: dgs(5, 5) }, [cpiPath(0.005, 0.001)]);
    expect(score(run(c, ds, point(ds, 600)))).toBeLessThan(0.5);
  });
  it('abstains without DGS10 or CPI, or without 18 months of CPI', () => {
    const noY = dataset(dates, { close }, [cpiPath(0.005, 0.001)]);
    expect(reason(run(c, noY, point(noY, 600)))).toMatch(/DGS10 not known by/);
    const noCpi = dataset(dates, { close, DGS10: dgs(5, 5) });
    expect(reason(run(c, noCpi, point(noCpi, 600)))).toMatch(/CPIAUCSL not known by/);
    const short = dataset(dates, { close, DGS10: dgs(5, 5) }, [cpiPath(0.005, 0.001)]);
    expect(reason(run(c, short, point(short, 100)))).toMatch(/no trading day 6 months before 2000-05-\d\d in the data/);
  });
});

describe('earnings-confirmation', () => {
  const c = C('earnings-confirmation');
  const dates = weekdays('2000-01-03', 500);
  const close = path(100, [499, 0.0003]);
  const earn = (g: number) => ser('shiller.Earnings', months('1999-01', 30), Array.from({ length: 30 }, (_, i) => 50 * (1 + g) ** i), 'monthly', 120);
  it('growing earnings score above 0.5, shrinking below; graded by growth', () => {
    const grow = dataset(dates, { close }, [earn(0.01)]);
    const fast = dataset(dates, { close }, [earn(0.03)]);
    const shrink = dataset(dates, { close }, [earn(-0.01)]);
    const d = (ds: Dataset) => point(ds, 450);
    expect(score(run(c, grow, d(grow)))).toBeGreaterThan(0.5);
    expect(score(run(c, fast, d(fast)))).toBeGreaterThan(score(run(c, grow, d(grow))));
    expect(score(run(c, shrink, d(shrink)))).toBeLessThan(0.5);
  });
  it('abstains when earnings 12 months back are not known (calendar or lag)', () => {
    const ds = dataset(dates, { close }, [earn(0.01)]);
    expect(reason(run(c, ds, point(ds, 200)))).toMatch(/no trading day 12 months before|shiller.Earnings not known at/);
    const none = dataset(dates, { close });
    expect(reason(run(c, none, point(none, 450)))).toMatch(/shiller.Earnings not known by/);
  });
});

describe('credit-spreads / yield-curve', () => {
  const n = 200;
  const dates = weekdays('2000-01-03', n);
  const close = path(100, [n - 1, 0.0005]);
  const lin = (from: number, to: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
  const cs = C('credit-spreads'), yc = C('yield-curve');
  it('credit-spreads: narrowing scores above 0.5, widening below', () => {
    const narrow = dataset(dates, { close, BAA10Y: lin(3, 2) });
    const widen = dataset(dates, { close, BAA10Y: lin(2, 3) });
    expect(score(run(cs, narrow, point(narrow, 150)))).toBeGreaterThan(0.5);
    expect(score(run(cs, widen, point(widen, 150)))).toBeLessThan(0.5);
    expect(score(run(cs, widen, point(widen, 150), { lookback: 100 }))).toBeLessThan(score(run(cs, widen, point(widen, 150))));
  });
  it('credit-spreads abstains without BAA10Y, or after it stopped', () => {
    const none = dataset(dates, { close });
    expect(reason(run(cs, none, point(none, 150)))).toMatch(/BAA10Y not known by 2000-/);
    const stopped = dataset(dates, { close, BAA10Y: lin(3, 2).map((v, i) => (i > 100 ? NaN : v)) });
    expect(reason(run(cs, stopped, point(stopped, 150)))).toMatch(/BAA10Y not known at 2000-.* \(last known 2000-05-2/);
  });
  it('yield-curve: positive or steepening scores above 0.5; inverted and flattening below', () => {
    const pos = dataset(dates, { close, T10Y2Y: lin(1, 1) });
    const steepening = dataset(dates, { close, T10Y2Y: lin(-1.5, -0.3) });
    const flattening = dataset(dates, { close, T10Y2Y: lin(-0.2, -0.8) });
    expect(score(run(yc, pos, point(pos, 150)))).toBeGreaterThan(0.9);
    expect(score(run(yc, steepening, point(steepening, 150)))).toBeGreaterThan(0.5);
    expect(score(run(yc, flattening, point(flattening, 150)))).toBeLessThan(0.5);
    const none = dataset(dates, { close });
    expect(reason(run(yc, none, point(none, 150)))).toMatch(/T10Y2Y not known by/);
    expect(reason(run(yc, pos, point(pos, 30)))).toMatch(/fewer than 63 trading days before/);
  });
});

describe('valuation', () => {
  const c = C('valuation');
  const dates = weekdays('1990-01-01', 2900); // ~11 years
  const close = path(100, [2899, 0.0002]);
  const pe = (f: (i: number) => number) => ser('shiller.PE10', months('1989-09', 140), Array.from({ length: 140 }, (_, i) => f(i)), 'monthly', 120);
  it('PE10 below its expanding median scores above 0.5, above it below', () => {
    // Oscillating around 15 for years, then cheap (10) or expensive (25) at the decision.
    const cheap = dataset(dates, { close }, [pe((i) => (i < 120 ? 15 + Math.sin(i) : 10))]);
    const dear = dataset(dates, { close }, [pe((i) => (i < 120 ? 15 + Math.sin(i) : 25))]);
    const t = 2850;
    expect(score(run(c, cheap, point(cheap, t)))).toBeGreaterThan(0.7);
    expect(score(run(c, dear, point(dear, t)))).toBeLessThan(0.2);
  });
  it('the median uses only readings known by the decision (an expanding median)', () => {
    // A steadily rising PE: at any decision the current value is above the median of the past.
    const rising = dataset(dates, { close }, [pe((i) => 10 + i * 0.1)]);
    for (const t of [1500, 2000, 2850]) expect(score(run(c, rising, point(rising, t)))).toBeLessThan(0.5);
  });
  it('abstains with too little history or without PE10', () => {
    const ds = dataset(dates, { close }, [pe(() => 15)]);
    expect(reason(run(c, ds, point(ds, 300)))).toMatch(/only 1\.\d years of shiller.PE10 known before 1991-.* \(needs 5/);
    expect('score' in run(c, ds, point(ds, 300), { minYears: 1 })).toBe(true);
    const none = dataset(dates, { close });
    expect(reason(run(c, none, point(none, 300)))).toMatch(/shiller.PE10 not known by/);
  });
  /** The expanding monthly median as the criterion first defined it: a pass over the history at every bar. */
  function bruteMonthlyMedian(x: ArrayLike<number>, days: Int32Array, t: number): number {
    const monthly: number[] = [];
    for (let i = 0; i <= t; i++) {
      const monthEnds = i === t || new Date(days[i]! * DAY).getUTCMonth() !== new Date(days[i + 1]! * DAY).getUTCMonth();
      if (monthEnds && Number.isFinite(x[i]!)) monthly.push(x[i]!);
    }
    monthly.sort((a, b) => a - b);
    const m = monthly.length;
    if (m === 0) return NaN;
    return m % 2 === 1 ? monthly[(m - 1) / 2]! : (monthly[m / 2 - 1]! + monthly[m / 2]!) / 2;
  }
  it('monthlyMedian equals the expanding median recomputed from the history at every bar, and is causal', () => {
    const n = 700;
    const days = weekdays('2001-01-01', n);
    // Gaps, ties and a late start: the cases a running median gets wrong.
    const x = Array.from({ length: n }, (_, i) => (i < 40 || i % 97 === 5 ? NaN : Math.round(20 + 8 * Math.sin(i / 23) + (i % 7)) / 2));
    const full = monthlyMedian(x, days);
    for (let t = 0; t < n; t++) expect(full[t], `bar ${t}`).toBe(bruteMonthlyMedian(x, days, t));
    const cut = monthlyMedian(x.slice(0, 333), days.subarray(0, 333));
    expect([...cut]).toEqual([...full.subarray(0, 333)]);
  });
  it('scores every decision as the history-scanning definition does', () => {
    const ds = dataset(dates, { close }, [pe((i) => 12 + 6 * Math.sin(i / 5) + i / 40)]);
    const x = ds.columns.get('shiller.PE10')!;
    let checked = 0;
    for (let t = 1400; t < 2900; t += 37) {
      const want = logistic(-(x[t]! / bruteMonthlyMedian(x, ds.dates, t) - 1), 0, 5);
      expect(score(run(c, ds, point(ds, t))), `t=${t}`).toBe(canonicalScore(want)); // scores are kept to 12 significant digits
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe('flow-stability', () => {
  const c = C('flow-stability');
  const n = 60;
  const dates = weekdays('2000-01-03', n);
  it('NYSE up-volume dominating scores high, down-volume low', () => {
    const close = path(100, [n - 1, 0.001]);
    const up = dataset(dates, { close, adv_volume: Array(n).fill(700), dec_volume: Array(n).fill(300) });
    const down = dataset(dates, { close, adv_volume: Array(n).fill(300), dec_volume: Array(n).fill(700) });
    expect(score(run(c, up, point(up, 50)))).toBeGreaterThan(0.85);
    expect(score(run(c, down, point(down, 50)))).toBeLessThan(0.15);
  });
  it('from price and volume: heavy volume on up days scores high', () => {
    const close = Array.from({ length: n }, (_, i) => 100 + (i % 2 === 0 ? 1 : 0) + i * 0.01);
    const heavyUp = Array.from({ length: n }, (_, i) => (close[i]! > (close[i - 1] ?? Infinity) ? 3e6 : 1e6));
    const heavyDown = Array.from({ length: n }, (_, i) => (close[i]! > (close[i - 1] ?? Infinity) ? 1e6 : 3e6));
    const a = dataset(dates, { close, volume: heavyUp }), b = dataset(dates, { close, volume: heavyDown });
    expect(score(run(c, a, point(a, 50)))).toBeGreaterThan(0.85);
    expect(score(run(c, b, point(b, 50)))).toBeLessThan(0.15);
    expect(score(run(c, a, point(a, 50), { source: 'price' }))).toBe(score(run(c, a, point(a, 50))));
  });
  it('abstains without volume of either kind', () => {
    const ds = dataset(dates, { close: path(100, [n - 1, 0.001]) });
    const why = reason(run(c, ds, point(ds, 50)));
    expect(why).toMatch(/no NYSE up\/down volume known by/);
    expect(why).toMatch(/no volume known by/);
    expect(reason(run(c, ds, point(ds, 10)))).toMatch(/fewer than 20 trading days/);
  });
});

describe('seasonality', () => {
  const c = C('seasonality');
  const dates = weekdays('2000-11-01', 260); // 2000-11 .. 2001-10
  const idx = (iso: string) => dates.findIndex((d) => isoOf(d) >= iso);
  const withSanta = (r: number) => {
    // Flat prices, except the Santa Claus window (last 5 Dec + first 2 Jan trading days) returns r.
    const jan1 = idx('2001-01-01');
    const close = Array.from({ length: dates.length }, (_, i) => (i < jan1 - 5 ? 100 : i <= jan1 + 1 ? 100 * (1 + (r * (i - (jan1 - 6))) / 7) : 100 * (1 + r)));
    return dataset(dates, { close });
  };
  it('a decision in November-April scores above 0.5', () => {
    const ds = withSanta(-0.02);
    expect(score(run(c, ds, point(ds, idx('2000-12-05'))))).toBeGreaterThan(0.7);
    expect(score(run(c, ds, point(ds, idx('2001-03-15'))))).toBeGreaterThan(0.7);
  });
  it('in May-October, a positive Santa Claus window this year scores high, a negative one low', () => {
    const good = withSanta(0.02), bad = withSanta(-0.02);
    const t = idx('2001-07-10');
    expect(santaReturn(createView(prepare(good), point(good, t), { copy: false, seed: '' }), 'close')).toBeCloseTo(0.02, 10);
    expect(score(run(c, good, point(good, t)))).toBeGreaterThan(0.8);
    expect(score(run(c, bad, point(bad, t)))).toBeLessThan(0.3);
  });
  it('the Santa window counts only once it has ended (no look-ahead)', () => {
    const good = withSanta(0.02);
    const jan1 = idx('2001-01-01');
    expect(santaReturn(createView(prepare(good), point(good, jan1), { copy: false, seed: '' }), 'close')).toBeNaN();
    expect(santaReturn(createView(prepare(good), point(good, jan1 + 1), { copy: false, seed: '' }), 'close')).toBeCloseTo(0.02, 10);
  });
  it('does not apply to seasonal-window episodes (circular)', () => {
    const ds = withSanta(0.02);
    expect(reason(run(c, ds, point(ds, 50, { kind: 'seasonal' })))).toMatch(/not applicable to seasonal/);
  });
});

describe('consensus', () => {
  const c = C('consensus');
  const n = 260;
  const dates = weekdays('2000-01-03', n);
  const up = dataset(dates, { close: path(100, [n - 1, 0.002]) });
  const down = dataset(dates, { close: path(100, [n - 1, -0.002]) });
  const members = 'golden-cross,above-200-day,policy-shift';
  it('k or more members agreeing scores above 0.5, fewer below', () => {
    expect(score(run(c, up, point(up, 250), { k: 2, members }))).toBeGreaterThan(0.5);
    expect(score(run(c, down, point(down, 250), { k: 2, members }))).toBeLessThan(0.5);
    expect(score(run(c, up, point(up, 250), { k: 1, members }))).toBeGreaterThan(score(run(c, up, point(up, 250), { k: 2, members })));
  });
  it('abstains when fewer than k members score, listing them', () => {
    expect(reason(run(c, up, point(up, 250), { k: 3, members }))).toMatch(/only 2 of 3 members scored \(needs k = 3\); abstained: policy-shift/);
    expect(reason(run(c, up, point(up, 250), { k: 1, members: 'policy-shift,no-such-criterion' }))).toMatch(/only 0 of 2/);
  });
  it('rejects baselines, itself, duplicates and k above the member count', () => {
    expect(() => run(c, up, point(up, 250), { k: 1, members: 'coin-flip,golden-cross' })).toThrow(/cannot be a member/);
    expect(() => run(c, up, point(up, 250), { k: 1, members: 'consensus' })).toThrow(/cannot be a member/);
    expect(() => run(c, up, point(up, 250), { k: 1, members: 'golden-cross,golden-cross' })).toThrow(/twice/);
    expect(() => run(c, up, point(up, 250), { k: 4, members })).toThrow(/exceeds/);
  });
  it('with default members on price alone: too few members vote for k = 6, enough for k = 3', () => {
    expect(reason(run(c, up, point(up, 250, { refLowIndex: 240 })))).toMatch(/only 4 of 16 members scored \(needs k = 6\)/);
    expect(score(run(c, up, point(up, 250, { refLowIndex: 240 }), { k: 3 }))).toBeGreaterThan(0.5);
  });
});

// ---------------------------------------------------------------------------
// The example plugin
// ---------------------------------------------------------------------------

describe('example plugin (strategies/examples/ma-distance.ts)', () => {
  it('imports nothing but engine/criterion.ts', () => {
    const src = readFileSync(join(ROOT, 'strategies', 'examples', 'ma-distance.ts'), 'utf8');
    const imports = [...src.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) expect(i).toBe('../../engine/criterion.ts');
  });
  it('is a valid criterion that scores in the claimed direction', () => {
    expect(checkParams(maDistance, withDefaults(maDistance))).toBeNull();
    const n = 120;
    const dates = weekdays('2000-01-03', n);
    const up = dataset(dates, { close: path(100, [n - 1, 0.003]) });
    const down = dataset(dates, { close: path(100, [n - 1, -0.003]) });
    const view = (ds: Dataset) => createView(prepare(ds), point(ds, 100), { copy: true, seed: '' });
    expect(score(scoreAt(maDistance, view(up), withDefaults(maDistance)))).toBeGreaterThan(0.5);
    expect(score(scoreAt(maDistance, view(down), withDefaults(maDistance)))).toBeLessThan(0.5);
    const short = createView(prepare(up), point(up, 20), { copy: true, seed: '' });
    expect(reason(scoreAt(maDistance, short, withDefaults(maDistance)))).toMatch(/no 50-day average/);
  });
});
