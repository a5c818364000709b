/**
 * A job's output as a worker thread sends it to the pool: the same values in
 * fewer, flatter objects. Structured cloning copies every object and string
 * one by one; a sweep row's output is about 33 kB in some 1,500 of them
 * (its predictions: an object and four strings per episode; its fans and
 * survival curves: arrays of numbers and one object per step). Copying that
 * cost the worker about a twentieth of a job and the pool's thread (which
 * receives every job's output) most of its work and garbage collection.
 *
 * Packed here, every number into ONE Float64Array per output (the pool's
 * thread then receives one buffer, not some thirty typed arrays each with
 * a buffer of its own to allocate and free); each series in it is its
 * length, then its values:
 * - predictions of one criterion and parameter set, as columns: scores,
 *   calls, and dictionaries of reasons and errors; episode ids only when they
 *   are not the job's episode set in order (the pool knows the set);
 * - survival steps as five columns; fan bands' series.
 * Unpacked objects have the same keys in the same order and the same numbers
 * (a Float64Array holds any double, -0 and NaN included), so every output is
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

/** A series in the output's numbers: where it starts (its length, then its values). */
type At = number;

interface Dictionary {
  values: string[];
  index: At;
}

interface PackedPredictions {
  /** null: the job's episode set, in order. */
  ids: string[] | null;
  criterion: string;
  params: string;
  score: At;
  /** -1: null. */
  call: At;
  reason: Dictionary;
  error: Dictionary;
}

/** What packing took out of an output: its numbers, and which parts were packed. */
interface Packed {
  numbers: Float64Array;
  /** null: the predictions travel as they are. */
  predictions: PackedPredictions | null;
  /** Whether evidence.wholePath's survival steps and fan series are in `numbers`. */
  wholePath: boolean;
}

/** A packed output: `predictions` is empty when they were packed. */
export interface PackedOutput extends JobOutput {
  packed: Packed;
}

/** Whether the output's predictions were packed. */
export function isPacked(o: JobOutput): o is PackedOutput {
  return (o as Partial<PackedOutput>).packed?.predictions != null;
}

/** The numbers of one output being packed (a worker reuses the buffer; each output gets a copy of its part). */
class NumberWriter {
  private static buf = new Float64Array(4096);
  private static readonly KEEP = 1 << 20;
  private size = 0;

  /** Room for `n` more numbers: the index where they go. */
  private claim(n: number): number {
    const at = this.size;
    if (at + n > NumberWriter.buf.length) {
      const grown = new Float64Array(Math.max(2 * NumberWriter.buf.length, at + n));
      grown.set(NumberWriter.buf.subarray(0, at));
      NumberWriter.buf = grown;
    }
    this.size += n;
    return at;
  }

  /** A series of `n` values, value(i) each. */
  series(n: number, value: (i: number) => number): At {
    const at = this.claim(n + 1);
    const buf = NumberWriter.buf;
    buf[at] = n;
    for (let i = 0; i < n; i++) buf[at + 1 + i] = value(i);
    return at;
  }

  /** This output's numbers (a copy); a buffer grown past 8 MB for a large output is let go of. */
  numbers(): Float64Array {
    const out = NumberWriter.buf.slice(0, this.size);
    if (NumberWriter.buf.length > NumberWriter.KEEP) NumberWriter.buf = new Float64Array(4096);
    return out;
  }
}

/** The series at `at` as a number[] (a plain loop into a new array, as the job made it). */
function readSeries(numbers: Float64Array, at: At): number[] {
  const n = numbers[at]!;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = numbers[at + 1 + i]!;
  return out;
}

function dictionary(strings: readonly string[], w: NumberWriter): Dictionary {
  const at = new Map<string, number>();
  const index = w.series(strings.length, (i) => {
    let k = at.get(strings[i]!);
    if (k === undefined) { k = at.size; at.set(strings[i]!, k); }
    return k;
  });
  return { values: [...at.keys()], index };
}

/** Whether ps are of one criterion and parameter set, each of the expected shape; `inSet`: their ids are the set's, in order. */
function packable(ps: readonly Prediction[], set: readonly Episode[] | undefined): { ok: boolean; inSet: boolean } {
  const first = ps[0];
  if (!first) return { ok: false, inSet: false };
  let inSet = set !== undefined && set.length === ps.length;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    if (!keysAre(p, PREDICTION_KEYS)) return { ok: false, inSet };
    if (p.criterion !== first.criterion || p.params !== first.params || typeof p.score !== 'number') return { ok: false, inSet };
    if (p.call !== null && p.call !== 0 && p.call !== 1) return { ok: false, inSet };
    if (inSet && set![i]!.id !== p.episodeId) inSet = false;
  }
  return { ok: true, inSet };
}

function packPredictions(ps: readonly Prediction[], set: readonly Episode[] | undefined, w: NumberWriter): PackedPredictions | null {
  const { ok, inSet } = packable(ps, set);
  if (!ok) return null;
  const n = ps.length;
  const score = w.series(n, (i) => ps[i]!.score);
  const call = w.series(n, (i) => { const c = ps[i]!.call; return c === null ? -1 : c; });
  const reason = dictionary(ps.map((p) => p.abstainReason), w);
  const error = dictionary(ps.map((p) => p.error), w);
  return { ids: inSet ? null : ps.map((p) => p.episodeId), criterion: ps[0]!.criterion, params: ps[0]!.params, score, call, reason, error };
}

