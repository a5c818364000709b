/**
 * Data bundles: one market's files named by role (engine/bundle-spec.ts,
 * validated when the config is parsed), loaded into one Dataset.
 *
 * Paths are relative to the config file's folder. Sector levels
 * (`sector:<name>`) and the sector market (`market`: the given market file,
 * else the equal-weighted composite) are joined onto the price calendar;
 * without a price file the calendar is the sectors' own and `close` is the
 * market level. `lagDays` overrides a series' default knowledge lag
 * (datasets/readers/lags.ts).
 */
import { ConfigError, InputError } from '../engine/errors.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import type { Dataset, Series } from '../engine/types.ts';
import type { DataFileInfo } from '../engine/results.ts';
import { DEFAULT_LOOKBACK_YEARS, EMBEDDED_PRICE, fileOf, type BundleSpec, type FileRef, type SectorFiles } from '../engine/bundle-spec.ts';
import { buildDatasetWithHistory } from '../engine/data/history.ts';
import { readBreadth } from './readers/breadth.ts';
import { readFred } from './readers/fred.ts';
import { readGeneric } from './readers/generic.ts';
import { marketId, readPriceSeries } from './load.ts';
import { readOhlcv } from './readers/ohlcv.ts';
import { readShiller } from './readers/shiller.ts';
import { sectorLevelsFromFrench, sectorLevelsFromPriceFiles } from './readers/sectors.ts';
import { EMBEDDED_ID, EMBEDDED_LABEL, embeddedPricePath } from './embedded.ts';
import { dataPath } from './corpus.ts';
import { DAILY_PUBLICATION_LAG, DEFAULT_LAGS, defaultLag } from './readers/lags.ts';

export interface LoadedBundle {
  dataset: Dataset;
  files: DataFileInfo[];
}

/** A bundle's raw series before alignment (the leak test truncates these). */
export interface BundleSeries {
  id: string;
  price: Series[];
  extras: Series[];
  files: DataFileInfo[];
}

/** The embedded default bundle: the vega-datasets S&P 500 2000-2020, nothing else. */
export const EMBEDDED_BUNDLE: BundleSpec = { id: EMBEDDED_ID, price: EMBEDDED_PRICE };

/** Label a series' source with the path as the config gave it (never an absolute path of this machine). */
function labelled(s: Series, label: string): Series {
  return { ...s, source: s.source ? { file: label, sha256: s.source.sha256 } : null };
}

function lagOf(ref: FileRef): number | undefined {
  return typeof ref === 'string' ? undefined : ref.lagDays;
}

/** Notes of a file's series: a note shared by every series is stated once; others name their series. */
function groupNotes(g: Series[]): string[] {
  const who = new Map<string, string[]>();
  for (const s of g) for (const n of s.stats.notes) who.set(n, [...(who.get(n) ?? []), s.name]);
  return [...who.entries()].map(([n, names]) => (g.length === 1 || names.length === g.length ? n : `${names.join(', ')}: ${n}`));
}

/** One provenance entry per source file of a role (series without a file, e.g. a composite, are noted). */
export function infos(dataset: string, role: string, series: Series[]): DataFileInfo[] {
  const groups = new Map<string, Series[]>();
  const derived: string[] = [];
  for (const s of series) {
    if (!s.source) { derived.push(s.name); continue; }
    const g = groups.get(s.source.file) ?? [];
    g.push(s);
    groups.set(s.source.file, g);
  }
  const out = [...groups.values()].map((g): DataFileInfo => {
    const s0 = g[0]!;
    return {
      dataset, role, series: g.map((s) => s.name), file: s0.source!.file, sha256: s0.source!.sha256,
      rows: s0.stats.rows,
      missing: g.reduce((a, s) => a + s.stats.missing, 0),
      rejected: g.reduce((a, s) => a + s.stats.rejected, 0),
      notes: groupNotes(g),
    };
  });
  if (derived.length && out.length) out[out.length - 1]!.notes.push(`derived from these files: ${derived.join(', ')}`);
  return out;
}

export function loadBundle(spec: BundleSpec, baseDir: string, key = 'datasets[0]'): LoadedBundle {
  const b = loadBundleSeries(spec, baseDir, key);
  // With a price file, history from the other files before its first date is kept for lookbacks.
  const dataset = spec.price !== undefined
    ? buildDatasetWithHistory(b.id, b.price, b.extras, spec.lookbackYears ?? DEFAULT_LOOKBACK_YEARS)
    : buildDataset(b.id, b.price, b.extras);
  return { dataset, files: b.files };
}

/** Run a file read, adding the config key that named the file to any input error. */
function keyed<T>(key: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.file, e.line, e.column, `${e.detail} (the file named by ${key})`);
    throw e;
  }
}

type Resolve = (file: string) => string;

/** A bundle's sector levels and sector market, labelled as the config named their files. */
function readSectors(ref: FileRef | SectorFiles, path: Resolve, key: string): { sectors: Series[]; market: Series } {
  if (typeof ref === 'object' && 'files' in ref) {
    const names = Object.keys(ref.files);
    const abs = Object.fromEntries(names.map((k) => [k, path(fileOf(ref.files[k]!))]));
    const marketFile = ref.market;
    const built = keyed(`${key}.sectors`, () => sectorLevelsFromPriceFiles(abs, marketFile === undefined ? undefined : path(marketFile), `${key}.sectors.files`));
    return {
      sectors: built.sectors.map((x, i) => labelled(x, fileOf(ref.files[names[i]!]!))),
      market: marketFile === undefined ? { ...built.market, source: null } : labelled(built.market, marketFile),
    };
  }
  const f = fileOf(ref);
  const section = typeof ref === 'object' ? ref.section : undefined;
  const built = keyed(`${key}.sectors`, () => sectorLevelsFromFrench(path(f), section ? { section } : {}));
  const lag = lagOf(ref);
  const lagged = (x: Series): Series => (lag === undefined ? x : { ...x, lagDays: lag });
  return { sectors: built.sectors.map((x) => lagged(labelled(x, f))), market: lagged(labelled(built.market, f)) };
}

