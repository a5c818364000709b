/**
 * combine.csv (runs with a `combine` key): the combined model of each
 * (dataset, kind) in long form, one line per
 *   - record "coefficient": a walk-forward step's term (the intercept, then
 *     each member on its standardised score, with the training mean and sd it
 *     was standardised by and the member's missing scores), with the step's
 *     test block and training counts (fitted, durable among them, purged
 *     because their outcome window had not ended, dropped for a missing score);
 *   - record "increment": a member's incremental value, the AUC change when the
 *     model is refitted without it, with its paired bootstrap interval, and the
 *     member's own AUC on the combined row's scored episodes.
 */
import type { CombineSet } from '../engine/combine-spec.ts';
import { toCsv, type Cell } from './csv.ts';
import { withDefinition } from './definition-column.ts';

const COLUMNS = [
  'dataset', 'kind', 'params', 'record', 'step', 'test_from', 'test_to', 'test_n', 'train_n', 'train_positives', 'train_purged', 'train_dropped',
  'term', 'coefficient', 'train_mean', 'train_sd', 'train_missing', 'test_missing', 'converged', 'iterations',
  'auc_combined', 'auc_without', 'auc_member_alone', 'auc_change', 'auc_change_lo', 'auc_change_hi', 'n', 'bootstrap_valid', 'interval', 'note',
] as const;

function setLines(s: CombineSet): Cell[][] {
  const id = [s.dataset, s.kind, s.params];
  const lines: Cell[][] = [];
  for (const f of s.folds) {
    const fold = ['coefficient', f.step, f.testFrom, f.testTo, f.testN, f.trainN, f.trainPositives, f.trainPurged, f.trainDropped];
    const fit = [f.converged, f.iterations, '', '', '', '', '', '', '', '', '', f.note];
    lines.push([...id, ...fold, '(intercept)', f.intercept, '', '', '', '', ...fit]);
    for (const t of f.terms) lines.push([...id, ...fold, t.member, t.coefficient, t.mean, t.sd, t.trainMissing, t.testMissing, ...fit]);
  }
  for (const c of s.increments) {
    lines.push([...id, 'increment', '', '', '', '', '', '', '', '', c.member, '', '', '', '', '', '', '',
      c.aucFull, c.aucWithout, c.aucAlone, c.delta, c.lo, c.hi, c.n, c.valid, c.interval, '']);
  }
  return lines;
}

export function combineCsv(sets: readonly CombineSet[]): Promise<string> {
  return toCsv(...withDefinition(COLUMNS, sets, setLines));
}
