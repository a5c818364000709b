/**
 * A job's output as a worker thread sends it to the pool: the same values in
 * fewer, flatter objects. Structured cloning copies every object and string
 * one by one; a sweep row's output is about 33 kB in some 1,500 of them
 * (its predictions: an object and four strings per episode; its fans and
 * survival curves: arrays of numbers and one object per step). Copying that
 * cost the worker about a twentieth of a job and the pool's thread (which
 * receives every job's output) most of its work and garbage collection.
 *
 * Packed here:
 * - predictions of one criterion and parameter set, as columns: scores,
 *   calls, and dictionaries of reasons and errors; episode ids only when they
 *   are not the job's episode set in order (the pool knows the set);
 * - survival steps as five columns; fan bands' series as Float64Arrays.
 * Unpacked objects have the same keys in the same order and the same numbers
 * (Float64Array holds any double, -0 and NaN included), so every output is
 * byte-identical (test/wire.test.ts). Anything not of the expected shape
 * travels as it is. Threads only: plugin processes send plain outputs.
 */
import type { Episode, Prediction } from '../types.ts';
import type { FanBand, SurvivalGroup, SurvivalStep } from '../results.ts';
import type { JobOutput } from './replay.ts';
import type { RowWholePath } from './whole-path.ts';

const PREDICTION_KEYS = ['episodeId', 'criterion', 'params', 'score', 'call', 'abstainReason', 'error'] as const;
const STEP_KEYS = ['time', 'atRisk', 'events', 'censored', 'survival'] as const;

/** Whether `o`'s own keys are exactly `keys`, in that order (without allocating). */
function keysAre(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) if (!Object.hasOwn(o, k) || k !== keys[i++]) return false;
  return i === keys.length;
}
const BAND_SERIES = ['count', 'q25', 'median', 'q75'] as const;

interface Dictionary {
  values: string[];
  index: Uint16Array;
}

interface PackedPredictions {
  /** null: the job's episode set, in order. */
  ids: string[] | null;
  criterion: string;
  params: string;
  score: Float64Array;
  /** -1: null. */
  call: Int8Array;
  reason: Dictionary;
  error: Dictionary;
}

/** A packed output: `predictions` is empty, `evidence` holds packed series. */
export interface PackedOutput extends JobOutput {
  packed: PackedPredictions;
}

export function isPacked(o: JobOutput): o is PackedOutput {
  return (o as Partial<PackedOutput>).packed !== undefined;
}

function dictionary(strings: readonly string[]): Dictionary | null {
  const at = new Map<string, number>();
  const index = new Uint16Array(strings.length);
  for (let i = 0; i < strings.length; i++) {
    let k = at.get(strings[i]!);
    if (k === undefined) { k = at.size; at.set(strings[i]!, k); }
    if (k > 0xffff) return null;
    index[i] = k;
  }
  return { values: [...at.keys()], index };
}

function packPredictions(ps: readonly Prediction[], set: readonly Episode[] | undefined): PackedPredictions | null {
  const first = ps[0];
  if (!first) return null;
  const n = ps.length;
  const score = new Float64Array(n);
  const call = new Int8Array(n);
  let inSet = set !== undefined && set.length === n;
  for (let i = 0; i < n; i++) {
    const p = ps[i]!;
    if (!keysAre(p, PREDICTION_KEYS)) return null;
    if (p.criterion !== first.criterion || p.params !== first.params || typeof p.score !== 'number') return null;
    if (p.call !== null && p.call !== 0 && p.call !== 1) return null;
    score[i] = p.score;
    call[i] = p.call === null ? -1 : p.call;
    if (inSet && set![i]!.id !== p.episodeId) inSet = false;
  }
  const reason = dictionary(ps.map((p) => p.abstainReason));
  const error = dictionary(ps.map((p) => p.error));
  if (!reason || !error) return null;
  return { ids: inSet ? null : ps.map((p) => p.episodeId), criterion: first.criterion, params: first.params, score, call, reason, error };
}

