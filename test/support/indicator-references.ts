/**
 * Seeded inputs and naive references for the indicator tests: random-walk
 * prices and signed noise with NaN gaps, O(n·w) references written straight
 * from the definitions, and element-wise comparisons that name the index.
 */
import { expect } from 'vitest';
import seedrandom from 'seedrandom';
import type { NumericArray } from '../../engine/data/indicators.ts';

// ---------------------------------------------------------------------------
// Seeded data
// ---------------------------------------------------------------------------

/** Random-walk prices around 100 with NaN gaps (leading run, isolated, runs). */
export function priceData(seed: string, len: number, nanRate = 0.03): Float64Array {
  const rng = seedrandom(seed);
  const x = new Float64Array(len);
  let p = 100;
  for (let i = 0; i < len; i++) {
    p *= Math.exp((rng() - 0.5) * 0.04);
    x[i] = p;
  }
  // leading gap
  const lead = Math.floor(rng() * 6);
  for (let i = 0; i < lead && i < len; i++) x[i] = NaN;
  // scattered gaps of length 1..4
  for (let i = 0; i < len; i++) {
    if (rng() < nanRate) {
      const run = 1 + Math.floor(rng() * 4);
      for (let j = i; j < i + run && j < len; j++) x[j] = NaN;
      i += run;
    }
  }
  return x;
}

/** Signed noise with ties (rounded values) and NaN gaps. */
export function noiseData(seed: string, len: number): Float64Array {
  const rng = seedrandom(seed);
  const x = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    x[i] = rng() < 0.04 ? NaN : Math.round((rng() - 0.5) * 200) / 10;
  }
  return x;
}

export const present = (v: number): boolean => Number.isFinite(v);

// ---------------------------------------------------------------------------
// Naive references (O(n·w), written straight from the definitions)
// ---------------------------------------------------------------------------

export function naiveWindow(x: NumericArray, n: number, f: (w: number[]) => number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let i = n - 1; i < x.length; i++) {
    const w: number[] = [];
    for (let j = i - n + 1; j <= i; j++) w.push(x[j]);
    if (w.every(present)) out[i] = f(w);
  }
  return out;
}

export const sumOf = (w: number[]): number => w.reduce((a, b) => a + b, 0);
export const meanOf = (w: number[]): number => sumOf(w) / w.length;
export function twoPassStd(w: number[]): number {
  if (w.length < 2) return NaN;
  const m = meanOf(w);
  let s = 0;
  for (const v of w) s += (v - m) * (v - m);
  return Math.sqrt(s / (w.length - 1));
}

/** EMA as an explicit weighted sum over the present values after the seed. */
export function naiveEma(x: NumericArray, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  const a = 2 / (n + 1);
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (present(x[i])) idx.push(i);
  if (idx.length < n) return out;
  const seed = meanOf(idx.slice(0, n).map((i) => x[i]));
  for (let m = n - 1; m < idx.length; m++) {
    const steps = m - (n - 1);
    let v = Math.pow(1 - a, steps) * seed;
    for (let j = 0; j < steps; j++) v += a * Math.pow(1 - a, j) * x[idx[m - j]];
    out[idx[m]] = v;
  }
  return out;
}

export function expectClose(actual: Float64Array, expected: Float64Array, rel = 1e-9, abs = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`index ${i}: expected NaN, got ${a}`);
      continue;
    }
    if (!(Math.abs(a - e) <= abs + rel * Math.abs(e))) {
      throw new Error(`index ${i}: expected ${e}, got ${a}`);
    }
  }
}

export function expectIdentical(actual: Float64Array, expected: Float64Array, label = ''): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      throw new Error(`${label} index ${i}: expected ${expected[i]}, got ${actual[i]}`);
    }
  }
}
