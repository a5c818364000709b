import { describe, expect, it } from 'vitest';
import { EXPRESSION_FUNCTIONS, formulaMath, makeExpressionCriterion, validateExpression } from '../strategies/expression.ts';
import { ConfigError } from '../engine/errors.ts';
import { buildDataset, truncateDataset } from '../engine/data/dataset.ts';
import { INDICATOR_NAMES, createView, prepare, scoreAt, type PreparedDataset } from '../engine/data/view.ts';
import { canonicalScore, columnSymbol, logistic, type Criterion } from '../engine/criterion.ts';
import type { Dataset, DecisionPoint, ScoreResult, Series } from '../engine/types.ts';

// ---------------------------------------------------------------------------
// A synthetic dataset: 500 weekdays from 2001-01-01 with a wavy trend, a
// sector level, and a monthly Shiller PE10 that becomes known with a lag.
// ---------------------------------------------------------------------------

const N = 500;
const DAY0 = Date.UTC(2001, 0, 1) / 86_400_000; // a Monday

function weekdays(n: number): Int32Array {
  const out = new Int32Array(n);
  let d = DAY0;
  for (let i = 0; i < n; i++) {
    while ((new Date(d * 86_400_000).getUTCDay() + 6) % 7 >= 5) d++;
    out[i] = d++;
  }
  return out;
}

function series(name: string, dates: Int32Array, values: Float64Array, frequency: Series['frequency'] = 'daily', lagDays = 0): Series {
  return { name, dates, values, frequency, lagDays, source: null, stats: { rows: values.length, missing: 0, rejected: 0, notes: [] } };
}

const DATES = weekdays(N);
const CLOSE = Float64Array.from({ length: N }, (_, i) => 100 * Math.exp(0.0006 * i + 0.12 * Math.sin(i / 23) + 0.02 * Math.sin(i * 1.7)));
const VOLUME = Float64Array.from({ length: N }, (_, i) => 1e6 * (1 + 0.3 * Math.cos(i / 5)));
const NODUR = Float64Array.from({ length: N }, (_, i) => 50 + 0.1 * i + Math.sin(i / 7));
// Monthly PE10, dated the 1st of each month, known 60 days later.
const PE_DATES = Int32Array.from({ length: 30 }, (_, m) => Date.UTC(2001, m, 1) / 86_400_000);
const PE = Float64Array.from({ length: 30 }, (_, m) => 20 + m / 4);

function makeDataset(close = CLOSE): Dataset {
  return buildDataset('SYN', [series('close', DATES, close), series('volume', DATES, VOLUME)], [
    series('sector:NoDur', DATES, NODUR),
    series('shiller.PE10', PE_DATES, PE, 'monthly', 60),
  ]);
}
const DS = makeDataset();
const PREP = prepare(DS);

function decision(t: number, ds: Dataset = DS): DecisionPoint {
  const c0 = ds.columns.get('close')!;
  let low = Math.max(0, t - 30);
  for (let i = low; i <= t; i++) if (c0[i]! < c0[low]!) low = i;
  let peak = 0;
  for (let i = 0; i <= low; i++) if (c0[i]! > c0[peak]!) peak = i;
  const iso = (i: number): string => new Date(ds.dates[Math.min(i, ds.dates.length - 1)]! * 86_400_000).toISOString().slice(0, 10);
  const c = ds.columns.get('close')!;
  return {
    id: `SYN-${t}`, market: ds.id, kind: 'rebound', decisionIndex: t, decisionDate: iso(t),
    refLowIndex: low, refLowDate: iso(low), refLow: c[low]!, peakIndex: peak, peakDate: iso(peak), peak: c[peak]! * 1.05,
    priceColumn: 'close',
  };
}

function run(c: Criterion, t: number, p: PreparedDataset = PREP, d: DecisionPoint = decision(t, p.dataset)): ScoreResult {
  return scoreAt(c, createView(p, d, { copy: false, seed: 'x' }), {});
}
const expr = (e: string, threshold?: number): Criterion => makeExpressionCriterion({ id: 'f', expr: e, threshold, key: 'criteria[3]' });
const scoreOf = (r: ScoreResult): number => {
  if (!('score' in r)) throw new Error(`abstained: ${r.abstain}`);
  return r.score;
};
const mean = (from: number, to: number): number => {
  let s = 0;
  for (let i = from; i <= to; i++) s += CLOSE[i]!;
  return s / (to - from + 1);
};

