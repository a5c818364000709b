/**
 * The column reader's fast path (datasets/readers/fast-rows.ts) reads plain
 * lines in place; every line it does not take goes through the general path.
 * Both must give the same values, missing counts and errors: here every cell
 * is checked against parseNumberCell (the general path's reading), on random
 * number-like cells, and errors after fast-read lines keep their position.
 */
import { describe, expect, it } from 'vitest';
import { parseColumns } from '../datasets/readers/columns.ts';
import { splitByTicker } from '../datasets/readers/long-format.ts';
import { parseNumberCell, type FileText } from '../datasets/readers/table.ts';
import { isoDate } from '../engine/calendar.ts';
import { InputError } from '../engine/errors.ts';
import { lcg } from './support/fake-run.ts';
import { thrown } from './support/builders.ts';

const table = (lines: string[]): FileText => ({ file: 'mem.csv', sha256: '', lines });

/** A cell of number-like characters: plain decimals of 1-18 digits mostly, with signs, points, exponents, blanks and tokens. */
function randomCell(rnd: () => number): string {
  const u = rnd();
  if (u < 0.05) return ['', '.', '-', 'NaN', 'null', ' 7 ', '+.5', '5.', '-0', '-0.000', '00012.50', '1e3', '0x1F'][Math.floor(rnd() * 13)]!;
  const digits = 1 + Math.floor(rnd() * 18);
  let s = rnd() < 0.2 ? '-' : rnd() < 0.05 ? '+' : '';
  const point = rnd() < 0.8 ? Math.floor(rnd() * (digits + 1)) : -1;
  for (let i = 0; i < digits; i++) {
    if (i === point) s += '.';
    s += String(Math.floor(rnd() * 10));
  }
  return s;
}

describe('the fast path reads exactly what the general path reads', () => {
  it('every cell of 4,000 random rows equals parseNumberCell of it; missing cells are counted once', () => {
    const rnd = lcg(17);
    const lines = ['date,open,close,Name,volume'];
    const cells: string[][] = [];
    let day = Date.UTC(1990, 0, 1) / 86_400_000;
    for (let r = 0; r < 4000; r++) {
      const row = [randomCell(rnd), randomCell(rnd), randomCell(rnd)];
      if (row.some((c) => parseNumberCell(c) === undefined)) { r--; continue; }
      cells.push(row);
      day += 1 + Math.floor(rnd() * 3);
      lines.push(`${isoDate(day)},${row[0]},${row[1]},X,${row[2]}`);
    }
    const t = parseColumns(table(lines), { only: (k) => k !== 'name' });
    const names = ['open', 'close', 'volume'];
    names.forEach((name, k) => {
      const col = t.values.get(name)!;
      const differ = cells.filter((c, r) => !Object.is(col[r], parseNumberCell(c[k]!))).map((c) => c[k]);
      expect(differ, name).toEqual([]);
      expect(t.missing.get(name)).toBe(cells.filter((c) => Number.isNaN(parseNumberCell(c[k]!)!)).length);
    });
  });

  it('lines it does not take (quotes, spaces, other date forms) read as before', () => {
    const t = parseColumns(table(['Date,Close', '2020-01-02,1.5', '"2020-01-03","2.5"', ' 2020-01-06 , 3.5 ', '2020/1/7,4.5', '20200108,1e1']));
    expect([...t.values.get('Close')!]).toEqual([1.5, 2.5, 3.5, 4.5, 10]);
    expect([...t.dates].map(isoDate)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08']);
  });

  it('errors after fast-read lines keep their file:line:column', () => {
    const ok = ['date,close,Name', '2020-01-02,1,A', '2020-01-03,2,A'];
    const at = (extra: string): string => { const e = thrown(InputError, () => parseColumns(table([...ok, extra]), { only: (k) => k === 'close' })); return `${e.line}:${e.column} ${e.detail}`; };
    expect(at('2020-01-03,3,A')).toMatch(/^4:1 duplicate date/);
    expect(at('2020-01-01,3,A')).toMatch(/^4:1 dates not in ascending order/);
    expect(at('2020-01-06,3,A,extra')).toMatch(/^4:16 ragged row: 4 cells/);
    expect(at('2020-01-06,3')).toMatch(/^4:13 ragged row: 2 cells/);
    expect(at('2020-01-06,0x10,A')).toMatch(/^4:12 non-numeric value '0x10'/);
    expect(at('2020-01-06,1e999,A')).toMatch(/^4:12 number '1e999' .* out of range/);
    expect(at('2020-02-30,3,A')).toMatch(/^4:1 invalid date '2020-02-30'/);
  });
});

describe('splitByTicker', () => {
  it('groups a long file by ticker, a repeated ticker read in place, a changed or spaced one checked', () => {
    const ft = table(['date,close,Name', '2020-01-02,1,AA', '2020-01-02,1,AAB', '2020-01-03,2,AA ', '2020-01-03,2,"AAB"', '2020-01-06,3,AAB']);
    const parts = splitByTicker(ft, 2);
    expect(parts.map((p) => [p.ticker, [...p.lineOf]])).toEqual([['AA', [1, 2, 4]], ['AAB', [1, 3, 5, 6]]]);
    const bad = thrown(InputError, () => splitByTicker(table(['date,close,Name', '2020-01-02,1,AA', '2020-01-03,2,A A']), 2));
    expect([bad.line, bad.column]).toEqual([3, 14]);
  });
});
