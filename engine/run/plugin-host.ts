/**
 * Plugin worker processes, seen from the main thread. They are child
 * processes (engine/run/plugin-worker.mjs) rather than threads so that a
 * plugin's memory is its own and bounded — typed arrays and buffers live
 * outside a thread's heap limit, a process's resident memory does not — and
 * so that nothing of the run is in their address space. Each one has a heap
 * limit and a memory guard; `process` is out of a plugin's reach, so it can
 * neither exit nor signal the run.
 *
 * Inspecting a plugin (its metadata and shape) happens in one of these too;
 * that process is then kept, idle and not holding this one open, as a spare
 * that the run's plugin lane takes as its first worker.
 */
import { processEndpoint, type Endpoint, type ProcessLimits } from './endpoint.ts';
import type { FromWorker } from './protocol.ts';
import type { PluginInspection } from './plugin-shape.ts';
import { STARTUP_LIMIT_MS } from './lane.ts';

/** Resident memory a plugin worker may use; RALLY_PLUGIN_MEMORY_MB sets another (at least 128; an idle worker holds about 100). */
export const DEFAULT_PLUGIN_MEMORY_MB = 1024;
/** How long a spare plugin worker waits for a run before it is stopped. */
const SPARE_IDLE_MS = 30_000;

export function pluginLimits(): ProcessLimits {
  const env = Number(process.env.RALLY_PLUGIN_MEMORY_MB);
  const memoryMb = Number.isFinite(env) && env >= 128 ? Math.floor(env) : DEFAULT_PLUGIN_MEMORY_MB;
  // The heap limit sits above the memory guard's, so a heap that grows without end meets the guard (a clean stop) first.
  return { memoryMb, heapMb: memoryMb + 512 };
}

let spare: { ep: Endpoint; timer: NodeJS.Timeout } | null = null;

/** A plugin worker for this process's use: the spare if there is one, else a new one. */
export function pluginWorker(): Endpoint {
  const s = spare;
  spare = null;
  if (s) clearTimeout(s.timer);
  const ep = s?.ep.alive ? s.ep : processEndpoint(pluginLimits());
  ep.hold(true);
  return ep;
}

function keepAsSpare(ep: Endpoint): void {
  if (!ep.alive) return;
  if (spare) { clearTimeout(spare.timer); spare.ep.stop('replaced'); }
  ep.hold(false);
  const timer = setTimeout(() => { if (spare?.ep === ep) { spare = null; ep.stop('idle'); } }, SPARE_IDLE_MS);
  timer.unref();
  spare = { ep, timer };
}

let requests = 0;

/** Evaluate a compiled plugin in a plugin worker and report its metadata, a mistake in its shape, or why it could not load. */
export async function inspectInPluginWorker(code: string, label: string, loadTimeoutMs: number): Promise<PluginInspection> {
  const ep = pluginWorker();
  let timer: NodeJS.Timeout | undefined;
  const late = (ms: number): Promise<'late'> => new Promise((r) => { timer = setTimeout(() => r('late'), ms); });
  const started = await Promise.race([ep.ready.then(() => 'ready' as const), ep.gone, late(STARTUP_LIMIT_MS)]).finally(() => clearTimeout(timer));
  if (started !== 'ready') {
    ep.stop('did not start');
    throw new Error(`a plugin worker could not start (${started === 'late' ? `not ready within ${STARTUP_LIMIT_MS} ms` : started})`);
  }
  const request = ++requests;
  let unlisten = (): void => undefined;
  const answer = new Promise<PluginInspection>((resolve) => {
    unlisten = ep.listen((m: FromWorker) => { if (m.type === 'inspected' && m.request === request) resolve(m.result); });
  });
  ep.send({ type: 'inspect', request, label, code });
  const got = await Promise.race([answer, ep.gone.then((reason) => ({ gone: reason })), late(loadTimeoutMs)])
    .finally(() => { clearTimeout(timer); unlisten(); });
  if (got === 'late') {
    ep.stop('load timeout');
    return { broken: `did not finish loading within ${loadTimeoutMs} ms (worker stopped)` };
  }
  if ('gone' in got) return { broken: `stopped its worker while loading: ${got.gone.replace(/^worker crashed: /, '')}` };
  keepAsSpare(ep);
  return got;
}
