/**
 * Running jobs in parallel, in two lanes that never mix:
 * - built-in jobs (built-in criteria and formulas: part of the engine) on
 *   worker threads, sharing the run's data (SharedArrayBuffers) — or in this
 *   thread, with 0 workers (for debugging), or when no count was asked for
 *   and the jobs cost less than a worker's start-up (batches.ts);
 * - plugin jobs (a plugin's own jobs, and any job whose parameters name a
 *   plugin, such as a consensus of plugins) on plugin worker processes
 *   (plugin-host.ts), always — 0 workers included: plugins never run here.
 * At most `workers` batches run at once across both lanes. Each worker gets
 * the run's context once (lane.ts), then batches cut by cost (batches.ts);
 * a built-in lane with the workers to itself keeps a second batch waiting in
 * each worker, so that none idles while this thread is busy.
 * Threads started with the pool (a count was asked for, or the run has a
 * universe) may first run tasks of the run's preparation (thread-tasks.ts:
 * reading a universe's files, computing many datasets' indicators).
 * A job that runs over the per-job timeout fails with that reason; a job
 * during which its worker dies is retried once, first in a fresh worker, and
 * fails with the reason if it kills that one too. Results are indexed by the
 * canonical job order, so scheduling never changes the output.
 */
import type { JobOutput, JobSpec, ReplayContext } from './replay.ts';
import { runJob } from './replay.ts';
import type { WorkerInit } from './worker-init.ts';
import { Lane, type BatchResult } from './lane.ts';
import { threadEndpoint, type Endpoint } from './endpoint.ts';
import { pluginWorker } from './plugin-host.ts';
import { JobQueue, MAX_BATCH_JOBS, resolveWorkers, workersForCost } from './batches.ts';
import { firstLine } from './protocol.ts';
import { availableParallelism } from 'node:os';

export interface PoolWork {
  /** The jobs, in canonical order. */
  jobs: readonly JobSpec[];
  /** Whether a job runs in the plugin lane. */
  isPluginJob: (j: JobSpec) => boolean;
  /** A job's estimated cost (episodes x resamples). */
  cost: (j: JobSpec) => number;
  /** The lanes' contexts (made when a lane first needs one). */
  builtinInit: () => WorkerInit;
  pluginInit: () => WorkerInit;
  /** The context for built-in jobs run in this thread (0 workers). */
  inThread: () => Promise<ReplayContext>;
  /** Jobs that fail without running, and why (e.g. a plugin that could not be loaded). */
  preFailed: ReadonlyMap<number, string>;
  /** A failed job's output. */
  failed: (j: JobSpec, reason: string) => JobOutput;
  /** Per job, from when it starts. */
  timeoutMs: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Each output a worker sends, as it comes in (before progress is reported): this thread is free
   * while workers run jobs. Not the outputs of jobs run in this thread, nor of jobs failed before they ran.
   */
  onOutput?: (o: JobOutput) => void;
  /** A worker thread's output as the job made it (wire.ts). */
  unpack: (o: JobOutput) => JobOutput;
}

/** At most `n` holders at once. */
class Permits {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    return () => { const next = this.waiting.shift(); if (next) next(); else this.free++; };
  }
}

let runCounter = 0;

export class JobPool {
  /** Workers as resolved: at most this many batches at once (0: built-in jobs in this thread). */
  readonly workers: number;
  /** No count was asked for: built-in lanes start only the workers their jobs' cost can use (batches.ts). */
  private readonly byCost: boolean;
  private readonly builtin: Lane | null;
  private plugin: Lane | null = null;

  /**
   * `requested`: the command line's or the config's worker count (undefined: at most the CPU count, up to 8, and only as many as the jobs' cost can use).
   * `preparation`: the run has work for threads before its jobs are known (a universe's files to read), so they
   * start now even when their count would otherwise wait for the jobs' cost.
   */
  constructor(requested?: number, onNote: (note: string) => void = (n) => { process.stderr.write(`rally: ${n}\n`); }, preparation = false,
    spawnThread: () => Endpoint = threadEndpoint) {
    const { workers, note } = resolveWorkers(requested);
    if (note) onNote(note);
    this.workers = workers;
    this.byCost = requested === undefined;
    this.builtin = workers > 0 ? new Lane(spawnThread) : null;
    // The threads asked for (up to one per CPU) load their modules while this thread reads the data, so that none
    // starts after the jobs are known; more start then (all of them when the count depends on the jobs' cost).
    if (!this.byCost || preparation) this.builtin?.grow(Math.min(workers, availableParallelism()));
  }

  /** Threads that can run the run's preparation tasks (thread-tasks.ts) now: those started with the pool. */
  get preparers(): number {
    return this.builtin?.size ?? 0;
  }

