/**
 * How many workers a run starts, and how its jobs are cut into batches.
 *
 * Workers: the number asked for (the command line, else the config, else the
 * CPU count up to 8), at most MAX_WORKERS_PER_CPU per CPU — more threads than
 * that only add start-up time and memory — and, per lane, never more than the
 * lane has jobs. When no count was asked for, a lane starts only as many
 * workers as its jobs' estimated cost can use (MIN_COST_PER_WORKER each), and
 * none — the jobs run in the main thread — when the whole lane costs less than
 * two workers' shares: one worker only moves the jobs off the main thread, and
 * below that starting threads and handing them the run's context costs more
 * than sharing the jobs saves (the default run: 57 jobs, about 0.8 s of CPU).
 *
 * Batches: a job's cost grows with its episodes times the resamples its
 * statistics draw (bootstrap + permutations), not with its count, so batches
 * are cut by estimated cost: guided self-scheduling, each batch about a
 * quarter of each worker's share of the cost still queued (big batches
 * first, little dispatch overhead; small ones at the end, so no worker idles
 * while another finishes a long batch), at least one job, at most MAX_BATCH_JOBS.
 */
import { availableParallelism } from 'node:os';
import type { JobSpec } from './replay.ts';

export const MAX_WORKERS_PER_CPU = 4;
export const DEFAULT_MAX_WORKERS = 8;
export const MAX_BATCH_JOBS = 64;
/**
 * Estimated cost (job-cost units: episodes x resamples) of one worker's
 * share: about 0.45 s of one core's work in today's jobs (statistics, the
 * row's trading and whole-path evidence), a worker's start-up (thread,
 * modules, context, first-job warm-up) a few times over.
 */
export const MIN_COST_PER_WORKER = 30_000_000;

/** Workers for a lane when no count was asked for: `workers` at most, one per MIN_COST_PER_WORKER of cost, 0 below two shares (one worker alone only moves the jobs off the main thread). */
export function workersForCost(totalCost: number, workers: number, jobs: number): number {
  if (totalCost < 2 * MIN_COST_PER_WORKER) return 0;
  return Math.min(workers, jobs, Math.max(1, Math.floor(totalCost / MIN_COST_PER_WORKER)));
}

/** The worker count to use, and a note when the request was lowered. */
export function resolveWorkers(requested: number | undefined, cpus = availableParallelism()): { workers: number; note?: string } {
  if (requested === undefined) return { workers: Math.max(1, Math.min(cpus, DEFAULT_MAX_WORKERS)) };
  const cap = MAX_WORKERS_PER_CPU * Math.max(1, cpus);
  if (requested > cap) {
    return { workers: cap, note: `${requested} workers is more than ${MAX_WORKERS_PER_CPU} per CPU (${cpus} CPU${cpus === 1 ? '' : 's'} here): using ${cap}` };
  }
  return { workers: Math.max(0, Math.floor(requested)) };
}

/** A lane's jobs in canonical order, handed out in batches sized by cost. */
export class JobQueue {
  private next = 0;
  private remaining: number;
  private readonly costs: number[];

  constructor(private readonly jobs: readonly JobSpec[], cost: (j: JobSpec) => number) {
    this.costs = jobs.map((j) => Math.max(1, cost(j)));
    this.remaining = this.costs.reduce((a, b) => a + b, 0);
  }

  get empty(): boolean {
    return this.next >= this.jobs.length;
  }

  /** The next batch for one of `workers` workers (empty when none is left). */
  take(workers: number): JobSpec[] {
    const target = this.remaining / Math.max(1, workers * 4);
    const start = this.next;
    let cost = 0;
    while (this.next < this.jobs.length && this.next - start < MAX_BATCH_JOBS && (this.next === start || cost + this.costs[this.next]! <= target)) {
      cost += this.costs[this.next]!;
      this.next++;
    }
    this.remaining -= cost;
    return this.jobs.slice(start, this.next);
  }
}
