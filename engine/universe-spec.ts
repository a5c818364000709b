/**
 * The shape of a universe in a run config: one dataset entry naming many
 * price files (a glob, a folder, or one long-format file with a ticker
 * column), validated when the config is parsed. The files every member
 * shares (vix, series, shiller, breadth, sectors) are the entry's other roles,
 * given once. Read by datasets/universe.ts.
 *
 *   {
 *     "id": "SP500-members",
 *     "universe": {
 *       "prices": "stocks-5yr/*_data.csv",   // a glob, a folder, or one long-format file
 *       "ticker": "Name",                    // the column naming the member (default: Name, ticker or symbol)
 *       "ids": "ticker",                     // member ids from the ticker column (default when there is one) or the "file" name
 *       "membership": "sectors.csv",         // optional: member,group rows, for group rows
 *       "market": "sp500/GSPC.csv",          // optional index file; default: the equal-weighted composite
 *       "rows": "pooled",                    // "pooled" | "members" | "both"
 *       "cluster": "month",                  // "week" | "month" | "quarter" | "year" | {"days": N}
 *       "overlap": "merge",                  // "merge": a cluster is a run of periods spanning the outcome horizon; "ignore": one period
 *       "hygiene": "warn"                    // "warn" | "exclude-episodes" | "exclude-member"
 *     },
 *     "vix": "vix/vix-daily.csv", "shiller": "...", "series": { ... }
 *   }
 *
 * A string `"universe": "stocks-5yr/"` is short for `{"prices": "stocks-5yr/"}`.
 */
import { ConfigError } from './errors.ts';

export const ROWS_MODES = ['pooled', 'members', 'both'] as const;
export type RowsMode = (typeof ROWS_MODES)[number];

export const HYGIENE_MODES = ['warn', 'exclude-episodes', 'exclude-member'] as const;
export type HygieneMode = (typeof HYGIENE_MODES)[number];

/**
 * Outcome windows overlapping across periods: "merge" (default) makes a
 * cluster of each run of consecutive periods spanning the outcome horizon
 * (engine/stats/cluster.ts `blockPeriods`), so that only neighbouring
 * clusters share outcome days; "ignore" keeps one cluster per period.
 */
export const OVERLAP_MODES = ['merge', 'ignore'] as const;
export type OverlapMode = (typeof OVERLAP_MODES)[number];

export const CLUSTER_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
/** Calendar period whose episodes form one cluster: a named period, or fixed windows of N calendar days. */
export type ClusterPeriod = (typeof CLUSTER_PERIODS)[number] | { days: number };

export interface MembershipRef {
  file: string;
  /** Column naming the member (default: member, ticker, symbol or name). */
  member?: string;
  /** Column naming its group (default: group, sector or industry). */
  group?: string;
}

export interface UniverseSpec {
  prices: string;
  ticker?: string;
  ids?: 'file' | 'ticker';
  membership?: string | MembershipRef;
  market?: string;
  rows?: RowsMode;
  cluster?: ClusterPeriod;
  overlap?: OverlapMode;
  hygiene?: HygieneMode;
}

/** A universe's settings with every default filled in. */
export interface UniverseOptions {
  rows: RowsMode;
  cluster: ClusterPeriod;
  overlap: OverlapMode;
  hygiene: HygieneMode;
}

export const UNIVERSE_DEFAULTS: Readonly<UniverseOptions> = { rows: 'pooled', cluster: 'month', overlap: 'merge', hygiene: 'warn' };

const UNIVERSE_KEYS = ['prices', 'ticker', 'ids', 'membership', 'market', 'rows', 'cluster', 'overlap', 'hygiene'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function path(x: unknown, key: string): string {
  if (typeof x !== 'string' || x === '') throw new ConfigError(key, 'expected a file path');
  return x;
}

function oneOf<T extends string>(x: unknown, list: readonly T[], key: string): T {
  if (typeof x !== 'string' || !(list as readonly string[]).includes(x)) {
    throw new ConfigError(key, `expected one of ${list.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(x)}`);
  }
  return x as T;
}

function checkCluster(x: unknown, key: string): ClusterPeriod {
  if (isObj(x)) {
    for (const k of Object.keys(x)) if (k !== 'days') throw new ConfigError(`${key}.${k}`, 'unknown key (allowed: days)');
    const d = x.days;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 3660) {
      throw new ConfigError(`${key}.days`, `expected a whole number of calendar days from 1 to 3660, got ${JSON.stringify(d)}`);
    }
    return { days: d };
  }
  return oneOf(x, CLUSTER_PERIODS, key);
}