  /** Task `name` once per input on the `preparers` threads, each taking the next input when free: each output, or why there is none. */
  async tasks(name: string, inputs: readonly unknown[]): Promise<Array<{ output: unknown } | { error: string }>> {
    const lane = this.builtin;
    if (!lane || lane.size === 0) throw new Error('pool: no threads for preparation tasks');
    const out: Array<{ output: unknown } | { error: string }> = new Array(inputs.length);
    let next = 0;
    const slot = async (i: number): Promise<void> => {
      while (next < inputs.length) {
        const k = next++;
        out[k] = await lane.task(i, name, inputs[k]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lane.size, inputs.length) }, (_, i) => slot(i)));
    return out;
  }

  async destroy(): Promise<void> {
    await Promise.all([this.builtin?.destroy(), this.plugin?.destroy()]);
  }

  async execute(w: PoolWork): Promise<JobOutput[]> {
    const results: JobOutput[] = new Array(w.jobs.length);
    const slotOf = new Map(w.jobs.map((j, i) => [j.index, i] as const));
    let done = 0;
    // `fromWorker`: the output came from a worker (thread or plugin process) while this thread was free for other work.
    const record = (sent: JobOutput, fromWorker = false): void => {
      const o = w.unpack(sent);
      results[slotOf.get(o.index)!] = o;
      if (fromWorker) w.onOutput?.(o);
      done++;
      w.onProgress?.(done, w.jobs.length);
    };
    const runnable = w.jobs.filter((j) => {
      const why = w.preFailed.get(j.index);
      if (why !== undefined) record(w.failed(j, why));
      return why === undefined;
    });
    const builtinJobs = runnable.filter((j) => !w.isPluginJob(j));
    const pluginJobs = runnable.filter((j) => w.isPluginJob(j));
    const permits = new Permits(Math.max(1, this.workers));
    const runId = `run-${process.pid}-${++runCounter}`;
    const lanes: Array<Promise<void>> = [];
    const n = !this.builtin ? 0 : this.byCost
      ? workersForCost(builtinJobs.reduce((sum, j) => sum + w.cost(j), 0), this.workers, builtinJobs.length)
      : Math.min(this.workers, builtinJobs.length);
    if (this.builtin) {
      this.builtin.shrink(n);
      this.builtin.grow(n);
    }
    if (this.builtin && n > 0) {
      const depth = pluginJobs.length ? 1 : 2; // (runLane)
      lanes.push(this.runLane(this.builtin, { runId, init: w.builtinInit(), jobs: builtinJobs, permits, record: (o) => record(o, true), depth }, w));
    } else if (builtinJobs.length) {
      lanes.push(this.runInThread(builtinJobs, w, record));
    }
    if (pluginJobs.length) {
      this.plugin ??= new Lane(pluginWorker);
      const n = Math.min(Math.max(1, this.workers), pluginJobs.length);
      this.plugin.shrink(n);
      this.plugin.grow(n);
      lanes.push(this.runLane(this.plugin, { runId, init: w.pluginInit(), jobs: pluginJobs, permits, record: (o) => record(o, true), depth: 1 }, w));
    }
    await Promise.all(lanes);
    return results;
  }

  /**
   * A lane's jobs on its slots. Each slot keeps `depth` batches outstanding:
   * with 2, the next batch already waits in the worker when one ends, so the
   * worker never idles while this thread is busy (assembly work ahead,
   * garbage collection) — used when the lane has the workers to itself (no
   * plugin lane to share them with: then each batch takes one of the
   * `workers` permits).
   */
  private async runLane(
    lane: Lane,
    run: { runId: string; init: WorkerInit; jobs: JobSpec[]; permits: Permits; record: (o: JobOutput) => void; depth: 1 | 2 },
    w: PoolWork,
  ): Promise<void> {
    const queue = new JobQueue(run.jobs, w.cost);
    const retried = new Set<number>();
    const slot = async (i: number): Promise<void> => {
      let again: JobSpec[] = []; // jobs to run before the queue's: the rest of a stopped batch
      const inflight: Array<{ jobs: JobSpec[]; result: Promise<BatchResult>; release: () => void }> = [];
      for (;;) {
        while (inflight.length < run.depth) {
          if (!again.length && queue.empty) break;
          const release = run.depth === 1 ? await run.permits.acquire() : () => undefined;
          const jobs = again.length ? again.splice(0, MAX_BATCH_JOBS) : queue.take(lane.size);
          if (!jobs.length) { release(); break; }
          inflight.push({ jobs, release, result: lane.run(i, run.runId, run.init, jobs, w.timeoutMs, inflight.at(-1)?.result) });
        }
        const head = inflight.shift();
        if (!head) return;
        const r = await head.result.finally(head.release);
        for (const o of r.outputs) run.record(o);
        const rest = head.jobs.slice(r.outputs.length);
        if (!r.stopped) {
          for (const j of rest) run.record(w.failed(j, 'worker error: no result'));
          continue;
        }
        // The worker is gone: batches queued behind this one never started; their jobs run again, after this batch's.
        const unstarted: JobSpec[] = [];
        for (const q of inflight.splice(0)) {
          const qr = await q.result.finally(q.release);
          for (const o of qr.outputs) run.record(o);
          unstarted.push(...q.jobs.slice(qr.outputs.length));
        }
        const j = rest[0]!;
        // A crash is retried once, the job first in a fresh worker; a timeout is the job's own.
        if (!r.stopped.timedOut && !retried.has(j.index)) {
          retried.add(j.index);
          again = [...rest, ...unstarted];
        } else {
          run.record(w.failed(j, r.stopped.reason));
          again = [...rest.slice(1), ...unstarted];
        }
      }
    };
    await Promise.all(Array.from({ length: lane.size }, (_, i) => slot(i)));
  }

  /** 0 workers: built-in jobs one by one in this thread, letting the plugin lane's messages through between jobs. */
  private async runInThread(jobs: readonly JobSpec[], w: PoolWork, record: (o: JobOutput) => void): Promise<void> {
    const ctx = await w.inThread();
    for (const j of jobs) {
      let out: JobOutput;
      try {
        out = runJob(ctx, j);
      } catch (e) {
        out = w.failed(j, `worker error: ${firstLine(e)}`);
      }
      record(out);
      await new Promise((r) => setImmediate(r));
    }
  }
}
