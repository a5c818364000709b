/**
 * What runs inside a worker: the message loop of protocol.ts. A run's
 * context arrives once (`init`) and is built once; each batch then names only
 * its jobs. Every job is reported as it finishes. The same loop serves the
 * built-in threads (this file's `serveThread`) and the plugin processes
 * (plugin-task.ts, with its own context and job runner).
 */
import { parentPort } from 'node:worker_threads';
import { failedJob, runJob, type JobOutput, type JobSpec, type ReplayContext } from './replay.ts';
import { contextFromInit } from './context.ts';
import type { WorkerInit } from './worker-init.ts';
import { firstLine, type FromWorker, type ToWorker } from './protocol.ts';
import { THREAD_TASKS } from './thread-tasks.ts';
import { packOutput } from './wire.ts';

export interface WorkerIo {
  send(m: FromWorker): void;
  onMessage(f: (m: ToWorker) => void): void;
}

export interface JobRunner<C> {
  context(init: WorkerInit): Promise<C>;
  run(ctx: C, job: JobSpec): JobOutput;
  /** Anything the context builds only when a batch needs it (formula criteria), before the batch runs. */
  prepare?(ctx: C, jobs: readonly JobSpec[]): Promise<void>;
  /** For a failed job's output: its episodes, the statistics and seed. */
  base(ctx: C): Pick<ReplayContext, 'episodeSets' | 'statistics' | 'runSeed' | 'periods'>;
}

/** A job's output even when something outside the criterion's own code threw (an engine bug). */
export function runSafely<C>(r: JobRunner<C>, ctx: C, job: JobSpec): JobOutput {
  try {
    return r.run(ctx, job);
  } catch (e) {
    const b = r.base(ctx);
    return failedJob(b.episodeSets.get(job.setKey) ?? [], job, `worker error: ${firstLine(e)}`, b.statistics, b.runSeed, b.periods);
  }
}

/** Serve the pool's messages; `other` gets the ones that are not about jobs. */
export function serve<C>(io: WorkerIo, runner: JobRunner<C>, other?: (m: ToWorker) => void | Promise<void>): void {
  let current: { runId: string; ctx: Promise<C> } | null = null;
  // Messages are handled one at a time, in order.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (m: ToWorker): Promise<void> => {
    if (m.type === 'init') {
      current = { runId: m.runId, ctx: runner.context(m.init) };
      try {
        await current.ctx;
        io.send({ type: 'init-done', runId: m.runId });
      } catch (e) {
        io.send({ type: 'init-failed', runId: m.runId, error: firstLine(e) });
      }
    } else if (m.type === 'batch') {
      if (!current || current.runId !== m.runId) throw new Error(`batch of run ${m.runId} before its context`);
      const ctx = await current.ctx;
      await runner.prepare?.(ctx, m.jobs);
      io.send({ type: 'batch-started', batch: m.batch });
      for (const j of m.jobs) {
        const output = runSafely(runner, ctx, j);
        // Let whatever the job queued (a plugin's promise callbacks) run now, while the job's clock still runs.
        await new Promise((r) => setImmediate(r));
        io.send({ type: 'job-done', batch: m.batch, output });
      }
      io.send({ type: 'batch-done', batch: m.batch });
    } else {
      await other?.(m);
    }
  };
  io.onMessage((m) => {
    queue = queue.then(() => handle(m)).catch((e: unknown) => { process.stderr.write(`rally worker: ${firstLine(e)}\n`); });
  });
  io.send({ type: 'ready' });
}

const threadRunner: JobRunner<ReplayContext> = {
  context: contextFromInit,
  prepare: async (ctx, jobs) => { await ctx.prepare?.(jobs); },
  // Sent in the compact form of wire.ts: the pool unpacks it.
  run: (ctx, job) => packOutput(runJob(ctx, job), ctx.episodeSets.get(job.setKey)),
  base: (ctx) => ctx,
};

/** The ArrayBuffers that typed arrays in `x` (plain objects and arrays) each view whole: safe to transfer. */
export function ownBuffers(x: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(x)) {
    if (x.buffer instanceof ArrayBuffer && x.byteOffset === 0 && x.byteLength === x.buffer.byteLength) out.add(x.buffer);
  } else if (Array.isArray(x)) {
    for (const v of x) ownBuffers(v, out);
  } else if (x && typeof x === 'object') {
    for (const v of Object.values(x)) ownBuffers(v, out);
  }
  return [...out];
}

/** The worker-thread side (engine/run/worker.mjs): jobs, and the run's preparation tasks (thread-tasks.ts). */
export function serveThread(): void {
  const port = parentPort;
  if (!port) throw new Error('worker-task: not in a worker thread');
  const send = (m: FromWorker): void => port.postMessage(m);
  serve({ send, onMessage: (f) => port.on('message', f) }, threadRunner, async (m) => {
    if (m.type !== 'task') return;
    const task = THREAD_TASKS[m.name];
    try {
      if (!task) throw new Error(`no thread task '${m.name}'`);
      const output = await task(m.input as never);
      // The output's own buffers move to the main thread rather than being copied there.
      port.postMessage({ type: 'task-done', request: m.request, output } satisfies FromWorker, ownBuffers(output));
    } catch (e) {
      send({ type: 'task-done', request: m.request, error: firstLine(e) });
    }
  });
}
