// Plain-JS build of the engine: every TypeScript source under engine/, datasets/,
// strategies/ and reports/ transpiled one to one (esbuild, no bundling) into
// node_modules/.cache/rally-replay/, with relative `.ts` imports rewritten to `.js`
// (source maps in .map files beside them, for --enable-source-maps),
// plus a manifest of the sources' sizes and modification times. The launcher
// (engine/cli/rally.mjs) and the worker entry load the build when its manifest
// matches the sources, and rebuild (or fall back to tsx) when it does not, so
// there is no build step to remember. `npm ci` runs this through `prepare`.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, renameSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'rally-replay');
const FOLDERS = ['engine', 'datasets', 'strategies', 'reports'];

const isSource = (name) => /\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts');

/** The source files under `dir` (sorted), as `rel/…` paths: one directory read per folder, file types included. */
function listSources(dir, rel = '') {
  const out = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listSources(`${dir}/${e.name}`, r));
    else if (isSource(e.name)) out.push(r);
  }
  return out;
}

/** Two 32-bit FNV-1a-style hashes of `text`, as 16 hex digits (a cache key, not a security measure). */
function hash64(text) {
  let a = 0x811c9dc5, b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The sources' fingerprint (package.json, and every source's path, size and
 * modification time): names the build made from them. One directory read per
 * folder (file types come with the names) and one stat per source; no file is read.
 */
export function sourceFingerprint(root = ROOT) {
  const lines = [readFileSync(join(root, 'package.json'), 'utf8')];
  // Paths by concatenation, not path.join: normalising some 300 paths was a fifth of `rally --help`.
  const base = root.endsWith('/') ? root : `${root}/`;
  for (const folder of FOLDERS) {
    for (const rel of listSources(base + folder, folder)) {
      const s = statSync(base + rel);
      lines.push(`${rel}=${s.size}:${Math.trunc(s.mtimeMs)}`);
    }
  }
  return hash64(lines.join('\n'));
}

const RELATIVE_TS = /((?:\bfrom|\bimport)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)\.(m?)ts(["'])/g;

async function transpileTree(root, into) {
  const { transform } = await import('esbuild');
  for (const folder of FOLDERS) {
    for (const rel of listSources(join(root, folder), folder)) {
      const text = readFileSync(join(root, rel), 'utf8');
      const outRel = rel.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js');
      let code = text;
      mkdirSync(dirname(join(into, outRel)), { recursive: true });
      if (!rel.endsWith('.mjs')) {
        // The source map in a file beside the code (read only under --enable-source-maps): inline, it would be parsed at every start.
        const r = await transform(text, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: join(root, rel), sourcemap: 'external' });
        writeFileSync(join(into, `${outRel}.map`), r.map);
        code = `${r.code}//# sourceMappingURL=${basename(outRel)}.map\n`;
      }
      code = code.replace(RELATIVE_TS, (_m, pre, path, m, post) => `${pre}${path}.${m}js${post}`);
      writeFileSync(join(into, outRel), code);
    }
  }
  await bundleStartUp(root, into);
  copyFileSync(join(root, 'package.json'), join(into, 'package.json'));
}

/**
 * One entry module and what it imports statically, in one file beside the entry's
 * one-to-one build (`<entry>.bundle.js`), so a process or thread starts by reading one
 * module instead of dozens. Imports `outside(path, kind)` names, and every dynamic
 * import, stay pointers to the one-to-one build, so a module loaded later on demand
 * (a formula's mathjs) stays on demand. Packages stay imports.
 */
async function bundleEntry(root, into, entryRel, outside) {
  const { build } = await import('esbuild');
  const entry = join(root, entryRel);
  if (!existsSync(entry)) return; // a partial tree (the build's own tests): nothing to bundle
  const entryDir = dirname(entry);
  const toBuilt = (path) => {
    const rel = relative(entryDir, path).split('\\').join('/').replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const keepOutside = {
    name: 'one-to-one-outside',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const path = join(args.resolveDir, args.path);
        if (args.kind === 'dynamic-import' || outside(path)) return { path: toBuilt(path), external: true };
        return undefined;
      });
    },
  };
  await build({
    entryPoints: [entry], outfile: join(into, entryRel.replace(/\.ts$/, '.bundle.js')), bundle: true, format: 'esm', platform: 'node',
    target: 'node20', packages: 'external', sourcemap: 'external', logLevel: 'silent', plugins: [keepOutside],
  });
}

/**
 * The bundles start-up loads:
 * - engine/cli/main.bundle.js, what `rally` loads: the command line's own modules only
 *   (engine/cli/*); the engine a command loads in its handler, and engine modules outside
 *   engine/cli, stay one module per source, so no engine module (an error class, say)
 *   exists twice in the main thread;
 * - engine/run/worker-task.bundle.js, what a built-in worker thread loads (worker-load.mjs):
 *   the job code and all it imports statically (a thread has no other copy of them);
 *   formulas (strategies/expression, and mathjs) stay loaded on demand;
 * - engine/run/plugin-task.bundle.js, the same for a plugin worker process (loaded before
 *   its lockdown, as the one-to-one modules were).
 */
async function bundleStartUp(root, into) {
  const cliDir = join(root, 'engine', 'cli');
  await bundleEntry(root, into, 'engine/cli/main.ts', (path) => dirname(path) !== cliDir);
  await bundleEntry(root, into, 'engine/run/worker-task.ts', () => false);
  await bundleEntry(root, into, 'engine/run/plugin-task.ts', () => false);
}

/**
 * The folder holding a plain-JS build of the current sources, made when absent:
 * built in a temporary sibling and renamed into place, so concurrent builds are
 * harmless and a running process never sees its files change. Builds of earlier
 * sources older than an hour are removed.
 */
export async function ensureBuild(root = ROOT, cacheDir = BUILD_DIR) {
  const dir = join(cacheDir, sourceFingerprint(root));
  if (existsSync(join(dir, 'package.json'))) return dir;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await transpileTree(root, tmp);
    try { renameSync(tmp, dir); } catch (e) { if (!existsSync(join(dir, 'package.json'))) throw e; }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(cacheDir)) {
    const p = join(cacheDir, name);
    if (p !== dir && statSync(p).mtimeMs < hourAgo) rmSync(p, { recursive: true, force: true });
  }
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`plain-JS build: ${relative(ROOT, await ensureBuild())}`);
}
