import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../engine/config.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { blockWidening, widenAround } from '../engine/stats/bootstrap-test.ts';
import { scoreRow } from '../engine/stats/scoring.ts';
import { benjaminiHochberg } from '../engine/stats/multiple.ts';
import { bootstrapAuc, bootstrapInterval } from '../engine/stats/resample.ts';
import { deriveSeed } from '../engine/stats/random.ts';
import type { Episode, Prediction } from '../engine/types.ts';
import type { MetricsRow, RunResult } from '../engine/results.ts';
import { describeShared, shared } from './support/shared-data.ts';

async function runGspc(seed: number): Promise<RunResult> {
  const cfg = parseRunConfig({
    seed, datasets: [{ id: 'GSPC', price: shared('sp500', 'GSPC.csv') }], criteria: ['all'],
    statistics: { bootstrap: 500, permutations: 500 },
  }, 'test', process.cwd());
  return assemble(await executeRun(cfg, { workers: 0 }));
}

describeShared('scoring on the shared S&P 500 history', () => {
  let a: RunResult, b: RunResult;
  beforeAll(async () => {
    a = await runGspc(1);
    b = await runGspc(2);
  });
  const row = (r: RunResult, c: string): MetricsRow => r.summary.metrics.find((m) => m.criterion === c)!;

  it('the always-durable baseline: precision equals the base rate, AUC 0.5, recall 1', () => {
    const m = row(a, 'always-durable');
    expect(m.n).toBe(87);
    expect(m.positives).toBe(26);
    expect(m.precision).toBeCloseTo(m.baseRate, 12);
    expect(m.baseRate).toBeCloseTo(26 / 87, 12);
    expect(m.auc).toBe(0.5);
    expect(m.recall).toBe(1);
    expect(m.lift).toBeCloseTo(1, 12);
  });

  it('same seed → the same numbers; another seed changes only the resampled figures (and the seeded coin)', () => {
    const point: Array<keyof MetricsRow> = ['n', 'abstentions', 'tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'auc', 'prAuc', 'brier', 'mcc', 'balancedAccuracy'];
    let intervalsDiffer = 0;
    for (const m of a.summary.metrics) {
      const o = row(b, m.criterion);
      if (m.criterion === 'coin-flip') continue;
      for (const k of point) expect(o[k], `${m.criterion}.${String(k)}`).toEqual(m[k]);
      if (m.n > 0 && m.positives > 0 && m.negatives > 0 && (o.aucCI.lo !== m.aucCI.lo || o.pValue !== m.pValue)) intervalsDiffer++;
    }
    expect(intervalsDiffer).toBeGreaterThan(5);
    expect(row(b, 'coin-flip').auc).not.toBe(row(a, 'coin-flip').auc);
  });

  it('censored episodes are listed but never scored; q-values cover every row', () => {
    for (const m of a.summary.metrics) expect(m.n + m.abstentions + m.failed + m.censored).toBe(a.episodes.length);
    // q-values are Benjamini-Hochberg across EVERY row of the run (not per kind or criterion).
    const q = benjaminiHochberg(a.summary.metrics.map((m) => m.pValue));
    a.summary.metrics.forEach((m, i) => expect(m.qValue).toBe(q[i]));
    expect(a.summary.metrics.filter((m) => Number.isFinite(m.qValue)).length).toBeGreaterThanOrEqual(10);
  });
});

describe('scoreRow', () => {
  const ep = (i: number, label: 0 | 1 | null, fwd: number): Episode => ({
    id: `T:rebound:${2000 + i}-01-0${1 + (i % 9)}`, market: 'T', kind: 'rebound', decisionIndex: i, decisionDate: `${2000 + i}-01-0${1 + (i % 9)}`,
    refLowIndex: 0, refLowDate: '', refLow: 1, peakIndex: 0, peakDate: '', peak: 2, priceColumn: 'close',
    outcome: label === null ? 'censored' : label ? 'durable' : 'failed', label, drawdown: 0.5, daysPeakToLow: 1,
    fwd21: fwd, fwd63: fwd, fwd126: fwd, fwd252: NaN, mae: 0, daysToRegainPeak: NaN, horizon: 126,
  });
  const eps = [ep(0, 1, 0.1), ep(1, 1, 0.2), ep(2, 0, -0.1), ep(3, 0, -0.3), ep(4, 1, 0.05), ep(5, null, 0.9), ep(6, 0, 0)];
  const scores = [0.9, 0.7, 0.6, 0.2, NaN, 0.8, 0.1];
  const preds: Prediction[] = eps.map((e, i) => ({
    episodeId: e.id, criterion: 'c', params: '', score: scores[i]!, call: Number.isNaN(scores[i]!) ? null : scores[i]! >= 0.5 ? 1 : 0,
    abstainReason: Number.isNaN(scores[i]!) ? 'no data' : '', error: '',
  }));
  const m = scoreRow({ dataset: 'T', kind: 'rebound', criterion: 'c', params: '' }, eps, preds,
    { bootstrap: 200, permutations: 200, threshold: 0.5, level: 0.95, blockBy: 'year' }, 's');
  it('counts scored, abstained and censored episodes and the confusion matrix', () => {
    // scored: e0 (1, .9), e1 (1, .7), e2 (0, .6), e3 (0, .2), e6 (0, .1); e4 abstained; e5 censored.
    expect([m.n, m.abstentions, m.censored, m.failed]).toEqual([5, 1, 1, 0]);
    expect([m.tp, m.fp, m.tn, m.fn]).toEqual([2, 1, 2, 0]);
    expect(m.auc).toBe(1); // every durable score above every non-durable one
    expect(m.smallSample).toMatch(/n=5/);
  });
  it('the trading view splits forward returns by the call and compares with buying every episode', () => {
    expect(m.trading.calledDurable.n).toBe(3);
    expect(m.trading.calledDurable.mean['21']).toBeCloseTo((0.1 + 0.2 - 0.1) / 3, 12);
    expect(m.trading.calledNot.mean['21']).toBeCloseTo((-0.3 + 0) / 2, 12);
    expect(m.trading.all.mean['21']).toBeCloseTo((0.1 + 0.2 - 0.1 - 0.3 + 0) / 5, 12);
    expect(m.trading.all.median['63']).toBeCloseTo(0, 12);
  });
});

describe('scoreRow resampling', () => {
  // 40 episodes over 8 decision years, scores loosely tied to the labels (some ties).
  const n = 40;
  const years = Int32Array.from({ length: n }, (_, i) => 1990 + (i % 8));
  const y = Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
  const sc = y.map((v, i) => Math.round((0.3 + 0.3 * v + 0.4 * (((i * 37) % 23) / 23)) * 20) / 20);
  const eps = y.map((label, i): Episode => ({
    id: `T:rebound:${i}`, market: 'T', kind: 'rebound', decisionIndex: i, decisionDate: `${years[i]}-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    refLowIndex: 0, refLowDate: '', refLow: 1, peakIndex: 0, peakDate: '', peak: 2, priceColumn: 'close',
    outcome: label ? 'durable' : 'failed', label: label as 0 | 1, drawdown: 0.5, daysPeakToLow: 1,
    fwd21: 0, fwd63: 0, fwd126: 0, fwd252: NaN, mae: 0, daysToRegainPeak: NaN, horizon: 126,
  }));
  const preds: Prediction[] = eps.map((e, i) => ({ episodeId: e.id, criterion: 'c', params: 'p', score: sc[i]!, call: sc[i]! >= 0.5 ? 1 : 0, abstainReason: '', error: '' }));
  const m = scoreRow({ dataset: 'T', kind: 'rebound', criterion: 'c', params: 'p' }, eps, preds,
    { bootstrap: 300, permutations: 100, threshold: 0.5, level: 0.95, blockBy: 'year' }, 'run');

  it('every statistic of a scheme uses the same resamples: one seed for the i.i.d. set, one for the calendar-year blocks', () => {
    const key = 'T|rebound|c|p';
    const iid = { resamples: 300, seed: deriveSeed('run', `${key}|boot`) };
    const block = { resamples: 300, seed: deriveSeed('run', `${key}|boot-block`), groups: years };
    const strip = (x: { lo: number; hi: number }) => ({ lo: x.lo, hi: x.hi });
    expect(m.aucCI).toEqual(strip(bootstrapAuc(sc, y, iid)));
    // Block intervals are widened for few blocks (8 years here) around the estimate: engine/stats/bootstrap-test.ts.
    const w = blockWidening(8, 0.95);
    expect(m.aucBlockCI).toEqual(widenAround(strip(bootstrapAuc(sc, y, block)), m.auc, w));
    expect(m.aucBlockCI).not.toEqual(m.aucCI);
    const ba = (idx: Int32Array): number => {
      let tp = 0, p = 0, tn = 0, q = 0;
      for (const i of idx) { if (y[i] === 1) { p++; if (sc[i]! >= 0.5) tp++; } else { q++; if (sc[i]! < 0.5) tn++; } }
      return p === 0 || q === 0 ? NaN : (tp / p + tn / q) / 2;
    };
    expect(m.balancedAccuracyCI).toEqual(strip(bootstrapInterval(n, ba, iid)));
    expect(m.balancedAccuracyBlockCI).toEqual(widenAround(strip(bootstrapInterval(n, ba, block)), m.balancedAccuracy, w));
    // Another run seed draws other resamples.
    const other = scoreRow({ dataset: 'T', kind: 'rebound', criterion: 'c', params: 'p' }, eps, preds,
      { bootstrap: 300, permutations: 100, threshold: 0.5, level: 0.95, blockBy: 'year' }, 'run2');
    expect([other.aucCI, other.balancedAccuracyCI, other.brierCI]).not.toEqual([m.aucCI, m.balancedAccuracyCI, m.brierCI]);
  });
});
