// Worker-thread entry for built-in jobs: registers tsx so the TypeScript
// modules load, then serves the pool's messages (engine/run/worker-task.ts).
// Plugins never run here: they have their own processes (plugin-worker.mjs).
import { register } from 'tsx/esm/api';

register();
const { serveThread } = await import('./worker-task.ts');
serveThread();
