/**
 * Step 5 of a run: the planned jobs on the worker pool. Indicators that
 * trusted criteria need are computed once here, in the main thread, and
 * shared with every worker (SharedArrayBuffers), together with the data and
 * the episode sets.
 */
import { ConfigError } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import type { Episode } from '../types.ts';
import type { StatisticsSettings } from '../results.ts';
import { cachedIndicators, createView, scoreAt, type PreparedDataset } from '../data/view.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { WorkerInit } from './context.ts';
import type { JobPool } from './pool.ts';
import type { JobOutput, JobSpec } from './replay.ts';

export interface ExecuteInput {
  cfg: RunConfig;
  prepared: ReadonlyMap<string, PreparedDataset>;
  sets: ReadonlyMap<string, Episode[]>;
  criteria: readonly ResolvedCriterion[];
  statistics: StatisticsSettings;
  /** The jobs to run (this shard's), in canonical order. */
  jobs: readonly JobSpec[];
  onProgress?: (done: number, total: number) => void;
}

/** Run the jobs; outputs in the order of `jobs`. */
export async function executeJobs(pool: JobPool, x: ExecuteInput): Promise<JobOutput[]> {
  warmIndicators(x.prepared, x.sets, x.criteria, x.jobs);
  const init: WorkerInit = {
    datasets: [...x.prepared.values()].map((p) => p.dataset),
    indicators: [...x.prepared.values()].flatMap(cachedIndicators),
    episodeSets: [...x.sets.entries()],
    criteria: x.criteria.map((c) => c.source),
    runSeed: x.cfg.seed,
    statistics: x.statistics,
    baseDir: x.cfg.baseDir,
  };
  return pool.execute(init, x.jobs, { timeoutMs: x.cfg.timeoutMs, onProgress: x.onProgress });
}

/** The last episode of each dataset in a set (one for a plain set; one per member for a universe's). */
function lastPerDataset(eps: readonly Episode[]): Episode[] {
  const last = new Map<string, Episode>();
  for (const e of eps) last.set(e.market, e);
  return [...last.values()];
}

/** Evaluate each trusted criterion once per episode set (per member of a universe) so its indicators are computed (and shared) up front. */
function warmIndicators(prepared: ExecuteInput['prepared'], sets: ExecuteInput['sets'], criteria: readonly ResolvedCriterion[], jobs: readonly JobSpec[]): void {
  const seen = new Set<string>();
  for (const j of jobs) {
    const rc = criteria[j.criterion]!;
    if (rc.source.kind === 'plugin') continue;
    const k = `${j.setKey}|${j.criterion}|${j.paramsKey}`;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const last of lastPerDataset(sets.get(j.setKey)!)) {
      try {
        const view = createView(prepared.get(last.market) ?? prepared.get(j.dataset)!, last, { copy: false, seed: 'warm-up' });
        scoreAt(rc.criterion, view, j.params);
      } catch (e) {
        // A formula that cannot produce a score (e.g. a value outside [0,1]) is a config mistake:
        // say so before the run. Anything else fails only its own job, later.
        if (rc.source.kind === 'expr') {
          const key = `${rc.source.key}.expr`;
          const text = e instanceof ConfigError && e.key === key ? e.detail : e instanceof Error ? e.message : String(e);
          throw new ConfigError(key, `${text.split('\n')[0]!} (at ${last.decisionDate}, the last ${j.kind} decision of ${last.market})`);
        }
      }
    }
  }
}
