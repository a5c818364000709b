// The bench sweep on ANOTHER checkout's engine (e.g. round 1's), in a process of its own:
//   node --import tsx test/bench/earlier-sweep.mjs <checkout> <workers>   (cwd: the checkout, for its tsx)
// Loads that checkout's own config parser and run (engine/run.ts in round 1's layout, engine/run/run.ts
// in today's), runs the sweep of sweep-900.json and assembles it, and prints one JSON line: the seconds
// from the parsed config to the assembled result (module loading left out, as engine-child.mjs does)
// and the rows. sweep-compare.ts times it against this checkout's engine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [dir, workersArg] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const runModule = ['engine/run/run.ts', 'engine/run.ts'].map((p) => join(dir, p)).find(existsSync);
if (!runModule) throw new Error(`earlier-sweep: no engine/run/run.ts or engine/run.ts in ${dir}`);
const { parseRunConfig } = await import(pathToFileURL(join(dir, 'engine', 'config.ts')).href);
const { executeRun, assemble } = await import(pathToFileURL(runModule).href);
const raw = JSON.parse(readFileSync(join(here, 'sweep-900.json'), 'utf8'));
const cfg = parseRunConfig(raw, 'sweep-900.json', here);
const t0 = performance.now();
const parts = await executeRun(cfg, { workers: Number(workersArg ?? 1) });
const result = assemble(parts);
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows: result.summary.metrics.length })}\n`);
