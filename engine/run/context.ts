/**
 * The replay context as data that can cross to worker threads (WorkerInit),
 * and back to a live context. Datasets and indicator columns are
 * SharedArrayBuffer-backed, so structured cloning shares rather than copies.
 */
import type { Dataset, Episode } from '../types.ts';
import type { StatisticsSettings } from '../results.ts';
import type { PeriodSpec } from '../evaluation.ts';
import type { ReplayContext } from './replay.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { instantiate, type CriterionSource } from './criteria-set.ts';
import { getBuiltin } from '../../strategies/registry.ts';

export interface WorkerInit {
  datasets: Dataset[];
  indicators: Array<{ dataset: string; key: string; values: Float64Array }>;
  episodeSets: Array<[string, Episode[]]>;
  criteria: CriterionSource[];
  runSeed: string;
  statistics: StatisticsSettings;
  /** Evaluation periods (absent or empty: none). */
  periods?: PeriodSpec[];
  baseDir: string;
}

export async function contextFromInit(init: WorkerInit): Promise<ReplayContext> {
  const prepared = new Map<string, PreparedDataset>();
  for (const ds of init.datasets) prepared.set(ds.id, prepare(ds));
  for (const { dataset, key, values } of init.indicators) {
    prepared.get(dataset)?.indicators.get(key, () => values);
  }
  const criteria = [];
  for (const src of init.criteria) criteria.push(await instantiate(src, init.baseDir));
  return {
    prepared,
    episodeSets: new Map(init.episodeSets),
    criteria,
    untrusted: init.criteria.map((s) => s.kind === 'plugin'),
    runSeed: init.runSeed,
    statistics: init.statistics,
    periods: init.periods ?? [],
    lookup: getBuiltin,
  };
}
