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
import { InputError } from '../../engine/errors.ts';
import type { Series } from '../../engine/types.ts';
import { parseColumns, type ColumnTable } from './columns.ts';
import { cellColumn, emptyStats, headerKey, readFileText, splitCells, type FileText } from './table.ts';

const ROLE_HEADERS: Record<string, string[]> = {
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

export function readOhlcv(file: string, opts: OhlcvOptions = {}): Series[] {
  return parseOhlcv(readFileText(file), opts);
}

export function parseOhlcv(ft: FileText, opts: OhlcvOptions = {}): Series[] {
  const wanted = new Set(Object.values(ROLE_HEADERS).flat());
  const t = parseColumns(ft, { only: (k) => wanted.has(k) });
  const col = (role: string): string | undefined =>
    [...t.values.keys()].find((k) => ROLE_HEADERS[role]!.includes(headerKey(k)));
  const closeH = (!opts.rawClose && col('adjclose')) || col('close');
  if (!closeH) {
    throw new InputError(ft.file, 1, 1, `missing Close column: header has ${t.header.map((c) => `'${c}'`).join(', ')}`);
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
  const make = (name: string, header: string, rule: 'positive' | 'price-or-missing' | 'volume'): void => {
    const src = t.values.get(header)!;
    const values = new Float64Array(keep);
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    let zeroed = 0;
    for (let k = 0; k < keep; k++) {
      let v = src[idx[k]!]!;
      if (rule === 'price-or-missing' && v <= 0) { v = NaN; zeroed++; }
      if (rule === 'volume') {
        if (v < 0) throw nonPositive(ft, t, idx[k]!, header, v);
        if (v === 0) { v = NaN; zeroed++; }
      }
      values[k] = v;
    }
    if (zeroed > 0) {
      stats.rejected = zeroed;
      stats.notes.push(`${zeroed} ${rule === 'volume' ? 'zero volumes' : 'non-positive values'} in '${header}' treated as missing`);
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

function nonPositive(ft: FileText, t: ColumnTable, row: number, header: string, v: number): InputError {
  const lineIndex = row + 1; // header is line 0
  const line = ft.lines[lineIndex]!;
  const j = splitCells(line).findIndex((_, k) => t.header[k] === header);
  return new InputError(ft.file, lineIndex + 1, cellColumn(line, Math.max(j, 0)), `non-positive ${header.toLowerCase().includes('vol') ? 'volume' : 'price'} ${v} in column '${header}'`);
}
