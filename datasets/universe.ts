/**
 * Loading a universe (engine/universe-spec.ts): many members' price files as
 * one dataset entry, the files they share read once.
 *
 * - Hygiene: every member's closes are scanned for likely bad prints and
 *   unadjusted splits or spin-offs (engine/data/hygiene.ts); with
 *   "exclude-member" a flagged member is left out of everything.
 * - The universe calendar is the union of the members' dates. Without a
 *   breadth file, breadth comes from the members (engine/data/
 *   constituent-breadth.ts); the universe's market (column `market`) is the
 *   given index file or the equal-weighted composite of the members (when
 *   the entry has sectors, their market keeps the name and the universe's is
 *   only drawn).
 * - Each member is a Dataset on its own trading days, preceded by history
 *   for lookbacks (the universe's days before the member's first price and
 *   the shared files' daily dates before the universe's, up to lookbackYears),
 *   with `priceStart` at its first price. Shared columns are joined once per
 *   distinct calendar and the same arrays are used by every member on it.
 * - With `groups` asked for (a run with sector-lead episodes) and a
 *   membership file, the groups as sectors: one Dataset with the universe's
 *   id (datasets/universe-groups.ts).
 */
import { basename, dirname } from 'node:path';
import { ConfigError } from '../engine/errors.ts';
import { asOfJoin, sharedFloat64, sharedInt32 } from '../engine/data/dataset.ts';
import { constituentBreadth, equalWeightComposite, type MemberBars } from '../engine/data/constituent-breadth.ts';
import { historyDates } from '../engine/data/history.ts';
import { scanPrices, type PriceFlag } from '../engine/data/hygiene.ts';
import type { ColumnMeta, Dataset, Series } from '../engine/types.ts';
import type { DataFileInfo } from '../engine/results.ts';
import { DEFAULT_LOOKBACK_YEARS, type BundleSpec } from '../engine/bundle-spec.ts';
import { universeOptions, type UniverseOptions, type UniverseSpec } from '../engine/universe-spec.ts';
import { marketId, readPriceSeries } from './load.ts';
import { dataPath } from './corpus.ts';
import { readSharedSectors, readSharedSeries } from './bundle.ts';
import { readMembers, readMembership, type MemberSeries } from './universe-files.ts';
import { groupsDataset } from './universe-groups.ts';

export interface UniverseMember {
  id: string;
  file: string;
  dataset: Dataset;
  group?: string;
  flags: PriceFlag[];
}

export interface UniverseData {
  id: string;
  options: UniverseOptions;
  /** Members in the run, by id. */
  members: UniverseMember[];
  /** Members left out by "exclude-member", with their flags. */
  excluded: Array<{ id: string; file: string; flags: PriceFlag[] }>;
  /** The universe calendar and its market level (the chart's line). */
  calendar: Int32Array;
  market: Float64Array;
  marketFrom: string;
  breadthFrom: 'members' | 'file';
  files: DataFileInfo[];
  /** The groups as sectors (sector-lead), when asked for and a membership file gives groups. */
  groups?: Dataset;
}

const DAYS_PER_YEAR = 365.25;

/** A universe's id: the entry's id, else the folder of a glob or folder, else the long-format file's name. */
export function universeId(spec: BundleSpec, u: UniverseSpec): string {
  if (spec.id) return spec.id;
  const p = u.prices.replace(/[\\/]+$/, '');
  const name = /[*?]/.test(p) ? basename(dirname(p)) : /\.[a-z]+(\.gz)?$/i.test(p) ? marketId(p) : basename(p);
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'universe';
}

function closeOf(m: { price: Series[] }): Series {
  return m.price.find((s) => s.name === 'close')!;
}

function bars(m: MemberSeries): MemberBars {
  const c = closeOf(m);
  const v = m.price.find((s) => s.name === 'volume');
  return { dates: c.dates, close: c.values, ...(v ? { volume: v.values } : {}) };
}

/** The ascending union of day numbers (marked on the span they cover). */
function unionOf(dates: Int32Array[]): Int32Array {
  let lo = Infinity, hi = -Infinity;
  for (const d of dates) if (d.length > 0) { lo = Math.min(lo, d[0]!); hi = Math.max(hi, d[d.length - 1]!); }
  if (lo > hi) return new Int32Array(0);
  const seen = new Uint8Array(hi - lo + 1);
  let n = 0;
  for (const d of dates) for (let i = 0; i < d.length; i++) { const j = d[i]! - lo; if (seen[j] === 0) { seen[j] = 1; n++; } }
  const out = new Int32Array(n);
  for (let j = 0, k = 0; k < n; j++) if (seen[j] === 1) out[k++] = lo + j;
  return out;
}

