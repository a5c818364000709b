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
import type { Interval, IntervalScheme, MetricsRow } from '../results.ts';

export const SHOWN_INTERVAL: Readonly<Record<EpisodeKind, IntervalScheme>> = {
  rebound: 'iid',
  'sector-lead': 'year-block',
  seasonal: 'year-block',
};

/** The scheme the reports show for a kind. */
export function shownScheme(kind: EpisodeKind): IntervalScheme {
  return SHOWN_INTERVAL[kind];
}

/** The AUC interval the reports show for a row. */
export function shownAucInterval(row: Pick<MetricsRow, 'interval' | 'aucCI' | 'aucBlockCI'>): Interval {
  return row.interval === 'year-block' ? row.aucBlockCI : row.aucCI;
}

/** The shown AUC interval lies entirely below 0.5. */
export function isInverted(row: Pick<MetricsRow, 'interval' | 'aucCI' | 'aucBlockCI'>): boolean {
  return shownAucInterval(row).hi < 0.5;
}
