/**
 * Sharding a run: `--shard i/n` runs the jobs the plan gives shard i. Every
 * shard computes the same plan on its own (from the job list and each job's
 * estimated cost, both derived from the config and the data), so shards
 * need no coordination, and `rally merge` puts their jobs back in canonical
 * order: the merged output is the unsharded run's, byte for byte.
 *
 * The plan balances estimated cost, not job counts: jobs are taken longest
 * first (ties by lower job index) and each goes to the shard with the least
 * estimated cost so far (ties: fewer jobs, then lower shard index) — the classic
 * longest-processing-time-first rule, within 4/3 of the best possible
 * makespan. The cost estimate is job-cost.ts.
 */
import { ConfigError } from '../errors.ts';

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** The rule that assigns jobs to shards; shard files record it and merge insists on one. */
export const SHARD_SCHEME = 'cost-lpt/1';

/** How every shard of a run was planned: what a shard file records beside its own index. */
export interface ShardPlan {
  scheme: string;
  /** Estimated cost of each shard, shard 1 first (the unit of job-cost.ts's JOB_COST_UNIT). */
  loads: number[];
  /** Jobs in each shard, shard 1 first. */
  jobCounts: number[];
}

/** Parse `i/n` (a --shard flag). */
export function parseShard(text: string, key = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ConfigError(key, `expected i/n such as 1/4, or auto (from the scheduler's environment), got '${text}'`, 'flags');
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new ConfigError(key, `shard ${text}: need 1 <= i <= n`, 'flags');
  return { index, count };
}

/**
 * The shard (1-based) of every job, by longest-processing-time-first over
 * `costs` (one per job, by job index). Deterministic: the same costs give the
 * same assignment in every process.
 */
export function assignShards(costs: readonly number[], count: number): number[] {
  const order = costs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  const loads = new Array<number>(count).fill(0), jobs = new Array<number>(count).fill(0);
  const shardOf = new Array<number>(costs.length).fill(0);
  for (const j of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (loads[s]! < loads[best]! || (loads[s] === loads[best] && jobs[s]! < jobs[best]!)) best = s;
    loads[best]! += costs[j]!;
    jobs[best]! += 1;
    shardOf[j] = best + 1;
  }
  return shardOf;
}

/** The plan of `count` shards from per-job costs: the assignment and each shard's load and job count. */
export function planShards(costs: readonly number[], count: number): ShardPlan & { shardOf: number[] } {
  const shardOf = assignShards(costs, count);
  const loads = new Array<number>(count).fill(0), jobCounts = new Array<number>(count).fill(0);
  shardOf.forEach((s, j) => { loads[s - 1]! += costs[j]!; jobCounts[s - 1]! += 1; });
  return { scheme: SHARD_SCHEME, loads, jobCounts, shardOf };
}

/**
 * The jobs of one shard (all of them without a shard), in canonical order,
 * and the plan they came from (undefined without a shard).
 */
export function jobsOfShard<J extends { index: number }>(jobs: readonly J[], costs: readonly number[], shard?: Shard): { jobs: J[]; plan?: ShardPlan } {
  if (!shard) return { jobs: [...jobs] };
  const { shardOf, ...plan } = planShards(costs, shard.count);
  return { jobs: jobs.filter((j) => shardOf[j.index] === shard.index), plan };
}
