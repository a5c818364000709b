/** definitions.csv: each criterion's AUC across the labelled definitions of a kind (engine/stats/definition-sensitivity.ts). */
import type { RunResult } from '../engine/results.ts';
import { definitionSensitivity, type DefinitionSensitivityRow } from '../engine/stats/definition-sensitivity.ts';
import { toCsv } from './csv.ts';

const COLUMNS = ['dataset', 'kind', 'criterion', 'params', 'definition', 'order', 'definition_params', 'n', 'positives',
  'auc', 'auc_lo', 'auc_hi', 'interval', 'q_value', 'auc_change'] as const;

export function definitionsCsv(rows: readonly DefinitionSensitivityRow[]): Promise<string> {
  return toCsv(COLUMNS, rows.map((r) => [r.dataset, r.kind, r.criterion, r.params, r.definition, r.order, r.definitionParams, r.n, r.positives,
    r.auc, r.aucLo, r.aucHi, r.interval, r.qValue, r.aucChange]));
}

/** `definitions.csv` for a run with 2+ labelled definitions of a kind; nothing otherwise. */
export async function definitionFiles(r: RunResult): Promise<Array<[string, string]>> {
  const rows = definitionSensitivity(r.summary.definitions ?? [], r.summary.metrics);
  return rows.length ? [['definitions.csv', await definitionsCsv(rows)]] : [];
}
