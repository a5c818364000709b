/**
 * What a worker is given, once per run, as plain data: the datasets, the
 * episode sets, the criteria as sources it can rebuild, the seed and the
 * statistics settings. (A leaf module: the worker plumbing and the criteria
 * resolution both name these types without importing each other.)
 */
import type { Dataset, Episode } from '../types.ts';
import type { PeriodSpec } from '../evaluation.ts';
import type { StatisticsSettings } from '../results.ts';
import type { PluginMeta } from './plugin-shape.ts';
import type { EvidenceInit } from './row-evidence.ts';

/** A plugin as a run carries it: where it is, its compiled script, its metadata; `broken` when it could not be loaded. */
export interface PluginSource {
  file: string;
  code: string;
  meta: PluginMeta;
  broken?: string;
}

/** A criterion as a worker rebuilds it: a built-in id, a formula, or a plugin. */
export type CriterionSource =
  | { kind: 'builtin'; id: string }
  | { kind: 'expr'; id: string; expr: string; threshold?: number; key: string; source?: string }
  | ({ kind: 'plugin'; key: string } & PluginSource);

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
  /** For the jobs to compute their rows' evidence too (row-evidence.ts); absent: assembly computes it. */
  evidence?: EvidenceInit;
}
