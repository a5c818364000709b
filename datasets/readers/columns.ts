/**
 * The generic reader: a header line, one date column and numeric columns.
 * OHLCV, FRED and breadth files are all this shape; their readers add the
 * naming and validation rules of their format on top.
 */
import { InputError, printable } from '../../engine/errors.ts';
import { detectDateFormat } from '../../engine/calendar.ts';
import {
  cellColumn, checkOrder, headerKey, numberProblem, parseDateCell, parseNumberCell, readFileText, requireRowWidth,
  splitCells, type FileText,
} from './table.ts';
import { fastRow, type RowTarget } from './fast-rows.ts';

export interface ColumnTable {
  file: string;
  sha256: string;
  /** Header names as written (trimmed). */
  header: string[];
  dateColumn: number;
  dates: Int32Array;
  /** Numeric columns by header name (trimmed); NaN = missing in the file. */
  values: Map<string, Float64Array>;
  missing: Map<string, number>;
  rows: number;
  /** 0-based line index of the first data row; row r is on line index `dataLine + r`. */
  dataLine: number;
}

/** At most this many columns in a table (wide portfolio files have a few hundred). */
export const MAX_COLUMNS = 10_000;
/** At most this many numeric values in a table (160 MB as numbers; a century of 500 daily series is 13 million). */
export const MAX_CELLS = 20_000_000;
/** At most this many characters in a column name (names become series names). */
export const MAX_NAME_CHARS = 200;

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

const DATE_HEADERS = new Set(['date', 'observationdate', 'timestamp', 'time', 'day', 'yyyymmdd', 'period']);

export interface ReadColumnsOptions {
  /** Only these columns (header names, matched with headerKey) must be numeric; others are ignored. Default: all. */
  only?: (key: string) => boolean;
  monthAnchor?: 'start' | 'end';
  /** The line index (0-based) of the header; default: the first line. */
  headerLine?: number;
  /** Stop at the first line that does not start with a digit (sectioned files). */
  stopAtNonData?: boolean;
}

export function readColumnsFile(file: string, opts: ReadColumnsOptions = {}): ColumnTable {
  return parseColumns(readFileText(file), opts);
}

/** A table's header as read: names (trimmed), the date column, the numeric columns (indices) and the width. */
export interface TableHeader {
  header: string[];
  dateColumn: number;
  numericIdx: number[];
  width: number;
}

/** Read and check the header on line index `h` (the errors name its line and column). */
export function readHeader(ft: FileText, h: number, opts: ReadColumnsOptions = {}): TableHeader {
  const headerLine = ft.lines[h]!;
  const header = splitCells(headerLine).map((c) => c.trim());
  checkHeader(ft, h, headerLine, header);
  let dateColumn = header.findIndex((c) => DATE_HEADERS.has(headerKey(c)));
  if (dateColumn < 0) {
    if (header[0] === '') dateColumn = 0;
    else throw new InputError(ft.file, h + 1, 1, `missing date column: no column is named Date, DATE or observation_date (${header.length} in the header)`);
  }
  const width = header.length;
  const numericIdx: number[] = [];
  for (let j = 0; j < width; j++) {
    if (j === dateColumn) continue;
    if (header[j] === '') throw new InputError(ft.file, h + 1, cellColumn(headerLine, j), `empty column name in header (column ${j + 1})`);
    if (!opts.only || opts.only(headerKey(header[j]!))) numericIdx.push(j);
  }
  const seen = new Set<string>();
  for (const j of numericIdx) {
    const k = headerKey(header[j]!);
    if (seen.has(k)) throw new InputError(ft.file, h + 1, cellColumn(headerLine, j), `duplicate column '${printable(header[j]!)}'`);
    seen.add(k);
  }
  return { header, dateColumn, numericIdx, width };
}

