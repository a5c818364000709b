/**
 * User plugins: a criterion in its own file, named in the run config as
 * `{ "plugin": "./my-criterion.ts", "params": {...} }` or on the command line
 * with `--criterion`.
 *
 * The file is imported (`.ts`/`.mts` work because the engine runs under tsx;
 * `.js`/`.mjs` plain), its default export is taken (or, without one, its
 * single named export that looks like a criterion), and its shape is checked
 * so a mistake fails at config time with a ConfigError naming the config key
 * and the file — not halfway through a run. Loaded criteria are cached by
 * resolved path (per process, so per worker thread too).
 */
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.ts';
import { ensureTypeScriptLoader } from './typescript-loader.ts';
import { paramSpecProblem, type Criterion, type ParamSpec } from '../criterion.ts';
import { EPISODE_KINDS, isEpisodeKind, type EpisodeKind } from '../vocabulary.ts';

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface LoadPluginOptions {
  /** Config file name for error messages (default `config`). */
  source?: string;
  /**
   * Ids already taken (built-ins, other plugins): id -> who owns it (a
   * resolved plugin path, or e.g. `built-in`). An id owned by another file is
   * a duplicate; the same file loaded twice is not.
   */
  takenIds?: ReadonlyMap<string, string>;
}

const cache = new Map<string, Promise<Criterion>>();

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Structural check: every field of the Criterion interface is present with the right type. */
export function isCriterion(x: unknown): x is Criterion {
  if (!isObj(x)) return false;
  return typeof x.id === 'string' && x.id !== ''
    && typeof x.claim === 'string'
    && Array.isArray(x.needs) && x.needs.every((n) => typeof n === 'string')
    && typeof x.scoring === 'string'
    && Array.isArray(x.params) && x.params.every((p) => isObj(p) && typeof p.name === 'string')
    && (x.kinds === undefined || (Array.isArray(x.kinds) && x.kinds.every(isEpisodeKind)))
    && typeof x.score === 'function';
}

/** Loose check used to pick a named export: an object with an id and a score function. */
function looksLikeCriterion(x: unknown): boolean {
  return isObj(x) && 'id' in x && typeof x.score === 'function';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${JSON.stringify(x)}`;
}

/**
 * Load, validate and cache the criterion a plugin file exports. Every
 * problem is a ConfigError naming `key` (e.g. `criteria[3]`) and the file.
 */
export async function loadPlugin(file: string, baseDir: string, key: string, opts: LoadPluginOptions = {}): Promise<Criterion> {
  const path = resolve(baseDir, file); // absolute paths are kept
  const fail = (detail: string): never => {
    throw new ConfigError(key, `plugin ${file}${path !== file ? ` (${path})` : ''}: ${detail}`, opts.source);
  };
  let p = cache.get(path);
  if (!p) {
    p = loadUncached(path, fail);
    cache.set(path, p);
    // A failure is not cached: the next attempt (perhaps after a fix) reloads.
    p.catch(() => { if (cache.get(path) === p) cache.delete(path); });
  }
  const c = await p;
  const owner = opts.takenIds?.get(c.id);
  if (owner !== undefined && owner !== path) fail(`criterion id '${c.id}' is already used by ${owner}; give the plugin another id`);
  return c;
}

async function loadUncached(path: string, fail: (detail: string) => never): Promise<Criterion> {
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS.includes(ext)) fail(`a plugin is a ${EXTENSIONS.join(', ')} file, got '${ext || 'no extension'}'`);
  try {
    const s = await stat(path);
    if (!s.isFile()) fail('not a file');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    fail(`cannot find the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importPlugin(path);
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).split('\n')[0]!.trim();
    // A .ts file outside any package with "type": "module" is treated as CommonJS.
    const hint = /\.ts$/i.test(path) && /require|commonjs|exports is not defined|cannot use import statement|cycle/i.test(msg)
      ? ' (a plugin outside this project is loaded as CommonJS: name it .mts, or put it next to a package.json with "type": "module")'
      : '';
    fail(`cannot load it: ${msg}${hint}`);
  }
  return validate(pick(mod, fail), fail);
}

/**
 * Import a plugin file. tsx reads a `.ts` file outside any package whose
 * package.json says "type": "module" as CommonJS, which Node then refuses
 * ("Cannot require() ES Module … in a cycle"): such a file is compiled by
 * tsx's tsImport instead, so a `.ts` plugin loads from any folder.
 */
