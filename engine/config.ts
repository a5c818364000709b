/**
 * Run configs: JSON files that name data bundles, episode kinds with their
 * parameters, criteria with parameter grids, the seed, workers and output.
 * A config is parsed once into a validated, typed RunConfig (the run spec);
 * every problem is a ConfigError naming the key (`criteria[2].params.fast`).
 * The config a summary records (and hashes) is derived from the spec.
 *
 *   {
 *     "seed": 42,
 *     "workers": 2,
 *     "out": "rally-out",
 *     "datasets": [ { "id": "GSPC", "price": "data/GSPC.csv", "vix": "data/vix.csv" } ],
 *     "episodes": [ { "kind": "rebound", "drawdown": 0.1, "rebound": 0.05, "horizon": 126 } ],
 *       (several definitions of one kind each need a "label": engine/episodes/definition-check.ts)
 *     "criteria": [
 *       "all",
 *       { "id": "golden-cross", "params": { "fast": [20, 50], "slow": [150, 200] } },
 *       { "id": "golden-cross", "paramSets": [ { "fast": 10, "slow": 30 } ] },
 *       { "id": "cross", "expr": "sma(close, 50) > sma(close, 200)" },
 *       { "plugin": "./my-criterion.ts", "params": { "window": [20, 50] } }
 *     ],
 *     "statistics": { "bootstrap": 2000, "permutations": 2000, "threshold": 0.5, "level": 0.95 },
 *     "timeoutMs": 60000,
 *     "limits": { "gridSets": 100000 }
 *   }
 *
 * `params` values that are arrays form a cartesian grid; `paramSets` is an
 * explicit list; a grid larger than `limits.gridSets` (engine/config-bounds.ts)
 * is refused before it is expanded. Paths are relative to the config file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { attributeTo, ConfigError } from './errors.ts';
import { parseJsonText } from './files.ts';
import { EPISODE_KINDS, isEpisodeKind, type EpisodeKind } from './vocabulary.ts';
import type { ParamValue, Params } from './criterion.ts';
import { normaliseEpisodeParams } from './episodes/detect.ts';
import { checkDefinitionLabels } from './definition-labels.ts';
import { checkBundleSpec, type BundleSpec } from './bundle-spec.ts';
import { corpusBundle } from './default-corpus.ts';
import { parseEvaluation, recordedEvaluation, type EvaluationConfig } from './evaluation.ts';
import { parseCombine, recordedCombine, type CombineConfig } from './combine-spec.ts';
import { parseNullWorlds, recordedNullWorlds, type NullWorldsConfig } from './null-worlds-spec.ts';
import { checkConfigDepth, checkFormulaSize, checkGridSize, DEFAULT_GRID_SETS, parseLimits } from './config-bounds.ts';
import { parseTrading, recordedTrading, type TradingConfig } from './trading-spec.ts';
import { checkUniverseOutOfSample } from './universe-oos-spec.ts';

export { checkBundleSpec, type BundleSpec } from './bundle-spec.ts';

export type CriterionRef =
  | { type: 'all' }
  | { type: 'builtin'; id: string; grid: Params[]; key: string; claim?: string }
  | { type: 'expr'; id: string; expr: string; threshold?: number; key: string; claim?: string }
  | { type: 'plugin'; file: string; grid: Params[]; key: string; claim?: string };

export interface EpisodeSpec {
  kind: EpisodeKind;
  /** The definition's parameters as given (validated; defaults are filled in by the detector). */
  params: Record<string, unknown>;
  key: string;
  /** The definition's label: required when its kind repeats (engine/episodes/definition-label.ts). */
  label?: string;
}

/** A data bundle of the run with the config key that named it (or `--data`). */
export interface DatasetRef {
  spec: BundleSpec;
  key: string;
}

export interface StatisticsConfig {
  bootstrap: number;
  permutations: number;
  threshold: number;
  level: number;
}

