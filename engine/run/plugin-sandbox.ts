/**
 * Evaluating a compiled plugin inside a plugin worker, after SES `lockdown()`
 * froze every shared intrinsic (Math, Array.prototype, Float64Array.prototype
 * ... are immutable: patching one throws). Each evaluation gets a fresh SES
 * Compartment — its own global object holding only the standard JavaScript
 * globals (no `process`, `require`, `Buffer`, timers, `SharedArrayBuffer`,
 * `Atomics`, `WebAssembly`; `Math.random()` and `Date.now()` throw, so a
 * plugin is deterministic; `view.random()` is the seeded alternative) plus a
 * console that writes to standard error. A plugin is evaluated afresh for
 * every job, so nothing it keeps in module state survives into another job.
 *
 * Only ever imported in a plugin worker: the main thread never runs plugins.
 */
import type {} from 'ses';
import type { Criterion } from '../criterion.ts';
import { criterionFromExports } from './plugin-shape.ts';

/** Text from a plugin, made inert: no control characters (terminal escapes among them), at most `max` characters. */
export function inert(x: unknown, max = 2000): string {
  let s: string;
  try { s = typeof x === 'string' ? x : String(x); } catch { s = '[unprintable]'; }
  // eslint-disable-next-line no-control-regex
  return s.slice(0, max).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Lines a plugin may write per job (its console goes to standard error). */
const CONSOLE_LINES = 50;

function pluginConsole(label: string): Record<string, (...xs: unknown[]) => void> {
  let lines = 0;
  const write = (...xs: unknown[]): void => {
    if (++lines > CONSOLE_LINES + 1) return;
    const text = lines > CONSOLE_LINES ? '(more output dropped)' : xs.map((x) => inert(x)).join(' ');
    process.stderr.write(`plugin ${label}: ${text}\n`);
  };
  return harden({ log: write, info: write, warn: write, error: write, debug: write });
}

const SANDBOXED = 'plugins run sandboxed: no Node APIs, timers, I/O or clock';

function refusal(what: string): () => never {
  return () => { throw new TypeError(`${what} is not available to plugins (${SANDBOXED})`); };
}

const PROCESS_CALLS = new Set(['exit', 'kill', 'abort', 'reallyExit', 'on', 'once', 'emit', 'nextTick', 'send', 'binding', 'dlopen', 'chdir', 'cwd', 'hrtime', 'memoryUsage', 'cpuUsage', 'uptime']);

/**
 * Stand-ins for Node's globals, so that a plugin calling one gets a clear
 * error (a compartment reads an unknown global as undefined). `process` is an
 * empty-environment object whose calls refuse; probes such as
 * `typeof process` or `process.env.NODE_ENV` keep working.
 */
function nodeStandIns(): Record<string, unknown> {
  const base = harden({ env: harden({}) });
  const process = new Proxy(base, {
    get: (t, k) => (k === 'env' ? t.env : typeof k === 'string' && PROCESS_CALLS.has(k) ? refusal(`process.${k}`) : undefined),
  });
  const out: Record<string, unknown> = { process: harden(process), require: refusal('require') };
  for (const t of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask']) out[t] = refusal(t);
  return harden(out);
}

let standIns: Record<string, unknown> | null = null;

/** Evaluate the plugin's script in a new compartment: its `module.exports`. */
export function evaluatePlugin(code: string, label: string): Record<string, unknown> {
  const c = new Compartment({ __options__: true, name: label });
  standIns ??= nodeStandIns();
  // Typed arrays the views hand out; SES leaves these two off a compartment's globals.
  Object.assign(c.globalThis, standIns, { Float32Array, Float64Array, console: pluginConsole(label) });
  const body = c.evaluate(`(function (module, exports) {\n${code}\n})`) as (m: unknown, e: unknown) => void;
  const module = { exports: {} as Record<string, unknown> };
  body(module, module.exports);
  return module.exports;
}

/** Thrown by `fail` while checking a plugin's shape: a mistake to report, not a crash. */
export class ShapeError extends Error {}

/** A fresh instance of the plugin's criterion (its shape was checked when the run started). */
export function instantiatePlugin(code: string, label: string): Criterion {
  return criterionFromExports(evaluatePlugin(code, label), (detail) => { throw new ShapeError(detail); });
}

/** One line of what a plugin threw (whatever it threw: getters and proxies included), made inert. */
export function explainSandboxError(e: unknown): string {
  let msg: string;
  try { msg = e instanceof Error ? String(e.message) : String(e); } catch { msg = 'an unreadable error'; }
  return inert(msg.split('\n')[0]!, 400) || 'error';
}
