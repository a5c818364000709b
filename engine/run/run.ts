/**
 * A run, end to end, as named steps: load the data bundles, detect episodes,
 * resolve the criteria and their parameter grids, plan jobs in a canonical
 * order (this shard's share of them), execute them on the worker pool, and
 * put the parts together. `assemble` (shared with `rally merge`) turns parts
 * into the RunResult, so merged shards give exactly the unsharded result.
 */
import { availableParallelism } from 'node:os';
import { attributeToAsync } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import { loadRunData } from './data.ts';
import { detectRunEpisodes } from './episodes.ts';
import { checkFormulaSeries, resolveCriteria } from './criteria-set.ts';
import { planJobs } from './plan.ts';
import { jobsOfShard, type Shard } from './shard.ts';
import { JobPool } from './pool.ts';
import { executeJobs } from './execute.ts';
import { jobResults, priceTracks, runSummaryBase, type RunParts } from './assemble.ts';

export { assemble, type JobResult, type RunParts } from './assemble.ts';
export type { Shard } from './shard.ts';

export interface RunOptions {
  workers?: number;
  shard?: Shard;
  plugins?: string[];
  onProgress?: (done: number, total: number) => void;
}

export async function executeRun(cfg: RunConfig, opts: RunOptions = {}): Promise<RunParts> {
  const workers = opts.workers ?? (cfg.workers || Math.max(1, Math.min(availableParallelism(), 8)));
  // Start the workers first: they load their modules while this thread reads the data.
  const pool = new JobPool(workers);
  try {
    return await attributeToAsync(cfg.source, () => executeRunWith(pool, cfg, opts));
  } finally {
    await pool.destroy();
  }
}

async function executeRunWith(pool: JobPool, cfg: RunConfig, opts: RunOptions): Promise<RunParts> {
  const data = loadRunData(cfg);
  const episodes = detectRunEpisodes(data.prepared, cfg.episodes, data.universes);
  const criteria = await resolveCriteria(cfg.criteria, cfg.baseDir, opts.plugins ?? [], cfg.source || 'config');
  checkFormulaSeries(criteria, data.prepared);
  const jobs = planJobs(episodes.order, criteria);
  const mine = jobsOfShard(jobs, opts.shard);
  const statistics = { ...cfg.statistics, blockBy: 'year' as const };
  const outputs = await executeJobs(pool, {
    cfg, prepared: data.prepared, sets: episodes.sets, criteria, statistics, jobs: mine, onProgress: opts.onProgress,
  });
  return {
    summaryBase: runSummaryBase(cfg, data, episodes.definitions, criteria, statistics, episodes.universeCounts),
    episodes: episodes.episodes,
    prices: priceTracks(data.prepared, data.universes),
    totalJobs: jobs.length,
    jobs: jobResults(jobs, outputs),
  };
}
