/**
 * Reading a finished run's summary.json back (the gate, `rally power --run`):
 * one reader that checks the shape the readers rely on, so a malformed or
 * foreign file is a clear InputError naming the file and the offending key,
 * never a crash further on. summary.json writes NaN as null; the metrics and
 * power rows get their NaNs back.
 */
import { setIdentity } from '../definition-labels.ts';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { readJsonFile } from '../files.ts';
import type { RunSummary } from '../results.ts';
import type { Prediction } from '../types.ts';
import { isEpisodeKind, isOutcome } from '../vocabulary.ts';
import { readPredictionsCsv, unneutralised, type PredictionRecord } from './predictions-file.ts';

type Check = (x: unknown) => boolean;
const str: Check = (x) => typeof x === 'string';
const numOrNull: Check = (x) => x === null || typeof x === 'number';
const interval: Check = (x) => isObj(x) && numOrNull(x.lo) && numOrNull(x.hi);
const count: Check = (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const strList: Check = (x) => Array.isArray(x) && x.every(str);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Fields every episode entry and every metrics row must have, with their checks. */
const EPISODE_FIELDS: Record<string, Check> = { id: str, dataset: str, kind: isEpisodeKind, decisionDate: str, outcome: isOutcome };
const METRICS_FIELDS: Record<string, Check> = {
  dataset: str, kind: isEpisodeKind, criterion: str, params: str, n: count, abstentions: count, failed: count,
  auc: numOrNull, balancedAccuracy: numOrNull, aucCI: interval, balancedAccuracyCI: interval,
};

/** Fields of every data file entry (the gate compares their hashes). */
const DATA_FIELDS: Record<string, Check> = { dataset: str, role: str, series: strList, file: str, sha256: str };

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
  checkRows(file, s.data, 'data', DATA_FIELDS);
  if (s.power !== undefined && !Array.isArray(s.power)) throw new InputError(file, 0, 0, "not a rally summary.json: 'power' is not a list");
  return { ...s, metrics: restoreNaN(s.metrics), ...(s.power === undefined ? {} : { power: restoreNaN(s.power) }) } as RunSummary;
}

/** A finished run as the regression gate reads it: summary.json and the predictions.csv beside it. */
export interface RunRecord {
  summaryFile: string;
  predictionsFile: string;
  summary: RunSummary;
  /** Names as in summary.json (un-neutralised where predictions.csv neutralised them). */
  predictions: Prediction[];
}

/** `path`: a run's output folder or its summary.json. */
export function runFiles(path: string): { summaryFile: string; predictionsFile: string } {
  let isDir = false;
  try { isDir = statSync(path).isDirectory(); } catch { /* the summary reader names the missing file */ }
  const summaryFile = isDir ? join(path, 'summary.json') : path;
  return { summaryFile, predictionsFile: join(dirname(summaryFile), 'predictions.csv') };
}

/** The name of a cell as summary.json spells it: as written if known, else un-neutralised if known. */
function resolveName(cell: string, known: (name: string) => boolean): string | undefined {
  if (known(cell)) return cell;
  const plain = unneutralised(cell);
  return known(plain) ? plain : undefined;
}

function matchPredictions(file: string, s: RunSummary, records: PredictionRecord[]): Prediction[] {
  const episodes = new Set(s.episodes.map((e) => e.id));
  const rowKeys = new Set(s.metrics.map((m) => JSON.stringify([m.criterion, m.params])));
  const criteria = new Set(s.metrics.map((m) => m.criterion));
  const seen = new Set<string>();
  return records.map(({ line, ...p }) => {
    const episodeId = resolveName(p.episodeId, (x) => episodes.has(x));
    const criterion = resolveName(p.criterion, (x) => criteria.has(x));
    const params = criterion === undefined ? undefined : resolveName(p.params, (x) => rowKeys.has(JSON.stringify([criterion, x])));
    if (episodeId === undefined || criterion === undefined || params === undefined) {
      throw new InputError(file, line, 0, `does not match summary.json beside it: ${episodeId === undefined ? 'an episode' : 'a criterion or parameter set'} that summary.json does not list`);
    }
    const key = JSON.stringify([episodeId, criterion, params]);
    if (seen.has(key)) throw new InputError(file, line, 0, 'not a rally predictions.csv: a second prediction for the same episode, criterion and parameters');
    seen.add(key);
    return { ...p, episodeId, criterion, params };
  });
}

/** Each metrics row's n must equal its scored predictions: a mixed or edited folder is refused. */
function checkCounts(file: string, s: RunSummary, preds: Prediction[]): void {
  const labelled = new Map(s.episodes.filter((e) => e.outcome !== 'censored').map((e) => [e.id, setIdentity(e.dataset, e.kind, e.definition)] as const));
  const scored = new Map<string, number>();
  for (const p of preds) {
    const set = labelled.get(p.episodeId);
    if (set === undefined || p.error || p.call === null) continue;
    const k = JSON.stringify([set, p.criterion, p.params]);
    scored.set(k, (scored.get(k) ?? 0) + 1);
  }
  for (const m of s.metrics) {
    const got = scored.get(JSON.stringify([setIdentity(m.dataset, m.kind, m.definition), m.criterion, m.params])) ?? 0;
    if (got !== m.n) throw new InputError(file, 0, 0, `does not match summary.json beside it: ${m.criterion} on ${m.dataset} ${m.kind} has n = ${m.n} in summary.json but ${got} scored predictions`);
  }
}

/** Read a run's summary.json and predictions.csv and check that they belong together. */
export function readRunRecord(path: string): RunRecord {
  const { summaryFile, predictionsFile } = runFiles(path);
  const summary = readRunSummary(summaryFile);
  const predictions = matchPredictions(predictionsFile, summary, readPredictionsCsv(predictionsFile));
  checkCounts(predictionsFile, summary, predictions);
  return { summaryFile, predictionsFile, summary, predictions };
}
