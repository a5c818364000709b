// Worker-thread entry for built-in jobs: serves the pool's messages
// (engine/run/worker-task.ts). From the sources it registers tsx first so the
// TypeScript modules load; in the plain-JS build (engine/cli/build.mjs, where
// worker-task.js lies beside this file and the import below names it) it does
// not, saving every worker tsx's loader thread and hooks.
// Plugins never run here: they have their own processes (plugin-worker.mjs).
import { existsSync } from 'node:fs';

if (!existsSync(new URL('./worker-task.js', import.meta.url))) (await import('tsx/esm/api')).register();
const { serveThread } = await import('./worker-task.ts');
serveThread();
