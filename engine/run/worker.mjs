// Worker-thread entry for the piscina pool: registers tsx so the TypeScript
// task module (and .ts user plugins) load, then exports its handler.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker-task.ts');
export default mod.default;