export function parseColumns(ft: FileText, opts: ReadColumnsOptions = {}): ColumnTable {
  const { lines } = ft;
  const h = opts.headerLine ?? 0;
  if (lines.length === 0 || lines.every((l) => l.trim() === '')) throw new InputError(ft.file, 1, 1, 'empty file');
  const { header, dateColumn, numericIdx, width } = readHeader(ft, h, opts);
  let end = lines.length;
  if (opts.stopAtNonData) {
    for (let i = h + 1; i < lines.length; i++) {
      const c = lines[i]!.trimStart().charCodeAt(0);
      if (!(c >= 48 && c <= 57)) { end = i; break; }
    }
  }
  const n = end - (h + 1);
  if (n <= 0) throw new InputError(ft.file, h + 2, 1, 'no data rows after the header');
  if (n * numericIdx.length > MAX_CELLS) {
    throw new InputError(ft.file, h + 1, 1, `${n} rows of ${numericIdx.length} numeric columns are ${n * numericIdx.length} values; a data file may hold at most ${MAX_CELLS.toLocaleString('en-US')}`);
  }
  const dates = new Int32Array(n);
  const cols = numericIdx.map(() => new Float64Array(n));
  const missing = numericIdx.map(() => 0);
  const slot = new Int32Array(width).fill(-1);
  numericIdx.forEach((j, k) => { slot[j] = k; });
  const target: RowTarget = { width, dateColumn, slot, dates, cols, missing };
  let prev = -Infinity;
  let r = 0;
  for (let i = h + 1; i < end; i++) {
    const line = lines[i]!;
    const fast = fastRow(target, line, r, prev);
    if (!Number.isNaN(fast)) { prev = fast; r++; continue; } // a plain line, read in place (fast-rows.ts)
    if (line.trim() === '') throw new InputError(ft.file, i + 1, 1, 'blank line inside the data');
    const cells = splitCells(line);
    requireRowWidth(ft, i, line, cells, width);
    const raw = cells[dateColumn]!;
    const d = parseDateCell(ft, i, line, raw, dateColumn, opts.monthAnchor);
    checkOrder(ft, i, line, dateColumn, prev, d, raw);
    prev = d;
    dates[r] = d;
    for (let k = 0; k < numericIdx.length; k++) {
      const j = numericIdx[k]!;
      const v = parseNumberCell(cells[j]!);
      if (v === undefined) {
        throw new InputError(ft.file, i + 1, cellColumn(line, j), numberProblem(cells[j]!, header[j]!));
      }
      if (Number.isNaN(v)) missing[k]!++;
      cols[k]![r] = v;
    }
    r++;
  }
  return columnTable(ft, { header, dateColumn, numericIdx, width }, dates, cols, missing, h + 1);
}

/** The table of parsed columns (numeric columns by header name). */
export function columnTable(ft: { file: string; sha256: string }, head: TableHeader, dates: Int32Array, cols: Float64Array[],
  missing: number[], dataLine: number): ColumnTable {
  const { header, dateColumn, numericIdx } = head;
  const values = new Map<string, Float64Array>();
  const miss = new Map<string, number>();
  numericIdx.forEach((j, k) => { values.set(header[j]!, cols[k]!); miss.set(header[j]!, missing[k]!); });
  return { file: ft.file, sha256: ft.sha256, header, dateColumn, dates, values, missing: miss, rows: dates.length, dataLine };
}

/** The header's shape: a header (not data), a bounded number of columns, printable names of bounded length. */
function checkHeader(ft: FileText, h: number, headerLine: string, header: string[]): void {
  const firstCell = header[0] ?? '';
  if (detectDateFormat(firstCell) !== null || (parseNumberCell(firstCell) !== undefined && firstCell !== '')) {
    throw new InputError(ft.file, h + 1, 1, `missing header line: the first line starts with data ('${printable(firstCell)}'), expected column names such as Date,Close`);
  }
  if (header.length > MAX_COLUMNS) {
    throw new InputError(ft.file, h + 1, cellColumn(headerLine, MAX_COLUMNS), `header has ${header.length} columns; a data file may have at most ${MAX_COLUMNS}`);
  }
  for (let j = 0; j < header.length; j++) {
    const name = header[j]!;
    if (UNPRINTABLE.test(name)) {
      throw new InputError(ft.file, h + 1, cellColumn(headerLine, j), `column name '${printable(name)}' contains a control or invisible character`);
    }
    if (name.length > MAX_NAME_CHARS) {
      throw new InputError(ft.file, h + 1, cellColumn(headerLine, j), `column name '${printable(name)}' is ${name.length} characters long; names may have at most ${MAX_NAME_CHARS}`);
    }
  }
}

/** An InputError at the cell of `column` (a header name) in data row `row` (-1: in the header). */
export function cellError(ft: FileText, t: ColumnTable, row: number, column: string, detail: string): InputError {
  const lineIndex = t.dataLine + row;
  const line = ft.lines[lineIndex] ?? '';
  return new InputError(ft.file, lineIndex + 1, cellColumn(line, Math.max(t.header.indexOf(column), 0)), detail);
}

/** Find a column by normalised header name among candidates. */
export function findColumn(t: ColumnTable, ...candidates: string[]): string | undefined {
  for (const c of candidates) {
    const hit = [...t.values.keys()].find((k) => headerKey(k) === c);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