function derived(name: string, dates: Int32Array, values: Float64Array, note: string): Series {
  return { name, dates, values, frequency: 'daily', lagDays: 0, source: null, stats: { rows: dates.length, missing: 0, rejected: 0, notes: [note] } };
}

/** One provenance entry per member file (a long-format file once). */
function memberFiles(id: string, members: readonly MemberSeries[]): DataFileInfo[] {
  const byFile = new Map<string, DataFileInfo>();
  for (const m of members) {
    const c = closeOf(m);
    const f = byFile.get(m.file);
    if (f) { f.rows += c.stats.rows; f.missing += m.price.reduce((a, s) => a + s.stats.missing, 0); continue; }
    byFile.set(m.file, {
      dataset: id, role: 'member', series: m.price.map((s) => s.name), file: m.file, sha256: c.source!.sha256, rows: c.stats.rows,
      missing: m.price.reduce((a, s) => a + s.stats.missing, 0), rejected: m.price.reduce((a, s) => a + s.stats.rejected, 0), notes: [...c.stats.notes],
    });
  }
  return [...byFile.values()];
}

interface SharedColumns {
  dates: Int32Array;
  columns: Map<string, Float64Array>;
  meta: Map<string, ColumnMeta>;
}

function firstFinite(x: Float64Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) return i;
  return -1;
}

function metaOf(s: Series, col: Float64Array): ColumnMeta {
  return { name: s.name, frequency: s.frequency, lagDays: s.lagDays, source: s.source, missing: s.stats.missing, rejected: s.stats.rejected, firstKnownIndex: firstFinite(col) };
}

