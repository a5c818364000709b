/**
 * Run configs: JSON files that name data bundles, episode kinds with their
 * parameters, criteria with parameter grids, the seed, workers and output.
 * Every problem is a ConfigError naming the key (`criteria[2].params.fast`).
 *
 *   {
 *     "seed": 42,
 *     "workers": 2,
 *     "out": "rally-out",
 *     "datasets": [ { "id": "GSPC", "price": "data/GSPC.csv", "vix": "data/vix.csv" } ],
 *     "episodes": [ { "kind": "rebound", "drawdown": 0.1, "rebound": 0.05, "horizon": 126 } ],
 *     "criteria": [
 *       "all",
 *       { "id": "golden-cross", "params": { "fast": [20, 50], "slow": [150, 200] } },
 *       { "id": "golden-cross", "paramSets": [ { "fast": 10, "slow": 30 } ] },
 *       { "id": "cross", "expr": "sma(close, 50) > sma(close, 200)" },
 *       { "plugin": "./my-criterion.ts", "params": { "window": [20, 50] } }
 *     ],
 *     "statistics": { "bootstrap": 2000, "permutations": 2000, "threshold": 0.5, "level": 0.95 },
 *     "timeoutMs": 60000
 *   }
 *
 * `params` values that are arrays form a cartesian grid; `paramSets` is an
 * explicit list. Paths are relative to the config file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { attributeTo, ConfigError, InputError } from './errors.ts';
import { jsonErrorOffset, lineColumn } from './json-position.ts';
import { EPISODE_KINDS, isEpisodeKind, type EpisodeKind } from './vocabulary.ts';
import type { ParamValue, Params } from './criterion.ts';

export type CriterionRef =
  | { type: 'all' }
  | { type: 'builtin'; id: string; grid: Params[]; key: string }
  | { type: 'expr'; id: string; expr: string; threshold?: number; key: string }
  | { type: 'plugin'; file: string; grid: Params[]; key: string };

export interface EpisodeSpec {
  kind: EpisodeKind;
  params: Record<string, unknown>;
  key: string;
}

export interface RunConfig {
  seed: string;
  workers: number;
  out: string;
  /** Raw bundle specs (validated by datasets/bundle.ts) with their config keys. */
  datasets: Array<{ spec: unknown; key: string }>;
  episodes: EpisodeSpec[];
  criteria: CriterionRef[];
  statistics: { bootstrap: number; permutations: number; threshold: number; level: number };
  timeoutMs: number;
  /** Folder paths are resolved against. */
  baseDir: string;
  /** The config as given (for the summary and its hash). */
  raw: unknown;
  /** Where it came from ('' for built-in defaults). */
  source: string;
}

export const DEFAULT_STATISTICS = { bootstrap: 2000, permutations: 2000, threshold: 0.5, level: 0.95 };
const TOP_KEYS = ['seed', 'workers', 'out', 'datasets', 'episodes', 'criteria', 'statistics', 'timeoutMs', 'description'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function num(x: unknown, key: string, opts: { min?: number; max?: number; int?: boolean }, src: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ConfigError(key, `expected a number, got ${JSON.stringify(x)}`, src);
  if (opts.int && !Number.isInteger(x)) throw new ConfigError(key, `expected an integer, got ${x}`, src);
  if (opts.min !== undefined && x < opts.min) throw new ConfigError(key, `must be >= ${opts.min}, got ${x}`, src);
  if (opts.max !== undefined && x > opts.max) throw new ConfigError(key, `must be <= ${opts.max}, got ${x}`, src);
  return x;
}

/** Expand `{a: [1,2], b: 3}` into the cartesian list of parameter sets, in a canonical order. */
export function expandGrid(params: unknown, key: string, src = 'config'): Params[] {
  if (params === undefined) return [{}];
  if (!isObj(params)) throw new ConfigError(key, 'expected an object of parameter values or arrays of values', src);
  let sets: Params[] = [{}];
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    const values = Array.isArray(v) ? v : [v];
    if (values.length === 0) throw new ConfigError(`${key}.${name}`, 'an empty list of values', src);
    for (const [i, x] of values.entries()) {
      if (!['number', 'string', 'boolean'].includes(typeof x)) {
        throw new ConfigError(Array.isArray(v) ? `${key}.${name}[${i}]` : `${key}.${name}`, `expected a number, string or boolean, got ${JSON.stringify(x)}`, src);
      }
    }
    const next: Params[] = [];
    for (const s of sets) for (const x of values) next.push({ ...s, [name]: x as ParamValue });
    sets = next;
  }
  return sets;
}

