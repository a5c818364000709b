#!/usr/bin/env node
// The `rally` executable. It runs the plain-JS build of the sources
// (engine/cli/build.mjs: made by `npm ci`, remade here when a source changed),
// and falls back to running the TypeScript sources under tsx when the build
// cannot be made (e.g. esbuild is missing) or RALLY_NO_BUILD is set.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

// The clone this launcher belongs to: where the shipped data (datasets/corpus/) is found,
// also when the build runs from a node_modules shared with other checkouts.
process.env.RALLY_PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function loadMain() {
  try {
    if (process.env.RALLY_NO_BUILD) throw new Error('RALLY_NO_BUILD is set');
    const { ensureBuild } = await import('./build.mjs');
    const dir = await ensureBuild();
    // The command line's own modules in one file (build.mjs: bundleCommandLine), the engine one module per source beside it.
    return (await import(pathToFileURL(join(dir, 'engine', 'cli', 'main.bundle.js')).href)).main;
  } catch (e) {
    if (process.env.RALLY_DEBUG) process.stderr.write(`rally: plain-JS build unavailable (${e?.message ?? e}); running TypeScript under tsx\n`);
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('./main.ts')).main;
  }
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
