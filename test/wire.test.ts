/**
 * A job's output packed by its worker thread and unpacked by the pool
 * (engine/run/wire.ts) is the output the job made: the same keys in the same
 * order, the same numbers bit for bit (-0, NaN, infinities), the same
 * strings; outputs of another shape travel as they are. Whole runs are
 * byte-identical across worker counts (determinism.test.ts); this pins the
 * packing itself, through a real structured clone.
 */
import { describe, expect, it } from 'vitest';
import type { Episode, Prediction } from '../engine/types.ts';
import type { JobOutput } from '../engine/run/replay.ts';
import { isPacked, packOutput, unpackOutput } from '../engine/run/wire.ts';

/** Every key in order and every number's bits: what JSON would hide (-0, NaN) shows here. */
function shape(x: unknown): unknown {
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (Array.isArray(x)) return x.map(shape);
  if (ArrayBuffer.isView(x)) return { typed: Array.from(x as Float64Array, shape) };
  if (x && typeof x === 'object') return Object.entries(x).map(([k, v]) => [k, shape(v)]);
  return x;
}

const episodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }) as Episode);

function prediction(id: string, score: number, call: 0 | 1 | null, abstainReason = '', error = ''): Prediction {
  return { episodeId: id, criterion: 'golden-cross', params: 'fast=20;slow=100', score, call, abstainReason, error };
}

function output(predictions: Prediction[]): JobOutput {
  const steps = [{ time: 1, atRisk: 5, events: 1, censored: 0, survival: 0.8 }, { time: 4, atRisk: 4, events: 0, censored: 4, survival: 0.8 }];
  const band = (group: string) => ({ group, n: 3, count: [3, 3, 2], q25: [-0, -0.01, NaN], median: [0, 0.02, Infinity], q75: [0.1, 1e-300, -Infinity] });
  return {
    index: 7, predictions, error: '',
    metrics: { dataset: 'X', kind: 'rebound', criterion: 'golden-cross', params: 'fast=20;slow=100', auc: NaN } as unknown as JobOutput['metrics'],
    evidence: {
      wholePath: {
        survival: {
          dataset: 'X', kind: 'rebound', criterion: 'golden-cross', params: 'fast=20;slow=100', horizon: 126, tau: 126,
          called: { n: 2, events: 1, rmst: 3.5, steps }, notCalled: { n: 3, events: 0, rmst: 4, steps: [] }, logRankChiSquare: NaN, logRankP: NaN, rmstDifference: -0.5,
        },
        fan: { dataset: 'X', kind: 'rebound', criterion: 'golden-cross', params: 'fast=20;slow=100', days: [0, 5, 21], called: band('called'), notCalled: band('not called'), quintiles: [band('Q1'), band('Q5')] },
      },
      trading: { row: { criterion: 'golden-cross' } } as never,
    },
  };
}

const sent = (o: JobOutput, set?: readonly Episode[]) => structuredClone(packOutput(o, set));

describe('wire: packed job outputs unpack to the outputs the jobs made', () => {
  it('predictions of the job\'s own episode set in order, with abstentions, errors, NaN and -0 scores', () => {
    const o = output([prediction('a', 0.7, 1), prediction('b', NaN, null, 'no 200-day average'), prediction('c', -0, 0),
      prediction('d', NaN, null, '', 'worker error: x'), prediction('e', 1, 1)]);
    const wire = sent(o, episodes);
    expect(isPacked(wire)).toBe(true);
    expect(wire.predictions).toEqual([]);
    expect(shape(unpackOutput(wire, episodes))).toEqual(shape(o));
  });

  it('episodes not in the set\'s order travel by id', () => {
    const o = output([prediction('c', 0.1, 0), prediction('a', 0.9, 1)]);
    const wire = sent(o, episodes);
    expect(isPacked(wire)).toBe(true);
    expect(shape(unpackOutput(wire, undefined))).toEqual(shape(o));
  });

  it('predictions of several criteria, or with keys in another order, travel as they are (evidence still packed and unpacked)', () => {
    const mixed = output([prediction('a', 0.5, 1), { ...prediction('b', 0.5, 1), criterion: 'other' }]);
    const reordered = output([Object.fromEntries(Object.entries(prediction('a', 0.5, 1)).reverse()) as unknown as Prediction]);
    for (const o of [mixed, reordered]) {
      const wire = sent(o, episodes);
      expect(isPacked(wire)).toBe(false);
      expect(shape(unpackOutput(wire, episodes))).toEqual(shape(o));
    }
  });

  it('every number of a packed output travels in one Float64Array (one buffer to receive, not one per series)', () => {
    const wire = sent(output([prediction('a', 0.5, 1), prediction('b', NaN, null, 'no data')]), episodes);
    const views: unknown[] = [];
    const walk = (x: unknown): void => {
      if (ArrayBuffer.isView(x)) views.push(x);
      else if (x && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(wire);
    expect(views).toHaveLength(1);
    expect(views[0]).toBeInstanceOf(Float64Array);
  });

  it('whole-path evidence of another shape travels as it is; an output with nothing to pack is sent untouched', () => {
    const o = output([prediction('a', 0.5, 1)]);
    const odd = { ...o, evidence: { ...o.evidence!, wholePath: { ...o.evidence!.wholePath!, fan: { ...o.evidence!.wholePath!.fan, days: [0, 'x'] as unknown as number[] } } } };
    const wire = sent(odd, episodes);
    expect(isPacked(wire)).toBe(true);
    expect(wire.evidence?.wholePath?.fan.days).toEqual([0, 'x']);
    expect(shape(unpackOutput(wire, episodes))).toEqual(shape(odd));
    const plain = { ...odd, predictions: [{ ...prediction('a', 0.5, 1), criterion: 'x' }, prediction('b', 0.5, 1)] };
    expect(packOutput(plain, episodes)).toBe(plain);
    expect(unpackOutput(plain, episodes)).toBe(plain);
  });

  it('the pool cannot unpack a set it does not know: it says so rather than guessing ids', () => {
    const wire = sent(output([prediction('a', 0.5, 1), prediction('b', 0.5, 1), prediction('c', 0.5, 1), prediction('d', 0.5, 1), prediction('e', 0.5, 1)]), episodes);
    expect(() => unpackOutput(wire, undefined)).toThrow(/episode set is unknown/);
  });
});
