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
  await bundleCommandLine(root, into);
  copyFileSync(join(root, 'package.json'), join(into, 'package.json'));
}

/**
 * engine/cli/main.bundle.js: the command line's own modules (engine/cli/*,
 * what `rally --help` loads) in one file, so start-up reads one module instead
 * of a dozen. Everything else stays one module per source: imports of modules
 * outside engine/cli, and every dynamic import (the engine a command loads in
 * its handler), point at the one-to-one build beside it, so no engine module
 * (an error class, say) ever exists twice.
 */
async function bundleCommandLine(root, into) {
  const { build } = await import('esbuild');
  const cliDir = join(root, 'engine', 'cli');
  const toBuilt = (path) => {
    const rel = relative(cliDir, path).split('\\').join('/').replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const keepOutside = {
    name: 'one-to-one-outside-the-cli',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const path = join(args.resolveDir, args.path);
        if (args.kind === 'dynamic-import' || dirname(path) !== cliDir) return { path: toBuilt(path), external: true };
        return undefined;
      });
    },
  };
  await build({
    entryPoints: [join(cliDir, 'main.ts')], outfile: join(into, 'engine', 'cli', 'main.bundle.js'), bundle: true, format: 'esm', platform: 'node',
    target: 'node20', packages: 'external', sourcemap: 'external', logLevel: 'silent', plugins: [keepOutside],
  });
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
