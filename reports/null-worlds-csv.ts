/** null-worlds.csv: each row's real AUC ranked among its AUCs on the null worlds (engine/run/null-worlds.ts). */
import type { NullWorldRow, RunResult } from '../engine/results.ts';
import { toCsv } from './csv.ts';
import { withDefinition } from './definition-column.ts';

const COLUMNS = ['dataset', 'kind', 'criterion', 'params', 'real_auc', 'paths', 'null_mean', 'null_q05', 'null_q25', 'null_median', 'null_q75', 'null_q95',
  'share_at_or_above', 'rank_p', 'rank_p_two_sided'] as const;

export function nullWorldsCsv(rows: readonly NullWorldRow[]): Promise<string> {
  return toCsv(...withDefinition(COLUMNS, rows, (r) => [[r.dataset, r.kind, r.criterion, r.params, r.realAuc, r.paths, r.mean, r.q05, r.q25, r.median, r.q75, r.q95,
    r.shareAtOrAbove, r.rankP, r.rankPTwoSided]]));
}

/** `null-worlds.csv` for a run with null worlds; nothing otherwise. */
export async function nullWorldFiles(r: RunResult): Promise<Array<[string, string]>> {
  return r.summary.nullWorlds ? [['null-worlds.csv', await nullWorldsCsv(r.summary.nullWorlds.rows)]] : [];
}
