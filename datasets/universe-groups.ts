/**
 * A universe's groups as sectors, for sector-lead episodes inside a
 * universe: one Dataset (id: the universe's) on the universe calendar whose
 * `sector:<group>` columns are the equal-weighted composites of each group's
 * members (engine/data/constituent-breadth.ts: the mean of the daily returns
 * of the members trading that day, compounded, so a member counts only while
 * it trades and nothing after a day is used for it; NaN before the group's
 * first member trades), whose `market` is the universe's market (the
 * equal-weighted composite of all members or the index file), and whose other
 * columns are the shared series and breadth every member sees. Flagged days'
 * returns (hygiene) are left out, as in the universe composite.
 *
 * The calendar begins with the same history as the members' (days before
 * the universe's first day, for lookbacks), with `priceStart` at its first day.
 */
import { asOfJoin } from '../engine/data/dataset.ts';
import { equalWeightComposite, type MemberBars } from '../engine/data/constituent-breadth.ts';
import { Columns, type ColumnMeta, type Dataset, type Series } from '../engine/types.ts';

export interface GroupMember {
  bars: MemberBars;
  group: string;
  /** Indices of the member's closes whose return is left out (flagged days). */
  skip: ReadonlySet<number>;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstFinite(x: Float64Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) return i;
  return -1;
}

function derivedMeta(name: string, col: Float64Array): ColumnMeta {
  return { name, frequency: 'daily', lagDays: 0, source: null, missing: 0, rejected: 0, firstKnownIndex: firstFinite(col) };
}

/** The group composites on `calendar` (NaN before each group's first member's first close), by group name. */
export function groupComposites(calendar: Int32Array, members: readonly GroupMember[]): Map<string, Float64Array> {
  const names = [...new Set(members.map((m) => m.group))].sort(cmp);
  const out = new Map<string, Float64Array>();
  for (const g of names) {
    const of = members.filter((m) => m.group === g);
    const level = equalWeightComposite(calendar, of.map((m) => m.bars), of.map((m) => m.skip));
    const first = Math.min(...of.map((m) => m.bars.dates[0]!));
    for (let i = 0; i < calendar.length && calendar[i]! < first; i++) level[i] = NaN;
    out.set(g, level);
  }
  return out;
}

/**
 * The groups Dataset (module comment). `history`: the days before the
 * universe's first day kept for lookbacks (ascending, all before
 * `calendar[0]`); `shared`: the series every member sees; `market`: the
 * universe's market, which is also the dataset's `close` (as for a sectors
 * file given alone), so criteria reading the close read the universe's market.
 */
export function groupsDataset(id: string, calendar: Int32Array, history: Int32Array, members: readonly GroupMember[],
  shared: readonly Series[], market: Series): Dataset {
  const k = history.length;
  const dates = new Int32Array(k + calendar.length);
  dates.set(history);
  dates.set(calendar, k);
  const columns = new Map<string, Float64Array>();
  const meta = new Map<string, ColumnMeta>();
  for (const s of [...shared, market, { ...market, name: 'close' }]) {
    // A sectors file's sectors and market: the groups and the universe's market take their place.
    if (s.name.startsWith(Columns.sectorPrefix) || (s.name === 'market' && s !== market)) continue;
    const col = asOfJoin(dates, s);
    columns.set(s.name, col);
    meta.set(s.name, { name: s.name, frequency: s.frequency, lagDays: s.lagDays, source: s.source, missing: s.stats.missing, rejected: s.stats.rejected, firstKnownIndex: firstFinite(col) });
  }
  for (const [g, level] of groupComposites(calendar, members)) {
    const name = `${Columns.sectorPrefix}${g}`;
    const col = new Float64Array(dates.length).fill(NaN);
    col.set(level, k);
    columns.set(name, col);
    meta.set(name, derivedMeta(name, col));
  }
  return { id, dates, columns, meta, ...(k > 0 ? { priceStart: k } : {}) };
}