function parseCriterion(c: unknown, key: string, src: string): CriterionRef {
  if (c === 'all') return { type: 'all' };
  if (typeof c === 'string') return { type: 'builtin', id: c, grid: [{}], key };
  if (!isObj(c)) throw new ConfigError(key, 'expected "all", a criterion id, or an object {id, params} / {id, expr} / {plugin}', src);
  const allowed = ['id', 'params', 'paramSets', 'expr', 'plugin', 'threshold', 'claim'];
  for (const k of Object.keys(c)) if (!allowed.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`, src);
  let grid: Params[] = [{}];
  if (c.params !== undefined && c.paramSets !== undefined) throw new ConfigError(key, "give either 'params' (a grid) or 'paramSets' (a list), not both", src);
  if (c.params !== undefined) grid = expandGrid(c.params, `${key}.params`, src);
  if (c.paramSets !== undefined) {
    if (!Array.isArray(c.paramSets) || c.paramSets.length === 0) throw new ConfigError(`${key}.paramSets`, 'expected a non-empty list of parameter objects', src);
    grid = c.paramSets.map((p, i) => {
      const g = expandGrid(p, `${key}.paramSets[${i}]`, src);
      if (g.length !== 1) throw new ConfigError(`${key}.paramSets[${i}]`, 'each entry is one parameter set (no arrays)', src);
      return g[0]!;
    });
  }
  if (c.expr === undefined && c.threshold !== undefined) throw new ConfigError(`${key}.threshold`, "only a formula criterion ({\"expr\": ...}) takes a threshold; the run's call threshold is statistics.threshold", src);
  if (c.expr !== undefined) {
    if (c.params !== undefined || c.paramSets !== undefined) throw new ConfigError(`${key}.params`, 'a formula criterion has no parameters: write the numbers into the formula, or add one entry per variant', src);
    if (typeof c.expr !== 'string' || c.expr.trim() === '') throw new ConfigError(`${key}.expr`, 'expected a formula string', src);
    if (typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(c.id)) throw new ConfigError(`${key}.id`, 'an expression criterion needs an id (letters, digits, . _ -)', src);
    const threshold = c.threshold === undefined ? undefined : num(c.threshold, `${key}.threshold`, {}, src);
    return { type: 'expr', id: c.id, expr: c.expr, threshold, key };
  }
  if (c.plugin !== undefined) {
    if (typeof c.plugin !== 'string' || c.plugin === '') throw new ConfigError(`${key}.plugin`, 'expected a path to a .ts or .js file', src);
    return { type: 'plugin', file: c.plugin, grid, key };
  }
  if (typeof c.id !== 'string') throw new ConfigError(`${key}.id`, 'expected a criterion id', src);
  return { type: 'builtin', id: c.id, grid, key };
}

/** Validate a parsed config object. `source` names the file in error messages. */
export function parseRunConfig(raw: unknown, source: string, baseDir: string): RunConfig {
  const src = source || 'config';
  if (!isObj(raw)) throw new ConfigError('(root)', 'a run config is a JSON object', src);
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) throw new ConfigError(k, `unknown key (allowed: ${TOP_KEYS.join(', ')})`, src);
  }
  const seed = raw.seed === undefined ? '1' : typeof raw.seed === 'number' || typeof raw.seed === 'string' ? String(raw.seed) : null;
  if (seed === null) throw new ConfigError('seed', 'expected a number or string', src);
  const workers = raw.workers === undefined ? 0 : num(raw.workers, 'workers', { min: 0, max: 256, int: true }, src);
  if (raw.out !== undefined && (typeof raw.out !== 'string' || raw.out === '')) throw new ConfigError('out', 'expected a folder path', src);
  const datasetsRaw = raw.datasets === undefined ? [] : raw.datasets;
  if (!Array.isArray(datasetsRaw)) throw new ConfigError('datasets', 'expected a list of data bundles', src);
  const datasets = datasetsRaw.map((spec, i) => ({ spec, key: `datasets[${i}]` }));

  const episodesRaw = raw.episodes === undefined ? [{ kind: 'rebound' }] : raw.episodes;
  if (!Array.isArray(episodesRaw) || episodesRaw.length === 0) throw new ConfigError('episodes', 'expected a non-empty list like [{"kind": "rebound"}]', src);
  const episodes: EpisodeSpec[] = episodesRaw.map((e, i) => {
    const key = `episodes[${i}]`;
    if (!isObj(e)) throw new ConfigError(key, 'expected an object {"kind": ...}', src);
    if (!isEpisodeKind(e.kind)) throw new ConfigError(`${key}.kind`, `expected one of ${EPISODE_KINDS.join(', ')}, got ${JSON.stringify(e.kind)}`, src);
    const { kind, ...params } = e;
    return { kind: e.kind, params, key };
  });
  const seenKinds = new Map<string, string>();
  for (const e of episodes) {
    const prev = seenKinds.get(e.kind);
    if (prev) {
      throw new ConfigError(`${e.key}.kind`, `a second '${e.kind}' definition (the first is ${prev}): one definition per kind per run — put every seasonal window in one list, and compare different ${e.kind} parameters in separate runs`, src);
    }
    seenKinds.set(e.kind, e.key);
  }

  const criteriaRaw = raw.criteria === undefined ? ['all'] : raw.criteria;
  if (!Array.isArray(criteriaRaw) || criteriaRaw.length === 0) throw new ConfigError('criteria', 'expected a non-empty list, e.g. ["all"]', src);
  const criteria = criteriaRaw.map((c, i) => parseCriterion(c, `criteria[${i}]`, src));

  const st = raw.statistics === undefined ? {} : raw.statistics;
  if (!isObj(st)) throw new ConfigError('statistics', 'expected an object', src);
  for (const k of Object.keys(st)) if (!(k in DEFAULT_STATISTICS)) throw new ConfigError(`statistics.${k}`, `unknown key (allowed: ${Object.keys(DEFAULT_STATISTICS).join(', ')})`, src);
  const statistics = {
    bootstrap: st.bootstrap === undefined ? DEFAULT_STATISTICS.bootstrap : num(st.bootstrap, 'statistics.bootstrap', { min: 0, max: 1e6, int: true }, src),
    permutations: st.permutations === undefined ? DEFAULT_STATISTICS.permutations : num(st.permutations, 'statistics.permutations', { min: 0, max: 1e6, int: true }, src),
    threshold: st.threshold === undefined ? DEFAULT_STATISTICS.threshold : num(st.threshold, 'statistics.threshold', { min: 0, max: 1 }, src),
    level: st.level === undefined ? DEFAULT_STATISTICS.level : num(st.level, 'statistics.level', { min: 0.5, max: 0.999 }, src),
  };
  const timeoutMs = raw.timeoutMs === undefined ? 120_000 : num(raw.timeoutMs, 'timeoutMs', { min: 1, int: true }, src);
  return {
    seed, workers, out: (raw.out as string | undefined) ?? 'rally-out', datasets, episodes, criteria, statistics, timeoutMs,
    baseDir, raw, source,
  };
}

export function readRunConfig(file: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('(file)', `cannot read config: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const at = jsonErrorOffset(body);
    const { line, column } = lineColumn(body, Math.max(0, at));
    const near = body.slice(Math.max(0, at), Math.max(0, at) + 12).split('\n')[0];
    throw new InputError(file, line, column, at >= 0 && near ? `invalid JSON near '${near}'` : `invalid JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  return attributeTo(file, () => parseRunConfig(raw, file, dirname(resolve(file))));
}

/** The default run: the embedded S&P 500 2000-2020, rebounds, every built-in. */
export function defaultRunConfig(): RunConfig {
  return parseRunConfig({ seed: 1, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }], criteria: ['all'] }, '', process.cwd());
}

/** Canonical JSON (sorted keys) — the basis of the run config hash. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (isObj(x)) return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(x[k])}`).join(',')}}`;
  return JSON.stringify(x) ?? 'null';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
