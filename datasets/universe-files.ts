/**
 * A universe's files: its `prices` (a glob such as `stocks/*_data.csv`, a
 * folder, or one long-format file) resolved to member price series with
 * their ids, and the optional membership file (member → group).
 *
 * Member ids come from the ticker column when the files have one (unless
 * `ids` is "file") and from the file name otherwise (`AAL_data.csv` →
 * `AAL_data`). Files are read in code-point order of their names; members
 * are kept in code-point order of their ids.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError, InputError, printable } from '../engine/errors.ts';
import type { Series } from '../engine/types.ts';
import type { PriceFlag } from '../engine/data/hygiene.ts';
import type { MembershipRef, UniverseSpec } from '../engine/universe-spec.ts';
import { marketId } from './load.ts';
import { dataPath } from './corpus.ts';
import { readMemberFile } from './readers/member-file.ts';
import { ReadBuffer } from './readers/source.ts';
import { headerKey, readFileText, splitCells } from './readers/table.ts';

/** One member's price series as read. */
export interface MemberSeries {
  id: string;
  /** The file as the config named it (folder or glob resolved, relative to the config's folder). */
  file: string;
  price: Series[];
  /** Its closes' hygiene flags, when already scanned (datasets/universe.ts scans them otherwise). */
  flags?: PriceFlag[];
}

const PRICE_FILE = /\.csv(\.gz)?$/i;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A glob's last path segment as a regular expression (`*`, `?`; no `**`). */
function globRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** The price files a universe names, as the config would write them (relative to baseDir when given so). */
export function universeFiles(prices: string, baseDir: string, key: string): string[] {
  const abs = (f: string): string => dataPath(f, baseDir);
  if (/[*?]/.test(prices)) {
    const dir = dirname(prices);
    if (/[*?]/.test(dir)) throw new ConfigError(key, `only the file name may hold * or ? (not the folder '${dir}')`);
    if (!existsSync(abs(dir)) || !statSync(abs(dir)).isDirectory()) throw new ConfigError(key, `no folder '${dir}' for the pattern '${basename(prices)}'`);
    const re = globRegex(basename(prices));
    const names = readdirSync(abs(dir)).filter((n) => re.test(n) && statSync(join(abs(dir), n)).isFile()).sort(cmp);
    if (names.length === 0) throw new ConfigError(key, `no file in '${dir}' matches '${basename(prices)}'`);
    return names.map((n) => join(dir, n));
  }
  if (!existsSync(abs(prices))) throw new ConfigError(key, `no such file or folder: ${prices}`);
  if (statSync(abs(prices)).isDirectory()) {
    const names = readdirSync(abs(prices)).filter((n) => PRICE_FILE.test(n) && statSync(join(abs(prices), n)).isFile()).sort(cmp);
    if (names.length === 0) throw new ConfigError(key, `folder '${prices}' holds no .csv files`);
    return names.map((n) => join(prices, n));
  }
  return [prices];
}

/**
 * One price file of a universe read in full: its members' tickers and series
 * up to the first error, and that error. Plain data, so that worker threads
 * can read a universe's files in parallel (engine/run/thread-tasks.ts);
 * `membersOf` then raises the errors in the order a serial read would.
 */
export interface ReadFile {
  file: string;
  /** How many members the file holds (0 when reading the file itself failed). */
  count: number;
  /** Its members read before any error; `flags` when a worker already scanned the closes (hygiene). */
  parts: Array<{ ticker: string | null; price: Series[]; flags?: PriceFlag[] }>;
  /** The error that stopped the reading: of the file itself, or of the series of the part after `parts`. */
  failed?: { error: unknown };
}

/** Read price file `file` of a universe (as the config names it) and every series in it; errors are kept, not thrown. */
export function readUniverseFile(file: string, baseDir: string, ticker?: string, into?: ReadBuffer): ReadFile {
  let members;
  try { members = readMemberFile(dataPath(file, baseDir), ticker, into); } catch (error) { return { file, count: 0, parts: [], failed: { error } }; }
  const parts: ReadFile['parts'] = [];
  for (const m of members) {
    try { parts.push({ ticker: m.ticker, price: m.price() }); } catch (error) { return { file, count: members.length, parts, failed: { error } }; }
  }
  return { file, count: members.length, parts };
}

