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

/** Group the data lines by the ticker in column `col`; a file with one ticker is returned whole. */
export function splitByTicker(ft: FileText, col: number): MemberText[] {
  const groups = new Map<string, number[]>();
  for (let i = 1; i < ft.lines.length; i++) {
    const line = ft.lines[i]!;
    if (line.trim() === '') continue;
    const cells = splitCells(line);
    const t = (cells[col] ?? '').trim();
    if (!TICKER.test(t)) {
      throw new InputError(ft.file, i + 1, cellColumn(line, col), `ticker '${printable(t)}' is not a member id (letters, digits, . _ -, at most 40)`);
    }
    let g = groups.get(t);
    if (!g) groups.set(t, (g = []));
    g.push(i);
  }
  if (groups.size === 0) throw new InputError(ft.file, 2, 1, 'no data rows after the header');
  if (groups.size === 1) {
    const [ticker] = groups.keys();
    return [{ ticker: ticker!, text: ft, lineOf: Int32Array.from({ length: ft.lines.length }, (_, i) => i + 1) }];
  }
  return [...groups.entries()].map(([ticker, idx]) => ({
    ticker,
    text: { file: ft.file, sha256: ft.sha256, lines: [ft.lines[0]!, ...idx.map((i) => ft.lines[i]!)] },
    lineOf: Int32Array.from([1, ...idx.map((i) => i + 1)]),
  }));
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
