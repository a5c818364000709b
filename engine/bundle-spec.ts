/**
 * The shape of a data bundle in a run config: one market's files named by
 * role. Validated here, when the config is parsed (every mistake a
 * ConfigError naming its key); read by datasets/bundle.ts.
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
 * Every role but one of price/sectors is optional. `lagDays` overrides a
 * series' default knowledge lag.
 */
import { ConfigError } from './errors.ts';
import { DATA_ROLES, isDataRole, type DataRole } from './vocabulary.ts';
import { checkUniverseSpec, type UniverseSpec } from './universe-spec.ts';

export type FileRef = string | { file: string; lagDays?: number; section?: string; column?: string };

/** Sector levels from one price file per sector (and optionally the market's). */
export interface SectorFiles {
  files: Record<string, FileRef>;
  market?: string;
}

export interface BundleSpec {
  id?: string;
  price?: FileRef;
  vix?: FileRef;
  breadth?: FileRef;
  sectors?: FileRef | SectorFiles;
  shiller?: FileRef;
  series?: Record<string, FileRef>;
  /** Many price files as one dataset (engine/universe-spec.ts); the other roles are shared by every member. */
  universe?: UniverseSpec;
  /**
   * Years of earlier history (from the other files' dates) kept before the
   * first price so that lookbacks are not cut there (default 10; 0: none).
   */
  lookbackYears?: number;
}

/** Default years of history kept before the first price for lookbacks. */
export const DEFAULT_LOOKBACK_YEARS = 10;

/** The price file name that stands for the embedded S&P 500 2000-2020 (datasets/embedded.ts). */
export const EMBEDDED_PRICE = '@embedded';

/** Keys a file reference may carry, per role. */
const REF_KEYS: Record<DataRole, readonly string[]> = {
  price: ['file'], vix: ['file', 'lagDays'], breadth: ['file', 'lagDays'], shiller: ['file', 'lagDays'],
  sectors: ['file', 'section', 'lagDays'], series: ['file', 'lagDays', 'column'],
};
const BUNDLE_KEYS: readonly string[] = ['id', ...DATA_ROLES, 'universe', 'lookbackYears'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The path of a file reference. */
export function fileOf(ref: FileRef): string {
  return typeof ref === 'string' ? ref : ref.file;
}

/** A file reference: a path, or {file, ...} with the keys its role allows. */
function checkFileRef(ref: unknown, key: string, role?: DataRole): FileRef {
  if (isObj(ref) && role) {
    for (const k of Object.keys(ref)) if (!REF_KEYS[role].includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed here: ${REF_KEYS[role].join(', ')})`);
  }
  const f = typeof ref === 'string' ? ref : isObj(ref) ? ref.file : undefined;
  if (typeof f !== 'string' || f === '') throw new ConfigError(key, 'expected a file path or {"file": ...}');
  if (!isObj(ref)) return f;
  if (ref.lagDays !== undefined && (typeof ref.lagDays !== 'number' || !Number.isFinite(ref.lagDays) || ref.lagDays < 0)) {
    throw new ConfigError(`${key}.lagDays`, `must be a number of days >= 0, got ${JSON.stringify(ref.lagDays)}`);
  }
  for (const k of ['section', 'column'] as const) {
    if (ref[k] !== undefined && typeof ref[k] !== 'string') throw new ConfigError(`${key}.${k}`, 'expected a name (a string)');
  }
  return { ...ref } as FileRef;
}

function checkSectors(ref: unknown, key: string): FileRef | SectorFiles {
  if (!isObj(ref) || !('files' in ref)) return checkFileRef(ref, key, 'sectors');
  for (const k of Object.keys(ref)) {
    if (!['files', 'market'].includes(k)) throw new ConfigError(`${key}.${k}`, 'unknown key (allowed with "files": files, market)');
  }
  if (!isObj(ref.files) || Object.keys(ref.files).length === 0) throw new ConfigError(`${key}.files`, 'expected {"Sector": "file.csv", ...} with at least one sector');
  // fromEntries defines each name as its own property: a sector named __proto__ stays a sector.
  const files: Record<string, FileRef> = Object.fromEntries(Object.entries(ref.files).map(([k, v]) => [k, checkFileRef(v, `${key}.files.${k}`)]));
  if (ref.market !== undefined && (typeof ref.market !== 'string' || ref.market === '')) throw new ConfigError(`${key}.market`, 'expected a file path');
  return ref.market === undefined ? { files } : { files, market: ref.market };
}

function checkSeries(x: unknown, key: string): Record<string, FileRef> {
  if (!isObj(x)) throw new ConfigError(key, 'expected an object {"NAME": "file.csv", ...}');
  const out: Record<string, FileRef> = {};
  for (const [name, ref] of Object.entries(x)) {
    const k = `${key}.${name}`;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(k, 'series names are letters, digits and _ (they are used in formulas)');
    out[name] = checkFileRef(ref, k, 'series');
  }
  return out;
}

/** Validate a bundle (keys, types, file references), naming the config key on error; keys keep their order. */
export function checkBundleSpec(spec: unknown, key: string): BundleSpec {
  if (!isObj(spec)) throw new ConfigError(key, 'expected an object naming data files by role');
  for (const k of Object.keys(spec)) {
    if (!BUNDLE_KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown data role (known: ${BUNDLE_KEYS.join(', ')})`);
  }
  if (spec.id !== undefined && (typeof spec.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(spec.id))) {
    throw new ConfigError(`${key}.id`, 'must be a name of letters, digits, . _ -');
  }
  if (spec.universe !== undefined && spec.price !== undefined) {
    throw new ConfigError(`${key}.price`, "a universe's price files are its members: give an index file as universe.market, not 'price'");
  }
  if (spec.price === undefined && spec.sectors === undefined && spec.universe === undefined) throw new ConfigError(key, "needs a 'price' file, 'sectors' or a 'universe'");
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'id') out.id = v;
    else if (k === 'universe') out.universe = checkUniverseSpec(v, `${key}.universe`);
    else if (k === 'lookbackYears') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 200) throw new ConfigError(`${key}.lookbackYears`, `expected a number of years from 0 to 200, got ${JSON.stringify(v)}`);
      out.lookbackYears = v;
    }
    else if (k === 'sectors') out.sectors = checkSectors(v, `${key}.sectors`);
    else if (k === 'series') out.series = checkSeries(v, `${key}.series`);
    else if (isDataRole(k)) out[k] = checkFileRef(v, `${key}.${k}`, k);
  }
  return out as BundleSpec;
}
