// Plain-JS build of the engine: every TypeScript source under engine/, datasets/,
// strategies/ and reports/ transpiled one to one (esbuild, no bundling) into
// node_modules/.cache/rally-replay/, with relative `.ts` imports rewritten to `.js`,
// plus a manifest of the sources' sizes and modification times. The launcher
// (engine/cli/rally.mjs) and the worker entry load the build when its manifest
// matches the sources, and rebuild (or fall back to tsx) when it does not, so
// there is no build step to remember. `npm ci` runs this through `prepare`.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, renameSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'rally-replay');
const FOLDERS = ['engine', 'datasets', 'strategies', 'reports'];

function listSources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listSources(p));
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function stamp(file) {
  const s = statSync(file);
  return `${s.size}:${Math.trunc(s.mtimeMs)}`;
}

/** The sources' fingerprint (paths, sizes, modification times): names the build made from them. */
export function sourceFingerprint(root = ROOT) {
  const h = createHash('sha256');
  h.update(readFileSync(join(root, 'package.json')));
  for (const folder of FOLDERS) for (const file of listSources(join(root, folder)).sort()) h.update(`${relative(root, file)}=${stamp(file)}\n`);
  return h.digest('hex').slice(0, 16);
}

const RELATIVE_TS = /((?:\bfrom|\bimport)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)\.(m?)ts(["'])/g;

async function transpileTree(root, into) {
  const { transform } = await import('esbuild');
  for (const folder of FOLDERS) {
    for (const file of listSources(join(root, folder))) {
      const rel = relative(root, file);
      const text = readFileSync(file, 'utf8');
      const outRel = rel.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js');
      let code = text;
      if (!rel.endsWith('.mjs')) {
        const r = await transform(text, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: join(root, rel), sourcemap: 'inline' });
        code = r.code;
      }
      code = code.replace(RELATIVE_TS, (_m, pre, path, m, post) => `${pre}${path}.${m}js${post}`);
      mkdirSync(dirname(join(into, outRel)), { recursive: true });
      writeFileSync(join(into, outRel), code);
    }
  }
  copyFileSync(join(root, 'package.json'), join(into, 'package.json'));
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
