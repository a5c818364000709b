import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, Episode } from '../engine/types.ts';
import { reboundsOnCloses, findRebounds, REBOUND_DEFAULTS } from '../engine/episodes/rebound.ts';
import { judgeAgainstLow } from '../engine/episodes/common.ts';
import { loadPriceDataset } from '../datasets/load.ts';
import { describeShared, shared } from './support/shared-data.ts';

const P = { drawdown: 0.10, rebound: 0.05, horizon: 3 };
const days = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => 18000 + i);
function run(closes: number[], p = P) {
  return reboundsOnCloses('T', days(closes.length), Float64Array.from(closes), p);
}

describe('rebound state machine (brief v1)', () => {
  it('decision is the first close >= (1+R)L in a correction; low dated at its first close', () => {
    //           peak  -5%  -10% low  =low  +5%  ...
    const e = run([100, 95, 90, 80, 80, 84, 85, 86, 87]);
    expect(e).toHaveLength(1);
    expect(e[0]!.decisionIndex).toBe(5);
    expect(e[0]!.refLowIndex).toBe(3); // a close equal to L is not a new low
    expect(e[0]!.refLow).toBe(80);
    expect(e[0]!.peakIndex).toBe(0);
    expect(e[0]!.drawdown).toBeCloseTo(0.2, 12);
    expect(e[0]!.daysPeakToLow).toBe(3);
    expect(e[0]!.outcome).toBe('durable'); // 87 >= 84 at t+3, no close below 80
  });
  it('no correction without a D decline; exactly (1-D)P starts one', () => {
    expect(run([100, 91, 96, 99])).toHaveLength(0);
    expect(run([100, 90, 94.5, 95, 95, 95])).toHaveLength(1);
  });
  it('one episode per low; a new lower low allows a new episode', () => {
    const e = run([100, 85, 90, 85.5, 90, 80, 84, 70, 73.5, 74, 75, 76, 77]);
    expect(e.map((x) => x.decisionIndex)).toEqual([2, 6, 8]);
    expect(e.map((x) => x.refLow)).toEqual([85, 80, 70]);
    expect(e[0]!.outcome).toBe('failed'); // 80 < 85 within t+3
    expect(e[1]!.outcome).toBe('failed'); // 70 < 80
  });
  it('a close above the peak ends the correction and is never a decision', () => {
    // 89 -> 101 jumps above P=100: not a decision; later decline needs a new 10% from 101
    const e = run([100, 89, 101, 92, 90.9, 95.5, 96, 97, 98]);
    expect(e).toHaveLength(1);
    expect(e[0]!.peakIndex).toBe(2);
    expect(e[0]!.refLow).toBe(90.9);
    expect(e[0]!.decisionIndex).toBe(5);
  });
  it('stalled and censored', () => {
    expect(run([100, 80, 84, 90, 85, 83])[0]!.outcome).toBe('stalled'); // 83 < 84, never below 80
    expect(run([100, 80, 84, 90])[0]!.outcome).toBe('censored');
    expect(run([100, 80, 84, 79])[0]!.outcome).toBe('failed'); // failed beats censored
  });
  it('outcome judged strictly below L', () => {
    const c = Float64Array.from([80, 84, 80, 85, 86]);
    expect(judgeAgainstLow(c, 1, 80, 3)).toBe('durable');
  });
  it('records forward returns, MAE and days to regain the peak', () => {
    const closes = [100, 80, 84, 82, 90, 101, 102];
    const e = run(closes, { ...P, horizon: 2 })[0]!;
    expect(e.mae).toBeCloseTo(82 / 84 - 1, 12);
    expect(e.daysToRegainPeak).toBe(3);
    expect(Number.isNaN(e.fwd21)).toBe(true);
  });
});

describeShared('rebounds on the real S&P 500 since 1927 (public facts)', () => {
  // Loaded in beforeAll: vitest still runs the body of a skipped suite.
  let ds: Dataset;
  let eps: Episode[];
  beforeAll(() => {
    ds = loadPriceDataset(shared('sp500', 'GSPC.csv'));
    eps = findRebounds(ds, REBOUND_DEFAULTS);
  });
  const at = (d: string) => eps.find((e) => e.decisionDate === d);
  it.each([
    ['2008-10-13', '2008-10-10', 899.22, 'failed'],
    ['2009-03-10', '2009-03-09', 676.53, 'durable'],
    ['2002-10-11', '2002-10-09', 776.76, 'durable'],
    ['2020-03-24', '2020-03-23', 2237.40, 'durable'],
  ])('decision %s from the low of %s (%s) was %s', (d, low, level, outcome) => {
    const e = at(d);
    expect(e, `no episode decided on ${d}`).toBeDefined();
    expect(e!.refLowDate).toBe(low);
    expect(e!.refLow).toBeCloseTo(level, 2);
    expect(e!.outcome).toBe(outcome);
  });
  it('ids are unique and decisions strictly increase', () => {
    expect(new Set(eps.map((e) => e.id)).size).toBe(eps.length);
    for (let i = 1; i < eps.length; i++) expect(eps[i]!.decisionIndex).toBeGreaterThan(eps[i - 1]!.decisionIndex);
  });
  it('every decision satisfies the definition against the raw closes', () => {
    const c = ds.columns.get('close')!;
    for (const e of eps) {
      expect(c[e.decisionIndex]).toBeGreaterThanOrEqual(1.05 * e.refLow);
      expect(e.refLow).toBeLessThanOrEqual(0.9 * e.peak);
      for (let i = e.peakIndex; i <= e.decisionIndex; i++) expect(c[i]).toBeLessThanOrEqual(e.peak);
      for (let i = e.refLowIndex; i <= e.decisionIndex; i++) expect(c[i]).toBeGreaterThanOrEqual(e.refLow);
    }
  });
});
