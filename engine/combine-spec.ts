/**
 * The run config's `combine` key: a `combined` row per (dataset, kind) from
 * an L2-regularised logistic model over chosen criteria's scores, fitted
 * walk-forward (engine/stats/combine.ts, engine/run/combine.ts).
 *
 *   "combine": {
 *     "criteria": ["macro-confirmation", {"id": "golden-cross", "params": {"fast": 50}}],
 *     "penalty": 1,          // L2 penalty on the standardised coefficients (default 1)
 *     "steps": 10,           // walk-forward test blocks (default 10)
 *     "minTrain": 30,        // known outcomes needed before the first block (default 30)
 *     "missing": "mean",     // a missing member score: "mean" (imputed, counted) or "abstain"
 *     "kinds": ["rebound"],  // optional: only these kinds (default every kind of the run)
 *     "datasets": ["GSPC"]   // optional: only these datasets
 *   }
 *
 * A member is a criterion of the run: its id, or {"id", "params"} to pick one
 * parameter set of a grid (the given parameters must match exactly one set).
 */
import { ConfigError } from './errors.ts';
import { isEpisodeKind, EPISODE_KINDS, type EpisodeKind } from './vocabulary.ts';
import type { ParamValue } from './criterion.ts';

export const MISSING_SCORE_RULES = ['mean', 'abstain'] as const;

export interface CombineMemberRef {
  id: string;
  /** Parameters that pick one set of the criterion's grid (absent: its only set). */
  params?: Record<string, ParamValue>;
  key: string;
}

export interface CombineConfig {
  criteria: CombineMemberRef[];
  penalty: number;
  steps: number;
  minTrain: number;
  missing: (typeof MISSING_SCORE_RULES)[number];
  kinds?: EpisodeKind[];
  datasets?: string[];
}

export const COMBINE_DEFAULTS = { penalty: 1, steps: 10, minTrain: 30, missing: 'mean' } as const;

/** The criterion id of the combined rows (reserved: no criterion may use it). */
export const COMBINED_ID = 'combined';

const COMBINE_KEYS = ['criteria', 'penalty', 'steps', 'minTrain', 'missing', 'kinds', 'datasets'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function member(x: unknown, key: string, src: string): CombineMemberRef {
  if (typeof x === 'string' && x !== '') return { id: x, key };
  if (!isObj(x)) throw new ConfigError(key, 'expected a criterion id or {"id": ..., "params": {...}}', src);
  for (const k of Object.keys(x)) if (k !== 'id' && k !== 'params') throw new ConfigError(`${key}.${k}`, 'unknown key (allowed: id, params)', src);
  if (typeof x.id !== 'string' || x.id === '') throw new ConfigError(`${key}.id`, 'expected a criterion id', src);
  if (x.params === undefined) return { id: x.id, key };
  if (!isObj(x.params)) throw new ConfigError(`${key}.params`, 'expected an object of single parameter values', src);
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(x.params)) {
    if (!['number', 'string', 'boolean'].includes(typeof v)) throw new ConfigError(`${key}.params.${k}`, `expected a number, string or boolean, got ${JSON.stringify(v)}`, src);
    params[k] = v as ParamValue;
  }
  return { id: x.id, params, key };
}