/** The run spec: a validated run config with every default filled in. */
export interface RunConfig {
  seed: string;
  /** Worker count as the config gives it (0 = built-in jobs in the main thread); absent: as many as the jobs' cost can use (engine/run/batches.ts workersForCost). */
  workers?: number;
  /** Output folder as the config gave it (relative to baseDir), if it gave one. */
  out?: string;
  datasets: DatasetRef[];
  episodes: EpisodeSpec[];
  criteria: CriterionRef[];
  statistics: StatisticsConfig;
  /** Evaluation periods by decision date (engine/evaluation.ts); none by default. */
  evaluation: EvaluationConfig;
  /** Combined rows from several criteria's scores (engine/combine-spec.ts); absent by default. */
  combine?: CombineConfig;
  /** The trading backtest's rules (engine/trading-spec.ts); absent: the defaults. */
  trading?: TradingConfig;
  /** Null worlds (engine/null-worlds-spec.ts); absent: none. */
  nullWorlds?: NullWorldsConfig;
  timeoutMs: number;
  description?: string;
  /** Folder paths are resolved against. */
  baseDir: string;
  /** Where it came from ('' for built-in defaults). */
  source: string;
}

export const DEFAULT_STATISTICS: Readonly<StatisticsConfig> = { bootstrap: 2000, permutations: 2000, threshold: 0.5, level: 0.95 };
export const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_SEED = '1';
const TOP_KEYS = ['seed', 'workers', 'out', 'datasets', 'episodes', 'criteria', 'statistics', 'evaluation', 'timeoutMs', 'description', 'limits', 'combine', 'trading', 'nullWorlds'];
const CRITERION_KEYS = ['id', 'params', 'paramSets', 'expr', 'plugin', 'threshold', 'claim'];

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
export function expandGrid(params: unknown, key: string, src = 'config', maxSets = DEFAULT_GRID_SETS): Params[] {
  if (params === undefined) return [{}];
  if (!isObj(params)) throw new ConfigError(key, 'expected an object of parameter values or arrays of values', src);
  checkGridSize(params, key, maxSets, src);
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

function parseGrid(c: Record<string, unknown>, key: string, src: string, maxSets: number): Params[] {
  if (c.params !== undefined && c.paramSets !== undefined) throw new ConfigError(key, "give either 'params' (a grid) or 'paramSets' (a list), not both", src);
  if (c.params !== undefined) return expandGrid(c.params, `${key}.params`, src, maxSets);
  if (c.paramSets === undefined) return [{}];
  if (!Array.isArray(c.paramSets) || c.paramSets.length === 0) throw new ConfigError(`${key}.paramSets`, 'expected a non-empty list of parameter objects', src);
  return c.paramSets.map((p, i) => {
    const g = expandGrid(p, `${key}.paramSets[${i}]`, src);
    if (g.length !== 1) throw new ConfigError(`${key}.paramSets[${i}]`, 'each entry is one parameter set (no arrays)', src);
    return g[0]!;
  });
}

function parseCriterion(c: unknown, key: string, src: string, maxSets = DEFAULT_GRID_SETS): CriterionRef {
  if (c === 'all') return { type: 'all' };
  if (typeof c === 'string') return { type: 'builtin', id: c, grid: [{}], key };
  if (!isObj(c)) throw new ConfigError(key, 'expected "all", a criterion id, or an object {id, params} / {id, expr} / {plugin}', src);
  for (const k of Object.keys(c)) if (!CRITERION_KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${CRITERION_KEYS.join(', ')})`, src);
  const grid = parseGrid(c, key, src, maxSets);
  if (c.claim !== undefined && typeof c.claim !== 'string') throw new ConfigError(`${key}.claim`, 'expected a sentence (a string)', src);
  const claim = c.claim === undefined ? {} : { claim: c.claim };
  if (c.expr === undefined && c.threshold !== undefined) throw new ConfigError(`${key}.threshold`, "only a formula criterion ({\"expr\": ...}) takes a threshold; the run's call threshold is statistics.threshold", src);
  if (c.expr !== undefined) {
    if (c.params !== undefined || c.paramSets !== undefined) throw new ConfigError(`${key}.params`, 'a formula criterion has no parameters: write the numbers into the formula, or add one entry per variant', src);
    if (typeof c.expr !== 'string' || c.expr.trim() === '') throw new ConfigError(`${key}.expr`, 'expected a formula string', src);
    checkFormulaSize(c.expr, `${key}.expr`, src);
    if (typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(c.id)) throw new ConfigError(`${key}.id`, 'an expression criterion needs an id (letters, digits, . _ -)', src);
    const threshold = c.threshold === undefined ? undefined : num(c.threshold, `${key}.threshold`, {}, src);
    return { type: 'expr', id: c.id, expr: c.expr, threshold, key, ...claim };
  }
  if (c.plugin !== undefined) {
    if (typeof c.plugin !== 'string' || c.plugin === '') throw new ConfigError(`${key}.plugin`, 'expected a path to a .ts or .js file', src);
    return { type: 'plugin', file: c.plugin, grid, key, ...claim };
  }
  if (typeof c.id !== 'string') throw new ConfigError(`${key}.id`, 'expected a criterion id', src);
  return { type: 'builtin', id: c.id, grid, key, ...claim };
}

function parseEpisodes(given: unknown, src: string): EpisodeSpec[] {
  const list = given === undefined ? [{ kind: 'rebound' }] : given;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError('episodes', 'expected a non-empty list like [{"kind": "rebound"}]', src);
  const specs = list.map((e, i) => {
    const key = `episodes[${i}]`;
    if (!isObj(e)) throw new ConfigError(key, 'expected an object {"kind": ...}', src);
    if (!isEpisodeKind(e.kind)) throw new ConfigError(`${key}.kind`, `expected one of ${EPISODE_KINDS.join(', ')}, got ${JSON.stringify(e.kind)}`, src);
    const { kind, label, ...params } = e;
    const spec: EpisodeSpec = { kind: e.kind, params, key, ...(label === undefined ? {} : { label: label as string }) };
    attributeTo(src, () => normaliseEpisodeParams(spec));
    return spec;
  });
  checkDefinitionLabels(specs, src);
  return specs;
}

function parseStatistics(given: unknown, src: string): StatisticsConfig {
  const st = given === undefined ? {} : given;
  if (!isObj(st)) throw new ConfigError('statistics', 'expected an object', src);
  for (const k of Object.keys(st)) if (!Object.hasOwn(DEFAULT_STATISTICS, k)) throw new ConfigError(`statistics.${k}`, `unknown key (allowed: ${Object.keys(DEFAULT_STATISTICS).join(', ')})`, src);
  const d = DEFAULT_STATISTICS;
  return {
    bootstrap: st.bootstrap === undefined ? d.bootstrap : num(st.bootstrap, 'statistics.bootstrap', { min: 0, max: 1e6, int: true }, src),
    permutations: st.permutations === undefined ? d.permutations : num(st.permutations, 'statistics.permutations', { min: 0, max: 1e6, int: true }, src),
    threshold: st.threshold === undefined ? d.threshold : num(st.threshold, 'statistics.threshold', { min: 0, max: 1 }, src),
    level: st.level === undefined ? d.level : num(st.level, 'statistics.level', { min: 0.5, max: 0.999 }, src),
  };
}

function parseDatasets(given: unknown, src: string): DatasetRef[] {
  const list = given === undefined ? [] : given;
  if (!Array.isArray(list)) throw new ConfigError('datasets', 'expected a list of data bundles', src);
  // Without datasets, the run uses the embedded S&P 500 (its id comes from the data).
  if (list.length === 0) return [{ spec: { price: '@embedded' }, key: 'datasets[0]' }];
  return list.map((spec, i) => ({ spec: attributeTo(src, () => checkBundleSpec(spec, `datasets[${i}]`)), key: `datasets[${i}]` }));
}

/** Validate a parsed config object. `source` names the file in error messages. */
export function parseRunConfig(raw: unknown, source: string, baseDir: string): RunConfig {
  const src = source || 'config';
  if (!isObj(raw)) throw new ConfigError('(root)', 'a run config is a JSON object', src);
  checkConfigDepth(raw, src);
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) throw new ConfigError(k, `unknown key (allowed: ${TOP_KEYS.join(', ')})`, src);
  }
  const seed = raw.seed === undefined ? DEFAULT_SEED : typeof raw.seed === 'number' || typeof raw.seed === 'string' ? String(raw.seed) : null;
  if (seed === null) throw new ConfigError('seed', 'expected a number or string', src);
  const workers = raw.workers === undefined ? undefined : num(raw.workers, 'workers', { min: 0, max: 256, int: true }, src);
  if (raw.out !== undefined && (typeof raw.out !== 'string' || raw.out === '')) throw new ConfigError('out', 'expected a folder path', src);
  if (raw.description !== undefined && typeof raw.description !== 'string') throw new ConfigError('description', 'expected a text', src);
  const datasets = parseDatasets(raw.datasets, src);
  const episodes = parseEpisodes(raw.episodes, src);
  const criteriaRaw = raw.criteria === undefined ? ['all'] : raw.criteria;
  if (!Array.isArray(criteriaRaw) || criteriaRaw.length === 0) throw new ConfigError('criteria', 'expected a non-empty list, e.g. ["all"]', src);
  const { gridSets } = parseLimits(raw.limits, src);
  const criteria = criteriaRaw.map((c, i) => parseCriterion(c, `criteria[${i}]`, src, gridSets));
  const statistics = parseStatistics(raw.statistics, src);
  const evaluation = parseEvaluation(raw.evaluation, src);
  const combine = parseCombine(raw.combine, src);
  checkUniverseOutOfSample(datasets, episodes.map((e) => e.kind), { walkForward: evaluation.walkForward !== undefined, periods: evaluation.periods.length > 0, ...(combine ? { combine } : {}) }, src);
  const trading = parseTrading(raw.trading, src);
  const nullWorlds = parseNullWorlds(raw.nullWorlds, src);
  const timeoutMs = raw.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : num(raw.timeoutMs, 'timeoutMs', { min: 1, int: true }, src);
  return {
    seed, ...(workers === undefined ? {} : { workers }), ...(raw.out === undefined ? {} : { out: raw.out as string }), datasets, episodes, criteria, statistics, evaluation, trading, ...(nullWorlds ? { nullWorlds } : {}), timeoutMs,
    ...(combine ? { combine } : {}),
    ...(raw.description === undefined ? {} : { description: raw.description as string }), baseDir, source,
  };
}

export function readRunConfig(file: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('(file)', `cannot read config: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, file);
  }
  const raw = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  return attributeTo(file, () => parseRunConfig(raw, file, dirname(resolve(file))));
}

