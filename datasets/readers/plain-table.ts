/**
 * A plain table read straight from a file's bytes, without making its text,
 * lines or cells into strings: the fast path of a per-ticker price file in a
 * universe (hundreds of files of the same plain shape).
 *
 * Plain means: ASCII only (no NUL, no byte over 0x7f, so no BOM), LF line
 * ends (no CR), no quotes, every data line with the header's number of
 * cells, ISO `YYYY-MM-DD` dates in ascending order, numeric cells that
 * parseNumberCell reads (plain decimals of at most 15 digits are read in
 * place, exactly: see fast-rows.ts), and, when asked, one column holding the
 * same cell on every line (a per-ticker file's `Name`). For such a file the
 * result is exactly the table parseColumns reads from its text.
 *
 * Anything else gives null, and the caller reads the file with the general
 * path (table.ts, columns.ts), which reads it the same way or reports the
 * error with its file:line:column. The header is read by the general path's
 * own code (readHeader); an error there also gives null.
 */
import { dayFromYmd } from '../../engine/calendar.ts';
import { InputError } from '../../engine/errors.ts';
import { columnTable, MAX_CELLS, readHeader, type ColumnTable, type ReadColumnsOptions, type TableHeader } from './columns.ts';
import { MAX_LINE_CHARS, MAX_LINES, parseNumberCell, type FileText } from './table.ts';

const NL = 10, CR = 13, COMMA = 44, QUOTE = 34, DOT = 46, MINUS = 45, PLUS = 43, ZERO = 48, NINE = 57;
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);

export interface PlainTable {
  table: ColumnTable;
  /** The cell of column `same` (every data line's), when asked for. */
  same: string | null;
}

export interface PlainOptions extends Pick<ReadColumnsOptions, 'only'> {
  /** A column whose cell must be the same on every data line, found from the header line (-1: none). */
  same?: (header: FileText) => number;
}

/** Where the cell starting at `a` ends (its ',' or '\n', or `end`); -1 at a byte a plain table does not hold. */
function cellEnd(b: Uint8Array, a: number, end: number): number {
  for (let i = a; i < end; i++) {
    const c = b[i]!;
    if (c === COMMA || c === NL) return i;
    if (c === 0 || c === CR || c === QUOTE || c >= 0x80) return -1;
  }
  return end;
}

/** Day number of an ISO `YYYY-MM-DD` cell [a, e), or NaN. */
function isoDay(b: Uint8Array, a: number, e: number): number {
  if (e - a !== 10 || b[a + 4] !== MINUS || b[a + 7] !== MINUS) return NaN;
  let y = 0;
  for (let i = a; i < a + 4; i++) {
    const c = b[i]!;
    if (c < ZERO || c > NINE) return NaN;
    y = y * 10 + c - ZERO;
  }
  const m1 = b[a + 5]! - ZERO, m2 = b[a + 6]! - ZERO, d1 = b[a + 8]! - ZERO, d2 = b[a + 9]! - ZERO;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return NaN;
  return dayFromYmd(y, m1 * 10 + m2, d1 * 10 + d2);
}

/** A numeric cell [a, e): its value (NaN: missing), or undefined when it is not a number parseNumberCell reads. */
function numberCell(b: Uint8Array, a: number, e: number): number | undefined {
  if (a === e) return NaN;
  let i = a;
  const negative = b[i] === MINUS;
  if (negative || b[i] === PLUS) i++;
  let m = 0, digits = 0, frac = 0, point = false, plain = true;
  for (; i < e && plain; i++) {
    const c = b[i]!;
    if (c >= ZERO && c <= NINE) {
      m = m * 10 + (c - ZERO);
      if (point) frac++;
      plain = ++digits <= MAX_DIGITS;
    } else if (c === DOT && !point) point = true;
    else plain = false;
  }
  if (plain && digits > 0) {
    if (m === 0) return 0;
    const v = frac === 0 ? m : m / POW10[frac]!;
    return negative ? -v : v;
  }
  return parseNumberCell(ascii(b, a, e));
}

