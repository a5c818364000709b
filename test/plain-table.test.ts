/**
 * A universe's per-ticker price files are read straight from their bytes
 * when plain (datasets/readers/plain-table.ts, member-file.ts); every other
 * file goes through the general path. Both must give the same series, and
 * a file with an error must report it exactly as the general path does.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseColumns } from '../datasets/readers/columns.ts';
import { atOriginalLines, splitByTicker, tickerColumn } from '../datasets/readers/long-format.ts';
import { readMemberFile } from '../datasets/readers/member-file.ts';
import { OHLCV_COLUMNS, parseOhlcv } from '../datasets/readers/ohlcv.ts';
import { plainTable } from '../datasets/readers/plain-table.ts';
import { readFileText, textLines } from '../datasets/readers/table.ts';
import { isoDate } from '../engine/calendar.ts';
import type { Series } from '../engine/types.ts';
import { lcg } from './support/fake-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-plain-'));
let k = 0;
function file(text: string | Buffer): string {
  const p = join(dir, `m${k++}.csv`);
  writeFileSync(p, text);
  return p;
}

/** The general path alone (what readMembers did before the plain path): members as [ticker, series] or the error's message. */
function general(path: string): Array<[string | null, Series[]]> | string {
  try {
    const ft = readFileText(path);
    const col = tickerColumn(ft);
    if (col < 0) return [[null, parseOhlcv(ft)]];
    return splitByTicker(ft, col).map((p) => [p.ticker, atOriginalLines(p, () => parseOhlcv(p.text))]);
  } catch (e) {
    return (e as Error).message;
  }
}

function viaMemberFile(path: string): Array<[string | null, Series[]]> | string {
  try {
    return readMemberFile(path).map((m) => [m.ticker, m.price()]);
  } catch (e) {
    return (e as Error).message;
  }
}

/** A per-ticker file in the popular 5-year layout, `rows` rows from 2013-02-08 on weekdays. */
function stockFile(rows: number, seed: number, ticker = 'AAL'): string[] {
  const rnd = lcg(seed);
  const lines = ['date,open,high,low,close,volume,Name'];
  let day = Date.UTC(2013, 1, 8) / 86_400_000;
  for (let r = 0; r < rows; r++) {
    const c = (10 + 90 * rnd()).toFixed(2 + Math.floor(rnd() * 3));
    const vol = rnd() < 0.02 ? '' : String(Math.floor(1e7 * rnd()));
    lines.push(`${isoDate(day)},${c},${c},${c},${c},${vol},${ticker}`);
    day += (new Date(day * 86_400_000).getUTCDay() === 5 ? 3 : 1);
  }
  return lines;
}

describe('plain per-ticker files', () => {
  it('read from their bytes, give the table the general path reads from their text', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const text = `${stockFile(300, seed).join('\n')}\n`;
      const plain = plainTable('x.csv', 'h', Buffer.from(text), { only: OHLCV_COLUMNS, same: (h) => tickerColumn(h) })!;
      expect(plain.same).toBe('AAL');
      expect(plain.table).toEqual(parseColumns({ file: 'x.csv', sha256: 'h', lines: textLines(text) }, { only: OHLCV_COLUMNS }));
    }
  });

  it('readMemberFile gives what the general path gives, series and provenance', () => {
    const path = file(`${stockFile(260, 9, 'BRK.B').join('\n')}\n`);
    expect(viaMemberFile(path)).toEqual(general(path));
  });

  const lines = stockFile(8, 3);
  const variants: Array<[string, string | Buffer]> = [
    ['no final newline', lines.join('\n')],
    ['CRLF line ends', `${lines.join('\r\n')}\r\n`],
    ['a BOM', `\ufeff${lines.join('\n')}\n`],
    ['quoted cells', `${lines.join('\n').replace(/,AAL/g, ',"AAL"')}\n`],
    ['trailing blank lines', `${lines.join('\n')}\n\n  \n`],
    ['missing tokens and spaces', `${lines.join('\n').replace(/,(\d+),AAL$/m, ', null ,AAL')}\n`],
    ['a long number', `${lines.join('\n').replace(/,(\d+),AAL$/m, ',12345678901234567890,AAL')}\n`],
    ['no ticker column', `${lines.map((l) => l.replace(/,[^,]*$/, '')).join('\n')}\n`],
    ['two tickers', `${[...lines, '2014-01-02,1,1,1,1,1,AAP'].join('\n')}\n`],
    ['a changed ticker spacing', `${lines.join('\n').replace(/AAL$/m, ' AAL')}\n`],
    // Errors: the same message, file:line:column and member included.
    ['a blank line inside', `${[...lines.slice(0, 4), '', ...lines.slice(4)].join('\n')}\n`],
    ['a ragged row', `${lines.join('\n').replace(/AAL$/m, 'AAL,x')}\n`],
    ['dates out of order', `${[lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n')}\n`],
    ['a bad number', `${lines.join('\n').replace(/,(\d+),AAL$/m, ',12x,AAL')}\n`],
    ['a non-positive close', `${lines.join('\n').replace(/,[\d.]+,(\d*),AAL$/m, ',0,$1,AAL')}\n`],
    ['a negative volume', `${lines.join('\n').replace(/,(\d+),AAL$/m, ',-5,AAL')}\n`],
    ['a bad ticker', `${lines.join('\n').replace(/AAL$/gm, 'A A')}\n`],
    ['a NUL byte', `${lines.join('\n').replace(/AAL$/m, 'A\0L')}\n`],
    ['non-ASCII text', `${lines.join('\n').replace(/AAL$/m, 'ÄAL')}\n`],
    ['an invalid date', `${lines.join('\n').replace(/^2013-02-11/m, '2013-02-30')}\n`],
    ['a header only', `${lines[0]}\n`],
    ['an empty file', ''],
  ];
  for (const [what, text] of variants) {
    it(`with ${what}: the same members or error as the general path`, () => {
      const path = file(text);
      expect(viaMemberFile(path)).toEqual(general(path));
    });
  }
});
