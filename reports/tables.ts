/** predictions.csv and metrics.csv: stable column order, one row per prediction / metrics row. */
import { withDefinition } from './definition-column.ts';
import type { Prediction } from '../engine/types.ts';
import type { MetricsRow, PowerRow } from '../engine/results.ts';
import { fmtExact, toCsv, type Cell } from './csv.ts';

const PREDICTION_COLUMNS = ['episode_id', 'criterion', 'params', 'score', 'call', 'abstain_reason', 'error'] as const;

/** Scores are written exactly (shortest round-trip text), so every metric can be recomputed from this file. */
export function predictionsCsv(preds: readonly Prediction[]): Promise<string> {
  return toCsv(PREDICTION_COLUMNS, preds.map((p) => [p.episodeId, p.criterion, p.params, fmtExact(p.score), p.call, p.abstainReason, p.error]));
}

/** Forward-return horizons (trading days) of the trading view's columns. */
const TRADING_HORIZONS = ['21', '63', '126'];

const METRICS_COLUMNS = [
  'dataset', 'kind', 'criterion', 'params', 'period', 'n', 'abstentions', 'failed', 'censored', 'positives', 'negatives', 'base_rate',
  'tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'specificity', 'f1', 'accuracy', 'balanced_accuracy', 'mcc',
  'auc', 'auc_lo', 'auc_hi', 'auc_block_lo', 'auc_block_hi', 'pr_auc',
  'balanced_accuracy_lo', 'balanced_accuracy_hi', 'balanced_accuracy_block_lo', 'balanced_accuracy_block_hi',
  'brier', 'brier_lo', 'brier_hi', 'brier_block_lo', 'brier_block_hi',
  'lift', 'p_value', 'p_above', 'p_below', 'q_value', 'family_p', 'interval', 'inverted', 'verdict', 'bootstrap_valid', 'small_sample',
  ...TRADING_HORIZONS.flatMap((h) => [`fwd${h}_durable_mean`, `fwd${h}_not_mean`, `fwd${h}_all_mean`, `fwd${h}_durable_median`, `fwd${h}_not_median`, `fwd${h}_all_median`]),
  'n_called_durable', 'n_called_not',
] as const;

function metricsRowCells(m: MetricsRow): Cell[] {
  const t = m.trading;
  return [
    m.dataset, m.kind, m.criterion, m.params, m.period ?? 'all', m.n, m.abstentions, m.failed, m.censored, m.positives, m.negatives, m.baseRate,
    m.tp, m.fp, m.tn, m.fn, m.precision, m.recall, m.specificity, m.f1, m.accuracy, m.balancedAccuracy, m.mcc,
    m.auc, m.aucCI.lo, m.aucCI.hi, m.aucBlockCI.lo, m.aucBlockCI.hi, m.prAuc,
    m.balancedAccuracyCI.lo, m.balancedAccuracyCI.hi, m.balancedAccuracyBlockCI.lo, m.balancedAccuracyBlockCI.hi,
    m.brier, m.brierCI.lo, m.brierCI.hi, m.brierBlockCI.lo, m.brierBlockCI.hi,
    m.lift, m.pValue, m.pAbove, m.pBelow, m.qValue, m.familyP, m.interval, m.inverted, m.verdict ?? '', m.bootstrapValid, m.smallSample,
    ...TRADING_HORIZONS.flatMap((h) => [t.calledDurable.mean[h]!, t.calledNot.mean[h]!, t.all.mean[h]!, t.calledDurable.median[h]!, t.calledNot.median[h]!, t.all.median[h]!]),
    t.calledDurable.n, t.calledNot.n,
  ];
}

/**
 * A run with a universe adds, last: which rows are pooled (scope pooled,
 * group, member; empty for a plain dataset's row), the universe and group,
 * over how many members and clusters, the cluster period and how many
 * periods a cluster spans, the cluster-robust interval of AUC with its
 * degrees of freedom and the i.i.d. p-value (a pooled or group row's
 * p_value is the cluster permutation test's).
 */
const POOLED_COLUMNS = ['scope', 'universe', 'group', 'members', 'clusters', 'cluster_by', 'cluster_periods', 'auc_cluster_lo', 'auc_cluster_hi', 'auc_cluster_df', 'p_value_iid'] as const;

function pooledCells(m: MetricsRow): Cell[] {
  const p = m.pooled;
  if (!p) return POOLED_COLUMNS.map(() => '');
  return [p.scope, p.universe, p.group ?? '', p.members, p.clusters, p.clusterBy, p.clusterPeriods, p.aucClusterCI?.lo ?? NaN, p.aucClusterCI?.hi ?? NaN, p.clusterDf ?? NaN, p.pValueIid];
}

export function metricsCsv(rows: readonly MetricsRow[]): Promise<string> {
  if (rows.some((m) => m.pooled !== undefined)) return toCsv(...withDefinition([...METRICS_COLUMNS, ...POOLED_COLUMNS], rows, (m) => [[...metricsRowCells(m), ...pooledCells(m)]]));
  return toCsv(...withDefinition(METRICS_COLUMNS, rows, (m) => [metricsRowCells(m)]));
}

const POWER_COLUMNS = ['dataset', 'kind', 'n', 'positives', 'negatives', 'alpha', 'min_detectable_auc', 'power_at_0.6', 'power_at_0.7', 'power_at_0.8', 'power_at_0.9'] as const;

/** A universe's power rows are for its effective sample: with one, power.csv adds the clustering (empty for plain rows). */
const CLUSTERED_POWER_COLUMNS = ['cluster_by', 'clusters', 'icc', 'design_effect', 'effective_positives', 'effective_negatives'] as const;

export function powerCsv(rows: readonly PowerRow[]): Promise<string> {
  const cells = (r: PowerRow): Cell[] => [r.dataset, r.kind, r.n, r.positives, r.negatives, r.alpha, r.minDetectableAuc,
    r.power['0.6'], r.power['0.7'], r.power['0.8'], r.power['0.9']];
  if (!rows.some((r) => r.clustered)) return toCsv(...withDefinition(POWER_COLUMNS, rows, (r) => [cells(r)]));
  const clustered = (r: PowerRow): Cell[] => (r.clustered
    ? [r.clustered.by, r.clustered.clusters, r.clustered.icc, r.clustered.designEffect, r.clustered.effectivePositives, r.clustered.effectiveNegatives]
    : CLUSTERED_POWER_COLUMNS.map(() => ''));
  return toCsv(...withDefinition([...POWER_COLUMNS, ...CLUSTERED_POWER_COLUMNS], rows, (r) => [[...cells(r), ...clustered(r)]]));
}