/**
 * The default run (`npm start`): every file of the shipped corpus (the S&P 500
 * since 1927 with VIX, Treasury yields, macro series, Shiller and the Ken French
 * industries; engine/default-corpus.ts), rebound, sector-lead and seasonal
 * episodes, every built-in, default statistics. The small embedded S&P 500
 * 2000-2020 stays available as the price file `@embedded`.
 */
export function defaultRunConfig(kinds: readonly EpisodeKind[] = EPISODE_KINDS): RunConfig {
  return parseRunConfig({
    seed: 1, datasets: [corpusBundle()], episodes: kinds.map((kind) => ({ kind })), criteria: ['all'],
  }, '', process.cwd());
}

/** The data role an episode kind needs besides prices. */
const KIND_NEEDS: Partial<Record<EpisodeKind, 'sectors'>> = { 'sector-lead': 'sectors' };

/**
 * The default run on the user's price file (`rally run --data FILE` without a
 * config): the default episode kinds such a file supports (not sector-lead,
 * which needs sector data), and for each kind left out, why. A config that
 * asks for a kind its data cannot give stays an error.
 */
export function defaultRunOnData(data: string): { config: RunConfig; leftOut: string[] } {
  const spec: BundleSpec = { price: data };
  const lacking = EPISODE_KINDS.filter((k) => KIND_NEEDS[k] !== undefined && spec[KIND_NEEDS[k]!] === undefined);
  const leftOut = lacking.map((k) => `${k} episodes left out: they need the '${KIND_NEEDS[k]}' role (e.g. Ken French industry returns), which a price file given with --data lacks; name both files in a run config to include them (README "Run configs")`);
  const config = withOverrides(defaultRunConfig(EPISODE_KINDS.filter((k) => !lacking.includes(k))), { data });
  return { config, leftOut };
}

