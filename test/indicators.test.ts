import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import {
  IndicatorCache,
  TRADING_DAYS_PER_YEAR,
  barsSince,
  drawdown,
  ema,
  indicatorKey,
  logReturns,
  realizedVol,
  returns,
  roc,
  rollingMax,
  rollingMin,
  rollingStd,
  rollingSum,
  rsi,
  runningMax,
  sma,
  type NumericArray,
} from '../engine/data/indicators.ts';
import {
  expectClose, expectIdentical, meanOf, naiveEma, naiveWindow, noiseData, present, priceData, sumOf, twoPassStd,
} from './support/indicator-references.ts';

const LEN = 240;
const WINDOWS = [1, 2, 3, 5, 14, 37, 100, LEN - 1, LEN, LEN + 1, 1000];

// ---------------------------------------------------------------------------
// Rolling windows vs naive references
// ---------------------------------------------------------------------------

describe('rolling windows match naive references (with NaN gaps)', () => {
  const inputs: Array<[string, Float64Array]> = [
    ['prices', priceData('roll-a', LEN, 0.04)],
    ['noise', noiseData('roll-b', LEN)],
    ['clean', priceData('roll-c', LEN, 0)],
  ];
  for (const [label, x] of inputs) {
    for (const n of WINDOWS) {
      it(`${label} n=${n}`, () => {
        expectClose(rollingSum(x, n), naiveWindow(x, n, sumOf));
        expectClose(sma(x, n), naiveWindow(x, n, meanOf));
        expectIdentical(rollingMax(x, n), naiveWindow(x, n, (w) => Math.max(...w)), 'max');
        expectIdentical(rollingMin(x, n), naiveWindow(x, n, (w) => Math.min(...w)), 'min');
        expectClose(rollingStd(x, n), naiveWindow(x, n, twoPassStd), 1e-8, 1e-9);
        expectClose(ema(x, n), naiveEma(x, n), 1e-9, 1e-9);
      });
    }
  }

  it('windows actually produce values and recover after gaps', () => {
    const x = new Float64Array([1, 2, 3, NaN, 5, 6, 7, 8]);
    expectIdentical(sma(x, 2), new Float64Array([NaN, 1.5, 2.5, NaN, NaN, 5.5, 6.5, 7.5]));
    expectIdentical(rollingMax(x, 3), new Float64Array([NaN, NaN, 3, NaN, NaN, NaN, 7, 8]));
    expectIdentical(rollingMin(x, 3), new Float64Array([NaN, NaN, 1, NaN, NaN, NaN, 5, 6]));
    expectIdentical(rollingSum(x, 1), new Float64Array([1, 2, 3, NaN, 5, 6, 7, 8]));
    // a long run of clean data after gaps is fully defined
    const p = priceData('recover', 500, 0.02);
    for (let i = 450; i < 500; i++) p[i] = 100 + i;
    expect(Array.from(sma(p, 20).subarray(470)).every(Number.isFinite)).toBe(true);
    expect(Array.from(rollingStd(p, 20).subarray(470)).every(Number.isFinite)).toBe(true);
  });

  it('rollingSum/sma recover exactly after a huge value leaves the window', () => {
    // a naive running sum loses the small values while 1e17 is in the window
    const x = new Float64Array(12).fill(1);
    x[1] = 1e17;
    x[2] = -3e16;
    const s = rollingSum(x, 3);
    const m = sma(x, 3);
    for (let i = 5; i < 12; i++) {
      expect(s[i]).toBe(3);
      expect(m[i]).toBe(1);
    }
  });

  it('treats ±Infinity like NaN (missing)', () => {
    const x = new Float64Array([1, 2, Infinity, 4, 5, -Infinity, 7, 8, 9]);
    const y = new Float64Array([1, 2, NaN, 4, 5, NaN, 7, 8, 9]);
    for (const f of [
      (a: Float64Array) => sma(a, 2),
      (a: Float64Array) => rollingMax(a, 2),
      (a: Float64Array) => rollingStd(a, 2),
      (a: Float64Array) => ema(a, 2),
      (a: Float64Array) => rsi(a, 2),
      (a: Float64Array) => returns(a),
      (a: Float64Array) => roc(a, 2),
      (a: Float64Array) => runningMax(a),
      (a: Float64Array) => drawdown(a),
    ]) {
      expectIdentical(f(x), f(y));
    }
  });

  it('rejects invalid window sizes', () => {
    const x = new Float64Array(10);
    for (const bad of [0, -1, 2.5, NaN]) {
      expect(() => sma(x, bad)).toThrow(RangeError);
      expect(() => rollingMax(x, bad)).toThrow(RangeError);
      expect(() => rollingStd(x, bad)).toThrow(RangeError);
      expect(() => ema(x, bad)).toThrow(RangeError);
      expect(() => rsi(x, bad)).toThrow(RangeError);
    }
  });
});