async function importPlugin(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  await ensureTypeScriptLoader(path);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (!/\.ts$/i.test(path) || !/cycle|require\(\) of ES Module|cannot use import statement/i.test(String((e as Error)?.message))) throw e;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/** The exported criterion: the default export, else the single named export that looks like one. */
function pick(mod: Record<string, unknown>, fail: (detail: string) => never): unknown {
  let def = mod.default;
  // CommonJS interop can wrap the export once more.
  if (isObj(def) && !looksLikeCriterion(def) && looksLikeCriterion(def.default)) def = def.default;
  if (def !== undefined) {
    if (typeof def === 'function') {
      fail('the default export is a function; export the criterion object itself (export default { id, claim, needs, scoring, params, score })');
    }
    if (!isObj(def)) fail(`the default export is ${describe(def)}, not a criterion object { id, claim, needs, scoring, params, score }`);
    return def;
  }
  const named = Object.entries(mod).filter(([, v]) => looksLikeCriterion(v));
  if (named.length === 1) return named[0]![1];
  if (named.length === 0) {
    const names = Object.keys(mod);
    fail(`no criterion exported: give it a default export { id, claim, needs, scoring, params, score }${names.length ? ` (exports: ${names.join(', ')})` : ''}`);
  }
  return fail(`several exports look like criteria (${named.map(([k]) => k).join(', ')}); make the one to use the default export`);
}

function validate(x: unknown, fail: (detail: string) => never): Criterion {
  if (!isObj(x)) return fail(`the export is ${describe(x)}, not a criterion object`);
  const { id, claim, needs, scoring, params, kinds, score } = x;
  if (id === undefined || id === '') fail("missing 'id' (a kebab-case string such as 'my-criterion')");
  if (typeof id !== 'string') return fail(`'id' must be a string, got ${describe(id)}`);
  if (!KEBAB.test(id)) fail(`id '${id}' is not kebab-case (lower-case letters and digits separated by '-', e.g. 'my-criterion')`);
  if (typeof claim !== 'string' || claim.trim() === '') fail(`criterion '${id}': missing 'claim' (one sentence: the claim it tests)`);
  if (typeof score !== 'function') fail(`criterion '${id}': 'score' must be a function (view, params) => {score} | {abstain}, got ${describe(score)}`);
  if ((score as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction') {
    fail(`criterion '${id}': 'score' must be synchronous (a returned promise is not awaited)`);
  }
  if (needs !== undefined && !(Array.isArray(needs) && needs.every((n) => typeof n === 'string'))) {
    fail(`criterion '${id}': 'needs' must be a list of data roles (strings)`);
  }
  if (scoring !== undefined && typeof scoring !== 'string') fail(`criterion '${id}': 'scoring' must be a string`);
  if (kinds !== undefined && !(Array.isArray(kinds) && kinds.length > 0 && kinds.every(isEpisodeKind))) {
    fail(`criterion '${id}': 'kinds' must be a non-empty list of ${EPISODE_KINDS.join(', ')}`);
  }
  if (params !== undefined && !Array.isArray(params)) fail(`criterion '${id}': 'params' must be an array of parameter specs, got ${describe(params)}`);
  const specs = (params ?? []) as unknown[];
  const seen = new Set<string>();
  specs.forEach((p, i) => {
    const bad = paramSpecProblem(p, seen);
    if (bad) fail(`criterion '${id}': params[${i}]${isObj(p) && typeof p.name === 'string' ? ` ('${p.name}')` : ''}: ${bad}`);
  });
  const target = x;
  const fn = score as Criterion['score'];
  return Object.freeze({
    id,
    claim: claim as string,
    needs: needs === undefined ? [] : [...(needs as string[])],
    scoring: (scoring as string | undefined) ?? '',
    params: specs.map((p) => { const q = p as ParamSpec; return Object.freeze({ ...q, description: q.description ?? '' }); }),
    ...(kinds === undefined ? {} : { kinds: [...(kinds as EpisodeKind[])] }),
    // Called on the plugin's own object, so methods that use `this` keep working.
    score: (view, p) => fn.call(target, view, p),
  } satisfies Criterion);
}