/** The ConfigError a formula fails validation with. */
function configError(e: string, key = 'criteria[3]'): ConfigError {
  try {
    validateExpression(e, key, 'run.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`'${e}' validated but should not have`);
}

// ---------------------------------------------------------------------------

describe('expression criteria: values', () => {
  it('the golden cross agrees with a direct computation at every decision', () => {
    const c = expr('sma(close,50) > sma(close,200)');
    let ones = 0, zeros = 0;
    for (let t = 0; t < N; t++) {
      const r = run(c, t);
      if (t < 199) {
        const warm = 'sma(close, 200) is not available at the decision (warming up or missing data)';
        expect(r).toEqual({ abstain: t < 49 ? `${warm.replace('200', '50')}; ${warm}` : warm });
        continue;
      }
      const want = mean(t - 49, t) > mean(t - 199, t) ? 1 : 0;
      expect(r).toEqual({ score: want });
      if (want) ones++; else zeros++;
    }
    expect(ones).toBeGreaterThan(10);
    expect(zeros).toBeGreaterThan(10);
  });

  it('numeric formulas, logistic, and a threshold', () => {
    const t = 300;
    const ch = CLOSE[t]! / CLOSE[t - 20]! - 1;
    expect(scoreOf(run(expr('logistic(change(close, 20) * 10)'), t))).toBeCloseTo(logistic(ch * 10), 12);
    expect(scoreOf(run(expr('logistic(change(close, 20), 0.01, 50)'), t))).toBeCloseTo(logistic(ch, 0.01, 50), 12);
    expect(scoreOf(run(expr('0.25 + 0.5 * (close > lag(close, 5))'), t))).toBe(CLOSE[t]! > CLOSE[t - 5]! ? 0.75 : 0.25);
    expect(scoreOf(run(expr('abs(sqrt(4) - exp(log(3))) / 2'), t))).toBeCloseTo(0.5, 12);
    expect(scoreOf(run(expr('max(0.2, 0.3, 0.1) + min(0.1, 0.5)'), t))).toBeCloseTo(0.4, 12);
    expect(scoreOf(run(expr('close > 1 ? 0.9 : 0.1'), t))).toBe(0.9);
    expect(scoreOf(run(expr('0 < 0.5 < 1'), t))).toBe(1);
    expect(scoreOf(run(expr('not (close > 1) or false'), t))).toBe(0);
    // A raw measure with a threshold: every value is called against it.
    expect(run(expr('change(close, 20)', ch - 1e-9), t)).toEqual({ score: 1 });
    expect(run(expr('change(close, 20)', ch + 1e-9), t)).toEqual({ score: 0 });
    expect(run(expr('close', 50), t)).toEqual({ score: CLOSE[t]! >= 50 ? 1 : 0 });
    // Without a threshold a number outside [0,1] is an error naming the key.
    expect(() => run(expr('close'), t)).toThrow(/criteria\[3\]\.expr: .*outside \[0,1\]: wrap it in logistic/);
    // NaN from the formula itself abstains, and so does NaN met by a comparison, a logical operator or a condition
    // (NaN compares false: 'log(-close) > 0' used to be a confident "no" where 'log(-close)' abstains).
    expect(run(expr('log(-close) + 0.5'), t)).toMatchObject({ abstain: expect.stringMatching(/formula gave NaN/) });
    for (const f of ['log(-close) > 0 ? 1 : log(-1)', 'log(-close) > 0', 'sqrt(-1) < 0', 'not (log(-close) > 0)', '0.5 > log(-close) or close > 1', '(0/0) == (0/0)']) {
      expect(run(expr(f), t), f).toMatchObject({ abstain: expect.stringMatching(/a comparison in the formula met NaN/) });
    }
  });

  it('lag, change, mean, max/highest, min/lowest', () => {
    const t = 250;
    const k = 7;
    const win = Array.from(CLOSE.subarray(t - k + 1, t + 1));
    const half = (x: number): number => x / 1000; // keep values inside [0,1]
    expect(scoreOf(run(expr(`lag(close, ${k}) / 1000`), t))).toBeCloseTo(half(CLOSE[t - k]!), 12);
    expect(scoreOf(run(expr(`logistic(change(close, ${k}))`), t))).toBeCloseTo(logistic(CLOSE[t]! / CLOSE[t - k]! - 1), 12);
    expect(scoreOf(run(expr(`mean(close, ${k}) / 1000`), t))).toBeCloseTo(half(win.reduce((a, b) => a + b) / k), 12);
    expect(scoreOf(run(expr(`max(close, ${k}) / 1000`), t))).toBe(canonicalScore(half(Math.max(...win))));
    expect(scoreOf(run(expr(`highest(close, ${k}) / 1000`), t))).toBe(canonicalScore(half(Math.max(...win))));
    expect(scoreOf(run(expr(`min(close, ${k}) / 1000`), t))).toBe(canonicalScore(half(Math.min(...win))));
    expect(scoreOf(run(expr(`lowest(close, ${k}) / 1000`), t))).toBe(canonicalScore(half(Math.min(...win))));
    // Parentheses select the function of numbers: the larger of the last close and 5.
    expect(scoreOf(run(expr('max((close), 5) / 1000'), t))).toBe(canonicalScore(half(Math.max(CLOSE[t]!, 5))));
    // A lag before the data starts abstains.
    expect(run(expr('lag(close, 10) > 0'), 5)).toEqual({ abstain: 'lag(close, 10) is not available at the decision (warming up or missing data)' });
  });

  it('every engine indicator is callable and equals view.indicator at the decision', () => {
    expect([...INDICATOR_NAMES].sort()).toEqual(EXPRESSION_FUNCTIONS.filter((f) => (INDICATOR_NAMES as readonly string[]).includes(f)).sort());
    const t = 400;
    const view = createView(PREP, decision(t), { copy: false, seed: 'x' });
    for (const name of INDICATOR_NAMES) {
      const noWindow = ['returns', 'logReturns', 'runningMax', 'drawdown', 'monthlyMedian'].includes(name);
      const call = noWindow ? `${name}(close)` : `${name}(close, 14)`;
      const want = noWindow ? view.indicator(name, 'close')[t]! : view.indicator(name, 'close', 14)[t]!;
      expect(Number.isFinite(want)).toBe(true);
      expect(scoreOf(run(expr(`logistic(${call} / 100)`), t)), call).toBeCloseTo(logistic(want / 100), 12);
    }
    expect(scoreOf(run(expr('rsi(close, 14) / 100'), t))).toBeCloseTo(view.indicator('rsi', 'close', 14)[t]! / 100, 12);
    expect(scoreOf(run(expr('-drawdown(close)'), t))).toBeCloseTo(-view.indicator('drawdown', 'close')[t]!, 12);
  });

  it('episode facts', () => {
    const t = 321;
    const d = decision(t);
    expect(scoreOf(run(expr('daysSinceLow / 100'), t))).toBeCloseTo((t - d.refLowIndex) / 100, 12);
    expect(scoreOf(run(expr('drawdownDepth'), t))).toBeCloseTo(1 - d.refLow / d.peak, 12);
    expect(scoreOf(run(expr('refLow / peak'), t))).toBeCloseTo(d.refLow / d.peak, 12);
    const month = new Date(DATES[t]! * 86_400_000).getUTCMonth() + 1;
    expect(scoreOf(run(expr('month / 12'), t))).toBeCloseTo(month / 12, 12);
    expect(run(expr('month >= 11 or month <= 4'), t)).toEqual({ score: month >= 11 || month <= 4 ? 1 : 0 });
  });

  it('sector and Shiller columns by identifier', () => {
    expect(columnSymbol('sector:NoDur')).toBe('sector_NoDur');
    expect(columnSymbol('shiller.PE10')).toBe('shiller_PE10');
    expect(columnSymbol('close')).toBe('close');
    expect(columnSymbol('10Y rate')).toBe('_10Y_rate');
    const t = 450;
    expect(scoreOf(run(expr('sector_NoDur / 1000'), t))).toBeCloseTo(NODUR[t]! / 1000, 12);
    const pe = DS.columns.get('shiller.PE10')![t]!;
    expect(Number.isFinite(pe)).toBe(true);
    expect(scoreOf(run(expr('shiller_PE10 / 100'), t))).toBeCloseTo(pe / 100, 12);
    expect(scoreOf(run(expr('logistic(change(sector_NoDur, 20) * 5)'), t)))
      .toBeCloseTo(logistic((NODUR[t]! / NODUR[t - 20]! - 1) * 5), 12);
  });

  it('abstains on a missing series, a series not known yet, and warm-up', () => {
    expect(run(expr('vix < 20'), 300)).toEqual({ abstain: 'no column vix in dataset SYN' });
    expect(run(expr('sma(vix, 10) < 20'), 300)).toEqual({ abstain: 'no column vix in dataset SYN' });
    // PE10 for January 2001 is known 60 days later: not at the first decisions.
    expect(run(expr('shiller_PE10 < 25'), 10)).toEqual({ abstain: 'shiller_PE10 (column shiller.PE10) has no known value yet' });
    expect(run(expr('rsi(close, 14) < 70 and sma(close, 100) < close'), 50))
      .toEqual({ abstain: 'sma(close, 100) is not available at the decision (warming up or missing data)' });
  });

  it('describes itself', () => {
    const c = makeExpressionCriterion({ id: 'cross', expr: 'sma(close,50) > sma(sector_NoDur,200) and month > 3', key: 'criteria[1]' });
    expect(c.id).toBe('cross');
    expect(c.claim).toBe('formula: sma(close,50) > sma(sector_NoDur,200) and month > 3');
    expect(c.needs).toEqual(['close', 'sector_NoDur', 'calendar']);
    expect(c.params).toEqual([]);
    expect(validateExpression('sma(close,50) > sma(close,200) and lag(close, 5) < close', 'k')).toEqual({
      series: ['close'], functions: ['lag', 'sma'], inputs: ['sma(close, 50)', 'sma(close, 200)', 'lag(close, 5)', 'close'],
    });
  });
});

describe('expression criteria: config-time errors name the key', () => {
  it('unknown function, symbol called as a function, bad syntax, non-constant window', () => {
    let e = configError('foo(close) > 1');
    expect(e.key).toBe('criteria[3].expr');
    expect(e.message).toMatch(/^run\.json: criteria\[3\]\.expr: unknown function 'foo'; known functions: indicators sma, ema, rsi/);
    e = configError('close(3) > 1');
    expect(e.message).toMatch(/criteria\[3\]\.expr: unknown function 'close' \(series are not functions: for a past value write lag\(close, k\)\)/);
    e = configError('sma(close,');
    expect(e.message).toMatch(/criteria\[3\]\.expr: cannot parse formula 'sma\(close,': .*char 11/);
    e = configError('sma(close, n) > 1');
    expect(e.message).toMatch(/criteria\[3\]\.expr: sma\(\): the window 'n' must be a positive integer constant/);
    expect(configError('sma(close, 2.5) > 1').message).toMatch(/window '2.5' must be a positive integer/);
    expect(configError('sma(close, 0) > 1').message).toMatch(/window '0' must be a positive integer/);
    expect(configError('lag(close, 10 + 1) > 1').message).toMatch(/lag\(\): the window '10 \+ 1'/);
    // mean/max/min(series, -k) are the window form too, refused as lag's negative window is (they were taken as max(close, -5)).
    for (const f of ['mean', 'max', 'min']) expect(configError(`${f}(close, -5) > 1`).message).toMatch(new RegExp(`${f}\\(\\): the window '-5' must be a positive integer`));
  });

  it('series functions need a series name first; arity is checked', () => {
    expect(configError('sma(close * 2, 50) > 1').message).toMatch(/sma\(\) needs a series name as its first argument, not the expression 'close \* 2'/);
    expect(configError('lag(refLow, 3) > 1').message).toMatch(/'refLow' is an episode fact, not a series/);
    expect(configError('rsi(close) < 30').message).toMatch(/rsi\(\) takes a series and 1 window: rsi\(series, n\)/);
    expect(configError('drawdown(close, 5) < 0').message).toMatch(/drawdown\(\) takes a series and 0 windows/);
    expect(configError('abs(1, 2)').message).toMatch(/abs\(\) takes 1 argument, got 2/);
    expect(configError('sma > 1').message).toMatch(/'sma' is a function: call it, e.g. sma\(close, 20\)/);
  });

  it('unsupported syntax: property access, ranges, assignments, strings, matrices, several statements', () => {
    expect(configError('shiller.PE10 < 20').message).toMatch(/'shiller\.PE10' is not allowed .*written with '_': shiller_PE10/);
    expect(configError('sector:NoDur > 1').message).toMatch(/'sector:NoDur' is not allowed .*sector_NoDur/);
    expect(configError('x = 3').message).toMatch(/assignments are not allowed/);
    expect(configError('f(x) = x').message).toMatch(/assignments are not allowed/);
    expect(configError('"abc" == "abc"').message).toMatch(/only numbers and true\/false/);
    expect(configError('[1, 2]').message).toMatch(/ArrayNode/);
    expect(configError('1; 2').message).toMatch(/one expression/);
    expect(configError('3!').message).toMatch(/operator '!' \(factorial\) is not supported/);
    expect(configError('5 cm to inch').message).toMatch(/operator 'to'/);
  });

  it('the restricted instance refuses import, evaluate, parse, createUnit', () => {
    for (const f of ['import({}, {override: true})', 'evaluate("1")', 'parse("1")', 'createUnit("foo")', 'compile("1")', 'simplify("x")']) {
      const name = f.slice(0, f.indexOf('('));
      expect(configError(f).message).toContain(`function '${name}' is not allowed in formulas`);
    }
    expect(configError('cos.constructor("return process")').message).toMatch(/cannot call 'cos.constructor'/);
    expect(configError('cos["constructor"]').message).toMatch(/is not allowed \(no property access/);
    expect(configError('f = cos').message).toMatch(/assignments are not allowed/);
    expect(configError('evaluate > 1').message).toMatch(/unknown name 'evaluate'/);
    // Defence in depth: the instance formulas are compiled with has them disabled.
    const m = formulaMath();
    expect(() => m.evaluate('1')).toThrow(/disabled/);
    expect(() => m.parse('1')).toThrow(/disabled/);
    expect(() => m.createUnit('foo')).toThrow(/disabled/);
    expect(() => m.import({ x: 1 }, {})).toThrow(/disabled/);
    expect(m.sqrt(-1)).toBeNaN(); // predictable: no complex numbers
  });

  it('a threshold must be a number', () => {
    expect(() => makeExpressionCriterion({ id: 'x', expr: 'close', threshold: Number.NaN, key: 'criteria[0]' })).toThrow(/criteria\[0\]\.threshold/);
  });
});

describe('expression criteria: no look-ahead', () => {
  const formulas = [
    'sma(close,50) > sma(close,200)',
    'logistic(change(close, 20) * 10)',
    'logistic((close - max(close, 30)) / 5)',
    'rsi(close, 14) / 100',
    'logistic(realizedVol(close, 20) - 0.2)',
    'logistic(shiller_PE10 - 22) * (sector_NoDur > lag(sector_NoDur, 10))',
    'drawdownDepth * (month > 2)',
    'logistic(ema(volume, 10) / sma(volume, 30) - 1)',
  ];
  it('scores on data with sentinels after t equal scores on data truncated at t', () => {
    for (const t of [210, 260, 333, 420, 498]) {
      const poisoned = new Map<string, Float64Array>();
      for (const [k, v] of DS.columns) {
        const x = Float64Array.from(v);
        for (let i = t + 1; i < x.length; i++) x[i] = i % 2 ? 1e9 : -1e9;
        poisoned.set(k, x);
      }
      const pPrep = prepare({ ...DS, columns: poisoned });
      const tPrep = prepare(truncateDataset(DS, t));
      for (const f of formulas) {
        const c = expr(f);
        const a = run(c, t, PREP, decision(t));
        expect(run(c, t, pPrep, decision(t)), `${f} at ${t} (sentinels)`).toEqual(a);
        expect(run(c, t, tPrep, decision(t)), `${f} at ${t} (truncated)`).toEqual(a);
        expect('score' in a, `${f} at ${t}`).toBe(true);
      }
    }
  });
});
