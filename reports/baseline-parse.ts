/**
 * Checking a baseline file's shape before the gate trusts it: every field the
 * check reads, every list's alignment (a row's scores and calls against its
 * episode set), no duplicate keys. Any malformation is an InputError naming
 * the file and the offending key (the CLI exits 2), never a crash later on.
 */
import { InputError, printable } from '../engine/errors.ts';
import { BASELINE_FORMAT, rowKey, setKey, type Baseline } from './baseline.ts';

type Check = (x: unknown) => boolean;
const str: Check = (x) => typeof x === 'string';
const count: Check = (x) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const statOrNull: Check = (x) => x === null || (typeof x === 'number' && Number.isFinite(x));
const strList: Check = (x) => Array.isArray(x) && x.every(str);
const scoreOrNull: Check = (x) => x === null || (typeof x === 'number' && x >= 0 && x <= 1);

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

class Shape {
  constructor(private readonly file: string) {}

  fail(what: string): never {
    throw new InputError(this.file, 0, 0, `not a rally baseline (${BASELINE_FORMAT}): ${what}`);
  }

  fields(x: unknown, at: string, fields: Record<string, Check>): Record<string, unknown> {
    if (!isObj(x)) this.fail(`${at} is not an object`);
    for (const [k, ok] of Object.entries(fields)) {
      if (!Object.hasOwn(x, k) || !ok(x[k])) this.fail(`${at}.${k} is ${Object.hasOwn(x, k) ? printable(JSON.stringify(x[k]) ?? String(x[k]), 30) : 'missing'}`);
    }
    return x;
  }

  /** A list, dense (every index present, as JSON.parse gives). */
  list(x: unknown, at: string): unknown[] {
    if (!Array.isArray(x)) this.fail(`${at} is not a list`);
    return Array.from(x);
  }
}

const TOP: Record<string, Check> = { engine: str, runConfigHash: str, seed: str, threshold: statOrNull };
const DATA: Record<string, Check> = { dataset: str, role: str, series: strList, file: str, sha256: str };
const SET: Record<string, Check> = { dataset: str, kind: str };
const ROW: Record<string, Check> = {
  dataset: str, kind: str, criterion: str, params: str, n: count, abstentions: count, failed: count,
  auc: statOrNull, balancedAccuracy: statOrNull, calls: (x) => typeof x === 'string' && /^[01-]*$/.test(x),
};

function checkSets(sh: Shape, sets: unknown): Map<string, number> {
  const size = new Map<string, number>();
  const ids = new Set<string>();
  sh.list(sets, 'episodeSets').forEach((x, i) => {
    const at = `episodeSets[${i}]`;
    const s = sh.fields(x, at, SET);
    if (size.has(setKey(s as { dataset: string; kind: string }))) sh.fail(`${at} repeats an earlier dataset and kind`);
    const eps = sh.list(s.episodes, `${at}.episodes`);
    eps.forEach((e, j) => {
      if (!Array.isArray(e) || e.length !== 2 || !str(e[0]) || !str(e[1])) sh.fail(`${at}.episodes[${j}] is not an [id, outcome] pair`);
      if (ids.has(e[0])) sh.fail(`${at}.episodes[${j}] repeats the episode id ${printable(e[0])}`);
      ids.add(e[0]);
    });
    size.set(setKey(s as { dataset: string; kind: string }), eps.length);
  });
  return size;
}

function checkRows(sh: Shape, rows: unknown, size: Map<string, number>): void {
  const keys = new Set<string>();
  sh.list(rows, 'rows').forEach((x, i) => {
    const at = `rows[${i}]`;
    const r = sh.fields(x, at, ROW) as Record<string, unknown> & { dataset: string; kind: string; criterion: string; params: string; calls: string; n: number };
    const k = rowKey(r);
    if (keys.has(k)) sh.fail(`${at} repeats an earlier criterion, params, kind and dataset`);
    keys.add(k);
    const m = size.get(setKey(r));
    if (m === undefined) sh.fail(`${at} names a dataset and kind with no entry in episodeSets`);
    const scores = sh.list(r.scores, `${at}.scores`);
    if (scores.length !== m || r.calls.length !== m) sh.fail(`${at}: scores and calls must have one entry per episode of its set (${m})`);
    scores.forEach((v, j) => {
      if (!scoreOrNull(v)) sh.fail(`${at}.scores[${j}] is ${printable(JSON.stringify(v) ?? String(v), 30)}`);
      if ((v === null) !== (r.calls[j] === '-')) sh.fail(`${at}: scores[${j}] and calls[${j}] disagree on whether the episode was scored`);
    });
    if (scores.filter((v) => v !== null).length !== r.n) sh.fail(`${at}: n = ${r.n} but ${scores.filter((v) => v !== null).length} scores`);
  });
}

/** `json`: the parsed file; `file` names it in errors. */
export function parseBaseline(json: unknown, file: string): Baseline {
  const sh: Shape = new Shape(file);
  if (!isObj(json)) sh.fail('not a JSON object');
  if (json.format !== BASELINE_FORMAT) {
    const f = typeof json.format === 'string' ? `format ${printable(json.format)}` : 'no format';
    sh.fail(`${f}${json.format === 'rally-baseline/1' ? ' (regenerate it with rally baseline)' : ''}`);
  }
  sh.fields(json, 'baseline', TOP);
  sh.list(json.data, 'data').forEach((d, i) => sh.fields(d, `data[${i}]`, DATA));
  checkRows(sh, json.rows, checkSets(sh, json.episodeSets));
  return json as unknown as Baseline;
}
