/**
 * User plugins: a criterion in its own file, named in the run config as
 * `{ "plugin": "./my-criterion.ts", "params": {...} }` or on the command line
 * with `--criterion`.
 *
 * Plugins are user code and run behind a boundary: never in this thread.
 * Here a plugin file is only checked (a .ts/.mts/.js/.mjs regular file) and
 * compiled into one script (plugin-bundle.ts); a plugin worker process then
 * evaluates it in a sandbox and checks its shape (its default export, or its
 * single named export that looks like a criterion; plugin-shape.ts), and
 * reports the metadata back as plain data. A mistake in the file or the shape
 * is a ConfigError naming the config key and the file, before the run. A
 * plugin that throws, hangs, exits or runs out of memory while loading is
 * `broken`: its jobs fail with that reason and the rest of the run goes on.
 * Results are cached by resolved path (per process).
 */
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { Criterion } from '../criterion.ts';
import { isCriterion, pluginStub, type PluginMeta } from './plugin-shape.ts';
import { bundlePlugin, MAX_PLUGIN_BYTES } from './plugin-bundle.ts';
import { inspectInPluginWorker } from './plugin-host.ts';
import type { PluginSource } from './worker-init.ts';

export { isCriterion };

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** How long a plugin may take to load in its worker when the caller does not say. */
export const DEFAULT_PLUGIN_LOAD_MS = 30_000;

export interface LoadPluginOptions {
  /** Config file name for error messages (default `config`). */
  source?: string;
  /**
   * Ids already taken (built-ins, other plugins): id -> who owns it (a
   * resolved plugin path, or e.g. `built-in`). An id owned by another file is
   * a duplicate; the same file loaded twice is not.
   */
  takenIds?: ReadonlyMap<string, string>;
  /** How long the plugin may take to load in its worker. */
  loadTimeoutMs?: number;
}


interface Loaded {
  source: PluginSource;
  stub: Criterion;
}

const cache = new Map<string, Promise<Loaded>>();

/** An id for a plugin that never told its own: its file name, kebab-cased. */
function fallbackMeta(path: string): PluginMeta {
  const id = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'plugin';
  return { id, claim: `(could not be loaded from ${basename(path)})`, needs: [], scoring: '', params: [] };
}

async function loadUncached(path: string, fail: (detail: string) => never, loadTimeoutMs: number): Promise<Loaded> {
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS.includes(ext)) fail(`a plugin is a ${EXTENSIONS.join(', ')} file, got '${ext || 'no extension'}'`);
  try {
    const s = await stat(path);
    if (!s.isFile()) fail('not a file');
    if (s.size > MAX_PLUGIN_BYTES) fail(`${s.size} bytes: a plugin file may have at most ${MAX_PLUGIN_BYTES}`);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    fail(`cannot find the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const compiled = await bundlePlugin(path);
  if ('error' in compiled) fail(`cannot load it: ${compiled.error}`);
  const { code } = compiled as { code: string };
  const found = await inspectInPluginWorker(code, basename(path), loadTimeoutMs);
  if ('invalid' in found) fail(found.invalid);
  if ('broken' in found) {
    const meta = fallbackMeta(path);
    return { source: { file: path, code, meta, broken: found.broken }, stub: pluginStub(meta) };
  }
  const { meta } = found as { meta: PluginMeta };
  return { source: { file: path, code, meta }, stub: pluginStub(meta) };
}

async function load(file: string, baseDir: string, key: string, opts: LoadPluginOptions): Promise<{ loaded: Loaded; fail: (d: string) => never }> {
  const path = resolve(baseDir, file); // absolute paths are kept
  const fail = (detail: string): never => {
    throw new ConfigError(key, `plugin ${file}${path !== file ? ` (${path})` : ''}: ${detail}`, opts.source);
  };
  let p = cache.get(path);
  if (!p) {
    p = loadUncached(path, fail, opts.loadTimeoutMs ?? DEFAULT_PLUGIN_LOAD_MS);
    cache.set(path, p);
    // A failure is not cached: the next attempt (perhaps after a fix) reloads; nor is a plugin that could not load.
    p.then((l) => { if (l.source.broken !== undefined && cache.get(path) === p) cache.delete(path); }, () => { if (cache.get(path) === p) cache.delete(path); });
  }
  const loaded = await p;
  const owner = opts.takenIds?.get(loaded.source.meta.id);
  if (owner !== undefined && owner !== path) fail(`criterion id '${loaded.source.meta.id}' is already used by ${owner}; give the plugin another id`);
  return { loaded, fail };
}

/**
 * The plugin as a run carries it. Every mistake is a ConfigError naming `key`
 * (e.g. `criteria[3]`) and the file; a plugin that could not be loaded comes
 * back `broken` (its jobs fail, the run goes on).
 */
export async function loadPluginSource(file: string, baseDir: string, key: string, loadTimeoutMs?: number): Promise<PluginSource> {
  return (await load(file, baseDir, key, { loadTimeoutMs })).loaded.source;
}

/**
 * The plugin's criterion as this thread may hold it: its metadata, with a
 * `score` that refuses to run here. A plugin that could not be loaded is a
 * ConfigError here (e.g. for `rally list criteria`).
 */
export async function loadPlugin(file: string, baseDir: string, key: string, opts: LoadPluginOptions = {}): Promise<Criterion> {
  const { loaded, fail } = await load(file, baseDir, key, opts);
  if (loaded.source.broken !== undefined) fail(`could not be loaded: ${loaded.source.broken}`);
  return loaded.stub;
}
