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
 * ...). The "Real ..." columns are NOT loaded: the file rebases them to its
 * latest CPI, so every historical value embeds future inflation (a
 * look-ahead no lag can fix); the nominal columns and CPI are there. Rows are dated the first of the month
 * and the default knowledge lags are in datasets/lags.ts.
 */
import type { Series } from '../../engine/types.ts';
import { isoDate } from '../../engine/calendar.ts';
import { parseColumns } from './columns.ts';
import { defaultLag } from './lags.ts';
import { emptyStats, readFileText, type FileText } from './table.ts';

export function readShiller(file: string): Series[] {
  return parseShiller(readFileText(file));
}

export function parseShiller(ft: FileText): Series[] {
  const t = parseColumns(ft);
  const out: Series[] = [];
  // The file's "Real ..." columns are rebased to the CPI of its LAST row, so every
  // historical value embeds future inflation: loading them would leak the future.
  const leaky = [...t.values.keys()].filter((h) => /^real\b/i.test(h.trim()));
  for (const [header, raw] of t.values) {
    if (leaky.includes(header)) continue;
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
    if (leaky.length > 0 && header === [...t.values.keys()].find((h) => !leaky.includes(h))) {
      stats.notes.push(`columns ${leaky.map((h) => `'${h.trim()}'`).join(', ')} not loaded: they are rebased to the file's latest CPI, so each value carries future information (use the nominal series with shiller.ConsumerPriceIndex instead)`);
    }
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
