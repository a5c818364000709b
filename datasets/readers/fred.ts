/**
 * FRED downloads: a date column (DATE, observation_date or Date) and one value
 * column named after the series; `.` or an empty cell is missing. The
 * frequency is inferred from the dates and the knowledge lag defaults by
 * series name (datasets/lags.ts).
 */
import { InputError } from '../../engine/errors.ts';
import type { Series } from '../../engine/types.ts';
import { parseColumns } from './columns.ts';
import { DAILY_PUBLICATION_LAG, defaultLag, inferFrequency, knownLag } from './lags.ts';
import { emptyStats, readFileText, type FileText } from './table.ts';

export interface FredOptions { name?: string; lagDays?: number }

export function readFred(file: string, opts: FredOptions = {}): Series {
  return parseFred(readFileText(file), opts);
}

export function parseFred(ft: FileText, opts: FredOptions = {}): Series {
  const t = parseColumns(ft);
  if (t.values.size !== 1) {
    throw new InputError(ft.file, 1, 1, `a FRED file has a date column and one value column; found ${t.values.size} value columns; use the generic reader for several (a series with {"file": ..., "column": ...})`);
  }
  const [header, values] = [...t.values.entries()][0]!;
  const name = opts.name ?? header;
  const frequency = inferFrequency(t.dates);
  const stats = emptyStats();
  stats.rows = t.rows;
  stats.missing = t.missing.get(header)!;
  return {
    name, dates: t.dates, values, frequency,
    // A daily FRED series not in the lag table is published the next business day.
    lagDays: opts.lagDays ?? knownLag(name) ?? (frequency === 'daily' ? DAILY_PUBLICATION_LAG : defaultLag(name, frequency)),
    source: { file: ft.file, sha256: ft.sha256 }, stats,
  };
}
