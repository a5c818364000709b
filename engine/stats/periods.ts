/**
 * Evaluation periods of a metrics row: the row scored again on the episodes
 * decided in each period (in the job, next to the whole-sample row), then,
 * once every job is in, q-values per period and the verdict of each later
 * period against the first (engine/stats/verdict.ts).
 */
import type { Episode, Prediction } from '../types.ts';
import type { MetricsRow, StatisticsSettings } from '../results.ts';
import { inPeriod, type PeriodSpec } from '../evaluation.ts';
import { assignQValues, scoreRow, type RowKey } from './scoring.ts';
import { verdictOf } from './verdict.ts';

/** One row per period, in the configured order (none without periods). */
export function scorePeriods(key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string, periods: readonly PeriodSpec[] = []): MetricsRow[] {
  return periods.map((p) => scoreRow({ ...key, period: p.name }, episodes.filter((e) => inPeriod(e.decisionDate, p)), predictions, settings, runSeed));
}

/**
 * Period rows of every whole-sample row (`byRow[i]` are row i's, one per
 * period in order): q-values across each period's rows, and verdicts on the
 * later periods' rows and on the whole-sample row (the last period's). In
 * place; returns the period rows row-major.
 */
export function finishPeriods(wholeRows: readonly MetricsRow[], byRow: readonly (readonly MetricsRow[])[], periods: number): MetricsRow[] {
  if (periods === 0) return [];
  const byPeriod = Array.from({ length: periods }, (_, k) => byRow.map((rows) => rows[k]!));
  for (const list of byPeriod) assignQValues(list);
  for (let k = 1; k < periods; k++) {
    byPeriod[k]!.forEach((row, i) => {
      row.verdict = verdictOf(byPeriod[0]![i]!, row);
      wholeRows[i]!.verdict = row.verdict;
    });
  }
  return byRow.flatMap((rows) => rows);
}
