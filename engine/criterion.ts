/**
 * The criterion (pluggable signal strategy) interface. A criterion tests one
 * claim from market commentary: at an episode's decision, seeing only data
 * known by then (a PointInTimeView), it returns a score in [0,1] — its belief
 * that the rally is durable — or abstains with a reason.
 *
 * Criteria (built-in in strategies/, or user plugins) depend only on this
 * file and engine/types.ts.
 */
import type { DecisionPoint, EpisodeKind, ScoreResult } from './types.ts';

export type { DecisionPoint, EpisodeKind, ScoreResult } from './types.ts';

export type ParamValue = number | boolean | string;
export type Params = Record<string, ParamValue>;

/** One parameter of a criterion: what `rally list criteria` shows and the engine validates values against. */
export interface ParamSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  default: ParamValue;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  /** Allowed values for strings. */
  choices?: string[];
  description: string;
}

/**
 * Indicators the engine computes once per dataset (on the full column, with
 * the causal code in engine/data/indicators.ts and calendar-indicators.ts) and
 * hands out truncated at the decision. Parameters are window lengths.
 * `monthlyMedian` (no window): the expanding median of one reading per
 * calendar month (each earlier month's last bar, and the bar itself).
 */
export type IndicatorName =
  | 'sma' | 'ema' | 'rsi' | 'rollingMax' | 'rollingMin' | 'rollingSum' | 'rollingStd'
  | 'realizedVol' | 'roc' | 'returns' | 'logReturns' | 'runningMax' | 'drawdown'
  | 'monthlyMedian';

/**
 * Everything a criterion may see at one decision. Every array it returns ends
 * at the decision index t (length t+1): reading the future is impossible by
 * construction. Lower-frequency series are already lagged (a value appears
 * only once it was known).
 */
export interface PointInTimeView {
  /** Decision index: the last visible index. */
  readonly t: number;
  /** The episode as known at the decision (no outcome). */
  readonly decision: Readonly<DecisionPoint>;
  /** Calendar (day numbers since 1970-01-01), length t+1. */
  readonly dates: Int32Array;
  /** The dataset's market id. */
  readonly market: string;
  /** The run's call threshold: a score at or above it is a "durable" call (statistics.threshold, default 0.5). */
  readonly callThreshold: number;
  /** True when the column exists and has at least one known value at or before t. */
  has(column: string): boolean;
  /** A column truncated at t; throws if the dataset has no such column (check has() first). */
  series(column: string): Float64Array;
  /** Column names in the dataset (sector columns are `sector:<name>`). */
  columns(): string[];
  /** A shared, precomputed indicator truncated at t, e.g. indicator('sma', 'close', 50). */
  indicator(name: IndicatorName, column: string, ...windows: number[]): Float64Array;
  /** Seeded uniform [0,1) draws, derived from (run seed, criterion, params, episode). */
  random(): number;
  /** Another criterion's score at this same decision (used by `consensus`). */
  evaluate(criterionId: string, params?: Params): ScoreResult;
}

export interface Criterion {
  /** Stable id, kebab-case. */
  id: string;
  /** The claim it tests, one sentence. */
  claim: string;
  /** Data roles it needs (for `rally list criteria`): price, volume, vix, breadth, sectors, FEDFUNDS, CPIAUCSL, DGS10, BAA10Y, T10Y2Y, shiller, calendar, none. */
  needs: string[];
  /** How the measure maps to a score in [0,1], one or two sentences. */
  scoring: string;
  params: ParamSpec[];
  /** Episode kinds it applies to; omitted = all. On other kinds it abstains saying so. */
  kinds?: EpisodeKind[];
  /**
   * Optional check of a whole parameter set (relations the per-parameter
   * ranges cannot express, e.g. fast < slow). Returns an error text or null;
   * a run refuses such a set before it starts, naming the config key.
   */
  validate?(params: Params): string | null;
  /** The ids of the criteria score() may call through view.evaluate with these parameters (consensus: its members). */
  reaches?(params: Params): readonly string[];
  score(view: PointInTimeView, params: Params): ScoreResult;
}

/** Helpers criteria use to build results. */
/** Significant digits a score keeps (engine/data/view.ts `scoreAt` applies `canonicalScore` to every score). */
export const SCORE_DIGITS = 12;

