// Worker-thread entry for built-in jobs: loads the engine's job code (plain JS when built,
// worker-load.mjs) and serves the pool's messages (engine/run/worker-task.ts).
// Plugins never run here: they have their own processes (plugin-worker.mjs).
import { loadRunModule } from './worker-load.mjs';

const { serveThread } = await loadRunModule('worker-task');
serveThread();