/** The members of a universe's files read (in file order): ids checked, in code-point order of their ids; the first error in file order thrown. */
export function membersOf(u: UniverseSpec, key: string, read: Iterable<ReadFile>): MemberSeries[] {
  const out: MemberSeries[] = [];
  const seen = new Map<string, string>();
  for (const { file: f, count, parts, failed } of read) {
    if (failed && count === 0) throw failed.error;
    if (count > 1 && u.ids === 'file') {
      throw new ConfigError(`${key}.universe.ids`, `${f} holds ${count} tickers: member ids must come from its ticker column`);
    }
    for (const part of parts) {
      const id = part.ticker !== null && u.ids !== 'file' ? part.ticker : marketId(f);
      const prev = seen.get(id);
      if (prev !== undefined) throw new ConfigError(`${key}.universe.prices`, `two members named '${id}' (${prev} and ${f}); set "ids": "file" or rename one`);
      seen.set(id, f);
      out.push({ id, file: f, price: part.price.map((s) => ({ ...s, source: s.source ? { file: f, sha256: s.source.sha256 } : null })), ...(part.flags ? { flags: part.flags } : {}) });
    }
    if (failed) throw failed.error;
  }
  return out.sort((a, b) => cmp(a.id, b.id));
}

/** Read every member of a universe: one per file, or one per ticker of a long-format file. */
export function readMembers(u: UniverseSpec, baseDir: string, key: string): MemberSeries[] {
  const files = universeFiles(u.prices, baseDir, `${key}.universe.prices`);
  const into = new ReadBuffer(); // each file's members are read before the next file overwrites it
  return membersOf(u, key, (function* () { for (const f of files) yield readUniverseFile(f, baseDir, u.ticker, into); })());
}

const MEMBER_HEADERS = ['member', 'ticker', 'symbol', 'name', 'id'];
const GROUP_HEADERS = ['group', 'sector', 'industry', 'gicssector'];

/** The membership file: member → group. Members it does not name are in no group; names it has beyond the members are ignored. */
export function readMembership(ref: string | MembershipRef, baseDir: string, key: string): { file: string; sha256: string; groups: Map<string, string> } {
  const r = typeof ref === 'string' ? { file: ref } : ref;
  const ft = readFileText(dataPath(r.file, baseDir));
  const header = splitCells(ft.lines[0] ?? '').map((c) => headerKey(c));
  const find = (named: string | undefined, dflt: string[], what: string): number => {
    const j = named !== undefined ? header.indexOf(headerKey(named)) : header.findIndex((h) => dflt.includes(h));
    if (j < 0) throw new InputError(ft.file, 1, 1, `no ${what} column${named ? ` '${printable(named)}'` : ` (named one of ${dflt.join(', ')})`} in the header (the membership file of ${key})`);
    return j;
  };
  const mc = find(r.member, MEMBER_HEADERS, 'member'), gc = find(r.group, GROUP_HEADERS, 'group');
  const groups = new Map<string, string>();
  for (let i = 1; i < ft.lines.length; i++) {
    const cells = splitCells(ft.lines[i]!);
    const m = (cells[mc] ?? '').trim(), g = (cells[gc] ?? '').trim();
    if (m === '' && g === '') continue;
    if (m === '' || g === '') throw new InputError(ft.file, i + 1, 1, `a row needs both a member and a group`);
    const prev = groups.get(m);
    if (prev !== undefined && prev !== g) throw new InputError(ft.file, i + 1, 1, `member '${printable(m)}' is in two groups ('${printable(prev)}' and '${printable(g)}')`);
    groups.set(m, g);
  }
  return { file: r.file, sha256: ft.sha256, groups };
}