/**
 * A score as the engine ranks, scores and writes it: rounded to 12
 * significant digits, so scores equal in exact arithmetic (0.1 + 0.2 and
 * 0.3) are ties rather than ordered by floating-point noise, and
 * predictions.csv carries exactly the numbers every metric was computed from.
 */
export function canonicalScore(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? 0 : x;
  return Number(x.toPrecision(SCORE_DIGITS));
}

export const abstain = (reason: string): ScoreResult => ({ abstain: reason });
export const scored = (score: number): ScoreResult =>
  Number.isFinite(score) ? { score: Math.min(1, Math.max(0, score)) } : { abstain: 'score is not a finite number' };

/** The last finite value at or before the end of a truncated series, or NaN. */
export function lastKnown(x: Float64Array): number {
  for (let i = x.length - 1; i >= 0; i--) if (!Number.isNaN(x[i]!)) return x[i]!;
  return NaN;
}

/** Logistic squashing of a measure into (0,1): 0.5 at `center`, steeper with larger `scale`. */
export function logistic(x: number, center = 0, scale = 1): number {
  return 1 / (1 + Math.exp(-(x - center) * scale));
}

/** Canonical text of a parameter set: `a=1;b=x`, keys sorted; '' for none. */
export function paramsKey(p: Params): string {
  return Object.keys(p).sort().map((k) => `${k}=${String(p[k])}`).join(';');
}

