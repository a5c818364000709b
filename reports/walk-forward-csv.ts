/**
 * walk-forward.csv and replication.csv (runs with evaluation.walkForward /
 * evaluation.replication).
 *
 * walk-forward.csv: per parameter grid, one line per step (the set chosen on
 * the training episodes, scored on the test block) and a last line with
 * step = "pooled": the procedure's out-of-sample record over every test block
 * (AUC, its interval and p) next to the in-sample best set, its own and
 * family-wise p and the grid's PBO.
 * replication.csv: one line per criterion and confirming dataset (or period;
 * `period` is empty for a dataset's whole sample).
 */
import type { ReplicationRow, WalkForwardRow } from '../engine/selection-results.ts';
import { toCsv, type Cell } from './csv.ts';
import { withDefinition } from './definition-column.ts';

const WALK_COLUMNS = ['dataset', 'kind', 'criterion', 'sets', 'objective', 'step', 'train_from', 'train_to', 'train_n', 'test_from', 'test_to', 'test_n',
  'chosen_params', 'train_objective', 'threshold', 'test_auc', 'test_auc_lo', 'test_auc_hi', 'test_p', 'test_p_above', 'test_balanced_accuracy',
  'distinct_choices', 'in_sample_best_params', 'in_sample_best_auc', 'in_sample_best_p', 'in_sample_best_family_p', 'pbo', 'in_sample_best_on_test_auc'] as const;

function walkLines(r: WalkForwardRow): Cell[][] {
  const head: Cell[] = [r.dataset, r.kind, r.criterion, r.sets, r.objective];
  const steps = r.steps.map((s): Cell[] => [...head, s.step, s.trainFrom, s.trainTo, s.trainN, s.testFrom, s.testTo, s.testN,
    s.chosenParams, s.trainObjective, s.threshold, s.testAuc, '', '', '', '', s.testBalancedAccuracy, '', '', '', '', '', '', '']);
  const first = r.steps[0];
  const last = r.steps[r.steps.length - 1];
  const pooled: Cell[] = [...head, 'pooled', first?.trainFrom ?? '', last?.trainTo ?? '', last?.trainN ?? 0, first?.testFrom ?? '', last?.testTo ?? '', r.oosN,
    '', '', '', r.oosAuc, r.oosAucCI.lo, r.oosAucCI.hi, r.oosP, r.oosPAbove, r.oosBalancedAccuracy,
    r.distinctChoices, r.bestParams, r.bestAuc, r.bestP, r.bestFamilyP, r.pbo, r.bestOnTestAuc];
  return [...steps, pooled];
}

export function walkForwardCsv(rows: readonly WalkForwardRow[]): Promise<string> {
  return toCsv(...withDefinition(WALK_COLUMNS, rows, walkLines));
}

const REPLICATION_COLUMNS = ['kind', 'criterion', 'sets', 'params', 'discovery', 'discovery_period', 'discovery_n', 'discovery_auc', 'discovery_auc_lo', 'discovery_auc_hi',
  'discovery_own_p', 'discovery_p', 'discovery_q', 'dataset', 'period', 'n', 'positives', 'auc', 'auc_lo', 'auc_hi', 'p', 'p_same_direction', 'status'] as const;

export function replicationCsv(rows: readonly ReplicationRow[]): Promise<string> {
  return toCsv(REPLICATION_COLUMNS, rows.flatMap((r) => {
    const d = r.discovery;
    const head: Cell[] = [r.kind, r.criterion, r.sets, r.params, d.dataset, d.period ?? '', d.n, d.auc, d.aucCI.lo, d.aucCI.hi, d.pValue, r.discoveryP, r.discoveryQ];
    return r.targets.map((t): Cell[] => [...head, t.dataset, t.period ?? '', t.n, t.positives, t.auc, t.aucCI.lo, t.aucCI.hi, t.pValue, t.pSame, t.status]);
  }));
}
