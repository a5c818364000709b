/**
 * Yahoo/Stooq-style OHLCV files. Columns are found by header name in any order
 * and any case (Date, Open, High, Low, Close, Adj Close, Volume); the adjusted
 * close is used as `close` when present. Rules (each counted, none silent):
 *  - a close (or adjusted close) <= 0 is an error: prices are positive;
 *  - an open/high/low <= 0 is recorded as missing (Yahoo's ^GSPC has Open=0
 *    for 1962-1982 and uses 0 for "not recorded");
 *  - a volume of 0 is recorded as missing (index files use 0 for "not recorded");
 *  - a row whose close is missing (null/empty) is kept out of the calendar and counted.
 */
import { InputError, printable } from '../../engine/errors.ts';
import type { Series } from '../../engine/types.ts';
import { cellError, parseColumns, type ColumnTable } from './columns.ts';
import { emptyStats, headerKey, readFileText, type FileText } from './table.ts';

type Role = 'open' | 'high' | 'low' | 'close' | 'adjclose' | 'volume';

const ROLE_HEADERS: Record<Role, string[]> = {
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close', 'last', 'price'],
  adjclose: ['adjclose', 'adjustedclose', 'adjclose*'],
  volume: ['volume', 'vol'],
};

export interface OhlcvOptions {
  /** Use the raw close even when an adjusted close exists. */
  rawClose?: boolean;
  /** Prefix for the produced series names (e.g. 'sector:Tech' → 'sector:Tech'); default plain roles. */
  closeName?: string;
}

/** How a price column's values are read: a close must be positive; an open, high, low or raw close may be missing; a volume may be zero (missing) but not negative. */
export type OhlcvRule = 'positive' | 'price-or-missing' | 'volume';

/** Whether a value of a column read under `rule` is recorded as missing: a non-positive open, high, low or raw close, or a zero volume. */
export function missingUnder(rule: OhlcvRule, v: number): boolean {
  return (rule === 'price-or-missing' && v <= 0) || (rule === 'volume' && v === 0);
}

/** The note on a column with `count` values recorded as missing under `rule`. */
export function missingNote(rule: OhlcvRule, header: string, count: number): string {
  return `${count} ${rule === 'volume' ? 'zero volumes' : 'non-positive values'} in '${header}' treated as missing`;
}

export function readOhlcv(file: string, opts: OhlcvOptions = {}): Series[] {
  return parseOhlcv(readFileText(file), opts);
}

const WANTED = new Set(Object.values(ROLE_HEADERS).flat());
/** The columns an OHLCV file's reader reads as numbers (by normalised header name). */
export const OHLCV_COLUMNS = (key: string): boolean => WANTED.has(key);

export function parseOhlcv(ft: FileText, opts: OhlcvOptions = {}): Series[] {
  return ohlcvSeries(ft, parseColumns(ft, { only: OHLCV_COLUMNS }), opts);
}

/** The series of an OHLCV table read with OHLCV_COLUMNS (the rules of the module comment). */
export function ohlcvSeries(ft: FileText, t: ColumnTable, opts: OhlcvOptions = {}): Series[] {
  const col = (role: Role): string | undefined => roleColumn(ft, t, role);
  const closeH = (!opts.rawClose && col('adjclose')) || col('close');
  if (!closeH) {
    throw new InputError(ft.file, 1, 1, `missing Close column: no column is named Close, Adj Close, Last or Price (${t.header.length} in the header)`);
  }
  const close = t.values.get(closeH)!;
  // Validate closes: positive where present.
  for (let i = 0; i < t.rows; i++) {
    const v = close[i]!;
    if (v <= 0) throw nonPositive(ft, t, i, closeH, v);
  }
  // Keep rows with a close.
  let keep = 0;
  for (let i = 0; i < t.rows; i++) if (!Number.isNaN(close[i]!)) keep++;
  const idx = new Int32Array(keep);
  for (let i = 0, k = 0; i < t.rows; i++) if (!Number.isNaN(close[i]!)) idx[k++] = i;
  const dates = new Int32Array(keep);
  for (let k = 0; k < keep; k++) dates[k] = t.dates[idx[k]!]!;
  const droppedRows = t.rows - keep;
  if (keep === 0) throw new InputError(ft.file, 2, 1, `column '${closeH}' has no values`);

  const out: Series[] = [];
  const make = (name: string, header: string, rule: OhlcvRule): void => {
    const src = t.values.get(header)!;
    // Every row kept: the parsed column itself (each header is read into one series only).
    const values = keep === t.rows ? src : new Float64Array(keep);
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    let zeroed = 0;
    for (let k = 0; k < keep; k++) {
      let v = values === src ? src[k]! : src[idx[k]!]!;
      if (rule === 'volume' && v < 0) throw nonPositive(ft, t, idx[k]!, header, v);
      if (missingUnder(rule, v)) { v = NaN; zeroed++; }
      values[k] = v;
    }
    if (zeroed > 0) {
      stats.rejected = zeroed;
      stats.notes.push(missingNote(rule, header, zeroed));
    }
    if (droppedRows > 0) stats.notes.push(`${droppedRows} rows without a close left out of the calendar`);
    out.push({
      name, dates, values, frequency: 'daily', lagDays: 0,
      source: { file: ft.file, sha256: ft.sha256 }, stats,
    });
  };
  make(opts.closeName ?? 'close', closeH, 'positive');
  if (!opts.closeName) {
    const rawClose = col('close');
    for (const role of ['open', 'high', 'low'] as const) {
      const h = col(role);
      if (h) make(role, h, 'price-or-missing');
    }
    if (rawClose && rawClose !== closeH) make('close_raw', rawClose, 'price-or-missing');
    const v = col('volume');
    if (v) make('volume', v, 'volume');
  }
  return out;
}

/** The column playing `role`; two candidates (e.g. Close and Price) are an error, not a silent choice. */
function roleColumn(ft: FileText, t: ColumnTable, role: Role): string | undefined {
  const hits = [...t.values.keys()].filter((k) => ROLE_HEADERS[role].includes(headerKey(k)));
  if (hits.length > 1) {
    throw cellError(ft, t, -1, hits[1]!, `columns '${printable(hits[0]!)}' and '${printable(hits[1]!)}' could both be the ${role === 'adjclose' ? 'adjusted close' : role}: keep one`);
  }
  return hits[0];
}

function nonPositive(ft: FileText, t: ColumnTable, row: number, header: string, v: number): InputError {
  return cellError(ft, t, row, header, `non-positive ${header.toLowerCase().includes('vol') ? 'volume' : 'price'} ${v} in column '${printable(header)}'`);
}
