/**
 * Ken French data-library text files (daily or monthly): a free-text preamble,
 * then sections, each a title line, a header line (`Date,NoDur,...` or
 * `,NoDur,...`) and rows of `YYYYMMDD` or `YYYYMM` dates with space-padded
 * percent returns; `-99.99` and `-999` mean missing; CRLF line endings.
 *
 * `readFrench` returns one daily-return series per column (as fractions,
 * NaN = missing) from one section (default: the first, which is the
 * value-weighted one in the library's files). Monthly rows are dated at the
 * month's end, when the return is known. `returnsToLevels` compounds a return
 * series into the total-return index the episode definitions use.
 */
import { InputError, printable } from '../../engine/errors.ts';
import type { Frequency, Series } from '../../engine/types.ts';
import { cellError, parseColumns, type ColumnTable } from './columns.ts';
import { inferFrequency } from './lags.ts';
import { emptyStats, readFileText, splitCells, type FileText } from './table.ts';

export interface FrenchOptions {
  /** Pick the section whose title contains this text (case-insensitive); default the first section. */
  section?: string;
  /** Name prefix for the produced series, default `sector:`. */
  prefix?: string;
}

/** A section: its title (the nearest non-blank line above the header; -1 and '' if none) and header line (0-based). */
export interface FrenchSection { title: string; titleLine: number; headerLine: number }

const isDigitStart = (l: string): boolean => { const c = l.trimStart().charCodeAt(0); return c >= 48 && c <= 57; };

export function frenchSections(ft: FileText): FrenchSection[] {
  const out: FrenchSection[] = [];
  const { lines } = ft;
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i]!;
    if (isDigitStart(l) || l.trim() === '') continue;
    const cells = splitCells(l);
    const first = cells[0]!.trim().toLowerCase();
    if (cells.length >= 2 && (first === '' || first === 'date') && isDigitStart(lines[i + 1]!)) {
      let title = '', titleLine = -1;
      for (let j = i - 1; j >= 0; j--) {
        if (lines[j]!.trim() !== '') { title = lines[j]!.trim(); titleLine = j; break; }
      }
      out.push({ title, titleLine, headerLine: i });
    }
  }
  return out;
}

export function readFrench(file: string, opts: FrenchOptions = {}): Series[] {
  return parseFrench(readFileText(file), opts);
}

export function parseFrench(ft: FileText, opts: FrenchOptions = {}): Series[] {
  if (ft.lines.length === 0) throw new InputError(ft.file, 1, 1, 'empty file');
  const sections = frenchSections(ft);
  if (sections.length === 0) {
    throw new InputError(ft.file, 1, 1, 'no data section found: expected a header line such as `Date,NoDur,...` followed by YYYYMMDD or YYYYMM rows');
  }
  let sec = sections[0]!;
  if (opts.section) {
    const want = opts.section.toLowerCase();
    const hit = sections.find((s) => s.title.toLowerCase().includes(want));
    if (!hit) {
      throw new InputError(ft.file, 1, 1, `no section titled like '${printable(opts.section)}'; the file's ${sections.length} section titles are on lines ${sections.map((s) => s.titleLine + 1).join(', ')}`);
    }
    sec = hit;
  }
  const firstData = ft.lines[sec.headerLine + 1]!.trim();
  const monthly = /^\d{6}\s*,/.test(firstData);
  const annual = /^\d{4}\s*,/.test(firstData);
  const t = parseColumns(ft, { headerLine: sec.headerLine, stopAtNonData: true, monthAnchor: monthly || annual ? 'end' : 'start' });
  const frequency: Frequency = monthly ? 'monthly' : annual ? 'annual' : inferFrequency(t.dates);
  const prefix = opts.prefix ?? 'sector:';
  const out: Series[] = [];
  for (const [header, raw] of t.values) {
    checkReturns(ft, t, header, raw);
    const values = new Float64Array(raw.length);
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    let sentinel = 0;
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i]!;
      if (isSentinel(v)) { values[i] = NaN; sentinel++; } else values[i] = v / 100;
    }
    stats.missing += sentinel;
    if (sentinel > 0) stats.notes.push(`${sentinel} sentinel values (-99.99/-999) treated as missing`);
    stats.notes.push(`section '${sec.title}', percent returns converted to fractions`);
    out.push({
      name: `${prefix}${header}`, dates: t.dates, values, frequency, lagDays: 0,
      source: { file: ft.file, sha256: ft.sha256 }, stats,
    });
  }
  return out;
}

/** The largest return in percent a row may hold (no industry portfolio has come close in a day or a month). */
export const MAX_RETURN_PERCENT = 1000;

const isSentinel = (v: number): boolean => v === -99.99 || v === -999;

/** Percent returns must be above -100% (the portfolio would be worthless) and at most MAX_RETURN_PERCENT. */
function checkReturns(ft: FileText, t: ColumnTable, header: string, raw: Float64Array): void {
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (Number.isNaN(v) || isSentinel(v) || (v > -100 && v <= MAX_RETURN_PERCENT)) continue;
    const why = v <= -100 ? 'at or below -100% (the portfolio would be worth nothing)'
      : `above ${MAX_RETURN_PERCENT}% in one period (is this a section of returns? sections of firm counts or sizes are not)`;
    throw cellError(ft, t, i, header, `return ${v}% in column '${printable(header)}' is ${why}`);
  }
}

/**
 * Compound a return series into the index level at the end of each day,
 * compounded from 1 on the first day: level[0] = 1 and
 * level[t] = level[t-1] * (1 + r[t]). A missing return counts as 0 (the level
 * carries) and is counted in the returned series' notes.
 */
export function returnsToLevels(s: Series, name = s.name): Series {
  const n = s.values.length;
  const values = new Float64Array(n);
  let level = 1, carried = 0;
  for (let i = 0; i < n; i++) {
    const r = s.values[i]!;
    if (i > 0) { if (Number.isNaN(r)) carried++; else level *= 1 + r; }
    values[i] = level;
  }
  const stats = { ...s.stats, notes: [...s.stats.notes] };
  if (carried > 0) stats.notes.push(`${carried} missing returns count as 0 in the compounded level`);
  return { ...s, name, values, stats };
}
