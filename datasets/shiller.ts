/**
 * Robert Shiller's monthly S&P data (Date,SP500,Dividend,Earnings,Consumer
 * Price Index,Long Interest Rate,Real Price,Real Dividend,Real Earnings,PE10).
 *
 * Missing-value rule: every column of this file is a price, a level, a rate or
 * a ratio that is never exactly zero in real history, and the file writes
 * `0.0` both for PE10 before 1881 (not computable) and for every column past
 * its last published value (earnings end 2023-06; from 2023-10 all but SP500).
 * So an exact 0.0 is treated as missing, counted in `rejected` and noted.
 * Series are named `shiller.<Column>` with spaces removed (shiller.PE10,
 * shiller.Earnings, shiller.ConsumerPriceIndex, shiller.LongInterestRate,
 * shiller.RealPrice, ...); rows are dated the first of the month
 * and the default knowledge lags are in datasets/lags.ts.
 */
import type { Series } from '../engine/types.ts';
import { isoDate } from '../engine/dates.ts';
import { parseColumns } from './columns.ts';
import { defaultLag } from './lags.ts';
import { emptyStats, readFileText, type FileText } from './table.ts';

export function readShiller(file: string): Series[] {
  return parseShiller(readFileText(file));
}

export function parseShiller(ft: FileText): Series[] {
  const t = parseColumns(ft);
  const out: Series[] = [];
  for (const [header, raw] of t.values) {
    const values = new Float64Array(raw);
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    let zeros = 0, first = -1, last = -1;
    for (let i = 0; i < values.length; i++) {
      if (values[i] === 0) {
        values[i] = NaN; zeros++;
        if (first < 0) first = i;
        last = i;
      }
    }
    if (zeros > 0) {
      stats.rejected = zeros;
      stats.notes.push(`${zeros} values of 0.0 treated as missing (${isoDate(t.dates[first]!)}..${isoDate(t.dates[last]!)})`);
    }
    const name = `shiller.${shillerName(header)}`;
    out.push({
      name, dates: t.dates, values, frequency: 'monthly', lagDays: defaultLag(name, 'monthly'),
      source: { file: ft.file, sha256: ft.sha256 }, stats,
    });
  }
  return out;
}

/** `Consumer Price Index` → `ConsumerPriceIndex`: names usable in indicator keys and formulas. */
export function shillerName(header: string): string {
  return header.trim().replace(/\s+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/\W/g, '');
}
