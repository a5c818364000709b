/**
 * A user plugin cannot read past its decision. Plugins run on views built with
 * createView(..., { copy: true }): every array handed out is a private copy of
 * the prefix 0..t, so even reaching for the underlying buffer, widening a
 * subarray or indexing past the end finds nothing beyond t.
 *
 * The dataset below holds a sentinel (9999) in every column after t; a hostile
 * plugin tries every trick it can and reports the largest value it saw.
 * Then a whole run (in this process, in the main thread and on worker
 * threads): a peeking plugin sees no future, neither called directly nor as
 * a member of `consensus`.
 */
import { describe, expect, it } from 'vitest';
import { fixtureConfig, runResult } from './support/runs.ts';
import { scored, type Criterion, type PointInTimeView } from '../engine/criterion.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import type { DecisionPoint } from '../engine/types.ts';
import { createView, prepare, scoreAt } from '../engine/data/view.ts';
import maDistance from '../strategies/examples/ma-distance.ts';
import { series } from './support/builders.ts';

const SENTINEL = 9999;
const N = 400;
const T = 250; // the decision index
const DAY0 = Date.UTC(2000, 0, 3) / 86_400_000;

/** close/volume/vix: ordinary values up to T, the sentinel after; dates after T are far in the future. */
function sentinelDataset() {
  const dates = new Int32Array(N);
  for (let i = 0; i < N; i++) dates[i] = i <= T ? DAY0 + i : DAY0 + 100_000 + i; // future dates are unmistakable
  const col = (base: number): Float64Array => Float64Array.from({ length: N }, (_, i) => (i <= T ? base + (i % 7) : SENTINEL));
  return buildDataset('SANDBOX', [series('close', dates, col(100)), series('volume', dates, col(1000))],
    [series('vix', dates, col(20))]);
}

const decision: DecisionPoint = {
  id: 'SANDBOX:rebound:x', market: 'SANDBOX', kind: 'rebound', decisionIndex: T, decisionDate: '2000-09-08',
  refLowIndex: T - 10, refLowDate: '', refLow: 100, peakIndex: T - 30, peakDate: '', peak: 106, priceColumn: 'close',
};

/** Every way a plugin might try to see past t; returns the largest number and latest date it found. */
function probe(view: PointInTimeView): { maxValue: number; maxDate: number; lengths: number[] } {
  let maxValue = -Infinity, maxDate = -Infinity;
  const lengths: number[] = [];
  const see = (xs: ArrayLike<number>) => { lengths.push(xs.length); for (let i = 0; i < xs.length; i++) if (xs[i]! > maxValue) maxValue = xs[i]!; };
  for (const name of ['close', 'volume', 'vix']) {
    const s = view.series(name);
    // 1. plain indexing past the end
    const next = s[view.t + 1];
    if (next !== undefined) see([next]);
    see([s[view.t + 100] ?? -Infinity]);
    // 2. the whole underlying buffer
    see(new Float64Array(s.buffer));
    // 3. a wider subarray / slice
    see(s.subarray(0, view.t + 100));
    see(s.slice(0, view.t + 100));
    // 4. indicators (computed on the full column, handed out truncated)
    const sma1 = view.indicator('sma', name, 1);
    see(new Float64Array(sma1.buffer));
    see(sma1.subarray(0, view.t + 100));
    const rmax = view.indicator('runningMax', name);
    see(new Float64Array(rmax.buffer));
  }
  // 5. the calendar
  const d = view.dates;
  for (const xs of [d, new Int32Array(d.buffer), d.subarray(0, view.t + 100)]) {
    lengths.push(xs.length);
    for (let i = 0; i < xs.length; i++) if (xs[i]! > maxDate) maxDate = xs[i]!;
  }
  if (d[view.t + 1] !== undefined) maxDate = Math.max(maxDate, d[view.t + 1]!);
  return { maxValue, maxDate, lengths };
}