function unpackPredictions(q: PackedPredictions, set: readonly Episode[] | undefined): Prediction[] {
  const n = q.score.length;
  if (!q.ids && set?.length !== n) throw new Error('wire: packed predictions of a job whose episode set is unknown here');
  const out: Prediction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = q.call[i]!;
    out[i] = {
      episodeId: q.ids ? q.ids[i]! : set![i]!.id, criterion: q.criterion, params: q.params, score: q.score[i]!,
      call: c < 0 ? null : (c as 0 | 1), abstainReason: q.reason.values[q.reason.index[i]!]!, error: q.error.values[q.error.index[i]!]!,
    };
  }
  return out;
}

type Series = number[] | Float64Array;

const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === 'number');

function packGroup(g: SurvivalGroup): SurvivalGroup {
  const steps = g.steps;
  if (!steps.length || !steps.every((s) => keysAre(s, STEP_KEYS))) return g;
  const k = steps.length;
  const cols = new Float64Array(STEP_KEYS.length * k);
  steps.forEach((s, i) => STEP_KEYS.forEach((key, c) => { cols[c * k + i] = s[key]; }));
  return { ...g, steps: cols as unknown as SurvivalStep[] };
}

function unpackGroup(g: SurvivalGroup): SurvivalGroup {
  const cols = g.steps as unknown;
  if (!(cols instanceof Float64Array)) return g;
  const k = cols.length / STEP_KEYS.length;
  const steps: SurvivalStep[] = new Array(k);
  for (let i = 0; i < k; i++) steps[i] = { time: cols[i]!, atRisk: cols[k + i]!, events: cols[2 * k + i]!, censored: cols[3 * k + i]!, survival: cols[4 * k + i]! };
  return { ...g, steps };
}

function mapBand(b: FanBand, f: (s: Series) => Series | null): FanBand {
  const out: Record<string, unknown> = { ...b };
  for (const key of BAND_SERIES) {
    const s = f(b[key]);
    if (s) out[key] = s;
  }
  return out as unknown as FanBand;
}

const toF64 = (s: Series): Series | null => (isNumbers(s) ? Float64Array.from(s) : null);
/** A Float64Array back as a number[] (a plain loop: Array.from walks a typed array through its iterator, several times slower). */
function fromF64(s: Series): Series | null {
  if (!(s instanceof Float64Array)) return null;
  const out: number[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s[i]!;
  return out;
}

function mapWholePath(w: RowWholePath, group: (g: SurvivalGroup) => SurvivalGroup, series: (s: Series) => Series | null): RowWholePath {
  const { survival, fan } = w;
  return {
    ...w,
    survival: { ...survival, called: group(survival.called), notCalled: group(survival.notCalled) },
    fan: {
      ...fan, days: (series(fan.days) ?? fan.days) as number[],
      called: mapBand(fan.called, series), notCalled: mapBand(fan.notCalled, series), quintiles: fan.quintiles.map((b) => mapBand(b, series)),
    },
  };
}

/** The output to send; `set` is the job's episode set as the worker holds it. */
export function packOutput(o: JobOutput, set: readonly Episode[] | undefined): JobOutput {
  const packed = packPredictions(o.predictions, set);
  const whole = o.evidence?.wholePath;
  const evidence = whole ? { ...o.evidence, wholePath: mapWholePath(whole, packGroup, toF64) } : o.evidence;
  if (!packed) return whole ? { ...o, evidence } : o;
  return { ...o, predictions: [], ...(evidence ? { evidence } : {}), packed } as PackedOutput;
}

/** The output as the job made it; `set` is the job's episode set as the pool holds it. */
export function unpackOutput(o: JobOutput, set: readonly Episode[] | undefined): JobOutput {
  const whole = o.evidence?.wholePath;
  const evidence = whole ? { ...o.evidence, wholePath: mapWholePath(whole, unpackGroup, fromF64) } : o.evidence;
  if (!isPacked(o)) return whole ? { ...o, evidence } : o;
  const { packed, ...rest } = o;
  return { ...rest, predictions: unpackPredictions(packed, set), ...(evidence ? { evidence } : {}) };
}
