/** stability.csv and families.csv, and the metrics rows with their period rows (metrics.csv's row order). */
import { withDefinition } from './definition-column.ts';
import type { FamilyRow, MetricsRow, RunSummary, StabilityRow } from '../engine/results.ts';
import { toCsv } from './csv.ts';

const STABILITY_COLUMNS = ['dataset', 'kind', 'criterion', 'params', 'decade', 'n', 'positives', 'negatives', 'auc', 'balanced_accuracy'] as const;

export function stabilityCsv(rows: readonly StabilityRow[]): Promise<string> {
  return toCsv(...withDefinition(STABILITY_COLUMNS, rows, (r) => [[r.dataset, r.kind, r.criterion, r.params, r.decade, r.n, r.positives, r.negatives, r.auc, r.balancedAccuracy]]));
}

const FAMILY_COLUMNS = ['dataset', 'kind', 'criterion', 'sets', 'scored_sets', 'best_params', 'best_auc', 'best_p', 'family_p', 'pbo', 'pbo_blocks', 'pbo_splits', 'pbo_note'] as const;

export function familiesCsv(rows: readonly FamilyRow[]): Promise<string> {
  return toCsv(...withDefinition(FAMILY_COLUMNS, rows, (r) => [[r.dataset, r.kind, r.criterion, r.sets, r.scoredSets, r.bestParams, r.bestAuc, r.bestP, r.familyP,
    r.pbo, r.pboBlocks, r.pboSplits, r.pboNote]]));
}

/** Every whole-sample row followed by its rows per evaluation period (same dataset, kind, criterion, params). */
export function metricsWithPeriods(s: Pick<RunSummary, 'metrics' | 'periodMetrics'>): MetricsRow[] {
  const periods = s.periodMetrics ?? [];
  if (periods.length === 0) return s.metrics;
  const key = (m: MetricsRow): string => JSON.stringify([m.dataset, m.kind, m.definition ?? null, m.criterion, m.params]);
  const byRow = new Map<string, MetricsRow[]>();
  for (const p of periods) {
    let l = byRow.get(key(p));
    if (!l) byRow.set(key(p), (l = []));
    l.push(p);
  }
  return s.metrics.flatMap((m) => [m, ...(byRow.get(key(m)) ?? [])]);
}
