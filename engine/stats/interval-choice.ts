/**
 * Which bootstrap interval the reports show, per episode kind, and the
 * "inverted" flag that follows from it. Chosen by measured coverage on null
 * histories (test/interval-coverage.test.ts, test/bench/interval-coverage.ts):
 * where episodes of a kind overlap in time — seasonal windows share their
 * January, sector-lead episodes of several sectors share one market move —
 * i.i.d. resampling treats them as independent evidence, the interval is too
 * narrow and excludes 0.5 too often under the null; resampling whole calendar
 * years of decisions keeps them together.
 */
import type { EpisodeKind } from '../types.ts';
import type { HeadlineScheme, Interval, IntervalScheme, MetricsRow, PooledInfo } from '../results.ts';

export const SHOWN_INTERVAL: Readonly<Record<EpisodeKind, IntervalScheme>> = {
  rebound: 'iid',
  'sector-lead': 'year-block',
  seasonal: 'year-block',
};

/** The scheme the reports show for a kind. */
export function shownScheme(kind: EpisodeKind): IntervalScheme {
  return SHOWN_INTERVAL[kind];
}

/**
 * A row's headline interval: the one every output states for
 * it (terminal, leaderboard, verdict, summary.json's verdict, the HTML). A
 * universe's pooled or group row carries cluster-robust intervals
 * (engine/run/pooled.ts) and they are its headline; every other row (a
 * universe's member rows included) shows its kind's scheme (SHOWN_INTERVAL).
 */
type HeadlineFields = Pick<MetricsRow, 'interval' | 'aucCI' | 'aucBlockCI'> & { pooled?: Pick<PooledInfo, 'scope' | 'aucClusterCI' | 'balancedAccuracyClusterCI'> };

function clustered(row: HeadlineFields): boolean {
  return row.pooled !== undefined && row.pooled.scope !== 'member' && row.pooled.aucClusterCI !== undefined;
}

/** The scheme of the row's headline interval. */
export function headlineScheme(row: HeadlineFields): HeadlineScheme {
  return clustered(row) ? 'cluster' : row.interval === 'year-block' ? 'year-block' : 'iid';
}

/** The AUC interval every output shows for a row: its headline interval (the one home of that choice). */
export function shownAucInterval(row: HeadlineFields): Interval {
  if (clustered(row)) return row.pooled!.aucClusterCI!;
  return row.interval === 'year-block' ? row.aucBlockCI : row.aucCI;
}

/** The balanced-accuracy interval every output shows for a row, by the same scheme as its AUC's. */
export function shownBalancedAccuracyInterval(row: HeadlineFields & Pick<MetricsRow, 'balancedAccuracyCI' | 'balancedAccuracyBlockCI'>): Interval {
  if (clustered(row)) return row.pooled!.balancedAccuracyClusterCI ?? { lo: NaN, hi: NaN };
  return row.interval === 'year-block' ? row.balancedAccuracyBlockCI : row.balancedAccuracyCI;
}

/** The shown AUC interval lies entirely below 0.5. */
export function isInverted(row: HeadlineFields): boolean {
  return shownAucInterval(row).hi < 0.5;
}

/**
 * An interval's level as its label says it: 0.95 -> "95%", 0.5 -> "50%",
 * 0.995 -> "99.5%". Every "N% CI" of the terminal and the report comes from
 * the run's statistics.level through this; a summary without one (older
 * files) is read at the default level, 0.95.
 */
export function levelPercent(level: unknown): string {
  const x = typeof level === 'number' && level > 0 && level < 1 ? level : 0.95;
  return `${Number((x * 100).toFixed(1))}%`;
}