/**
 * Command-line overrides: `--data FILE` replaces the datasets with one price
 * file (kept relative to the config's folder, so no absolute path of this
 * machine ends up in the outputs), `--seed` replaces the seed.
 */
export function withOverrides(cfg: RunConfig, o: { data?: string; seed?: string }): RunConfig {
  let out = cfg;
  if (o.data !== undefined) {
    const file = relative(cfg.baseDir, resolve(o.data)) || '.';
    out = { ...out, datasets: [{ spec: { price: file }, key: '--data' }] };
  }
  if (o.seed !== undefined) out = { ...out, seed: o.seed };
  return out;
}

/** A grid as a config would write it: nothing, `params` (a full cartesian grid) or the explicit `paramSets`. */
function gridEntry(grid: readonly Params[]): { params?: Record<string, ParamValue | ParamValue[]>; paramSets?: Params[] } {
  if (grid.length === 1 && Object.keys(grid[0]!).length === 0) return {};
  const names = [...new Set(grid.flatMap((p) => Object.keys(p)))].sort();
  const entries: Array<[string, ParamValue | ParamValue[]]> = [];
  for (const n of names) {
    const values = [...new Set(grid.map((p) => (Object.hasOwn(p, n) ? p[n] : undefined)))];
    if (values.some((v) => v === undefined)) return { paramSets: grid.map((p) => ({ ...p })) };
    entries.push([n, values.length === 1 ? values[0]! : (values as ParamValue[])]);
  }
  const params: Record<string, ParamValue | ParamValue[]> = Object.fromEntries(entries);
  const same = canonicalJson(expandGrid(params, '(recorded)', 'config', Infinity)) === canonicalJson(grid);
  return same ? { params } : { paramSets: grid.map((p) => ({ ...p })) };
}

