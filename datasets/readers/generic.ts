/**
 * The generic reader: one date column plus any numeric columns, each becoming
 * a series named after its header (optionally prefixed). Frequency is
 * inferred; the lag defaults by name/frequency (datasets/lags.ts).
 */
import type { Series } from '../../engine/types.ts';
import { parseColumns } from './columns.ts';
import { defaultLag, inferFrequency } from './lags.ts';
import { emptyStats, readFileText } from './table.ts';

export function readGeneric(file: string, opts: { prefix?: string; lagDays?: number } = {}): Series[] {
  const ft = readFileText(file);
  const t = parseColumns(ft);
  const frequency = inferFrequency(t.dates);
  return [...t.values.entries()].map(([header, values]) => {
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    const name = `${opts.prefix ?? ''}${header}`;
    return {
      name, dates: t.dates, values, frequency, lagDays: opts.lagDays ?? defaultLag(name, frequency),
      source: { file: ft.file, sha256: ft.sha256 }, stats,
    };
  });
}
