/**
 * Data bundles: one market's files named by role, loaded into one Dataset.
 *
 *   {
 *     "id": "GSPC",
 *     "price":   "sp500/GSPC.csv",                 // OHLCV (close, volume): the calendar
 *     "vix":     "vix/vix-daily.csv",              // OHLC file, its close becomes column `vix`
 *     "breadth": "breadth/NYSE-breadth-daily.csv", // adv, dec, unch, adv_volume, dec_volume, ...
 *     "sectors": "famafrench/10_Industry_Portfolios_Daily.csv",
 *                // or {"file": "...", "section": "Equal Weighted"}
 *                // or {"files": {"Tech": "xlk.csv", "Energy": "xle.csv"}, "market": "spy.csv"}
 *     "shiller": "shiller/shiller-monthly.csv",    // shiller.PE10, shiller.Earnings, ...
 *     "series":  { "FEDFUNDS": "fred/FEDFUNDS.csv",
 *                  "CPIAUCSL": {"file": "fred/CPIAUCSL.csv", "lagDays": 46} }
 *   }
 *
 * Paths are relative to the config file's folder. Every role but one of
 * price/sectors is optional. Sector levels (`sector:<name>`) and the sector
 * market (`market`: the given market file, else the equal-weighted composite)
 * are joined onto the price calendar; without a price file the calendar is the
 * sectors' own and `close` is the market level. `lagDays` overrides a
 * series' default knowledge lag (datasets/lags.ts).
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, InputError } from '../engine/errors.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import type { Dataset, Series } from '../engine/types.ts';
import type { DataFileInfo } from '../engine/results.ts';
import { DATA_ROLES, type DataRole } from '../engine/vocabulary.ts';
import { readBreadth } from './readers/breadth.ts';
import { readFred } from './readers/fred.ts';
import { readGeneric } from './readers/generic.ts';
import { marketId, readPriceSeries } from './load.ts';
import { readOhlcv } from './readers/ohlcv.ts';
import { readShiller } from './readers/shiller.ts';
import { sectorLevelsFromFrench, sectorLevelsFromPriceFiles } from './readers/sectors.ts';
import { EMBEDDED_ID, EMBEDDED_LABEL, embeddedPricePath } from './embedded.ts';
import { DAILY_PUBLICATION_LAG, DEFAULT_LAGS, defaultLag } from './readers/lags.ts';

export type FileRef = string | { file: string; lagDays?: number; section?: string; column?: string };

export interface BundleSpec {
  id?: string;
  price?: FileRef;
  vix?: FileRef;
  breadth?: FileRef;
  sectors?: FileRef | { files: Record<string, string>; market?: string };
  shiller?: FileRef;
  series?: Record<string, FileRef>;
}

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

const BUNDLE_KEYS: readonly string[] = ['id', ...DATA_ROLES];

/** The embedded default bundle: the vega-datasets S&P 500 2000-2020, nothing else. */
export const EMBEDDED_BUNDLE: BundleSpec = { id: EMBEDDED_ID, price: '@embedded' };

/** Keys a file reference may carry, per role. */
const REF_KEYS: Record<DataRole, string[]> = {
  price: ['file'], vix: ['file', 'lagDays'], breadth: ['file', 'lagDays'], shiller: ['file', 'lagDays'],
  sectors: ['file', 'section', 'lagDays'], series: ['file', 'lagDays', 'column'],
};

function refFile(ref: FileRef, key: string, role?: DataRole): string {
  if (typeof ref === 'object' && ref !== null && role) {
    for (const k of Object.keys(ref)) {
      if (!REF_KEYS[role]!.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed here: ${REF_KEYS[role]!.join(', ')})`);
    }
  }
  const f = typeof ref === 'string' ? ref : ref?.file;
  if (typeof f !== 'string' || f === '') throw new ConfigError(key, 'expected a file path or {"file": ...}');
  return f;
}

/** Label a series' source with the path as the config gave it (never an absolute path of this machine). */
function labelled(s: Series, label: string): Series {
  return { ...s, source: s.source ? { file: label, sha256: s.source.sha256 } : null };
}

function lagOf(ref: FileRef, key: string): number | undefined {
  if (typeof ref === 'string' || ref.lagDays === undefined) return undefined;
  if (!Number.isFinite(ref.lagDays) || ref.lagDays < 0) throw new ConfigError(`${key}.lagDays`, `must be a number of days >= 0, got ${JSON.stringify(ref.lagDays)}`);
  return ref.lagDays;
}

/** Notes of a file's series: a note shared by every series is stated once; others name their series. */
function groupNotes(g: Series[]): string[] {
  const who = new Map<string, string[]>();
  for (const s of g) for (const n of s.stats.notes) who.set(n, [...(who.get(n) ?? []), s.name]);
  return [...who.entries()].map(([n, names]) => (g.length === 1 || names.length === g.length ? n : `${names.join(', ')}: ${n}`));
}

/** One provenance entry per source file of a role (series without a file, e.g. a composite, are noted). */
function infos(dataset: string, role: string, series: Series[]): DataFileInfo[] {
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

/** Validate a bundle's shape (keys and types), naming the config key on error. */
export function checkBundleSpec(spec: unknown, key: string): BundleSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new ConfigError(key, 'expected an object naming data files by role');
  const b = spec as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!BUNDLE_KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown data role (known: ${BUNDLE_KEYS.join(', ')})`);
  }
  if (b.id !== undefined && (typeof b.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(b.id))) {
    throw new ConfigError(`${key}.id`, 'must be a name of letters, digits, . _ -');
  }
  if (b.price === undefined && b.sectors === undefined) throw new ConfigError(key, "needs a 'price' file or 'sectors'");
  if (b.series !== undefined && (typeof b.series !== 'object' || b.series === null || Array.isArray(b.series))) {
    throw new ConfigError(`${key}.series`, 'expected an object {"NAME": "file.csv", ...}');
  }
  return b as BundleSpec;
}

