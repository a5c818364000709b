/**
 * The fast path of the column reader (columns.ts) for a plain data line:
 * no quotes, the header's number of cells, an ISO `YYYY-MM-DD` date later
 * than the previous row's, and numbers written as plain decimals of at most
 * 15 digits (or an empty cell: missing). It reads the cells in place from the
 * line's character codes, without splitting the line into strings.
 *
 * It is exact, not approximate: a decimal with at most 15 digits is an
 * integer m < 2^53 over a power of ten 10^k (k <= 15), both exact doubles, so
 * the one correctly rounded division m / 10^k is the correctly rounded value
 * of the decimal, which is what Number() returns. Any other cell is read by
 * parseNumberCell as the general path reads it.
 *
 * Anything the fast path does not take (quotes, spaces around a date, a
 * ragged row, an unknown date format, a bad number, dates out of order) makes
 * it return NaN and change nothing; the general path then reads the line and
 * gives the same values, or the error with its file:line:column.
 */
import { dayFromYmd } from '../../engine/calendar.ts';
import { parseNumberCell } from './table.ts';

/** Where one table's rows go: its columns, by cell index. */
export interface RowTarget {
  width: number;
  dateColumn: number;
  /** For each cell index, its numeric column (index into `cols`), or -1 when the column is not read. */
  slot: Int32Array;
  dates: Int32Array;
  cols: Float64Array[];
  /** Missing cells per numeric column so far. */
  missing: number[];
}

const DOT = 46, MINUS = 45, PLUS = 43, ZERO = 48, NINE = 57;
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

/** A digit's value at `i` of `s`, or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= ZERO && c <= NINE ? c - ZERO : -1;
}

/** Day number of an ISO `YYYY-MM-DD` cell [a, b), or NaN (another form, or no such day). */
function isoDay(s: string, a: number, b: number): number {
  if (b - a !== 10 || s.charCodeAt(a + 4) !== MINUS || s.charCodeAt(a + 7) !== MINUS) return NaN;
  let y = 0;
  for (let i = a; i < a + 4; i++) {
    const d = digit(s, i);
    if (d < 0) return NaN;
    y = y * 10 + d;
  }
  const m1 = digit(s, a + 5), m2 = digit(s, a + 6), d1 = digit(s, a + 8), d2 = digit(s, a + 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return NaN;
  return dayFromYmd(y, m1 * 10 + m2, d1 * 10 + d2);
}

/** The plain decimal in [a, b) (sign, digits, at most one point, at most 15 digits), or undefined. */
function plainDecimal(s: string, a: number, b: number): number | undefined {
  let i = a;
  const c0 = s.charCodeAt(i);
  const negative = c0 === MINUS;
  if (negative || c0 === PLUS) i++;
  let m = 0, digits = 0, frac = 0, point = false;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      if (++digits > MAX_DIGITS) return undefined;
      m = m * 10 + (c - ZERO);
      if (point) frac++;
    } else if (c === DOT && !point) point = true;
    else return undefined;
  }
  if (digits === 0) return undefined;
  if (m === 0) return 0;
  const v = frac === 0 ? m : m / POW10[frac]!;
  return negative ? -v : v;
}

/** A numeric cell [a, b): its value (NaN for missing), or undefined when the general path must read it. */
function cellValue(s: string, a: number, b: number): number | undefined {
  if (a === b) return NaN;
  return plainDecimal(s, a, b) ?? parseNumberCell(s.slice(a, b));
}

/**
 * Read data line `line` into row `r` of `t`; its date must come after `prev`.
 * Returns the row's date, or NaN when the general path must read the line
 * (then nothing was counted; values written to row r are overwritten by it).
 */
export function fastRow(t: RowTarget, line: string, r: number, prev: number): number {
  if (line.indexOf('"') >= 0) return NaN;
  const { width, dateColumn, slot, cols } = t;
  const last = width - 1;
  let day = NaN;
  let a = 0;
  for (let j = 0; j < width; j++) {
    let b = line.indexOf(',', a);
    if (j < last ? b < 0 : b >= 0) return NaN; // not the header's number of cells
    if (j === last) b = line.length;
    if (j === dateColumn) {
      day = isoDay(line, a, b);
      if (!(day > prev)) return NaN;
    } else if (slot[j]! >= 0) {
      const v = cellValue(line, a, b);
      if (v === undefined) return NaN;
      cols[slot[j]!]![r] = v;
    }
    a = b + 1;
  }
  t.dates[r] = day;
  for (let k = 0; k < cols.length; k++) if (Number.isNaN(cols[k]![r])) t.missing[k]!++;
  return day;
}