function checkMembership(x: unknown, key: string): string | MembershipRef {
  if (!isObj(x)) return path(x, key);
  for (const k of Object.keys(x)) if (!['file', 'member', 'group'].includes(k)) throw new ConfigError(`${key}.${k}`, 'unknown key (allowed: file, member, group)');
  const out: MembershipRef = { file: path(x.file, `${key}.file`) };
  for (const k of ['member', 'group'] as const) {
    if (x[k] === undefined) continue;
    if (typeof x[k] !== 'string' || x[k] === '') throw new ConfigError(`${key}.${k}`, 'expected a column name');
    out[k] = x[k] as string;
  }
  return out;
}

/** Validate a dataset entry's `universe` (keys, types, choices), naming the config key on error. */
export function checkUniverseSpec(x: unknown, key: string): UniverseSpec {
  if (typeof x === 'string') return { prices: path(x, key) };
  if (!isObj(x)) throw new ConfigError(key, 'expected a glob, folder or long-format file, or {"prices": ..., ...}');
  for (const k of Object.keys(x)) if (!UNIVERSE_KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${UNIVERSE_KEYS.join(', ')})`);
  const out: UniverseSpec = { prices: path(x.prices, `${key}.prices`) };
  if (x.ticker !== undefined) {
    if (typeof x.ticker !== 'string' || x.ticker === '') throw new ConfigError(`${key}.ticker`, 'expected a column name');
    out.ticker = x.ticker;
  }
  if (x.ids !== undefined) out.ids = oneOf(x.ids, ['file', 'ticker'] as const, `${key}.ids`);
  if (x.membership !== undefined) out.membership = checkMembership(x.membership, `${key}.membership`);
  if (x.market !== undefined) out.market = path(x.market, `${key}.market`);
  if (x.rows !== undefined) out.rows = oneOf(x.rows, ROWS_MODES, `${key}.rows`);
  if (x.cluster !== undefined) out.cluster = checkCluster(x.cluster, `${key}.cluster`);
  if (x.overlap !== undefined) out.overlap = oneOf(x.overlap, OVERLAP_MODES, `${key}.overlap`);
  if (x.hygiene !== undefined) out.hygiene = oneOf(x.hygiene, HYGIENE_MODES, `${key}.hygiene`);
  return out;
}

/** A universe's settings, defaults filled in. */
export function universeOptions(u: UniverseSpec): UniverseOptions {
  return {
    rows: u.rows ?? UNIVERSE_DEFAULTS.rows,
    cluster: u.cluster ?? UNIVERSE_DEFAULTS.cluster,
    overlap: u.overlap ?? UNIVERSE_DEFAULTS.overlap,
    hygiene: u.hygiene ?? UNIVERSE_DEFAULTS.hygiene,
  };
}

/** How a report states a cluster period: "calendar month", "21-day window", and with "merge" that runs of them span the outcome horizon. */
export function clusterText(p: ClusterPeriod, overlap: OverlapMode = 'ignore'): string {
  const one = typeof p === 'object' ? `${p.days}-calendar-day window` : `calendar ${p}`;
  return overlap === 'merge' ? `${one}, consecutive ones merged to span the outcome horizon` : one;
}

/** How a CSV cell states a cluster period: "month", "days=30". */
export function clusterKey(p: ClusterPeriod): string {
  return typeof p === 'object' ? `days=${p.days}` : p;
}

/** The cluster period a `clusterKey` text stands for. */
export function clusterFromKey(key: string): ClusterPeriod {
  const m = /^days=(\d+)$/.exec(key);
  if (m) return { days: Number(m[1]) };
  if ((CLUSTER_PERIODS as readonly string[]).includes(key)) return key as ClusterPeriod;
  throw new Error(`unknown cluster period '${key}'`);
}
