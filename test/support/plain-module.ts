/**
 * A test-support module as plain JavaScript that loads the engine from its
 * plain-JS build, for worker threads a test starts itself (the planted-signal
 * study's, support/recovery-worker.mjs): such a thread would otherwise register
 * tsx and transpile the engine again (about 0.9 s of CPU per thread, against
 * about 0.3 s from the build), as the engine's own workers avoid through
 * engine/run/worker-load.mjs.
 *
 * `plainModule(source)` transpiles `source` (esbuild, one file, no bundling)
 * into a temporary folder, with every relative import of a source under
 * engine/, datasets/, strategies/ or reports/ pointed at that module's .js in
 * the build RALLY_ENGINE_BUILD names (test/support/engine-build.ts sets it).
 * Without a build (RALLY_NO_BUILD, watch mode, no esbuild) it gives null and
 * the caller keeps the TypeScript under tsx. Any other relative import is
 * refused: it would load a second copy of the TypeScript next to the build.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from './shared-data.ts';

const BUILT_FOLDERS = ['engine', 'datasets', 'strategies', 'reports'];
const RELATIVE_IMPORT = /((?:\bfrom|\bimport)\s*\(?\s*["'])(\.{1,2}\/[^"']+)(["'])/g;

export interface PlainModule {
  /** file: URL of the transpiled module. */
  url: string;
  /** Removes the temporary folder. */
  remove(): void;
}

/** `source` (a file: URL or path of a .ts file) as plain JS over the engine build, or null without a build. */
export async function plainModule(source: string | URL): Promise<PlainModule | null> {
  const build = process.env.RALLY_NO_BUILD ? '' : process.env.RALLY_ENGINE_BUILD;
  if (!build) return null;
  let transform: typeof import('esbuild').transform;
  try {
    ({ transform } = await import('esbuild'));
  } catch {
    return null;
  }
  const file = source instanceof URL || String(source).startsWith('file:') ? fileURLToPath(source) : String(source);
  const { code } = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
  const rewritten = code.replace(RELATIVE_IMPORT, (_m, pre: string, spec: string, post: string) => {
    const rel = relative(ROOT, resolve(dirname(file), spec)).split('\\').join('/');
    if (!BUILT_FOLDERS.includes(rel.split('/')[0]!) || !/\.m?ts$/.test(rel)) {
      throw new Error(`plainModule(${file}): '${spec}' is not an engine source the build holds`);
    }
    return `${pre}${pathToFileURL(join(build, rel.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js'))).href}${post}`;
  });
  const dir = mkdtempSync(join(tmpdir(), 'rally-plain-module-'));
  const out = join(dir, `${file.split(/[\\/]/).pop()!.replace(/\.m?ts$/, '')}.mjs`);
  writeFileSync(out, rewritten);
  return { url: pathToFileURL(out).href, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