/** Defaults of a criterion's parameters, overlaid with `given`. */
export function withDefaults(c: Pick<Criterion, 'params'>, given: Params = {}): Params {
  const out: Params = {};
  for (const s of c.params) out[s.name] = s.default;
  for (const [k, v] of Object.entries(given)) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------
// Parameter validation, in one place: config resolution (parameter sets),
// plugin loading (parameter specs) and defineCriterion (declarations, and
// every set a typed criterion scores with) all call these.
// ---------------------------------------------------------------------------

/** What is wrong with a parameter set: the parameter at fault (null for a relation between several) and the text. */
export interface ParamProblem {
  param: string | null;
  message: string;
}

/** Why value `v` does not fit spec `s`, or null. */
export function paramValueProblem(s: ParamSpec, v: ParamValue): string | null {
  if (s.type === 'number' || s.type === 'integer') {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `parameter '${s.name}' must be a number, got ${JSON.stringify(v)}`;
    if (s.type === 'integer' && !Number.isInteger(v)) return `parameter '${s.name}' must be an integer, got ${v}`;
    if (s.min !== undefined && v < s.min) return `parameter '${s.name}' must be >= ${s.min}, got ${v}`;
    if (s.max !== undefined && v > s.max) return `parameter '${s.name}' must be <= ${s.max}, got ${v}`;
  } else if (s.type === 'boolean') {
    if (typeof v !== 'boolean') return `parameter '${s.name}' must be true or false, got ${JSON.stringify(v)}`;
  } else {
    if (typeof v !== 'string') return `parameter '${s.name}' must be a string, got ${JSON.stringify(v)}`;
    if (s.choices && !s.choices.includes(v)) return `parameter '${s.name}' must be one of ${s.choices.join(', ')}, got '${v}'`;
  }
  return null;
}

/** Unknown names and values outside their specs (not the criterion's own `validate`). */
function valuesProblem(c: Pick<Criterion, 'id' | 'params'>, p: Params): ParamProblem | null {
  for (const k of Object.keys(p)) {
    if (!c.params.some((s) => s.name === k)) {
      return { param: k, message: `unknown parameter '${k}' for criterion '${c.id}' (has: ${c.params.map((s) => s.name).join(', ') || 'none'})` };
    }
  }
  for (const s of c.params) {
    const v = p[s.name];
    const bad = v === undefined ? null : paramValueProblem(s, v);
    if (bad) return { param: s.name, message: bad };
  }
  return null;
}

/**
 * The first problem of a parameter set for criterion `c`: an unknown name, a
 * value outside its spec, or (once every parameter is given) the criterion's
 * own `validate`. Null when the set is valid.
 */
export function paramSetProblem(c: Pick<Criterion, 'id' | 'params' | 'validate'>, p: Params): ParamProblem | null {
  const bad = valuesProblem(c, p);
  if (bad) return bad;
  if (c.validate && c.params.every((s) => p[s.name] !== undefined)) {
    const rel = c.validate(p);
    if (rel) return { param: null, message: `${rel} (criterion '${c.id}', parameters ${paramsKey(p)})` };
  }
  return null;
}

/** Validate a parameter set against its specs; returns an error text or null. */
export function checkParams(c: Pick<Criterion, 'id' | 'params' | 'validate'>, p: Params): string | null {
  return paramSetProblem(c, p)?.message ?? null;
}

/**
 * A parameter set as a run config gives it, made whole: defaults filled in,
 * then validated. Config resolution calls this once per set; the problem
 * names the parameter at fault so the error can name its config key.
 */
export function resolveParams(c: Pick<Criterion, 'id' | 'params' | 'validate'>, given: Params = {}): { params: Params } | { problem: ParamProblem } {
  const params = withDefaults(c, given);
  const problem = paramSetProblem(c, params);
  return problem ? { problem } : { params };
}

const PARAM_TYPES: ReadonlyArray<ParamSpec['type']> = ['number', 'integer', 'boolean', 'string'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Why a parameter spec (as a plugin or defineCriterion declares it) is
 * invalid, or null. `seen` collects the names so far (a duplicate is a problem).
 */
export function paramSpecProblem(p: unknown, seen: Set<string>): string | null {
  if (!isObj(p)) {
    const what = p === null ? 'null' : Array.isArray(p) ? 'an array' : typeof p === 'function' ? 'a function' : `${typeof p} ${JSON.stringify(p)}`;
    return `a parameter spec is an object { name, type, default, min?, max?, choices?, description }, got ${what}`;
  }
  if (typeof p.name !== 'string' || p.name === '') return "missing 'name'";
  if (seen.has(p.name)) return `duplicate parameter name '${p.name}'`;
  seen.add(p.name);
  if (typeof p.type !== 'string' || !PARAM_TYPES.includes(p.type as ParamSpec['type'])) {
    return `'type' must be one of ${PARAM_TYPES.join(', ')}, got ${JSON.stringify(p.type)}`;
  }
  if (!('default' in p) || p.default === undefined) return "missing 'default'";
  if (p.description !== undefined && typeof p.description !== 'string') return "'description' must be a string";
  if (p.type === 'number' || p.type === 'integer') return numberSpecProblem(p);
  return p.type === 'boolean' ? booleanSpecProblem(p) : stringSpecProblem(p);
}

function numberSpecProblem(p: Record<string, unknown>): string | null {
  const d = p.default;
  if (typeof d !== 'number' || !Number.isFinite(d)) return `default must be a number, got ${JSON.stringify(d)}`;
  if (p.type === 'integer' && !Number.isInteger(d)) return `default must be an integer, got ${d}`;
  for (const b of ['min', 'max'] as const) {
    if (p[b] !== undefined && (typeof p[b] !== 'number' || Number.isNaN(p[b]))) return `'${b}' must be a number, got ${JSON.stringify(p[b])}`;
  }
  const min = p.min as number | undefined;
  const max = p.max as number | undefined;
  if (min !== undefined && max !== undefined && min > max) return `min ${min} is greater than max ${max}`;
  if ((min !== undefined && d < min) || (max !== undefined && d > max)) {
    return `default ${d} is outside its range [${min ?? '-inf'}, ${max ?? 'inf'}]`;
  }
  return null;
}

function booleanSpecProblem(p: Record<string, unknown>): string | null {
  return typeof p.default !== 'boolean' ? `default must be true or false, got ${JSON.stringify(p.default)}` : null;
}

function stringSpecProblem(p: Record<string, unknown>): string | null {
  const d = p.default;
  if (typeof d !== 'string') return `default must be a string, got ${JSON.stringify(d)}`;
  if (p.choices !== undefined) {
    if (!Array.isArray(p.choices) || p.choices.length === 0 || !p.choices.every((c) => typeof c === 'string')) {
      return "'choices' must be a non-empty list of strings";
    }
    if (!p.choices.includes(d)) return `default '${d}' is not one of its choices (${p.choices.join(', ')})`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Typed criteria: parameters declared once, received as a typed object
// ---------------------------------------------------------------------------

/** One parameter as defineCriterion declares it (its name is the key). */
export type ParamDecl =
  | { type: 'number' | 'integer'; default: number; min?: number; max?: number; description: string }
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'string'; default: string; choices?: readonly string[]; description: string };

export type ParamDecls = Readonly<Record<string, ParamDecl>>;

type ValueOf<D extends ParamDecl> =
  D extends { type: 'number' | 'integer' } ? number
    : D extends { type: 'boolean' } ? boolean
      : D extends { choices: readonly (infer C extends string)[] } ? C
        : string;

/** The typed parameter object a defined criterion receives, e.g. `{ fast: number; source: 'auto' | 'vix' }`. */
export type ParamsOf<P extends ParamDecls> = { readonly [K in keyof P]: ValueOf<P[K]> };

export interface CriterionDefinition<P extends ParamDecls> {
  id: string;
  claim: string;
  needs: string[];
  scoring: string;
  /** Every parameter, declared once: name -> type, default, range or choices, description (in display order). */
  params: P;
  kinds?: EpisodeKind[];
  /** Relations between parameters (e.g. fast < slow): an error text or null. */
  validate?(p: ParamsOf<P>): string | null;
  /** The ids of the criteria score() may call through view.evaluate (see Criterion). */
  reaches?(p: ParamsOf<P>): readonly string[];
  score(view: PointInTimeView, p: ParamsOf<P>): ScoreResult;
}

/** A Criterion built by defineCriterion, with its typed defaults and reader. */
export interface DefinedCriterion<P extends ParamDecls> extends Criterion {
  /** The declared defaults, typed (what a run uses when the config gives none). */
  readonly defaults: ParamsOf<P>;
  /** A parameter set (defaults filled in) as the typed object; throws naming the problem. */
  read(given?: Params): ParamsOf<P>;
}

/**
 * Define a criterion with its parameters declared once:
 *
 *   export const goldenCross = defineCriterion({
 *     id: 'golden-cross', claim: '...', needs: ['price'], scoring: '...',
 *     params: {
 *       fast: { type: 'integer', default: 50, min: 2, max: 250, description: '...' },
 *       slow: { type: 'integer', default: 200, min: 3, max: 500, description: '...' },
 *     },
 *     validate: (p) => (p.fast >= p.slow ? `fast (${p.fast}) must be shorter than slow (${p.slow})` : null),
 *     score(view, p) { ... p.fast and p.slow are numbers ... },
 *   });
 *
 * The result is a plain Criterion (a ParamSpec list, score(view, Params)), so
 * the engine runs it like any plugin. The declarations are checked here as a
 * plugin's specs are; every score call fills in defaults and validates the
 * set (each value against its spec, then `validate`) before `score` sees it.
 */
export function defineCriterion<const P extends ParamDecls>(def: CriterionDefinition<P>): DefinedCriterion<P> {
  const params = Object.entries(def.params).map(([name, d]): ParamSpec => {
    const choices = 'choices' in d && d.choices ? { choices: [...d.choices] } : {};
    return Object.freeze({ name, ...d, ...choices } as ParamSpec);
  });
  const seen = new Set<string>();
  for (const spec of params) {
    const bad = paramSpecProblem(spec, seen);
    if (bad) throw new Error(`criterion '${def.id}': parameter '${spec.name}': ${bad}`);
  }
  const specs = { id: def.id, params };
  const read = (given: Params = {}): ParamsOf<P> => {
    const full = withDefaults(specs, given);
    const bad = valuesProblem(specs, full);
    if (bad) throw new Error(`${def.id}: ${bad.message}`);
    const typed = full as ParamsOf<P>;
    const rel = def.validate?.(typed);
    if (rel) throw new Error(`${def.id}: ${rel}`);
    return typed;
  };
  const { validate, reaches } = def;
  return Object.freeze({
    id: def.id,
    claim: def.claim,
    needs: def.needs,
    scoring: def.scoring,
    params,
    ...(def.kinds ? { kinds: def.kinds } : {}),
    ...(validate ? { validate: (p: Params) => validate(p as ParamsOf<P>) } : {}),
    ...(reaches ? { reaches: (p: Params) => reaches(withDefaults(specs, p) as ParamsOf<P>) } : {}),
    score: (view: PointInTimeView, given: Params) => def.score(view, read(given)),
    defaults: Object.freeze(withDefaults(specs)) as ParamsOf<P>,
    read,
  });
}

/** A column's name in formulas: characters outside [A-Za-z0-9_] become '_', a leading digit gets '_' (sector:NoDur → sector_NoDur). */
export function columnSymbol(column: string): string {
  const s = column.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}
