/**
 * Long-format price files: one table holding many members, a ticker column
 * (`Name`, `ticker` or `symbol`, or the one a config names) saying whose row
 * each is. A per-member file with such a column (the popular 5-year S&P 500
 * files carry `Name` on every row) is the one-member case.
 *
 * `splitByTicker` groups a file's data lines by ticker (first appearance
 * order) into one FileText per member, keeping the header; errors inside a
 * member's text are reported at the line of the original file.
 */
import { InputError, printable } from '../../engine/errors.ts';
import { cellColumn, headerKey, splitCells, type FileText } from './table.ts';

/** Header names (normalised) that name the member of a row. */
export const TICKER_HEADERS = ['name', 'ticker', 'symbol'];

/** Index of the ticker column: the named one (an error if absent), else the first of TICKER_HEADERS present, else -1. */
export function tickerColumn(ft: FileText, named?: string): number {
  const header = splitCells(ft.lines[0] ?? '').map((c) => headerKey(c));
  if (named !== undefined) {
    const j = header.indexOf(headerKey(named));
    if (j < 0) throw new InputError(ft.file, 1, 1, `no ticker column '${printable(named)}' in the header`);
    return j;
  }
  for (const t of TICKER_HEADERS) {
    const j = header.indexOf(t);
    if (j >= 0) return j;
  }
  return -1;
}

/** One member's rows of a long-format file. */
export interface MemberText {
  ticker: string;
  text: FileText;
  /** 1-based line in the original file of each line of `text` (header first). */
  lineOf: Int32Array;
}

const TICKER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Whether a (trimmed) cell is a member id: letters, digits, . _ -, at most 40. */
export function isTicker(cell: string): boolean {
  return TICKER.test(cell);
}

/** Group the data lines by the ticker in column `col`; a file with one ticker is returned whole. */
export function splitByTicker(ft: FileText, col: number): MemberText[] {
  const groups = new Map<string, number[]>();
  let sameCell: string | null = null; // the raw cell of the previous line when quote-free (its ticker checked)
  let sameGroup: number[] = [];
  for (let i = 1; i < ft.lines.length; i++) {
    const line = ft.lines[i]!;
    if (sameCell !== null && plainCellIs(line, col, sameCell)) { sameGroup.push(i); continue; } // the common case: the same ticker again
    if (line.trim() === '') continue;
    const cells = splitCells(line);
    const t = (cells[col] ?? '').trim();
    if (!TICKER.test(t)) {
      throw new InputError(ft.file, i + 1, cellColumn(line, col), `ticker '${printable(t)}' is not a member id (letters, digits, . _ -, at most 40)`);
    }
    let g = groups.get(t);
    if (!g) groups.set(t, (g = []));
    g.push(i);
    sameCell = plainCell(line, col);
    sameGroup = g;
  }
  if (groups.size === 0) throw new InputError(ft.file, 2, 1, 'no data rows after the header');
  if (groups.size === 1) {
    const [ticker] = groups.keys();
    const lineOf = new Int32Array(ft.lines.length);
    for (let i = 0; i < lineOf.length; i++) lineOf[i] = i + 1;
    return [{ ticker: ticker!, text: ft, lineOf }];
  }
  return [...groups.entries()].map(([ticker, idx]) => ({
    ticker,
    text: { file: ft.file, sha256: ft.sha256, lines: [ft.lines[0]!, ...idx.map((i) => ft.lines[i]!)] },
    lineOf: Int32Array.from([1, ...idx.map((i) => i + 1)]),
  }));
}

/** Where cell `col` of a line without quotes starts, or -1 (quotes, or fewer cells). */
function plainCellStart(line: string, col: number): number {
  if (line.indexOf('"') >= 0) return -1;
  let a = 0;
  for (let j = 0; j < col; j++) {
    a = line.indexOf(',', a) + 1;
    if (a === 0) return -1;
  }
  return a;
}

/** Whether cell `col` of a line without quotes is exactly `cell` (as splitCells would give it). */
function plainCellIs(line: string, col: number, cell: string): boolean {
  const a = plainCellStart(line, col);
  if (a < 0 || !line.startsWith(cell, a)) return false;
  const end = a + cell.length;
  return end === line.length || line.charCodeAt(end) === 44; // ','
}

/** Cell `col` of a line without quotes, or null (quotes, or fewer cells). */
function plainCell(line: string, col: number): string | null {
  const a = plainCellStart(line, col);
  if (a < 0) return null;
  const b = line.indexOf(',', a);
  return line.slice(a, b < 0 ? line.length : b);
}

/** Run a parse of a member's text, reporting errors at the original file's line. */
export function atOriginalLines<T>(m: MemberText, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof InputError && e.file === m.text.file && e.line >= 1 && e.line <= m.lineOf.length) {
      throw new InputError(e.file, m.lineOf[e.line - 1]!, e.column, `${e.detail} (member ${m.ticker})`);
    }
    throw e;
  }
}