export function loadBundle(spec: BundleSpec, baseDir: string, key = 'datasets[0]'): LoadedBundle {
  const b = loadBundleSeries(spec, baseDir, key);
  return { dataset: buildDataset(b.id, b.price, b.extras), files: b.files };
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

/** Read every file of a bundle into series (no alignment yet). */
export function loadBundleSeries(spec: BundleSpec, baseDir: string, key = 'datasets[0]'): BundleSeries {
  const path = (f: string): string => (isAbsolute(f) ? f : resolve(baseDir, f));
  const files: DataFileInfo[] = [];
  let id = spec.id;
  let price: Series[] | null = null;
  if (spec.price !== undefined) {
    const f = refFile(spec.price, `${key}.price`, 'price');
    if (f === '@embedded') {
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
    const sref = spec.sectors as Record<string, unknown> | string;
    let built;
    let lag: number | undefined;
    if (typeof sref === 'object' && sref !== null && 'files' in sref) {
      for (const k of Object.keys(sref)) {
        if (!['files', 'market'].includes(k)) throw new ConfigError(`${key}.sectors.${k}`, 'unknown key (allowed with "files": files, market)');
      }
      const fm = sref.files as Record<string, string>;
      if (typeof fm !== 'object' || fm === null || Object.keys(fm).length === 0) throw new ConfigError(`${key}.sectors.files`, 'expected {"Sector": "file.csv", ...} with at least one sector');
      const abs: Record<string, string> = {};
      for (const [k, v] of Object.entries(fm)) abs[k] = path(refFile(v, `${key}.sectors.files.${k}`));
      if (sref.market !== undefined && (typeof sref.market !== 'string' || sref.market === '')) throw new ConfigError(`${key}.sectors.market`, 'expected a file path');
      const marketFile = sref.market as string | undefined;
      built = keyed(`${key}.sectors`, () => sectorLevelsFromPriceFiles(abs, marketFile === undefined ? undefined : path(marketFile), `${key}.sectors.files`));
      const names = Object.keys(fm);
      built = {
        ...built,
        sectors: built.sectors.map((x, i) => labelled(x, fm[names[i]!]!)),
        market: marketFile === undefined ? { ...built.market, source: null } : labelled(built.market, marketFile),
      };
    } else {
      const f = refFile(sref as FileRef, `${key}.sectors`, 'sectors');
      lag = lagOf(sref as FileRef, `${key}.sectors`);
      const section = typeof sref === 'object' ? (sref as { section?: string }).section : undefined;
      built = keyed(`${key}.sectors`, () => sectorLevelsFromFrench(path(f), section ? { section } : {}));
      built = { ...built, sectors: built.sectors.map((x) => labelled(x, f)), market: labelled(built.market, f) };
    }
    if (lag !== undefined) built = { ...built, sectors: built.sectors.map((x) => ({ ...x, lagDays: lag! })), market: { ...built.market, lagDays: lag } };
    id ??= typeof sref === 'object' && 'files' in sref ? 'sectors' : marketId(refFile(sref as FileRef, `${key}.sectors`));
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

  if (spec.vix !== undefined) {
    const f = refFile(spec.vix, `${key}.vix`, 'vix');
    const s = keyed(`${key}.vix`, () => readOhlcv(path(f))).find((x) => x.name === 'close')!;
    add('vix', [{ ...s, name: 'vix', lagDays: lagOf(spec.vix, `${key}.vix`) ?? 0, source: { file: f, sha256: s.source!.sha256 } }]);
  }
  if (spec.breadth !== undefined) {
    const f = refFile(spec.breadth, `${key}.breadth`, 'breadth');
    const lag = lagOf(spec.breadth, `${key}.breadth`);
    add('breadth', keyed(`${key}.breadth`, () => readBreadth(path(f))).map((s) => ({ ...labelled(s, f), lagDays: lag ?? s.lagDays })));
  }
  if (spec.shiller !== undefined) {
    const f = refFile(spec.shiller, `${key}.shiller`, 'shiller');
    const lag = lagOf(spec.shiller, `${key}.shiller`);
    add('shiller', keyed(`${key}.shiller`, () => readShiller(path(f))).map((s) => ({ ...labelled(s, f), lagDays: lag ?? s.lagDays })));
  }
  for (const [name, ref] of Object.entries(spec.series ?? {})) {
    const k = `${key}.series.${name}`;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(k, 'series names are letters, digits and _ (they are used in formulas)');
    const f = refFile(ref, k, 'series');
    let s: Series;
    const col = typeof ref === 'object' ? ref.column : undefined;
    if (col) {
      const all = keyed(k, () => readGeneric(path(f)));
      const hit = all.find((x) => x.name === col);
      if (!hit) throw new ConfigError(`${k}.column`, `no column '${col}' in ${f} (has: ${all.map((x) => x.name).join(', ')})`);
      s = hit;
    } else s = keyed(k, () => readFred(path(f)));
    const lag = lagOf(ref, k) ?? DEFAULT_LAGS[name] ?? (s.frequency === 'daily' ? DAILY_PUBLICATION_LAG : defaultLag(name, s.frequency));
    add(name, [{ ...s, name, lagDays: lag, source: { file: f, sha256: s.source!.sha256 } }]);
  }
  for (const f of files) f.dataset = id;
  return { id, price, extras, files };
}