function unpackPredictions(q: PackedPredictions, numbers: Float64Array, set: readonly Episode[] | undefined): Prediction[] {
  const n = numbers[q.score]!;
  if (!q.ids && set?.length !== n) throw new Error('wire: packed predictions of a job whose episode set is unknown here');
  const score = q.score + 1, call = q.call + 1, reason = q.reason.index + 1, error = q.error.index + 1;
  const out: Prediction[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = numbers[call + i]!;
    out[i] = {
      episodeId: q.ids ? q.ids[i]! : set![i]!.id, criterion: q.criterion, params: q.params, score: numbers[score + i]!,
      call: c < 0 ? null : (c as 0 | 1), abstainReason: q.reason.values[numbers[reason + i]!]!, error: q.error.values[numbers[error + i]!]!,
    };
  }
  return out;
}

const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === 'number');

/** Whether every survival step and fan series of `w` is of the expected shape (then all of them are packed). */
function wholePathPackable(w: RowWholePath): boolean {
  const { survival, fan } = w;
  const stepsOk = (g: SurvivalGroup): boolean => Array.isArray(g?.steps) && g.steps.every((s) => keysAre(s, STEP_KEYS));
  const bandOk = (b: FanBand): boolean => BAND_SERIES.every((k) => isNumbers(b?.[k]));
  return stepsOk(survival?.called) && stepsOk(survival?.notCalled) && isNumbers(fan?.days)
    && bandOk(fan.called) && bandOk(fan.notCalled) && Array.isArray(fan.quintiles) && fan.quintiles.every(bandOk);
}

/** A group's steps as five columns: one series of 5k numbers (time..., atRisk..., events..., censored..., survival...). */
function packGroup(g: SurvivalGroup, w: NumberWriter): SurvivalGroup {
  const steps = g.steps;
  const k = steps.length;
  const at = w.series(STEP_KEYS.length * k, (i) => steps[i % k]![STEP_KEYS[Math.floor(i / k)]!]);
  return { ...g, steps: at as unknown as SurvivalStep[] };
}

function unpackGroup(g: SurvivalGroup, numbers: Float64Array): SurvivalGroup {
  const at = (g.steps as unknown as At) + 1;
  const k = numbers[at - 1]! / STEP_KEYS.length;
  const steps: SurvivalStep[] = new Array(k);
  for (let i = 0; i < k; i++) {
    steps[i] = { time: numbers[at + i]!, atRisk: numbers[at + k + i]!, events: numbers[at + 2 * k + i]!, censored: numbers[at + 3 * k + i]!, survival: numbers[at + 4 * k + i]! };
  }
  return { ...g, steps };
}

function mapBand(b: FanBand, f: (s: unknown) => unknown): FanBand {
  const out: Record<string, unknown> = { ...b };
  for (const key of BAND_SERIES) out[key] = f(b[key]);
  return out as unknown as FanBand;
}

function mapWholePath(w: RowWholePath, group: (g: SurvivalGroup) => SurvivalGroup, series: (s: unknown) => unknown): RowWholePath {
  const { survival, fan } = w;
  return {
    ...w,
    survival: { ...survival, called: group(survival.called), notCalled: group(survival.notCalled) },
    fan: {
      ...fan, days: series(fan.days) as number[],
      called: mapBand(fan.called, series), notCalled: mapBand(fan.notCalled, series), quintiles: fan.quintiles.map((b) => mapBand(b, series)),
    },
  };
}

/** The output to send; `set` is the job's episode set as the worker holds it. */
export function packOutput(o: JobOutput, set: readonly Episode[] | undefined): JobOutput {
  const w = new NumberWriter();
  const predictions = packPredictions(o.predictions, set, w);
  const whole = o.evidence?.wholePath;
  const wholePath = whole !== undefined && wholePathPackable(whole);
  if (!predictions && !wholePath) return o;
  const evidence = wholePath ? { ...o.evidence, wholePath: mapWholePath(whole, (g) => packGroup(g, w), (s) => w.series((s as number[]).length, (i) => (s as number[])[i]!)) } : o.evidence;
  const packed: Packed = { numbers: w.numbers(), predictions, wholePath };
  return { ...o, ...(predictions ? { predictions: [] } : {}), ...(evidence ? { evidence } : {}), packed } as PackedOutput;
}

/** The output as the job made it; `set` is the job's episode set as the pool holds it. */
export function unpackOutput(o: JobOutput, set: readonly Episode[] | undefined): JobOutput {
  if ((o as Partial<PackedOutput>).packed === undefined) return o;
  const { packed: { numbers, predictions, wholePath }, ...rest } = o as PackedOutput;
  const whole = rest.evidence?.wholePath;
  const evidence = wholePath && whole
    ? { ...rest.evidence, wholePath: mapWholePath(whole, (g) => unpackGroup(g, numbers), (at) => readSeries(numbers, at as At)) } : rest.evidence;
  return { ...rest, ...(predictions ? { predictions: unpackPredictions(predictions, numbers, set) } : {}), ...(evidence ? { evidence } : {}) };
}
