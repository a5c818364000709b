/**
 * Two keys of the run config's `evaluation` (engine/evaluation.ts) that make
 * a parameter choice and then test it where it was not made:
 *
 *   "evaluation": {
 *     "walkForward": { "steps": 5, "minTrain": 30, "objective": "auc", "threshold": false },
 *     "replication": { "discovery": "GSPC", "objective": "auc" }
 *   }
 *
 * walkForward (engine/run/walk-forward.ts): for each criterion run with a
 * parameter grid, at each step choose the set (and, with "threshold": true,
 * the call threshold) on the episodes whose outcomes were known before the
 * step, then score that choice on the next block of episodes.
 *   steps      number of test blocks of near-equal size (default 5), or
 *   stepYears  test blocks of this many calendar years of decisions instead;
 *   minTrain   fewest episodes with known outcomes a step may choose on (default 30);
 *   objective  "auc" (default) or "balanced-accuracy" (at the call threshold);
 *   threshold  also choose the call threshold on the training episodes, by
 *              balanced accuracy (default false).
 * replication (engine/run/replication.ts): per kind and criterion, choose the
 * set on the `discovery` dataset by `objective`, and read the same set on
 * every other dataset of the run. `discovery` may instead name one of the
 * run's evaluation periods: then, per dataset, the set is chosen on that
 * period's episodes and read on every other period's.
 */
import { ConfigError } from './errors.ts';

export const OBJECTIVES = ['auc', 'balanced-accuracy'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface WalkForwardSpec {
  /** Test blocks of near-equal size (absent when `stepYears` is given). */
  steps?: number;
  /** Test blocks of this many calendar years (absent when `steps` is given). */
  stepYears?: number;
  minTrain: number;
  objective: Objective;
  /** Also choose the call threshold on the training episodes. */
  threshold: boolean;
}

export interface ReplicationSpec {
  /** The dataset (or evaluation period) where each criterion's parameter set is chosen. */
  discovery: string;
  objective: Objective;
}

export const WALK_FORWARD_DEFAULTS = { steps: 5, minTrain: 30, objective: 'auc' as Objective, threshold: false };

const WALK_KEYS = ['steps', 'stepYears', 'minTrain', 'objective', 'threshold'];
const REPLICATION_KEYS = ['discovery', 'objective'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function intKey(x: unknown, key: string, min: number, max: number, src: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw new ConfigError(key, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(x)}`, src);
  return x;
}

function objectiveKey(x: unknown, key: string, src: string): Objective {
  if (x === undefined) return 'auc';
  if (typeof x !== 'string' || !(OBJECTIVES as readonly string[]).includes(x)) throw new ConfigError(key, `expected one of ${OBJECTIVES.map((o) => `"${o}"`).join(', ')}, got ${JSON.stringify(x)}`, src);
  return x as Objective;
}

function onlyKeys(raw: Record<string, unknown>, allowed: readonly string[], key: string, src: string): void {
  for (const k of Object.keys(raw)) if (!allowed.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`, src);
}

/** `evaluation.walkForward` (absent: undefined). */
export function parseWalkForward(raw: unknown, src: string): WalkForwardSpec | undefined {
  if (raw === undefined) return undefined;
  const key = 'evaluation.walkForward';
  if (!isObj(raw)) throw new ConfigError(key, 'expected an object like {"steps": 5, "minTrain": 30, "objective": "auc"}', src);
  onlyKeys(raw, WALK_KEYS, key, src);
  if (raw.steps !== undefined && raw.stepYears !== undefined) throw new ConfigError(`${key}.stepYears`, "give 'steps' or 'stepYears', not both", src);
  if (raw.threshold !== undefined && typeof raw.threshold !== 'boolean') throw new ConfigError(`${key}.threshold`, 'expected true or false', src);
  const blocks = raw.stepYears !== undefined
    ? { stepYears: intKey(raw.stepYears, `${key}.stepYears`, 1, 200, src) }
    : { steps: raw.steps === undefined ? WALK_FORWARD_DEFAULTS.steps : intKey(raw.steps, `${key}.steps`, 1, 1000, src) };
  return {
    ...blocks,
    minTrain: raw.minTrain === undefined ? WALK_FORWARD_DEFAULTS.minTrain : intKey(raw.minTrain, `${key}.minTrain`, 2, 1e6, src),
    objective: objectiveKey(raw.objective, `${key}.objective`, src),
    threshold: raw.threshold === true,
  };
}

/** `evaluation.replication` (absent: undefined). */
export function parseReplication(raw: unknown, src: string): ReplicationSpec | undefined {
  if (raw === undefined) return undefined;
  const key = 'evaluation.replication';
  if (!isObj(raw)) throw new ConfigError(key, 'expected an object like {"discovery": "GSPC"}', src);
  onlyKeys(raw, REPLICATION_KEYS, key, src);
  if (typeof raw.discovery !== 'string' || raw.discovery === '') throw new ConfigError(`${key}.discovery`, 'expected the id of one of the run\'s datasets (or the name of one of its periods)', src);
  return { discovery: raw.discovery, objective: objectiveKey(raw.objective, `${key}.objective`, src) };
}

/** A discovery naming a period needs another period to confirm on (checked with the periods, at parse time). */
export function checkReplicationPeriods(spec: ReplicationSpec | undefined, periods: readonly string[], src: string): void {
  if (spec && periods.includes(spec.discovery) && periods.length < 2) {
    throw new ConfigError('evaluation.replication', `the run has one period ('${spec.discovery}'); replication needs at least one other to confirm on`, src);
  }
}

/**
 * Once the datasets are loaded: the discovery must name one of them (and not
 * the only one) or one of the periods, not both.
 */
export function checkReplicationDatasets(spec: ReplicationSpec | undefined, datasetIds: ReadonlySet<string>, periods: readonly string[], src: string): void {
  if (!spec) return;
  if (periods.includes(spec.discovery)) {
    if (datasetIds.has(spec.discovery)) throw new ConfigError('evaluation.replication.discovery', `'${spec.discovery}' names both a dataset and a period; rename one`, src);
    return;
  }
  const ids = [...datasetIds].sort();
  if (!datasetIds.has(spec.discovery)) throw new ConfigError('evaluation.replication.discovery', `no dataset or period named '${spec.discovery}' (datasets: ${ids.join(', ')}${periods.length ? `; periods: ${periods.join(', ')}` : ''})`, src);
  if (ids.length < 2) throw new ConfigError('evaluation.replication', `the run has one dataset ('${spec.discovery}'); replication needs at least one other to confirm on`, src);
}
