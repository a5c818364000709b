/**
 * The run config's `evaluation` key: evaluation periods by decision date.
 *
 *   "evaluation": { "periods": [
 *     { "name": "discovery", "to": "1989-12-31" },
 *     { "name": "confirmation", "from": "1990-01-01" }
 *   ] }
 *
 * Each period is a closed range of decision dates (`from` and `to` inclusive,
 * either may be left open). The first period is where a finding is made (the
 * discovery period); every later one is where it is checked. Periods may not
 * overlap: an episode confirming a finding must not have helped make it.
 *
 * `walkForward` and `replication` (engine/out-of-sample-spec.ts) choose a
 * parameter set and test the choice where it was not made.
 */
import { ConfigError } from './errors.ts';
import { isoDate, parseIsoDay } from './calendar.ts';
import { checkReplicationPeriods, parseReplication, parseWalkForward, type ReplicationSpec, type WalkForwardSpec } from './out-of-sample-spec.ts';

export interface PeriodSpec {
  name: string;
  /** First decision date (ISO, inclusive); absent = open. */
  from?: string;
  /** Last decision date (ISO, inclusive); absent = open. */
  to?: string;
}

export interface EvaluationConfig {
  periods: PeriodSpec[];
  /** Walk-forward selection over each parameter grid (absent: none). */
  walkForward?: WalkForwardSpec;
  /** Choose on one dataset, confirm on the others (absent: none). */
  replication?: ReplicationSpec;
}

/** The period name of whole-sample rows in metrics.csv (reserved). */
export const WHOLE_SAMPLE = 'all';

const EVALUATION_KEYS = ['periods', 'walkForward', 'replication'];
const PERIOD_KEYS = ['name', 'from', 'to'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isoKey(x: unknown, key: string, src: string): string | undefined {
  if (x === undefined) return undefined;
  const day = typeof x === 'string' ? parseIsoDay(x) : NaN;
  if (!Number.isFinite(day)) throw new ConfigError(key, `expected a date YYYY-MM-DD, got ${JSON.stringify(x)}`, src);
  return isoDate(day);
}

function parsePeriod(p: unknown, key: string, src: string): PeriodSpec {
  if (!isObj(p)) throw new ConfigError(key, 'expected {"name": ..., "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}', src);
  for (const k of Object.keys(p)) if (!PERIOD_KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${PERIOD_KEYS.join(', ')})`, src);
  if (typeof p.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(p.name)) throw new ConfigError(`${key}.name`, 'expected a name (letters, digits, . _ -)', src);
  if (p.name === WHOLE_SAMPLE) throw new ConfigError(`${key}.name`, `'${WHOLE_SAMPLE}' is reserved for the whole sample`, src);
  const from = isoKey(p.from, `${key}.from`, src);
  const to = isoKey(p.to, `${key}.to`, src);
  if (from === undefined && to === undefined) throw new ConfigError(key, "give 'from', 'to' or both (a period without either is the whole sample)", src);
  if (from !== undefined && to !== undefined && from > to) throw new ConfigError(`${key}.to`, `${to} is before 'from' ${from}`, src);
  return { name: p.name, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function overlap(a: PeriodSpec, b: PeriodSpec): boolean {
  const aFrom = a.from ?? '', bFrom = b.from ?? '';
  const aTo = a.to ?? '\uffff', bTo = b.to ?? '\uffff';
  return aFrom <= bTo && bFrom <= aTo;
}

/** Validate the `evaluation` key (absent: no periods). */
export function parseEvaluation(raw: unknown, src: string): EvaluationConfig {
  if (raw === undefined) return { periods: [] };
  if (!isObj(raw)) throw new ConfigError('evaluation', 'expected an object {"periods": [...]}', src);
  for (const k of Object.keys(raw)) if (!EVALUATION_KEYS.includes(k)) throw new ConfigError(`evaluation.${k}`, `unknown key (allowed: ${EVALUATION_KEYS.join(', ')})`, src);
  const walkForward = parseWalkForward(raw.walkForward, src);
  const replication = parseReplication(raw.replication, src);
  const extra = { ...(walkForward ? { walkForward } : {}), ...(replication ? { replication } : {}) };
  if (raw.periods === undefined) return { periods: [], ...extra };
  if (!Array.isArray(raw.periods) || raw.periods.length === 0) {
    throw new ConfigError('evaluation.periods', 'expected a non-empty list like [{"name": "discovery", "to": "1989-12-31"}, {"name": "confirmation", "from": "1990-01-01"}]', src);
  }
  const periods = raw.periods.map((p, i) => parsePeriod(p, `evaluation.periods[${i}]`, src));
  periods.forEach((p, i) => {
    for (let j = 0; j < i; j++) {
      const q = periods[j]!;
      if (q.name === p.name) throw new ConfigError(`evaluation.periods[${i}].name`, `duplicate period name '${p.name}'`, src);
      if (overlap(p, q)) throw new ConfigError(`evaluation.periods[${i}]`, `overlaps period '${q.name}' (evaluation.periods[${j}]): a period that confirms a finding must not share episodes with it`, src);
    }
  });
  checkReplicationPeriods(replication, periods.map((p) => p.name), src);
  return { periods, ...extra };
}

/** The evaluation as a config would write it (nothing when it has no periods, walk-forward or replication). */
export function recordedEvaluation(e: EvaluationConfig): { evaluation?: { periods?: PeriodSpec[]; walkForward?: WalkForwardSpec; replication?: ReplicationSpec } } {
  const out = {
    ...(e.periods.length ? { periods: e.periods.map((p) => ({ ...p })) } : {}),
    ...(e.walkForward ? { walkForward: { ...e.walkForward } } : {}),
    ...(e.replication ? { replication: { ...e.replication } } : {}),
  };
  return Object.keys(out).length ? { evaluation: out } : {};
}

/** Whether a decision date (ISO) falls in a period. */
export function inPeriod(decisionDate: string, p: PeriodSpec): boolean {
  return (p.from === undefined || decisionDate >= p.from) && (p.to === undefined || decisionDate <= p.to);
}

/** A period's dates as text: "1990-01-01..", "..1989-12-31" or "1990-01-01..1999-12-31". */
export function periodRange(p: PeriodSpec): string {
  return `${p.from ?? ''}..${p.to ?? ''}`;
}