function count(x: unknown, key: string, min: number, max: number, src: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw new ConfigError(key, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(x)}`, src);
  return x;
}

function names(x: unknown, key: string, src: string): string[] {
  if (!Array.isArray(x) || x.length === 0 || x.some((v) => typeof v !== 'string' || v === '')) throw new ConfigError(key, 'expected a non-empty list of names', src);
  return [...new Set(x as string[])];
}

/** Validate the `combine` key (absent: no combined rows). */
export function parseCombine(raw: unknown, src: string): CombineConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) throw new ConfigError('combine', 'expected an object {"criteria": [...], "penalty": 1, ...}', src);
  for (const k of Object.keys(raw)) if (!COMBINE_KEYS.includes(k)) throw new ConfigError(`combine.${k}`, `unknown key (allowed: ${COMBINE_KEYS.join(', ')})`, src);
  if (!Array.isArray(raw.criteria) || raw.criteria.length === 0) throw new ConfigError('combine.criteria', 'expected a non-empty list of criteria to combine', src);
  const criteria = raw.criteria.map((c, i) => member(c, `combine.criteria[${i}]`, src));
  const seen = new Set<string>();
  criteria.forEach((c) => {
    const k = JSON.stringify([c.id, c.params ?? null]);
    if (seen.has(k)) throw new ConfigError(c.key, `'${c.id}' is listed twice`, src);
    seen.add(k);
  });
  const penalty = raw.penalty === undefined ? COMBINE_DEFAULTS.penalty : raw.penalty;
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty <= 0 || penalty > 1e6) {
    throw new ConfigError('combine.penalty', `expected a number above 0 (at most 1e6), got ${JSON.stringify(raw.penalty)}`, src);
  }
  const missing = raw.missing === undefined ? COMBINE_DEFAULTS.missing : raw.missing;
  if (!(MISSING_SCORE_RULES as readonly unknown[]).includes(missing)) {
    throw new ConfigError('combine.missing', `expected one of ${MISSING_SCORE_RULES.map((m) => `"${m}"`).join(', ')}, got ${JSON.stringify(missing)}`, src);
  }
  const kinds = raw.kinds === undefined ? undefined : names(raw.kinds, 'combine.kinds', src);
  kinds?.forEach((k, i) => { if (!isEpisodeKind(k)) throw new ConfigError(`combine.kinds[${i}]`, `expected one of ${EPISODE_KINDS.join(', ')}, got ${JSON.stringify(k)}`, src); });
  return {
    criteria, penalty,
    steps: raw.steps === undefined ? COMBINE_DEFAULTS.steps : count(raw.steps, 'combine.steps', 1, 1000, src),
    minTrain: raw.minTrain === undefined ? COMBINE_DEFAULTS.minTrain : count(raw.minTrain, 'combine.minTrain', 2, 1e6, src),
    missing: missing as CombineConfig['missing'],
    ...(kinds ? { kinds: kinds as EpisodeKind[] } : {}),
    ...(raw.datasets === undefined ? {} : { datasets: names(raw.datasets, 'combine.datasets', src) }),
  };
}

/** The `combine` key as a config would write it (every default filled in). */
export function recordedCombine(c: CombineConfig | undefined): { combine?: Record<string, unknown> } {
  if (!c) return {};
  return {
    combine: {
      criteria: c.criteria.map((m) => (m.params ? { id: m.id, params: { ...m.params } } : m.id)),
      penalty: c.penalty, steps: c.steps, minTrain: c.minTrain, missing: c.missing,
      ...(c.kinds ? { kinds: [...c.kinds] } : {}), ...(c.datasets ? { datasets: [...c.datasets] } : {}),
    },
  };
}

// ---------------------------------------------------------------------------
// What a run records (summary.json `combine`, combine.csv)
// ---------------------------------------------------------------------------

/** A member as resolved against the run's criteria: one criterion x parameter set. */
export interface CombineMember {
  id: string;
  /** Canonical parameter key of the chosen set ('' for none). */
  params: string;
  /** How tables name it: the id, with `[k=v k=v]` when the run has several parameter sets of it. */
  label: string;
}

/** The settings, members resolved (what a shard records too). */
export interface CombineSettings {
  members: CombineMember[];
  penalty: number;
  steps: number;
  minTrain: number;
  missing: CombineConfig['missing'];
  kinds?: EpisodeKind[];
  datasets?: string[];
  /** The method in one paragraph, as the reports state it. */
  method: string;
}

/** One walk-forward step's model on one (dataset, kind): a row per term in combine.csv. */
export interface CombineFold {
  step: number;
  /** Decision dates of the test block's first and last episodes. */
  testFrom: string;
  testTo: string;
  testN: number;
  /** Episodes fitted on, and how many were durable. */
  trainN: number;
  trainPositives: number;
  /** Decided before the block but not fitted on: their outcome window had not ended (purged). */
  trainPurged: number;
  /** Left out of the fit because a member score was missing ('abstain' rule). */
  trainDropped: number;
  intercept: number;
  converged: boolean;
  iterations: number;
  note: string;
  /** Per member (in `members` order): training mean and sd, the coefficient on the standardised score, missing scores. */
  terms: Array<{ member: string; mean: number; sd: number; coefficient: number; trainMissing: number; testMissing: number }>;
}

/** A member's incremental value: the AUC change when the model is refitted without it (same folds, same resamples). */
export interface CombineIncrement {
  member: string;
  /** AUC(combined) - AUC(combined without the member), on the episodes both scored. */
  delta: number;
  aucFull: number;
  aucWithout: number;
  /** The member's own AUC on the combined row's scored episodes (those where it scored): the out-of-sample comparison. */
  aucAlone: number;
  n: number;
  lo: number;
  hi: number;
  valid: number;
  /** Resampling scheme of the interval: episodes i.i.d. or whole calendar years (the kind's shown scheme). */
  interval: 'iid' | 'year-block';
}

/** The combined model of one (dataset, kind). */
export interface CombineSet {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label: its episodes are a set of their own. */
  definition?: string;
  /** The combined row's params (its identity in metrics.csv and predictions.csv). */
  params: string;
  /** Members in the model (those with a score on this set). */
  members: string[];
  /** Episodes given a combined score, and left without one (censored ones included). */
  predicted: number;
  unpredicted: number;
  /** Why members or the whole set were left out. */
  notes: string[];
  folds: CombineFold[];
  increments: CombineIncrement[];
}

export interface CombineSummary {
  settings: CombineSettings;
  /** Absent from a shard's summary (computed once every job is in). */
  sets?: CombineSet[];
  /** (dataset, kind) pairs left without a combined row, and why. */
  skipped?: string[];
}
