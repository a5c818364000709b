// Worker-thread entry for the planted-signal recovery study: registers tsx so
// the TypeScript sources load (as engine/run/worker.mjs does), then exports
// the per-seed runner.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./recovery-seeds.ts');
export default mod.recoverSeeds;
