// Entry of a plugin worker PROCESS (started by engine/run/endpoint.ts).
// In this order, before any plugin code is seen:
// 1. a memory guard thread: above RALLY_PLUGIN_MEMORY_MB of resident memory
//    (heap, buffers, typed arrays alike) it kills this process, and with it
//    only the job that was running;
// 2. the engine's modules (plain JS when built, else TypeScript through tsx: worker-load.mjs);
// 3. no way out through `process` (exit, kill, abort...): plugins cannot
//    reach `process` at all (they run in SES compartments), this is a second wall;
// 4. SES lockdown(): every shared intrinsic frozen, so a plugin that patches
//    Math.exp or Float64Array.prototype.slice gets a TypeError;
// 5. serve the pool over the IPC channel; exit when it closes.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { loadRunModule } from './worker-load.mjs';

const exit = process.exit.bind(process);
const send = process.send.bind(process);

const limitMb = Number(process.env.RALLY_PLUGIN_MEMORY_MB) || 1024;
const guard = new Worker(
  `const { workerData } = require('node:worker_threads');
   setInterval(() => { if (process.memoryUsage.rss() > workerData) process.kill(process.pid, 'SIGKILL'); }, 10);`,
  { eval: true, workerData: limitMb * 1024 * 1024 },
);
guard.unref();

const { servePlugins } = await loadRunModule('plugin-task');

// (reallyExit stays: process.exit, kept above for 'disconnect', calls it.)
for (const name of ['exit', 'kill', 'abort', 'dlopen', 'binding', '_linkedBinding', 'chdir']) {
  if (typeof process[name] !== 'function') continue;
  process[name] = () => { throw new Error(`process.${name} is not available in a plugin worker`); };
}
process.on('disconnect', () => exit(0));

// ses's one-file build (its package's `require` entry): the same shims as its ESM entry, which is dozens of
// modules to resolve and link, for about half the start-up time.
createRequire(import.meta.url)('ses');
lockdown({
  errorTaming: 'unsafe', // keep stack traces for the engine's own errors
  consoleTaming: 'unsafe',
  errorTrapping: 'none', // the pool sees a crash as a crash, not SES's exit
  unhandledRejectionTrapping: 'none',
  reporting: 'none',
});

servePlugins({ send: (m) => { send(m); }, onMessage: (f) => { process.on('message', f); } });
