import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOhlcv } from '../datasets/readers/ohlcv.ts';
import { readFred } from '../datasets/readers/fred.ts';
import { readShiller } from '../datasets/readers/shiller.ts';
import { readFrench, returnsToLevels } from '../datasets/readers/french.ts';
import { readBreadth } from '../datasets/readers/breadth.ts';
import { readGeneric } from '../datasets/readers/generic.ts';
import { isoDate } from '../engine/calendar.ts';
import { InputError } from '../engine/errors.ts';
import type { Series } from '../engine/types.ts';
import { describeShared, shared } from './support/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-readers-'));
let k = 0;
function file(text: string, name = `f${k++}.csv`): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function span(s: Series): [number, string, string] {
  return [s.dates.length, isoDate(s.dates[0]!), isoDate(s.dates[s.dates.length - 1]!)];
}
function inputError(fn: () => unknown): InputError {
  try { fn(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describeShared('every file in ../shared/data loads with the documented row counts and spans', () => {
  it('GSPC (Yahoo OHLCV)', () => {
    const s = readOhlcv(shared('sp500', 'GSPC.csv'));
    const close = s.find((x) => x.name === 'close')!;
    expect(span(close)).toEqual([24114, '1927-12-30', '2023-12-28']);
    const open = s.find((x) => x.name === 'open')!;
    expect(open.stats.rejected).toBeGreaterThan(0); // Open=0 1962-1982 counted, not silent
    expect(s.find((x) => x.name === 'volume')!.stats.notes.join()).toMatch(/zero volumes/);
  });
  it('VIX', () => {
    const s = readOhlcv(shared('vix', 'vix-daily.csv'));
    expect(span(s.find((x) => x.name === 'close')!)).toEqual([9235, '1990-01-02', '2026-07-23']);
  });
  it.each([
    ['DGS10', 15395, '1962-01-02', '2021-01-04', 'daily'],
    ['DGS2', 11635, '1976-06-01', '2021-01-04', 'daily'],
    ['DGS3MO', 10265, '1981-09-01', '2021-01-04', 'daily'],
    ['BAA10Y', 8307, '1986-01-02', '2017-11-03', 'daily'],
    ['T10Y2Y', 10809, '1976-06-01', '2017-11-03', 'daily'],
    ['FEDFUNDS', 833, '1954-07-01', '2023-11-01', 'monthly'],
    ['CPIAUCSL', 923, '1947-01-01', '2023-11-01', 'monthly'],
    ['UNRATE', 911, '1948-01-01', '2023-11-01', 'monthly'],
  ])('FRED %s', (name, rows, first, last, freq) => {
    const s = readFred(shared('fred', `${name}.csv`));
    expect(s.name).toBe(name);
    expect(span(s)).toEqual([rows, first, last]);
    expect(s.frequency).toBe(freq);
    if (freq === 'daily') expect(s.stats.missing).toBeGreaterThan(0); // '.' holidays counted
  });
  it('Shiller monthly, with the 0.0-means-missing rule', () => {
    const s = readShiller(shared('shiller', 'shiller-monthly.csv'));
    expect(s.map((x) => x.name)).toContain('shiller.PE10');
    // The "Real ..." columns are rebased to the file's latest CPI (future information): not loaded, and said so.
    expect(s.map((x) => x.name).filter((n) => n.includes('Real'))).toEqual([]);
    expect(s[0]!.stats.notes.join()).toMatch(/'Real Price', 'Real Dividend', 'Real Earnings' not loaded/);
    const sp = s.find((x) => x.name === 'shiller.SP500')!;
    expect(span(sp)).toEqual([1866, '1871-01-01', '2026-06-01']);
    const e = s.find((x) => x.name === 'shiller.Earnings')!;
    // Earnings end 2023-06: the value for 2023-06 is real, 2023-07 on is missing.
    const i = Array.from(e.dates).findIndex((d) => isoDate(d) === '2023-06-01');
    expect(e.values[i]).toBeGreaterThan(0);
    expect(Number.isNaN(e.values[i + 1]!)).toBe(true);
    expect(e.stats.rejected).toBe(e.values.length - i - 1);
    const pe = s.find((x) => x.name === 'shiller.PE10')!;
    expect(Number.isNaN(pe.values[0]!)).toBe(true); // 1871: 0.0 = missing
    expect(pe.stats.notes.join()).toMatch(/0\.0 treated as missing/);
  });
  it('Ken French 10 industries, daily', () => {
    const s = readFrench(shared('famafrench', '10_Industry_Portfolios_Daily.csv'));
    expect(s.map((x) => x.name)).toEqual(['NoDur', 'Durbl', 'Manuf', 'Enrgy', 'HiTec', 'Telcm', 'Shops', 'Hlth', 'Utils', 'Other'].map((n) => `sector:${n}`));
    expect(span(s[0]!)).toEqual([25063, '1926-07-01', '2021-08-31']);
    expect(s[0]!.values[0]).toBeCloseTo(0.0002, 10); // 0.02 %
    const lv = returnsToLevels(s[0]!);
    expect(lv.values[0]).toBe(1);
    expect(lv.values[1]).toBeCloseTo(1.0029, 10);
  });
  it('NYSE breadth', () => {
    const s = readBreadth(shared('breadth', 'NYSE-breadth-daily.csv'));
    const adv = s.find((x) => x.name === 'adv')!;
    expect(span(adv)).toEqual([12796, '1965-03-01', '2015-11-11']);
    expect(s.map((x) => x.name)).toEqual(['adv', 'dec', 'unch', 'adv_volume', 'dec_volume', 'unch_volume', 'new_highs', 'new_lows']);
    expect(s.find((x) => x.name === 'new_highs')!.stats.missing).toBeGreaterThan(10000); // only from 2005
  });
});

describe('OHLCV reader', () => {
  it('finds columns by name in any order and case, uses Adj Close, handles BOM and CRLF', () => {
    const p = file('\ufeffvolume,ADJ CLOSE,date,Close\r\n100,9,2020-01-02,10\r\n200,9.5,2020-01-03,10.5\r\n');
    const s = readOhlcv(p);
    const close = s.find((x) => x.name === 'close')!;
    expect(Array.from(close.values)).toEqual([9, 9.5]);
    expect(s.find((x) => x.name === 'close_raw')!.values[1]).toBe(10.5);
    expect(s.find((x) => x.name === 'volume')!.values[1]).toBe(200);
    expect(close.source!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it.each([
    ['2020-01-02', '2020-01-02'], ['20200102', '2020-01-02'], ['2020/1/2', '2020-01-02'], ['1/2/2020', '2020-01-02'],
  ])('date format %s', (raw, iso) => {
    const s = readOhlcv(file(`Date,Close\n${raw},1\n`));
    expect(isoDate(s[0]!.dates[0]!)).toBe(iso);
  });
  it('counts missing closes instead of dropping them silently', () => {
    const s = readOhlcv(file('Date,Close\n2020-01-02,1\n2020-01-03,null\n2020-01-06,2\n'));
    expect(s[0]!.dates.length).toBe(2);
    expect(s[0]!.stats.missing).toBe(1);
    expect(s[0]!.stats.notes.join()).toMatch(/1 rows without a close/);
  });
});

describe('bad input names file:line:column', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['missing header', '2020-01-02,1,2\n2020-01-03,1,2\n', 1, 1, /missing header/],
    ['no date column', 'Day2,Close\n2020-01-02,1\n', 1, 1, /missing date column/],
    ['no close column', 'Date,Open\n2020-01-02,1\n', 1, 1, /missing Close column/],
    ['unknown date format', 'Date,Close\n2020-01-02,1\nJan 3 2020,2\n', 3, 1, /unknown date format 'Jan 3 2020'/],
    ['impossible date', 'Date,Close\n2020-02-30,1\n', 2, 1, /invalid date '2020-02-30'/],
    ['non-numeric value', 'Date,Open,Close\n2020-01-02,1,2\n2020-01-03,1,abc\n', 3, 14, /non-numeric value 'abc' in column 'Close'/],
    ['unsorted dates', 'Date,Close\n2020-01-03,1\n2020-01-02,2\n', 3, 1, /not in ascending order/],
    ['duplicate dates', 'Date,Close\n2020-01-02,1\n2020-01-02,2\n', 3, 1, /duplicate date/],
    ['empty file', '', 1, 1, /empty file/],
    ['header only', 'Date,Close\n', 2, 1, /no data rows/],
    ['ragged row (short)', 'Date,Open,Close\n2020-01-02,1,2\n2020-01-03,1\n', 3, 13, /ragged row: 2 cells where the header has 3/],
    ['ragged row (long)', 'Date,Close\n2020-01-02,1,7\n', 2, 14, /ragged row: 3 cells/],
    ['non-positive price', 'Date,Close\n2020-01-02,1\n2020-01-03,0\n', 3, 12, /non-positive price 0 in column 'Close'/],
    ['negative price', 'Date,Close\n2020-01-02,-5\n', 2, 12, /non-positive price -5/],
  ];
  it.each(cases)('%s', (_name, text, line, column, msg) => {
    const p = file(text);
    const e = inputError(() => readOhlcv(p));
    expect(e.file).toBe(p);
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.message).toMatch(msg);
    expect(e.message.startsWith(`${p}:${line}:${column}: `)).toBe(true);
  });
  it('a missing file', () => {
    expect(inputError(() => readOhlcv(join(dir, 'nope.csv'))).message).toMatch(/file not found/);
  });
  it('FRED with two value columns is refused with a hint', () => {
    expect(inputError(() => readFred(file('DATE,A,B\n2020-01-01,1,2\n'))).message).toMatch(/one value column/);
  });
  it('FRED accepts observation_date and dots', () => {
    const s = readFred(file('observation_date,DGS10\n2020-01-02,1.5\n2020-01-03,.\n2020-01-06,\n'));
    expect(s.stats.missing).toBe(2);
    expect(s.name).toBe('DGS10');
  });
  it('a daily FRED series outside the lag table is known the next day', () => {
    const days = Array.from({ length: 10 }, (_, i) => `2020-01-${String(i + 2).padStart(2, '0')},${i}`).join('\n');
    expect(readFred(file(`DATE,DGS5\n${days}\n`)).lagDays).toBe(1);
  });
  it('generic reader keeps every numeric column', () => {
    const s = readGeneric(file('Date,a,b\n2020-01-01,1,2\n2020-02-01,3,\n'));
    expect(s.map((x) => x.name)).toEqual(['a', 'b']);
    expect(s[1]!.stats.missing).toBe(1);
  });
  it('French monthly files date rows at month end and map sentinels to missing', () => {
    const p = file('preamble text\r\n\r\n  Average Value Weighted Returns -- Monthly\r\n,A,B\r\n202001,  1.00, -99.99\r\n202002, -2.00,   3.00\r\n\r\n  Annual\r\n,A,B\r\n2020, 1, 2\r\n');
    const s = readFrench(p);
    expect(isoDate(s[0]!.dates[0]!)).toBe('2020-01-31');
    expect(s[0]!.dates.length).toBe(2);
    expect(Number.isNaN(s[1]!.values[0]!)).toBe(true);
    expect(s[1]!.stats.missing).toBe(1);
    expect(readFrench(p, { section: 'annual' })[0]!.dates.length).toBe(1);
  });
});
