/**
 * Running jobs in parallel worker threads (piscina). Workers are started as
 * soon as a run begins, so they load their modules while the main thread
 * reads data and detects episodes. Each task carries the run's WorkerInit —
 * datasets and shared indicators are SharedArrayBuffers, so this shares
 * rather than copies — and a worker builds its replay context once per run.
 * Jobs go out in batches sized so dispatch overhead stays small, at most one
 * batch in flight per worker. A batch that crashes its worker or exceeds the
 * timeout (counted from when it starts) is retried job by job, so only the
 * guilty job fails, with its reason. Results are indexed by the canonical job
 * order, so scheduling never changes the output.
 */
import { Piscina } from 'piscina';
import type { JobOutput, JobSpec } from './replay.ts';
import { failedJob, runJob } from './replay.ts';
import { contextFromInit, type WorkerInit } from './context.ts';
import type { WorkerTask } from './worker-task.ts';

export interface PoolOptions {
  /** Per dispatched batch, from when it starts; a timed-out batch is retried one job at a time with the same limit. */
  timeoutMs: number;
  onProgress?: (done: number, total: number) => void;
}

/** How long a (re)started worker may take to load modules and plugins before its batch begins. */
const STARTUP_LIMIT_MS = 60_000;

/** Jobs per dispatched batch, given how many remain: about a quarter of each worker's share, 1..32. */
export function batchSize(remaining: number, workers: number): number {
  return Math.max(1, Math.min(32, Math.ceil(remaining / Math.max(1, workers * 4))));
}

function reasonOf(e: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms (worker stopped)`;
  const msg = e instanceof Error ? e.message : String(e);
  if (/exit|terminated/i.test(msg)) return `worker crashed: ${msg.split('\n')[0]}`;
  return `worker error: ${msg.split('\n')[0]}`;
}

let runCounter = 0;

/** A pool of `workers` threads (0 = run jobs in the main thread, without timeout or crash isolation). */
export class JobPool {
  readonly workers: number;
  private readonly piscina: Piscina | null;

  constructor(workers: number) {
    this.workers = workers;
    if (workers <= 0) {
      this.piscina = null;
      return;
    }
    this.piscina = new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
    });
    // Load the worker modules now, in parallel with the main thread's work.
    void Promise.all(Array.from({ length: workers }, () => this.piscina!.run({ warm: true, jobs: [] } satisfies WorkerTask)))
      .catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.piscina?.destroy();
  }

  async execute(init: WorkerInit, jobs: readonly JobSpec[], opts: PoolOptions): Promise<JobOutput[]> {
    const results: JobOutput[] = new Array(jobs.length);
    const slotOf = new Map<number, number>();
    jobs.forEach((j, i) => slotOf.set(j.index, i));
    let done = 0;
    const tick = (k: number): void => { done += k; opts.onProgress?.(done, jobs.length); };
    const episodesOf = new Map(init.episodeSets);

    if (!this.piscina) {
      const ctx = await contextFromInit(init);
      for (const j of jobs) {
        results[slotOf.get(j.index)!] = runJob(ctx, j);
        tick(1);
      }
      return results;
    }
    const pool = this.piscina;
    // No need to wait for the warm-up: batches queue behind it, and their timeouts only start
    // once a worker actually begins them.
    const runId = `run-${process.pid}-${++runCounter}`;
    // One start flag per dispatch (batches plus one-job retries): a worker sets it when the batch begins.
    const started = new Int32Array(new SharedArrayBuffer(4 * (2 * jobs.length + 1)));
    let flags = 0;
    const run = async (batch: JobSpec[]): Promise<void> => {
      const ac = new AbortController();
      let timedOut = false;
      const flag = flags++;
      const t0 = performance.now();
      let startedAt = -1;
      const timer = setInterval(() => {
        const now = performance.now();
        if (startedAt < 0 && Atomics.load(started, flag) === 1) startedAt = now;
        const over = startedAt >= 0 ? now - startedAt > opts.timeoutMs : now - t0 > STARTUP_LIMIT_MS + opts.timeoutMs;
        if (over) { timedOut = true; ac.abort(); }
      }, 20);
      try {
        const task: WorkerTask = { runId, init, jobs: batch, slot: flag, started };
        const out = (await pool.run(task, { signal: ac.signal })) as JobOutput[];
        for (const o of out) results[slotOf.get(o.index)!] = o;
        tick(batch.length);
      } catch (e) {
        if (batch.length > 1) {
          for (const j of batch) await run([j]);
        } else {
          const j = batch[0]!;
          results[slotOf.get(j.index)!] = failedJob(episodesOf.get(j.setKey)!, j, reasonOf(e, timedOut, opts.timeoutMs), init.statistics, init.runSeed, init.periods);
          tick(1);
        }
      } finally {
        clearInterval(timer);
      }
    };
    // Guided self-scheduling: big batches first (little dispatch overhead), smaller ones towards
    // the end so no worker idles while another finishes a long batch.
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const size = batchSize(jobs.length - next, this.workers);
        const batch = jobs.slice(next, next + size);
        next += size;
        await run(batch);
      }
    };
    await Promise.all(Array.from({ length: this.workers }, lane));
    return results;
  }
}
