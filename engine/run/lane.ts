/**
 * A lane: a fixed set of worker slots of one kind (threads for built-in
 * jobs, processes for plugin jobs). A slot's worker gets a run's context once
 * — when it first runs a batch of that run, or after it was replaced — and
 * then only job lists. A batch reports each job as it finishes; the per-job
 * timeout counts from when that job started. A job that runs over its time,
 * or during which the worker dies, stops the worker (the slot starts a new
 * one for its next batch) and the batch comes back with what was finished
 * and why it stopped. Before a run's jobs are known, a slot's worker may run
 * tasks of the run's preparation (thread-tasks.ts).
 */
import type { WorkerInit } from './worker-init.ts';
import type { Endpoint } from './endpoint.ts';
import type { FromWorker } from './protocol.ts';
import type { JobOutput, JobSpec } from './replay.ts';

/** How long a (re)started worker may take to load its modules and build a run's context. */
export const STARTUP_LIMIT_MS = 60_000;

export interface BatchResult {
  /** The jobs finished, in batch order (a prefix of the batch). */
  outputs: JobOutput[];
  /** Why the batch stopped before its end: the job after `outputs` was running then. */
  stopped?: { reason: string; timedOut: boolean };
}

interface Slot {
  ep: Endpoint | null;
  runId: string | null;
  /** The run context being handed to `ep` (two batches queued at once wait for one hand-over). */
  connecting?: { ep: Endpoint; runId: string; ready: Promise<Endpoint | string> };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => { timer = setTimeout(() => r('late'), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export class Lane {
  private readonly slots: Slot[] = [];
  private batches = 0;

  /** `startupMs`: how long a worker may take to start, build a run's context or run a preparation task (tests shorten it). */
  constructor(private readonly spawn: () => Endpoint, private readonly startupMs = STARTUP_LIMIT_MS) {}

  get size(): number {
    return this.slots.length;
  }

  /** Start workers so that there are `n` slots (they load their modules meanwhile). */
  grow(n: number): void {
    while (this.slots.length < n) this.slots.push({ ep: this.spawn(), runId: null });
  }

  /** Stop the workers of slots beyond the first `n`. */
  shrink(n: number): void {
    for (const s of this.slots.splice(n)) s.ep?.stop('not needed');
  }

  async destroy(): Promise<void> {
    const gone = this.slots.map((s) => s.ep?.gone);
    this.shrink(0);
    await Promise.all(gone);
  }

  /** A live worker for slot `i`, ready, holding run `runId`'s context; or why there is none. */
  private worker(i: number, runId: string, init: WorkerInit): Promise<Endpoint | string> {
    const slot = this.slots[i]!;
    if (!slot.ep?.alive) { slot.ep = this.spawn(); slot.runId = null; }
    const ep = slot.ep;
    const c = slot.connecting;
    if (c && c.ep === ep && c.runId === runId) return c.ready;
    const ready = this.connect(slot, ep, runId, init);
    slot.connecting = { ep, runId, ready };
    return ready;
  }

  /** Wait for `ep` to start, and hand it run `runId`'s context unless it holds it. */
  private async connect(slot: Slot, ep: Endpoint, runId: string, init: WorkerInit): Promise<Endpoint | string> {
    if ((await within(Promise.race([ep.ready, ep.gone.then(() => 'gone' as const)]), this.startupMs)) !== undefined) {
      ep.stop(`worker crashed: did not start within ${this.startupMs} ms`);
      return ep.gone;
    }
    if (slot.runId === runId) return ep;
    let unlisten = (): void => undefined;
    const answer = new Promise<FromWorker>((resolve) => {
      unlisten = ep.listen((m) => { if ((m.type === 'init-done' || m.type === 'init-failed') && m.runId === runId) resolve(m); });
    });
    ep.send({ type: 'init', runId, init });
    const got = await within(Promise.race([answer, ep.gone]), this.startupMs).finally(unlisten);
    if (got === 'late') { ep.stop(`worker crashed: its run context took over ${this.startupMs} ms`); return ep.gone; }
    if (typeof got === 'string') return got;
    if (got.type === 'init-failed') { ep.stop(`worker error: ${got.error}`); return ep.gone; }
    slot.runId = runId;
    return ep;
  }

  /** Run preparation task `name` (thread-tasks.ts) on slot `i`'s worker: its output, or why there is none. */
  async task(i: number, name: string, input: unknown): Promise<{ output: unknown } | { error: string }> {
    const slot = this.slots[i]!;
    if (!slot.ep?.alive) { slot.ep = this.spawn(); slot.runId = null; }
    const ep = slot.ep;
    const request = ++this.batches;
    let unlisten = (): void => undefined;
    const answer = new Promise<FromWorker>((resolve) => {
      unlisten = ep.listen((m) => { if (m.type === 'task-done' && m.request === request) resolve(m); });
    });
    // Sent now, even to a worker still loading its modules (it gets the message once it listens), so that the
    // caller can do other work meanwhile.
    ep.send({ type: 'task', request, name, input });
    const got = await within(Promise.race([answer, ep.gone]), this.startupMs).finally(unlisten);
    if (got === 'late') { ep.stop(`worker crashed: task '${name}' took over ${this.startupMs} ms`); return { error: await ep.gone }; }
    if (typeof got === 'string') return { error: got };
    return got.type === 'task-done' && got.error === undefined ? { output: got.output } : { error: got.type === 'task-done' ? got.error! : 'no answer' };
  }

  /**
   * Run `jobs` on slot `i`. With `after` (the slot's batch before this one,
   * still running), the batch is sent now and waits in the worker; its
   * clock starts when `after` settles. If the worker stops meanwhile, this
   * batch comes back unstarted (no outputs), its jobs not to blame.
   */
  async run(i: number, runId: string, init: WorkerInit, jobs: readonly JobSpec[], timeoutMs: number, after?: Promise<unknown>): Promise<BatchResult> {
    if (!this.slots[i]) return { outputs: [], stopped: { reason: 'worker stopped: the pool was shut down', timedOut: true } };
    const ep = await this.worker(i, runId, init);
    if (typeof ep === 'string') return { outputs: [], stopped: { reason: ep, timedOut: false } };
    const batch = ++this.batches;
    const outputs: JobOutput[] = [];
    let mark = -1; // when the running job started (-1: the batch has not started)
    let timedOut = false;
    let ended = false;
    let unlisten = (): void => undefined;
    const finished = new Promise<void>((resolve) => {
      unlisten = ep.listen((m) => {
        if (m.type === 'batch-started' && m.batch === batch) mark = performance.now();
        else if (m.type === 'job-done' && m.batch === batch) { outputs.push(m.output); mark = performance.now(); }
        else if (m.type === 'batch-done' && m.batch === batch) resolve();
      });
    });
    let queued = after ? -1 : performance.now(); // since when the batch could have started (-1: a batch before it runs)
    const started = (): void => { queued = performance.now(); };
    after?.then(started, started);
    const over = (): boolean => {
      const now = performance.now();
      return mark >= 0 ? now - mark > timeoutMs : queued >= 0 && now - queued > this.startupMs + timeoutMs;
    };
    // A timer can fire before messages that arrived while this thread was busy are read: look again after them.
    const watch = setInterval(() => {
      if (over()) setImmediate(() => { if (!ended && over() && ep.alive) { timedOut = true; ep.stop(`timed out after ${timeoutMs} ms (worker stopped)`); } });
    }, Math.max(5, Math.min(50, timeoutMs / 4)));
    ep.send({ type: 'batch', runId, batch, jobs: [...jobs] });
    try {
      const end = await Promise.race([finished.then(() => null), ep.gone]);
      if (end === null) return { outputs };
      return { outputs, stopped: { reason: end, timedOut } };
    } finally {
      ended = true;
      clearInterval(watch);
      unlisten();
    }
  }
}