function sameDays(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The shared series joined onto a calendar, once per distinct calendar. */
class CalendarCache {
  private readonly byKey = new Map<string, SharedColumns[]>();
  constructor(private readonly extras: readonly Series[]) {}

  get(calendar: Int32Array): SharedColumns {
    const key = `${calendar.length}:${calendar[0]}:${calendar[calendar.length - 1]}`;
    const list = this.byKey.get(key) ?? [];
    const hit = list.find((s) => sameDays(s.dates, calendar));
    if (hit) return hit;
    const dates = sharedInt32(calendar.length);
    dates.set(calendar);
    const columns = new Map<string, Float64Array>();
    const meta = new Map<string, ColumnMeta>();
    const block = sharedFloat64(calendar.length * this.extras.length);
    for (const [j, s] of this.extras.entries()) {
      const col = asOfJoin(dates, s, block.subarray(j * calendar.length, (j + 1) * calendar.length));
      columns.set(s.name, col);
      meta.set(s.name, metaOf(s, col));
    }
    const made = { dates, columns, meta };
    list.push(made);
    this.byKey.set(key, list);
    return made;
  }
}

/** A member's Dataset: history days before its first price, then its own days; price columns NaN in the history. */
function memberDataset(m: MemberSeries, history: Int32Array, years: number, cache: CalendarCache): Dataset {
  const own = closeOf(m).dates;
  const first = own[0]!;
  const from = first - Math.floor(years * DAYS_PER_YEAR);
  let a = 0;
  while (a < history.length && history[a]! < from) a++;
  let b = a;
  while (b < history.length && history[b]! < first) b++;
  const k = b - a;
  const n = k + own.length;
  const calendar = new Int32Array(n);
  calendar.set(history.subarray(a, b));
  calendar.set(own, k);
  const shared = cache.get(calendar);
  // Every price column of the member in one shared buffer: NaN over the history, then its values.
  const block = sharedFloat64(n * m.price.length);
  const columns = new Map<string, Float64Array>();
  const meta = new Map<string, ColumnMeta>();
  m.price.forEach((s, j) => {
    const col = block.subarray(j * n, (j + 1) * n);
    col.fill(NaN, 0, k);
    col.set(s.values, k);
    columns.set(s.name, col);
    meta.set(s.name, metaOf(s, col));
  });
  for (const [name, v] of shared.columns) {
    if (columns.has(name)) throw new ConfigError('universe', `member '${m.id}' has a column '${name}' that a shared file also gives`);
    columns.set(name, v);
    meta.set(name, shared.meta.get(name)!);
  }
  return { id: m.id, dates: shared.dates, columns, meta, ...(k > 0 ? { priceStart: k } : {}) };
}

/** A member's closes whose return a composite leaves out: a flagged day (and a bad print's reversal) is a data error, not a market move. */
function skipped(flags: readonly PriceFlag[]): Set<number> {
  return new Set(flags.flatMap((f) => (f.kind === 'bad-print' ? [f.index, f.index + 1] : [f.index])));
}

/** The universe's market level on its calendar: an index file's closes, or the equal-weighted composite. */
function universeMarket(u: UniverseSpec, baseDir: string, calendar: Int32Array, kept: readonly MemberSeries[],
  flags: ReadonlyMap<string, PriceFlag[]>): { series: Series; from: string; file?: DataFileInfo } {
  if (u.market === undefined) {
    // A flagged day's return (and a bad print's reversal) is left out: it is a data error, not a market move.
    const skip = kept.map((m) => skipped(flags.get(m.id)!));
    const level = equalWeightComposite(calendar, kept.map(bars), skip);
    const from = `equal-weighted composite of ${kept.length} members (level 100 on the first day; flagged days' returns left out)`;
    return { series: derived('market', calendar, level, from), from };
  }
  const file = u.market;
  const price = readPriceSeries(dataPath(file, baseDir), file);
  const c = price.find((s) => s.name === 'close')!;
  const info: DataFileInfo = { dataset: '', role: 'market', series: ['market'], file, sha256: c.source!.sha256, rows: c.stats.rows, missing: c.stats.missing, rejected: c.stats.rejected, notes: [...c.stats.notes] };
  return { series: { ...c, name: 'market' }, from: file, file: info };
}

/** The shared files as read (readSharedSeries). */
export type SharedRead = ReturnType<typeof readSharedSeries>;

/**
 * `members`, `shared`: the members and the shared files as read elsewhere (engine/run/data.ts: the members by
 * worker threads while that thread reads the shared files), asked for where this would read them.
 */
export function loadUniverse(spec: BundleSpec, baseDir: string, key: string,
  opts: { groups?: boolean; members?: () => MemberSeries[]; shared?: () => SharedRead } = {}): UniverseData {
  const u = spec.universe!;
  const options = universeOptions(u);
  const id = universeId(spec, u);
  const read = opts.members ? opts.members() : readMembers(u, baseDir, key);
  const flags = new Map(read.map((m) => [m.id, m.flags ?? scanPrices(closeOf(m).dates, closeOf(m).values)] as const));
  const out = options.hygiene === 'exclude-member' ? read.filter((m) => flags.get(m.id)!.length > 0) : [];
  const kept = read.filter((m) => !out.includes(m));
  if (kept.length === 0) throw new ConfigError(`${key}.universe.hygiene`, 'every member was excluded by hygiene flags');
  const membership = u.membership === undefined ? null : readMembership(u.membership, baseDir, `${key}.universe.membership`);
  const calendar = unionOf(kept.map((m) => closeOf(m).dates));
  const files: DataFileInfo[] = memberFiles(id, read);
  const shared = opts.shared ? opts.shared() : readSharedSeries(spec, baseDir, key, id);
  const extras: Series[] = [];
  if (spec.sectors !== undefined) {
    const s = readSharedSectors(spec.sectors, baseDir, key, id);
    extras.push(...s.extras);
    files.push(...s.files);
  }
  extras.push(...shared.extras);
  files.push(...shared.files);
  const market = universeMarket(u, baseDir, calendar, kept, flags);
  if (market.file) files.push({ ...market.file, dataset: id });
  if (spec.sectors === undefined) extras.push(market.series);
  const breadthFrom = spec.breadth === undefined ? 'members' as const : 'file' as const;
  if (breadthFrom === 'members') {
    for (const [name, values] of constituentBreadth(calendar, kept.map(bars))) extras.push(derived(name, calendar, values, `breadth from the ${kept.length} members`));
  }
  if (membership) files.push({ dataset: id, role: 'membership', series: [], file: membership.file, sha256: membership.sha256, rows: membership.groups.size, missing: 0, rejected: 0, notes: [] });
  const years = spec.lookbackYears ?? DEFAULT_LOOKBACK_YEARS;
  const history = unionOf([historyDates(shared.extras, calendar[0]!, years), calendar]);
  const cache = new CalendarCache(extras);
  const members = kept.map((m): UniverseMember => ({
    id: m.id, file: m.file, dataset: memberDataset(m, history, years, cache), flags: flags.get(m.id)!,
    ...(membership?.groups.has(m.id) ? { group: membership.groups.get(m.id)! } : {}),
  }));
  const marketLevel = asOfJoin(calendar, market.series);
  const grouped = opts.groups && membership ? kept.filter((m) => membership.groups.has(m.id)) : [];
  const groups = grouped.length === 0 ? undefined : groupsDataset(id, calendar, history.filter((d) => d < calendar[0]!), grouped.map((m) => ({
    bars: bars(m), group: membership!.groups.get(m.id)!, skip: skipped(flags.get(m.id)!),
  })), extras, market.series);
  return {
    id, options, members, excluded: out.map((m) => ({ id: m.id, file: m.file, flags: flags.get(m.id)! })),
    calendar, market: marketLevel, marketFrom: market.from, breadthFrom, files, ...(groups ? { groups } : {}),
  };
}
