/**
 * What runs inside a worker thread. A warm-up task only loads the modules.
 * A job task carries its run's WorkerInit (datasets and indicators are
 * SharedArrayBuffers: shared, not copied); the replay context is built once
 * per run and reused for every batch.
 */
import { runJob, type JobOutput, type JobSpec, type ReplayContext } from './replay.ts';
import { contextFromInit, type WorkerInit } from './context.ts';

/** What a worker task carries (the pool sends these). */
export interface WorkerTask {
  warm?: boolean;
  runId?: string;
  init?: WorkerInit;
  jobs: JobSpec[];
  /** Index into `started`, set by the worker when the batch begins. */
  slot?: number;
  started?: Int32Array;
}

let current: { runId: string; ctx: Promise<ReplayContext> } | null = null;

export default async function runBatch(task: WorkerTask): Promise<JobOutput[]> {
  if (task.warm) {
    // Hold this worker briefly so the pool's other warm-up tasks land on other workers.
    await new Promise((r) => setTimeout(r, 50));
    return [];
  }
  if (!task.init || !task.runId) throw new Error('worker task without its run context');
  if (!current || current.runId !== task.runId) current = { runId: task.runId, ctx: contextFromInit(task.init) };
  const c = await current.ctx;
  // Tell the pool the batch has started: its timeout counts from now, not from worker start-up.
  if (task.slot !== undefined && task.started) Atomics.store(task.started, task.slot, 1);
  return task.jobs.map((j) => runJob(c, j));
}