describe('plugin sandbox: a plugin cannot read past the decision', () => {
  it('with copy: true no trick reaches a value or date after t', () => {
    const p = prepare(sentinelDataset());
    const view = createView(p, decision, { copy: true, seed: 'x' });
    const r = probe(view);
    expect(r.maxValue).toBeLessThan(SENTINEL);
    expect(r.maxDate).toBe(DAY0 + T);
    expect(Math.max(...r.lengths)).toBe(T + 1);
    // The buffers are private: exactly t+1 elements, not a window into the shared column.
    const s = view.series('close');
    expect(s.buffer.byteLength).toBe((T + 1) * 8);
    expect(s.buffer).not.toBe(p.dataset.columns.get('close')!.buffer);
    expect(view.dates.buffer.byteLength).toBe((T + 1) * 4);
  });

  it('a hostile plugin run the way plugins are run sees no sentinel', () => {
    const hostile: Criterion = {
      id: 'hostile', claim: 'tries to peek', needs: ['price'], scoring: '1 if it saw the future', params: [],
      score(view) {
        const { maxValue } = probe(view);
        return scored(maxValue >= SENTINEL ? 1 : 0);
      },
    };
    const p = prepare(sentinelDataset());
    expect(scoreAt(hostile, createView(p, decision, { copy: true, seed: 'x' }), {})).toEqual({ score: 0 });
  });

  it('writes by a plugin cannot corrupt the shared data or the indicator cache', () => {
    const p = prepare(sentinelDataset());
    const view = createView(p, decision, { copy: true, seed: 'x' });
    view.series('close').fill(-1);
    view.indicator('sma', 'close', 5).fill(-1);
    view.dates.fill(0);
    const again = createView(p, decision, { copy: true, seed: 'x' });
    expect(again.series('close')[0]).toBe(100);
    expect(again.indicator('sma', 'close', 5)[T]).toBeGreaterThan(0);
    expect(again.dates[0]).toBe(DAY0);
    expect(p.dataset.columns.get('close')![0]).toBe(100);
  });

  it('the view and the decision are frozen and carry no outcome', () => {
    const p = prepare(sentinelDataset());
    const episode = { ...decision, outcome: 'durable', label: 1, fwd21: 0.1 } as unknown as DecisionPoint;
    const view = createView(p, episode, { copy: true, seed: 'x' });
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.decision)).toBe(true);
    expect('outcome' in view.decision).toBe(false);
    expect('label' in view.decision).toBe(false);
    expect('fwd21' in view.decision).toBe(false);
    expect(() => { (view as unknown as { t: number }).t = N - 1; }).toThrow();
  });

  it('contrast: the zero-copy views of audited built-ins DO expose the buffer (why plugins get copies)', () => {
    const p = prepare(sentinelDataset());
    const view = createView(p, decision, { copy: false, seed: 'x' });
    expect(probe(view).maxValue).toBe(SENTINEL);
  });

  it('the example plugin runs in the sandbox', () => {
    const p = prepare(sentinelDataset());
    const r = scoreAt(maDistance, createView(p, decision, { copy: true, seed: 'x' }), { window: 50, steepness: 20 });
    expect('score' in r).toBe(true);
  });
});

describe('plugin sandbox in a run: no future through a plugin, directly or as a consensus member', () => {
  // peek-run.json: the peek-future plugin (scores with close[t+21] if it can see it, else abstains)
  // and consensus over it alone.
  it.each([0, 2])('with %i worker threads every peek abstains', async (workers) => {
    const r = await runResult(fixtureConfig('peek-run.json'), { workers });
    for (const id of ['peek-future', 'consensus']) {
      const m = r.summary.metrics.find((x) => x.criterion === id)!;
      expect(m.n, `${id} with ${workers} workers`).toBe(0);
    }
    const peeks = r.predictions.filter((p) => p.criterion === 'peek-future');
    expect(peeks.length).toBeGreaterThan(20);
    for (const p of peeks) expect(p.abstainReason).toBe('no future visible');
  });
});