describe('point-to-point and cumulative vs naive references', () => {
  const x = priceData('p2p', LEN, 0.05);

  it('returns, logReturns, roc', () => {
    const r = new Float64Array(LEN).fill(NaN);
    const lr = new Float64Array(LEN).fill(NaN);
    for (let i = 1; i < LEN; i++) {
      if (present(x[i]) && present(x[i - 1])) {
        r[i] = x[i] / x[i - 1] - 1;
        lr[i] = Math.log(x[i] / x[i - 1]);
      }
    }
    expectClose(returns(x), r);
    expectClose(logReturns(x), lr);
    for (const n of [1, 5, 63, LEN + 3]) {
      const ref = new Float64Array(LEN).fill(NaN);
      for (let i = n; i < LEN; i++) {
        if (present(x[i]) && present(x[i - n])) ref[i] = x[i] / x[i - n] - 1;
      }
      expectClose(roc(x, n), ref);
    }
    expect(returns(new Float64Array([0, 1]))[1]).toBeNaN();
    expect(logReturns(new Float64Array([-1, 1]))[1]).toBeNaN();
  });

  it('realizedVol = sqrt(252) × sample std of the last n log returns', () => {
    for (const n of [1, 2, 10, 21, LEN]) {
      const ref = new Float64Array(LEN).fill(NaN);
      for (let i = n; i < LEN; i++) {
        const w: number[] = [];
        for (let j = i - n + 1; j <= i; j++) w.push(Math.log(x[j] / x[j - 1]));
        if (w.every(present)) ref[i] = twoPassStd(w) * Math.sqrt(TRADING_DAYS_PER_YEAR);
      }
      expectClose(realizedVol(x, n), ref, 1e-8, 1e-12);
    }
  });

  it('runningMax ignores NaN; drawdown is ≤ 0 and 0 exactly at new highs', () => {
    const rm = runningMax(x);
    const dd = drawdown(x);
    let peak = NaN;
    for (let i = 0; i < LEN; i++) {
      for (let j = 0; j <= i; j++) if (present(x[j]) && !(x[j] <= peak)) peak = x[j];
      expect(Object.is(rm[i], peak)).toBe(true);
      if (present(x[i])) {
        expect(dd[i]).toBeLessThanOrEqual(0);
        expect(dd[i]).toBeCloseTo(x[i] / peak - 1, 12);
        if (x[i] === peak) expect(Object.is(dd[i], 0)).toBe(true);
      } else {
        expect(dd[i]).toBeNaN();
      }
    }
    expectIdentical(
      drawdown(new Float64Array([NaN, 10, 12, 9, NaN, 12, 15, 12])),
      new Float64Array([NaN, 0, 0, 9 / 12 - 1, NaN, 0, 0, 12 / 15 - 1]),
    );
    expectIdentical(runningMax(new Float64Array([NaN, 3, NaN, 1, 4])), new Float64Array([NaN, 3, 3, 3, 4]));
  });

  it('barsSince', () => {
    const cond = new Uint8Array([0, 0, 1, 0, 0, 1, 1, 0]);
    expectIdentical(barsSince(cond), new Float64Array([NaN, NaN, 0, 1, 2, 0, 0, 1]));
    expectIdentical(barsSince([NaN, 1, 0, NaN, 0]), new Float64Array([NaN, 0, 1, 2, 3]));
    expectIdentical(barsSince([false, true, false]), new Float64Array([NaN, 0, 1]));
    const rng = seedrandom('bars');
    const c = Array.from({ length: 300 }, () => (rng() < 0.05 ? 1 : 0));
    const got = barsSince(c);
    for (let i = 0; i < c.length; i++) {
      let j = i;
      while (j >= 0 && !c[j]) j--;
      expect(Object.is(got[i], j < 0 ? NaN : i - j)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Causality
// ---------------------------------------------------------------------------

describe('causality: f(x[0..k]) is exactly the prefix of f(x)', () => {
  const fns: Array<[string, (x: NumericArray) => Float64Array]> = [];
  for (const n of [1, 2, 7, 30]) {
    fns.push([`rollingSum ${n}`, (x) => rollingSum(x, n)]);
    fns.push([`sma ${n}`, (x) => sma(x, n)]);
    fns.push([`ema ${n}`, (x) => ema(x, n)]);
    fns.push([`rollingMax ${n}`, (x) => rollingMax(x, n)]);
    fns.push([`rollingMin ${n}`, (x) => rollingMin(x, n)]);
    fns.push([`rollingStd ${n}`, (x) => rollingStd(x, n)]);
    fns.push([`rsi ${n}`, (x) => rsi(x, n)]);
    fns.push([`realizedVol ${n}`, (x) => realizedVol(x, n)]);
    fns.push([`roc ${n}`, (x) => roc(x, n)]);
  }
  fns.push(['rsi default', (x) => rsi(x)]);
  fns.push(['returns', (x) => returns(x)]);
  fns.push(['logReturns', (x) => logReturns(x)]);
  fns.push(['runningMax', (x) => runningMax(x)]);
  fns.push(['drawdown', (x) => drawdown(x)]);
  fns.push(['barsSince', (x) => barsSince(Array.from(x, (v) => (v > 100 ? 1 : 0)))]);

  const x = priceData('causal', 400, 0.04);

  for (const [name, f] of fns) {
    it(name, () => {
      const full = f(x);
      expect(full.length).toBe(x.length);
      // every prefix length
      for (let k = 0; k < x.length; k++) {
        expectIdentical(f(x.subarray(0, k + 1)), full.subarray(0, k + 1), `${name} k=${k}`);
      }
      // future values must not leak: replace everything after k (NaN next day,
      // then different values) and the first k+1 outputs must not change
      for (let k = 0; k < x.length - 1; k += 7) {
        const y = Float64Array.from(x);
        y[k + 1] = NaN;
        for (let i = k + 2; i < y.length; i++) y[i] = present(y[i]) ? y[i] * 3 + 7 : 1;
        expectIdentical(f(y).subarray(0, k + 1), full.subarray(0, k + 1), `${name} perturbed k=${k}`);
      }
    });
  }
});

// ---------------------------------------------------------------------------
// RSI
// ---------------------------------------------------------------------------

describe('rsi', () => {
  it('matches a hand-worked Wilder example (n = 3)', () => {
    // x        = 10, 11, 10.5, 11.5, 11, 12
    // changes  =    +1, -0.5,   +1, -0.5, +1
    // i=3: first averages over the first 3 changes (+1, -0.5, +1):
    //      avgGain = (1 + 0 + 1)/3 = 2/3, avgLoss = (0 + 0.5 + 0)/3 = 1/6
    //      RS = (2/3)/(1/6) = 4  -> RSI = 100 - 100/(1+4) = 80
    // i=4: change -0.5: avgGain = (2/3·2 + 0)/3 = 4/9
    //                   avgLoss = (1/6·2 + 0.5)/3 = 5/18
    //      RS = (4/9)/(5/18) = 8/5 -> RSI = 100 - 100/2.6 = 800/13 ≈ 61.538
    // i=5: change +1:   avgGain = (4/9·2 + 1)/3 = 17/27
    //                   avgLoss = (5/18·2 + 0)/3 = 5/27
    //      RS = 17/5 -> RSI = 100 - 100/4.4 = 1700/22 ≈ 77.273
    const r = rsi(new Float64Array([10, 11, 10.5, 11.5, 11, 12]), 3);
    expect(r[0]).toBeNaN();
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeNaN();
    expect(r[3]).toBeCloseTo(80, 10);
    expect(r[4]).toBeCloseTo(800 / 13, 10);
    expect(r[5]).toBeCloseTo(1700 / 22, 10);
  });

  it('bridges a gap with one change and outputs NaN on the missing day', () => {
    // same series with a NaN inserted: the change 11.5 -> 11 is taken across it
    const r = rsi(new Float64Array([10, 11, 10.5, 11.5, NaN, 11, 12]), 3);
    expect(r[3]).toBeCloseTo(80, 10);
    expect(r[4]).toBeNaN();
    expect(r[5]).toBeCloseTo(800 / 13, 10);
    expect(r[6]).toBeCloseTo(1700 / 22, 10);
  });

  it('is 100 for all gains, 0 for all losses, 50 for no movement', () => {
    const up = Float64Array.from({ length: 40 }, (_, i) => 100 + i);
    const down = Float64Array.from({ length: 40 }, (_, i) => 100 - i);
    const flat = new Float64Array(40).fill(5);
    for (let i = 14; i < 40; i++) {
      expect(rsi(up)[i]).toBe(100);
      expect(rsi(down)[i]).toBe(0);
      expect(rsi(flat)[i]).toBe(50);
    }
    expect(rsi(up)[13]).toBeNaN();
  });

  it('stays within [0, 100] on random data', () => {
    for (const seed of ['r1', 'r2', 'r3']) {
      const x = priceData(seed, 2000, 0.02);
      for (const n of [1, 2, 14, 50]) {
        const r = rsi(x, n);
        let defined = 0;
        for (let i = 0; i < r.length; i++) {
          if (Number.isNaN(r[i])) continue;
          defined++;
          expect(r[i]).toBeGreaterThanOrEqual(0);
          expect(r[i]).toBeLessThanOrEqual(100);
        }
        expect(defined).toBeGreaterThan(1500);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// EMA
// ---------------------------------------------------------------------------

describe('ema', () => {
  it('is seeded with the SMA of the first n values, then uses alpha = 2/(n+1)', () => {
    const x = new Float64Array([2, 4, 6, 8, 10, 3]);
    const e = ema(x, 3);
    expect(e[0]).toBeNaN();
    expect(e[1]).toBeNaN();
    expect(e[2]).toBe(4); // (2+4+6)/3
    expect(e[3]).toBeCloseTo(4 + 0.5 * (8 - 4), 12); // alpha = 0.5 -> 6
    expect(e[4]).toBeCloseTo(6 + 0.5 * (10 - 6), 12); // 8
    expect(e[5]).toBeCloseTo(8 + 0.5 * (3 - 8), 12); // 5.5
    expectIdentical(ema(x, 1), x);
  });

  it('seeds from the first n present values and skips missing days', () => {
    const x = new Float64Array([NaN, NaN, 3, NaN, 5, 7, NaN, 9]);
    const e = ema(x, 2); // alpha = 2/3; seed (3+5)/2 = 4 at index 4
    expect(e[4]).toBe(4);
    expect(e[5]).toBeCloseTo(4 + (2 / 3) * (7 - 4), 12); // 6
    expect(e[6]).toBeNaN();
    expect(e[7]).toBeCloseTo(6 + (2 / 3) * (9 - 6), 12); // 8
  });

  it('of a constant is the constant', () => {
    const x = new Float64Array(100).fill(42.5);
    const e = ema(x, 10);
    for (let i = 9; i < 100; i++) expect(e[i]).toBeCloseTo(42.5, 12);
  });
});

// ---------------------------------------------------------------------------
// Numerical accuracy of rollingStd
// ---------------------------------------------------------------------------

describe('rollingStd numerical stability', () => {
  it('matches a two-pass reference within 1e-6 relative on values around 1e6 with small noise', () => {
    const rng = seedrandom('offset');
    const len = 20000;
    const x = new Float64Array(len);
    for (const noise of [1, 1e-2]) {
      for (let i = 0; i < len; i++) x[i] = 1e6 + (rng() - 0.5) * noise + (i % 7 === 0 ? noise / 10 : 0);
      for (const n of [2, 10, 50, 250]) {
        const got = rollingStd(x, n);
        for (let i = n - 1; i < len; i++) {
          const ref = twoPassStd(Array.from(x.subarray(i - n + 1, i + 1)));
          if (!(Math.abs(got[i] - ref) <= 1e-6 * ref)) {
            throw new Error(`noise=${noise} n=${n} i=${i}: ${got[i]} vs ${ref}`);
          }
        }
      }
    }
  });

  it('survives a level shift (1e9 -> 1) without losing precision', () => {
    const rng = seedrandom('shift');
    const x = new Float64Array(600);
    // shift at 310 so the first all-new window (i = 329) does not coincide with
    // the every-n-bars exact recomputation (i = 19, 39, ...)
    for (let i = 0; i < 600; i++) x[i] = (i < 310 ? 1e9 : 1) + rng();
    const got = rollingStd(x, 20);
    // every window entirely after the shift, not just eventually
    for (let i = 329; i < 600; i++) {
      const ref = twoPassStd(Array.from(x.subarray(i - 19, i + 1)));
      expect(Math.abs(got[i] - ref)).toBeLessThanOrEqual(1e-9 * ref);
    }
  });

  it('is 0 (not NaN, not negative) on a constant window', () => {
    const s = rollingStd(new Float64Array(50).fill(1e6 + 0.1), 5);
    for (let i = 4; i < 50; i++) expect(s[i]).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Complexity: reads per element do not depend on the window size
// ---------------------------------------------------------------------------

describe('O(n) cost', () => {
  function counting(x: Float64Array): { arr: NumericArray; reads: () => number } {
    let reads = 0;
    const arr = new Proxy(x, {
      get(target, prop) {
        if (typeof prop === 'string' && prop !== 'length' && /^\d+$/.test(prop)) reads++;
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as unknown as NumericArray;
    return { arr, reads: () => reads };
  }

  const x = priceData('cost', 5000, 0.01);
  const fns: Array<[string, (a: NumericArray, n: number) => Float64Array]> = [
    ['rollingSum', rollingSum],
    ['sma', sma],
    ['rollingMax', rollingMax],
    ['rollingMin', rollingMin],
    ['rollingStd', rollingStd],
    ['ema', ema],
    ['rsi', rsi],
    ['roc', roc],
  ];
  for (const [name, f] of fns) {
    it(`${name} reads O(length) input elements for any window`, () => {
      for (const n of [1, 10, 500, 2500, 4999]) {
        const { arr, reads } = counting(x);
        const viaProxy = f(arr, n);
        expectIdentical(viaProxy, f(x, n), `${name} n=${n}`);
        expect(reads()).toBeLessThanOrEqual(8 * x.length);
      }
    });
  }
});

// ---------------------------------------------------------------------------
// out parameter
// ---------------------------------------------------------------------------

describe('out parameter', () => {
  const x = priceData('out', 120, 0.05);
  const fns: Array<[string, (a: NumericArray, out?: Float64Array) => Float64Array]> = [
    ['sma', (a, o) => sma(a, 5, o)],
    ['rollingMax', (a, o) => rollingMax(a, 5, o)],
    ['rollingStd', (a, o) => rollingStd(a, 5, o)],
    ['ema', (a, o) => ema(a, 5, o)],
    ['rsi', (a, o) => rsi(a, 5, o)],
    ['roc', (a, o) => roc(a, 5, o)],
    ['returns', (a, o) => returns(a, o)],
    ['realizedVol', (a, o) => realizedVol(a, 5, o)],
    ['drawdown', (a, o) => drawdown(a, o)],
  ];
  for (const [name, f] of fns) {
    it(`${name} writes into out, including in place`, () => {
      const expected = f(x);
      const out = new Float64Array(x.length);
      expect(f(x, out)).toBe(out);
      expectIdentical(out, expected, name);
      const inPlace = Float64Array.from(x);
      expect(f(inPlace, inPlace)).toBe(inPlace);
      expectIdentical(inPlace, expected, `${name} in place`);
      expect(() => f(x, new Float64Array(x.length + 1))).toThrow(RangeError);
    });
  }
});

// ---------------------------------------------------------------------------
// IndicatorCache
// ---------------------------------------------------------------------------

describe('IndicatorCache', () => {
  it('computes once per key and returns the same array', () => {
    const cache = new IndicatorCache();
    const close = priceData('cache', 100, 0);
    const calls = new Map<string, number>();
    const get = (key: string, f: () => Float64Array): Float64Array =>
      cache.get(key, () => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return f();
      });
    const k50 = indicatorKey('sma', 'close', 50);
    const k20 = indicatorKey('sma', 'close', 20);
    const a = get(k50, () => sma(close, 50));
    const b = get(k50, () => sma(close, 50));
    const c = get(k20, () => sma(close, 20));
    for (let j = 0; j < 10; j++) get(k20, () => sma(close, 20));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(calls.get(k50)).toBe(1);
    expect(calls.get(k20)).toBe(1);
    expect(cache.keys()).toEqual(['sma(close,50)', 'sma(close,20)']);
    expect(cache.has(k50)).toBe(true);
    expect(cache.size).toBe(2);
    expectIdentical(a, sma(close, 50));
  });

  it('does not cache a failed computation and rejects cycles', () => {
    const cache = new IndicatorCache();
    expect(() =>
      cache.get('bad', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(cache.keys()).toEqual([]);
    expect(cache.get('bad', () => new Float64Array([1]))[0]).toBe(1);
    expect(() => cache.get('loop', () => cache.get('loop', () => new Float64Array(0)))).toThrow(/cyclic/);
  });

  it('indicatorKey is canonical', () => {
    expect(indicatorKey('sma', 'close', 50)).toBe('sma(close,50)');
    expect(indicatorKey('rsi', 'close')).toBe('rsi(close)');
    expect(indicatorKey('bb', 'sector:tech', 20, 2.5)).toBe('bb(sector:tech,20,2.5)');
    expect(indicatorKey('roc', 'close', -0)).toBe('roc(close,0)');
    expect(() => indicatorKey('sma', 'a,b', 1)).toThrow(RangeError);
    expect(() => indicatorKey('sma', 'close', NaN)).toThrow(RangeError);
    expect(() => indicatorKey('', 'close')).toThrow(RangeError);
  });
});
