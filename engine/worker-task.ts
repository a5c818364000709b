/**
 * What runs inside a worker thread: rebuild the replay context once from the
 * pool's workerData (datasets and precomputed indicators arrive as
 * SharedArrayBuffers — no copies), then run batches of jobs.
 */
import { workerData } from 'piscina';
import { runJob, type JobOutput, type JobSpec, type ReplayContext } from './replay.ts';
import { contextFromInit, type WorkerInit } from './context.ts';

let ctx: Promise<ReplayContext> | null = null;

export default async function runBatch(task: { jobs: JobSpec[]; warm?: boolean; slot?: number }): Promise<JobOutput[]> {
  const init = workerData as WorkerInit & { started?: Int32Array };
  ctx ??= contextFromInit(init);
  const c = await ctx;
  // Tell the pool the batch has started (its timeout counts from now, not from worker start-up).
  if (task.slot !== undefined && init.started) Atomics.store(init.started, task.slot, 1);
  if (task.warm) {
    // Hold this worker briefly so the pool's other warm-up tasks land on other workers.
    await new Promise((r) => setTimeout(r, 50));
    return [];
  }
  return task.jobs.map((j) => runJob(c, j));
}
