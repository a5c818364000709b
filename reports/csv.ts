/**
 * CSV writing with fast-csv (quoting and escaping), stable column order and
 * deterministic number formatting. Text cells starting with = + - @ are
 * neutralised with a leading apostrophe so spreadsheets do not run them as
 * formulas; numbers are written as numbers (a negative return stays -0.05).
 */
import { writeToString } from 'fast-csv';

export type Cell = string | number | null | undefined | boolean;

/** Deterministic number text: up to 10 significant digits, no exponent for ordinary magnitudes, '' for NaN. */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x)) return String(x);
  const r = Number(x.toPrecision(10));
  return String(r);
}

/**
 * The shortest text that reads back as exactly the same double ('' for NaN):
 * for numbers an outside tool must recompute metrics from (predictions.csv scores).
 */
export function fmtExact(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : x > 0 ? 'inf' : '-inf';
  return String(x);
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe. */
function neutralise(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One cell's text: numbers via fmtNum, text neutralised, '' for null / undefined. */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return fmtNum(c);
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  return neutralise(c);
}

/** A CSV document: the header, then one line per row, ending in a newline. */
export async function toCsv(header: readonly string[], rows: readonly Cell[][]): Promise<string> {
  const body = rows.map((r) => r.map(cellText));
  const text = await writeToString(body, { headers: [...header], writeHeaders: true, rowDelimiter: '\n', alwaysWriteHeaders: true });
  return `${text}\n`;
}