function recordedCriterion(c: CriterionRef): unknown {
  const claim = c.type !== 'all' && c.claim !== undefined ? { claim: c.claim } : {};
  switch (c.type) {
    case 'all': return 'all';
    case 'expr': return { id: c.id, expr: c.expr, ...(c.threshold === undefined ? {} : { threshold: c.threshold }), ...claim };
    case 'plugin': return { plugin: c.file, ...gridEntry(c.grid), ...claim };
    case 'builtin': {
      const entry = { id: c.id, ...gridEntry(c.grid), ...claim };
      return Object.keys(entry).length === 1 ? c.id : entry;
    }
  }
}

/** A seed as a config would write it: a number when the text is one (so `3` and `"3"` record alike). */
function recordedSeed(seed: string): string | number {
  const n = Number(seed);
  return seed.trim() !== '' && Number.isFinite(n) && String(n) === seed ? n : seed;
}

/**
 * The config as a summary records it, derived from the spec: everything that
 * decides the results and nothing that does not (workers, out). Statistics and
 * the timeout appear when they differ from the defaults.
 */
export function recordedConfig(cfg: RunConfig): Record<string, unknown> {
  const statistics = Object.fromEntries((Object.keys(DEFAULT_STATISTICS) as Array<keyof StatisticsConfig>)
    .filter((k) => cfg.statistics[k] !== DEFAULT_STATISTICS[k]).map((k) => [k, cfg.statistics[k]]));
  return {
    ...(cfg.description === undefined ? {} : { description: cfg.description }),
    seed: recordedSeed(cfg.seed),
    datasets: cfg.datasets.map((d) => d.spec),
    episodes: cfg.episodes.map((e) => ({ kind: e.kind, ...(e.label === undefined ? {} : { label: e.label }), ...e.params })),
    criteria: cfg.criteria.map(recordedCriterion),
    ...(Object.keys(statistics).length ? { statistics } : {}),
    ...recordedEvaluation(cfg.evaluation),
    ...recordedCombine(cfg.combine),
    ...(cfg.trading ? recordedTrading(cfg.trading) : {}),
    ...recordedNullWorlds(cfg.nullWorlds),
    ...(cfg.timeoutMs === DEFAULT_TIMEOUT_MS ? {} : { timeoutMs: cfg.timeoutMs }),
  };
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

/** sha256 of the recorded config's canonical JSON: equal for runs that must give equal results. */
export function runConfigHash(cfg: RunConfig): string {
  return sha256(canonicalJson(recordedConfig(cfg)));
}