/** One named series (`series.NAME`): a FRED file, or one column of a generic table. */
function readNamedSeries(name: string, ref: FileRef, path: Resolve, key: string): Series {
  const f = fileOf(ref);
  let s: Series;
  const col = typeof ref === 'object' ? ref.column : undefined;
  if (col) {
    const all = keyed(key, () => readGeneric(path(f)));
    const hit = all.find((x) => x.name === col);
    if (!hit) throw new ConfigError(`${key}.column`, `no column '${col}' in ${f} (has: ${all.map((x) => x.name).join(', ')})`);
    s = hit;
  } else s = keyed(key, () => readFred(path(f)));
  const lag = lagOf(ref) ?? DEFAULT_LAGS[name] ?? (s.frequency === 'daily' ? DAILY_PUBLICATION_LAG : defaultLag(name, s.frequency));
  return { ...s, name, lagDays: lag, source: { file: f, sha256: s.source!.sha256 } };
}

/**
 * The series of a bundle's vix, breadth, shiller and series roles (the files
 * a universe's members share), labelled as the config named their files.
 */
export function readSharedSeries(spec: BundleSpec, baseDir: string, key: string, id: string): { extras: Series[]; files: DataFileInfo[] } {
  const path: Resolve = (f) => dataPath(f, baseDir, key);
  const extras: Series[] = [];
  const files: DataFileInfo[] = [];
  const add = (role: string, s: Series[]): void => { extras.push(...s); files.push(...infos(id, role, s)); };
  if (spec.vix !== undefined) {
    const f = fileOf(spec.vix);
    const s = keyed(`${key}.vix`, () => readOhlcv(path(f))).find((x) => x.name === 'close')!;
    add('vix', [{ ...s, name: 'vix', lagDays: lagOf(spec.vix) ?? 0, source: { file: f, sha256: s.source!.sha256 } }]);
  }
  if (spec.breadth !== undefined) {
    const f = fileOf(spec.breadth);
    const lag = lagOf(spec.breadth);
    add('breadth', keyed(`${key}.breadth`, () => readBreadth(path(f))).map((s) => ({ ...labelled(s, f), lagDays: lag ?? s.lagDays })));
  }
  if (spec.shiller !== undefined) {
    const f = fileOf(spec.shiller);
    const lag = lagOf(spec.shiller);
    add('shiller', keyed(`${key}.shiller`, () => readShiller(path(f))).map((s) => ({ ...labelled(s, f), lagDays: lag ?? s.lagDays })));
  }
  for (const [name, ref] of Object.entries(spec.series ?? {})) add(name, [readNamedSeries(name, ref, path, `${key}.series.${name}`)]);
  return { extras, files };
}

/** A bundle's sector levels and sector market as extras (for a universe, whose members share them). */
export function readSharedSectors(ref: FileRef | SectorFiles, baseDir: string, key: string, id: string): { extras: Series[]; files: DataFileInfo[] } {
  const built = readSectors(ref, (f) => dataPath(f, baseDir, key), key);
  const series = [...built.sectors, built.market];
  return { extras: series, files: infos(id, 'sectors', series) };
}

/** Read every file of a bundle into series (no alignment yet). */
export function loadBundleSeries(spec: BundleSpec, baseDir: string, key = 'datasets[0]'): BundleSeries {
  const path: Resolve = (f) => dataPath(f, baseDir, key);
  const files: DataFileInfo[] = [];
  let id = spec.id;
  let price: Series[] | null = null;
  if (spec.price !== undefined) {
    const f = fileOf(spec.price);
    if (f === EMBEDDED_PRICE) {
      price = readPriceSeries(embeddedPricePath(), EMBEDDED_LABEL);
      id ??= EMBEDDED_ID;
    } else {
      price = keyed(`${key}.price`, () => readPriceSeries(path(f), f));
      id ??= marketId(f);
    }
    files.push(...infos(id, 'price', price));
  }
  const extras: Series[] = [];
  const add = (role: string, s: Series[]): void => { extras.push(...s); files.push(...infos(id ?? '?', role, s)); };

  if (spec.sectors !== undefined) {
    const built = readSectors(spec.sectors, path, key);
    id ??= typeof spec.sectors === 'object' && 'files' in spec.sectors ? 'sectors' : marketId(fileOf(spec.sectors));
    if (price) add('sectors', [...built.sectors, built.market]);
    else {
      // The sectors' own calendar; the market level doubles as `close`.
      price = [{ ...built.market, name: 'close' }];
      extras.push(...built.sectors, built.market);
      files.push(...infos(id, 'sectors', [...built.sectors, built.market]));
    }
  }
  if (!price) throw new ConfigError(key, "needs a 'price' file or 'sectors'");
  id ??= 'market';
  for (const f of files) f.dataset = id;
  const shared = readSharedSeries(spec, baseDir, key, id);
  extras.push(...shared.extras);
  files.push(...shared.files);
  for (const f of files) f.dataset = id;
  return { id, price, extras, files };
}
