/**
 * A run, end to end, as named steps: load the data bundles, detect episodes,
 * resolve the criteria and their parameter grids, plan jobs in a canonical
 * order (this shard's share of them), execute them on the worker pool, and
 * put the parts together. `assemble` (shared with `rally merge`) turns parts
 * into the RunResult, so merged shards give exactly the unsharded result.
 */
import { attributeToAsync } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import { loadRunData, type RunData } from './data.ts';
import { detectRunEpisodes } from './episodes.ts';
import { checkFormulaSeries, resolveCriteria } from './criteria-set.ts';
import { planJobs } from './plan.ts';
import { estimateJobCosts } from './job-cost.ts';
import { jobsOfShard, type Shard, type ShardPlan } from './shard.ts';
import { JobPool } from './pool.ts';
import { executeJobs } from './execute.ts';
import type { JobOutput } from './replay.ts';
import { jobResults, priceTracks, runSummaryBase, type RunParts } from './assemble.ts';
import { combineSettings } from './combine.ts';
import { episodePaths } from '../episodes/whole-path.ts';
import { tradingInput } from './trading-input.ts';
import { ConfigError } from '../errors.ts';
import { runNullWorlds } from './null-worlds.ts';
import { AssemblyAhead } from './assembly-ahead.ts';
import { runPower } from './universe-summary.ts';

export { assemble, type JobResult, type RunParts } from './assemble.ts';
export type { Shard } from './shard.ts';

export interface RunOptions {
  workers?: number;
  shard?: Shard;
  plugins?: string[];
  onProgress?: (done: number, total: number) => void;
  /**
   * The run's data when the caller already has it, exactly as loadRunData would read cfg's datasets
   * (e.g. a simulated market built in memory, datasets/simulate/in-memory.ts); default: read the files.
   */
  data?: RunData;
}

/** A run's parts; a shard's also say how the shards were planned (for its shard file). */
export type ExecutedParts = RunParts & { shardPlan?: ShardPlan };

export async function executeRun(cfg: RunConfig, opts: RunOptions = {}): Promise<ExecutedParts> {
  // Start the pool first: a worker loads its modules while this thread reads the data.
  const pool = new JobPool(opts.workers ?? cfg.workers, undefined, cfg.datasets.some((b) => b.spec.universe !== undefined));
  try {
    return await attributeToAsync(cfg.source, () => executeRunWith(pool, cfg, opts));
  } finally {
    await pool.destroy();
  }
}

async function executeRunWith(pool: JobPool, cfg: RunConfig, opts: RunOptions): Promise<ExecutedParts> {
  if (cfg.nullWorlds && opts.shard) throw new ConfigError('nullWorlds', 'null worlds need the whole run: leave out --shard (or the nullWorlds key)');
  const data = opts.data ?? await loadRunData(cfg, pool);
  const episodes = detectRunEpisodes(data.prepared, cfg.episodes, data.universes);
  const trading = tradingInput(cfg, data.prepared, episodes.episodes, data.universes);
  const criteria = await resolveCriteria(cfg.criteria, cfg.baseDir, opts.plugins ?? [], cfg.source || 'config', cfg.timeoutMs);
  checkFormulaSeries(criteria, data.prepared);
  combineSettings(cfg, criteria); // a combine member that is not a criterion of the run fails here, before any job runs
  const jobs = planJobs(episodes.order, criteria);
  const statistics = { ...cfg.statistics, blockBy: 'year' as const };
  const costs = opts.shard ? estimateJobCosts(jobs, { prepared: data.prepared, sets: episodes.sets, criteria, statistics }) : [];
  const { jobs: mine, plan } = jobsOfShard(jobs, costs, opts.shard);
  // With null worlds, progress counts the real jobs and then every world's (the same jobs again, per world).
  const worlds = cfg.nullWorlds?.paths ?? 0;
  const progress = opts.onProgress;
  const summaryBase = runSummaryBase(cfg, data, episodes.definitions, criteria, statistics, episodes.universeCounts);
  // Unsharded: what assembly can do before the last job, done while the jobs run (assembly-ahead.ts).
  const ahead = opts.shard ? undefined
    : new AssemblyAhead({ episodes: episodes.episodes, jobs: mine, statistics, seed: cfg.seed, power: () => runPower(episodes.episodes, summaryBase, summaryBase.statistics), ...(trading ? { trading } : {}) });
  const outputs = await executeJobs(pool, {
    cfg, prepared: data.prepared, sets: episodes.sets, criteria, statistics, jobs: mine,
    ...(opts.shard ? {} : { evidence: { episodes: episodes.episodes, trading } }),
    ...(ahead ? { onOutput: (o: JobOutput) => ahead.add(o) } : {}),
    onProgress: progress && ((d, t) => progress(d, t * (1 + worlds))),
  });
  ahead?.settle();
  const nullWorlds = cfg.nullWorlds
    ? await runNullWorlds(pool, { cfg, spec: cfg.nullWorlds, prepared: data.prepared, criteria, statistics, real: { episodes, metrics: outputs.map((o) => o.metrics) },
      onProgress: progress && ((d) => progress(jobs.length + d, jobs.length * (1 + worlds))) })
    : undefined;
  return {
    ...(nullWorlds ? { nullWorlds } : {}),
    summaryBase,
    episodes: episodes.episodes,
    prices: priceTracks(data.prepared, data.universes),
    totalJobs: jobs.length,
    jobs: jobResults(jobs, outputs),
    ...(plan ? { shardPlan: plan } : {}),
    paths: episodePaths(new Map([...data.prepared].map(([id, p]) => [id, p.dataset])), episodes.episodes),
    ...(trading ? { trading } : {}),
    ...(ahead ? { ahead } : {}),
  };
}