/** Bytes [a, e) of ASCII text as a string. */
function ascii(b: Uint8Array, a: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + a, e - a).toString('latin1');
}

/** The header line (ASCII, no CR) as a string, and where the data begin; null when not plain. */
function headerOf(b: Uint8Array): { line: string; next: number } | null {
  const nl = b.indexOf(NL);
  const end = nl < 0 ? b.length : nl;
  if (end > MAX_LINE_CHARS) return null;
  for (let i = 0; i < end; i++) if (b[i] === 0 || b[i] === CR || b[i]! >= 0x80) return null;
  return { line: ascii(b, 0, end), next: end + 1 };
}

/** Data lines from `from`: the newlines after it, plus a last line without one. */
function countRows(b: Uint8Array, from: number): number {
  if (from >= b.length) return 0;
  let n = 0;
  for (let i = b.indexOf(NL, from); i >= 0; i = b.indexOf(NL, i + 1)) n++;
  return b[b.length - 1] === NL ? n : n + 1;
}

/** The table of a plain file (module comment), or null. */
export function plainTable(file: string, sha256: string, b: Uint8Array, opts: PlainOptions = {}): PlainTable | null {
  const top = headerOf(b);
  if (!top) return null;
  let head: TableHeader, same: number;
  try {
    const ft: FileText = { file, sha256, lines: [top.line] };
    head = readHeader(ft, 0, opts);
    same = opts.same ? opts.same(ft) : -1;
  } catch (e) {
    if (e instanceof InputError) return null;
    throw e;
  }
  const n = countRows(b, top.next);
  if (n <= 0 || n + 1 > MAX_LINES || n * head.numericIdx.length > MAX_CELLS) return null;
  const dates = new Int32Array(n);
  const cols = head.numericIdx.map(() => new Float64Array(n));
  const missing = head.numericIdx.map(() => 0);
  const sameCell = readRows(b, top.next, head, same, dates, cols, missing);
  if (sameCell === null) return null;
  return { table: columnTable({ file, sha256 }, head, dates, cols, missing, 1), same: same >= 0 ? sameCell : null };
}

/** Read the data rows into dates, cols and missing; the `same` column's cell ('' when none), or null when not plain. */
function readRows(b: Uint8Array, from: number, head: TableHeader, same: number, dates: Int32Array, cols: Float64Array[], missing: number[]): string | null {
  const { width, dateColumn } = head;
  const slot = new Int32Array(width).fill(-1);
  head.numericIdx.forEach((j, k) => { slot[j] = k; });
  const len = b.length, last = width - 1;
  let ref = -1, refLen = 0;
  let prev = -Infinity, p = from;
  for (let r = 0; r < dates.length; r++) {
    const lineStart = p;
    for (let j = 0; j < width; j++) {
      const e = cellEnd(b, p, len);
      if (e < 0 || (j < last ? e === len || b[e] !== COMMA : e < len && b[e] === COMMA)) return null;
      if (j === same) {
        if (ref < 0) { ref = p; refLen = e - p; }
        else if (e - p !== refLen || !sameBytes(b, ref, p, refLen)) return null;
      }
      if (j === dateColumn) {
        const d = isoDay(b, p, e);
        if (!(d > prev)) return null;
        dates[r] = prev = d;
      } else if (slot[j]! >= 0) {
        const v = numberCell(b, p, e);
        if (v === undefined) return null;
        if (Number.isNaN(v)) missing[slot[j]!]!++;
        cols[slot[j]!]![r] = v;
      }
      p = e + 1;
    }
    if (p - 1 - lineStart > MAX_LINE_CHARS) return null;
  }
  if (p < len) return null;
  return ref < 0 ? '' : ascii(b, ref, ref + refLen);
}

function sameBytes(b: Uint8Array, x: number, y: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}
