import { describe, expect, it } from 'vitest';
import { asOfJoin, buildDataset } from '../engine/data/dataset.ts';
import type { Series } from '../engine/types.ts';
import { days, series as makeSeries } from './support/builders.ts';

/** A series on ISO dates (monthly unless said otherwise). */
function series(name: string, dates: string[], values: number[], lagDays: number, frequency: Series['frequency'] = 'monthly'): Series {
  return makeSeries(name, days(dates), values, { frequency, lagDays });
}

describe('as-of join with knowledge lags', () => {
  const cal = days(['2020-01-31', '2020-02-14', '2020-02-17', '2020-03-02', '2020-03-16', '2020-03-17']);
  it('a monthly value appears only from the day it is known', () => {
    // CPI for January dated 2020-01-01, lag 46 days -> known 2020-02-16 (a Sunday) -> first visible 2020-02-17.
    const cpi = series('CPI', ['2020-01-01', '2020-02-01'], [1, 2], 46);
    const out = Array.from(asOfJoin(cal, cpi));
    expect(out.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(out[2]).toBe(1);
    expect(out[3]).toBe(1);
    expect(out[4]).toBe(1); // February known 2020-03-18
    expect(out[5]).toBe(1);
  });
  it('missing values carry the last known one; stale values vanish', () => {
    const s = series('X', ['2020-01-01', '2020-01-02', '2020-01-03'], [5, NaN, 7], 0, 'daily');
    const cal2 = days(['2020-01-02', '2020-01-03', '2020-01-09', '2020-01-20']);
    expect(Array.from(asOfJoin(cal2, s))).toEqual([5, 7, 7, NaN]);
  });
  it('columns live in SharedArrayBuffers', () => {
    const price = series('close', ['2020-01-02', '2020-01-03'], [1, 2], 0, 'daily');
    const ds = buildDataset('T', [price], [series('CPI', ['2019-12-01'], [3], 0)]);
    expect(ds.columns.get('close')!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ds.columns.get('CPI')!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ds.dates.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ds.meta.get('CPI')!.firstKnownIndex).toBe(0);
  });
});
