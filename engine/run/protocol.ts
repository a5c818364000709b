/**
 * The messages between the pool and its workers (threads for built-in jobs,
 * processes for plugin jobs). A worker says `ready` once its modules are
 * loaded; it then gets a run's context once (`init`) and any number of job
 * batches of that run. It reports each finished job as it goes, so a timeout
 * or a crash is pinned on the one job that was running. Before a run's jobs
 * are known, a thread may be given tasks of the run's preparation.
 */
import type { WorkerInit } from './worker-init.ts';
import type { JobOutput, JobSpec } from './replay.ts';
import type { PluginInspection } from './plugin-shape.ts';

export type ToWorker =
  | { type: 'init'; runId: string; init: WorkerInit }
  | { type: 'batch'; runId: string; batch: number; jobs: JobSpec[] }
  /** Plugin workers only: evaluate a compiled plugin and check its shape. */
  | { type: 'inspect'; request: number; label: string; code: string }
  /** Threads only: a piece of a run's preparation (engine/run/thread-tasks.ts), e.g. reading some of a universe's files. */
  | { type: 'task'; request: number; name: string; input: unknown };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-done'; runId: string }
  | { type: 'init-failed'; runId: string; error: string }
  | { type: 'batch-started'; batch: number }
  | { type: 'job-done'; batch: number; output: JobOutput }
  | { type: 'batch-done'; batch: number }
  | { type: 'inspected'; request: number; result: PluginInspection }
  | { type: 'task-done'; request: number; output?: unknown; error?: string };

/** One line of an error, for a message. */
export function firstLine(e: unknown): string {
  let m: string;
  try { m = e instanceof Error ? e.message : String(e); } catch { m = 'an unreadable error'; }
  return m.split('\n')[0]!.slice(0, 500) || 'error';
}
