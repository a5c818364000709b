/**
 * Worker threads start faster from plain JavaScript: at pool creation the
 * worker's TypeScript (engine/worker-task.ts and everything it imports) is
 * bundled once with esbuild into a temporary folder under
 * node_modules/.cache/rally-replay/ (removed when the pool ends; npm packages stay
 * external; lazily imported modules such as the formula evaluator become
 * separate chunks, so mathjs still loads only when a formula is used). If
 * bundling fails for any reason the pool falls back to engine/worker.mjs,
 * which runs the sources under tsx.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** URL of the module piscina loads in each worker. */
  href: string;
  /** Remove temporary files. */
  dispose(): void;
}

const FALLBACK: WorkerEntry = { href: new URL('./worker.mjs', import.meta.url).href, dispose: () => undefined };

export async function workerEntry(): Promise<WorkerEntry> {
  if (process.env.RALLY_WORKER_TSX === '1') return FALLBACK;
  let dir = '';
  try {
    const { build } = await import('esbuild');
    // Inside the project's node_modules, so the bundle's bare imports (piscina, seedrandom...) resolve.
    const cache = fileURLToPath(new URL('../node_modules/.cache/rally-replay/', import.meta.url));
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'worker-'));
    await build({
      entryPoints: { 'worker-task': fileURLToPath(new URL('./worker-task.ts', import.meta.url)) },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    const d = dir;
    return { href: pathToFileURL(join(d, 'worker-task.mjs')).href, dispose: () => rmSync(d, { recursive: true, force: true }) };
  } catch {
    if (dir) rmSync(dir, { recursive: true, force: true });
    return FALLBACK;
  }
}
