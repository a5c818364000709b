// How a worker entry (worker.mjs, plugin-worker.mjs) loads the engine module it serves, as plain
// JavaScript whenever there is a build of the current sources, since transpiling the engine again
// in every worker is most of a worker's start-up:
// 1. in the plain-JS build (engine/cli/build.mjs, what `rally` runs) the module's .js sits beside
//    this file: load it, no tsx;
// 2. from the TypeScript sources, when RALLY_ENGINE_BUILD names the plain-JS build of these same
//    sources (the test suite sets it once, in test/support/engine-build.ts) and RALLY_NO_BUILD is
//    not set: load it from there;
// 3. otherwise register tsx and load the .ts.
// Plugins need none of this: plugins.ts compiles a plugin file (TypeScript or not) with esbuild.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The engine/run module `name` (no extension), loaded as described above; from the build, its bundle
 * (`<name>.bundle.js`, engine/cli/build.mjs: one file instead of dozens of modules) when it has one.
 */
export async function loadRunModule(name) {
  for (const file of [`${name}.bundle.js`, `${name}.js`]) {
    const beside = new URL(`./${file}`, import.meta.url);
    if (existsSync(beside)) return import(beside.href);
  }
  const build = process.env.RALLY_NO_BUILD ? '' : process.env.RALLY_ENGINE_BUILD;
  if (build) {
    const bundle = join(build, 'engine', 'run', `${name}.bundle.js`);
    return import(pathToFileURL(existsSync(bundle) ? bundle : join(build, 'engine', 'run', `${name}.js`)).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`./${name}.ts`, import.meta.url).href);
}
