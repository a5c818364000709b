// Worker-thread entry for the planted-signal recovery study: loads the per-seed
// runner as the plain-JS module the test made of recovery-seeds.ts over the
// engine build (workerData.module, support/plain-module.ts), as the engine's own
// workers load the build (engine/run/worker-load.mjs); without one it registers
// tsx and loads the TypeScript.
import { workerData } from 'node:worker_threads';

let mod;
if (workerData?.module) mod = await import(workerData.module);
else {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import('./recovery-seeds.ts');
}
export default mod.recoverSeeds;
