/**
 * A worker as the pool sees it, whatever runs it: a thread (built-in jobs:
 * datasets are SharedArrayBuffers, shared rather than copied) or a child
 * process (plugin jobs: its own memory, its own limits, nothing shared with
 * the run). Both speak the messages of protocol.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './protocol.ts';

export interface Endpoint {
  send(m: ToWorker): void;
  /** Add a message listener; returns its removal. */
  listen(f: (m: FromWorker) => void): () => void;
  /** Settles when the worker has loaded its modules. */
  readonly ready: Promise<void>;
  /** Settles once, when the worker is gone, with the reason. */
  readonly gone: Promise<string>;
  readonly alive: boolean;
  /** Stop it now; `gone` then settles with `reason`. */
  stop(reason: string): void;
  /** Whether it keeps this process alive (a spare plugin worker does not). */
  hold(on: boolean): void;
}

function endpoint(
  post: (m: ToWorker) => void,
  subscribe: (f: (m: FromWorker) => void) => void,
  kill: () => void,
): { ep: Omit<Endpoint, 'hold'>; exited: (reason: string) => void } {
  const listeners = new Set<(m: FromWorker) => void>();
  let alive = true;
  let stopReason: string | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => { markReady = r; });
  let markGone!: (reason: string) => void;
  const gone = new Promise<string>((r) => { markGone = r; });
  subscribe((m) => {
    if (m.type === 'ready') markReady();
    for (const f of [...listeners]) f(m);
  });
  const exited = (reason: string): void => {
    if (!alive) return;
    alive = false;
    markGone(stopReason ?? reason);
  };
  const ep = {
    send: (m: ToWorker) => { if (alive) post(m); },
    listen: (f: (m: FromWorker) => void) => { listeners.add(f); return () => { listeners.delete(f); }; },
    ready,
    gone,
    get alive() { return alive; },
    stop: (reason: string) => { if (!alive) return; stopReason = reason; kill(); },
  };
  return { ep, exited };
}

/** A worker thread for built-in jobs. */
export function threadEndpoint(): Endpoint {
  // A built-in worker's heap is bounded too (RALLY_WORKER_MEMORY_MB, default 2048): a job that
  // outgrows it ends its worker, and the pool fails or retries that worker's jobs only.
  const w = new Worker(new URL('./worker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb() } });
  let error = '';
  const { ep, exited } = endpoint((m) => w.postMessage(m), (f) => w.on('message', f), () => { void w.terminate(); });
  w.on('error', (e) => { error = e.message.split('\n')[0]!; });
  w.on('exit', (code) => exited(error ? `worker crashed: ${error}` : `worker crashed: exited with code ${code}`));
  return { ...ep, get alive() { return ep.alive; }, hold: (on) => { if (on) w.ref(); else w.unref(); } };
}

export interface ProcessLimits {
  /** V8 heap limit of the process (--max-old-space-size). */
  heapMb: number;
  /** Resident memory (heap, buffers, typed arrays: everything) above which the process is killed. */
  memoryMb: number;
}

/** A child process for plugin jobs (engine/run/plugin-worker.mjs). */
export function processEndpoint(limits: ProcessLimits): Endpoint {
  const child: ChildProcess = fork(fileURLToPath(new URL('./plugin-worker.mjs', import.meta.url)), [], {
    serialization: 'advanced',
    execArgv: [`--max-old-space-size=${limits.heapMb}`],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, RALLY_PLUGIN_MEMORY_MB: String(limits.memoryMb) },
  });
  let stoppedByUs = false;
  const { ep, exited } = endpoint(
    (m) => { try { child.send(m); } catch { /* gone: 'exit' follows */ } },
    (f) => child.on('message', (m) => f(m as FromWorker)),
    () => { stoppedByUs = true; child.kill('SIGKILL'); },
  );
  child.on('error', (e) => exited(`worker crashed: ${e.message.split('\n')[0]}`));
  child.on('exit', (code, signal) => {
    if (signal === 'SIGKILL' && !stoppedByUs) exited(`worker crashed: killed for using more than ${limits.memoryMb} MB of memory`);
    else exited(`worker crashed: ${signal ? `killed by ${signal}` : `exited with code ${code}`}`);
  });
  const hold = (on: boolean): void => {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
    if (on) { child.ref(); channel?.ref?.(); } else { child.unref(); channel?.unref?.(); }
  };
  return { ...ep, get alive() { return ep.alive; }, hold };
}

/** The heap bound of a built-in worker thread, in MB (RALLY_WORKER_MEMORY_MB, default 2048). */
export function workerMemoryMb(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.RALLY_WORKER_MEMORY_MB);
  return Number.isFinite(v) && v >= 64 ? Math.floor(v) : 2048;
}
