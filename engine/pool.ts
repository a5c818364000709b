/**
 * Running jobs in parallel worker threads (piscina). Datasets and shared
 * indicators reach workers as SharedArrayBuffers via workerData. Jobs go out
 * in batches sized so dispatch overhead stays small. A batch that crashes its
 * worker or exceeds the timeout is retried job by job, so only the guilty
 * job fails; its reason is recorded. Results come back indexed by the
 * canonical job order, so scheduling never changes the output.
 */
import { Piscina } from 'piscina';
import type { JobOutput, JobSpec } from './replay.ts';
import { failedJob, runJob } from './replay.ts';
import { contextFromInit, type WorkerInit } from './context.ts';

export interface PoolOptions {
  /** 0 = run in the main thread (no timeout or crash isolation). */
  workers: number;
  /** Per dispatched batch, from when it starts on a warmed worker; a timed-out batch is retried one job at a time with the same limit. */
  timeoutMs: number;
  onProgress?: (done: number, total: number) => void;
}

/** How long a (re)started worker may take to load modules and plugins before its batch begins. */
const STARTUP_LIMIT_MS = 60_000;

export function batchSize(jobs: number, workers: number): number {
  return Math.max(1, Math.min(64, Math.ceil(jobs / Math.max(1, workers * 6))));
}

function reasonOf(e: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms (worker stopped)`;
  const msg = e instanceof Error ? e.message : String(e);
  if (/exit|terminated/i.test(msg)) return `worker crashed: ${msg.split('\n')[0]}`;
  return `worker error: ${msg.split('\n')[0]}`;
}

export async function executeJobs(init: WorkerInit, jobs: readonly JobSpec[], opts: PoolOptions): Promise<JobOutput[]> {
  const results: JobOutput[] = new Array(jobs.length);
  const slot = new Map<number, number>();
  jobs.forEach((j, i) => slot.set(j.index, i));
  let done = 0;
  const tick = (k: number): void => { done += k; opts.onProgress?.(done, jobs.length); };
  const episodesOf = new Map(init.episodeSets);

  if (opts.workers <= 0) {
    const ctx = await contextFromInit(init);
    for (const j of jobs) {
      results[slot.get(j.index)!] = runJob(ctx, j);
      tick(1);
    }
    return results;
  }

  const size = batchSize(jobs.length, opts.workers);
  const batches: JobSpec[][] = [];
  for (let i = 0; i < jobs.length; i += size) batches.push(jobs.slice(i, i + size));
  // One start flag per dispatch (batches, plus one-job retries): a worker sets it when the batch begins.
  const started = new Int32Array(new SharedArrayBuffer(4 * (batches.length + jobs.length + 1)));
  let slots = 0;
  const pool = new Piscina({
    filename: new URL('./worker.mjs', import.meta.url).href,
    workerData: { ...init, started },
    minThreads: opts.workers,
    maxThreads: opts.workers,
    idleTimeout: 60_000,
  });
  // Warm every worker (load modules, rebuild the context) before any timeout runs.
  await Promise.all(Array.from({ length: opts.workers }, () => pool.run({ jobs: [], warm: true })));
  const run = async (batch: JobSpec[]): Promise<void> => {
    const ac = new AbortController();
    let timedOut = false;
    const flag = slots++;
    const t0 = performance.now();
    let startedAt = -1;
    const timer = setInterval(() => {
      const now = performance.now();
      if (startedAt < 0 && Atomics.load(started, flag) === 1) startedAt = now;
      const over = startedAt >= 0 ? now - startedAt > opts.timeoutMs : now - t0 > STARTUP_LIMIT_MS + opts.timeoutMs;
      if (over) { timedOut = true; ac.abort(); }
    }, 20);
    try {
      const out = (await pool.run({ jobs: batch, slot: flag }, { signal: ac.signal })) as JobOutput[];
      for (const o of out) results[slot.get(o.index)!] = o;
      tick(batch.length);
    } catch (e) {
      if (batch.length > 1) {
        for (const j of batch) await run([j]);
      } else {
        const j = batch[0]!;
        results[slot.get(j.index)!] = failedJob(episodesOf.get(j.setKey)!, j, reasonOf(e, timedOut, opts.timeoutMs), init.statistics, init.runSeed);
        tick(1);
      }
    } finally {
      clearInterval(timer);
    }
  };
  // At most one batch in flight per worker, so a batch's timeout runs from when it starts, not while it queues.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) await run(batches[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: opts.workers }, lane));
  } finally {
    await pool.destroy();
  }
  return results;
}
