/**
 * Reading a finished run's summary.json back (the gate, `rally power --run`):
 * one reader that checks the shape the readers rely on, so a malformed or
 * foreign file is a clear InputError naming the file and the offending key,
 * never a crash further on. summary.json writes NaN as null; the metrics and
 * power rows get their NaNs back.
 */
import { InputError } from '../errors.ts';
import { readJsonFile } from '../files.ts';
import type { RunSummary } from '../results.ts';
import { isEpisodeKind, isOutcome } from '../vocabulary.ts';

type Check = (x: unknown) => boolean;
const str: Check = (x) => typeof x === 'string';
const numOrNull: Check = (x) => x === null || typeof x === 'number';
const interval: Check = (x) => isObj(x) && numOrNull(x.lo) && numOrNull(x.hi);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Fields every episode entry and every metrics row must have, with their checks. */
const EPISODE_FIELDS: Record<string, Check> = { id: str, dataset: str, kind: isEpisodeKind, decisionDate: str, outcome: isOutcome };
const METRICS_FIELDS: Record<string, Check> = {
  dataset: str, kind: isEpisodeKind, criterion: str, params: str, n: (x) => typeof x === 'number',
  auc: numOrNull, balancedAccuracy: numOrNull, aucCI: interval, balancedAccuracyCI: interval,
};

/** null → NaN everywhere inside a metrics or power row (none of their fields is nullable). */
function restoreNaN(x: unknown): unknown {
  if (x === null) return NaN;
  if (Array.isArray(x)) return x.map(restoreNaN);
  if (isObj(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, restoreNaN(v)]));
  return x;
}

function checkRows(file: string, list: unknown, name: string, fields: Record<string, Check>): void {
  if (!Array.isArray(list)) throw new InputError(file, 0, 0, `not a rally summary.json: '${name}' is not a list`);
  list.forEach((row, i) => {
    if (!isObj(row)) throw new InputError(file, 0, 0, `not a rally summary.json: ${name}[${i}] is not an object`);
    for (const [k, ok] of Object.entries(fields)) {
      if (!ok(row[k])) throw new InputError(file, 0, 0, `not a rally summary.json: ${name}[${i}].${k} is ${JSON.stringify(row[k]) ?? 'missing'}`);
    }
  });
}

/** Read and check a summary.json written by `rally run` or `rally merge`. */
export function readRunSummary(file: string): RunSummary {
  const s = readJsonFile(file, 'summary.json');
  if (!isObj(s)) throw new InputError(file, 0, 0, 'not a rally summary.json (not a JSON object)');
  if (!isObj(s.engine) || !str(s.engine.name) || !str(s.engine.version)) throw new InputError(file, 0, 0, "not a rally summary.json: no 'engine' {name, version}");
  for (const k of ['runConfigHash', 'seed']) if (!str(s[k])) throw new InputError(file, 0, 0, `not a rally summary.json: '${k}' is not a string`);
  checkRows(file, s.episodes, 'episodes', EPISODE_FIELDS);
  checkRows(file, s.metrics, 'metrics', METRICS_FIELDS);
  if (s.power !== undefined && !Array.isArray(s.power)) throw new InputError(file, 0, 0, "not a rally summary.json: 'power' is not a list");
  return { ...s, metrics: restoreNaN(s.metrics), ...(s.power === undefined ? {} : { power: restoreNaN(s.power) }) } as RunSummary;
}
