/**
 * The shape of a plugin: which export is the criterion, and whether it has
 * every field the Criterion interface asks for. Runs inside a plugin worker
 * (on the exports of the plugin's sandboxed module); the main thread only
 * ever sees the result as data (PluginMeta), never the plugin's objects.
 */
import { paramSpecProblem, type Criterion, type ParamSpec } from '../criterion.ts';
import { EPISODE_KINDS, isEpisodeKind, type EpisodeKind } from '../vocabulary.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Bounds on what a plugin says about itself (it ends up in every report). */
const MAX_ID = 80;
const MAX_TEXT = 2000;
const MAX_LIST = 100;

/** A plugin criterion as plain data: everything but `score` (and its optional `validate`). */
export type PluginMeta = Pick<Criterion, 'id' | 'claim' | 'needs' | 'scoring' | 'params' | 'kinds'>;

/**
 * What inspecting a plugin in its worker found: its metadata; or a mistake in
 * its shape (`invalid`: a config error, exit 2); or that it could not be
 * loaded at all (`broken`: it threw, hung, exited or ran out of memory while
 * loading — its jobs fail with this reason, the run goes on).
 */
export type PluginInspection = { meta: PluginMeta } | { invalid: string } | { broken: string };

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

/** The criterion a plugin module exports, validated; `fail` throws with what is wrong. */
export function criterionFromExports(mod: Record<string, unknown>, fail: (detail: string) => never): Criterion {
  return validate(pick(mod, fail), fail);
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
  const named = Object.entries(mod).filter(([k, v]) => k !== '__esModule' && looksLikeCriterion(v));
  if (named.length === 1) return named[0]![1];
  if (named.length === 0) {
    const names = Object.keys(mod).filter((k) => k !== '__esModule');
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
  if (id.length > MAX_ID) fail(`id '${id.slice(0, MAX_ID)}...' is longer than ${MAX_ID} characters`);
  if (typeof claim !== 'string' || claim.trim() === '') fail(`criterion '${id}': missing 'claim' (one sentence: the claim it tests)`);
  if (claim.length > MAX_TEXT) fail(`criterion '${id}': 'claim' is longer than ${MAX_TEXT} characters`);
  if (typeof score !== 'function') fail(`criterion '${id}': 'score' must be a function (view, params) => {score} | {abstain}, got ${describe(score)}`);
  if ((score as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction') {
    fail(`criterion '${id}': 'score' must be synchronous (a returned promise is not awaited)`);
  }
  if (needs !== undefined && !(Array.isArray(needs) && needs.every((n) => typeof n === 'string'))) {
    fail(`criterion '${id}': 'needs' must be a list of data roles (strings)`);
  }
  if (scoring !== undefined && typeof scoring !== 'string') fail(`criterion '${id}': 'scoring' must be a string`);
  if (typeof scoring === 'string' && scoring.length > MAX_TEXT) fail(`criterion '${id}': 'scoring' is longer than ${MAX_TEXT} characters`);
  if (Array.isArray(needs) && needs.length > MAX_LIST) fail(`criterion '${id}': more than ${MAX_LIST} 'needs'`);
  if (Array.isArray(params) && params.length > MAX_LIST) fail(`criterion '${id}': more than ${MAX_LIST} 'params'`);
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

/**
 * The metadata as plain, freshly built data (strings, numbers, booleans
 * only), so nothing of the plugin's own objects — getters, proxies — crosses
 * to the main thread.
 */
export function metaOf(c: Criterion): PluginMeta {
  const text = (x: unknown): string => String(x);
  const params: ParamSpec[] = c.params.map((p) => {
    const q: ParamSpec = { name: text(p.name), type: p.type, default: plainValue(p.default), description: text(p.description) };
    if (p.min !== undefined) q.min = Number(p.min);
    if (p.max !== undefined) q.max = Number(p.max);
    if (p.choices !== undefined) q.choices = Array.from(p.choices, text);
    return q;
  });
  return {
    id: text(c.id), claim: text(c.claim), needs: Array.from(c.needs, text), scoring: text(c.scoring), params,
    ...(c.kinds ? { kinds: Array.from(c.kinds) } : {}),
  };
}

function plainValue(v: unknown): number | boolean | string {
  return typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
}

/**
 * A plugin criterion outside its plugin worker: the metadata, and a `score`
 * that refuses to run (plugins run only in plugin workers; a job that would
 * reach one elsewhere is routed to the plugin workers by the pool).
 */
export function pluginStub(meta: PluginMeta): Criterion {
  return Object.freeze({
    ...meta,
    score(): never {
      throw new Error(`plugin criterion '${meta.id}' runs only in a plugin worker`);
    },
  });
}
