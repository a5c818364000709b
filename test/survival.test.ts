/**
 * Time to failure: the Kaplan-Meier curves, numbers at risk, log-rank test
 * and restricted mean survival of engine/stats/survival.ts against values
 * worked out by hand, and survival.csv of a real GSPC run against an
 * independent day-by-day computation from the prices.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaplanMeier, logRank, numbersAtRisk, restrictedMeanSurvival, survivalAt } from '../engine/stats/survival.ts';
import { fanBand, scoreQuintiles } from '../engine/stats/fan.ts';
import { nullAucBand } from '../engine/stats/null-band.ts';
import { parseRunConfig } from '../engine/config.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import type { EpisodePath, MetricsRow, RunResult } from '../engine/results.ts';
import type { Episode, Prediction } from '../engine/types.ts';
import { wholePathRows } from '../engine/run/whole-path.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { describeShared, shared } from './support/shared-data.ts';

// Group A: failures at 2, 4, 4, 8; censored at 3 and 6. Group B: failures at 1, 2, 3, 7; censored at 5.
const A = { t: [2, 3, 4, 4, 6, 8], e: [1, 0, 1, 1, 0, 1] };
const B = { t: [1, 2, 3, 5, 7], e: [1, 1, 1, 0, 1] };

describe('Kaplan-Meier and log-rank on a small example worked by hand', () => {
  it('curve steps, numbers at risk and survival values', () => {
    const km = kaplanMeier(A.t, A.e);
    // time: at risk, failures, censored, S = product of (1 - d/n)
    expect(km.steps.map((s) => [s.time, s.atRisk, s.events, s.censored])).toEqual([[2, 6, 1, 0], [3, 5, 0, 1], [4, 4, 2, 0], [6, 2, 0, 1], [8, 1, 1, 0]]);
    const s = km.steps.map((x) => x.survival);
    expect(s[0]).toBeCloseTo(5 / 6, 12);
    expect(s[1]).toBeCloseTo(5 / 6, 12);
    expect(s[2]).toBeCloseTo((5 / 6) * (2 / 4), 12);
    expect(s[3]).toBeCloseTo(5 / 12, 12);
    expect(s[4]).toBe(0);
    expect(survivalAt(km, 1)).toBe(1);
    expect(survivalAt(km, 5)).toBeCloseTo(5 / 12, 12);
    expect(numbersAtRisk(km, [0, 2, 3, 5, 7, 9])).toEqual([6, 6, 5, 2, 1, 0]);
    const kb = kaplanMeier(B.t, B.e);
    expect(kb.steps.map((x) => x.survival)).toEqual([0.8, 0.6000000000000001, 0.4000000000000001, 0.4000000000000001, 0]);
  });

  it('restricted mean survival time = area under the step curve', () => {
    // A to 8: 2*1 + 2*(5/6) + 4*(5/12) = 2 + 5/3 + 5/3; B to 7: 1 + 0.8 + 0.6 + 4*0.4 = 4.
    expect(restrictedMeanSurvival(kaplanMeier(A.t, A.e), 8)).toBeCloseTo(2 + 10 / 3, 12);
    expect(restrictedMeanSurvival(kaplanMeier(A.t, A.e), 7)).toBeCloseTo(2 + 5 / 3 + 3 * (5 / 12), 12);
    expect(restrictedMeanSurvival(kaplanMeier(B.t, B.e), 7)).toBeCloseTo(4, 12);
    expect(restrictedMeanSurvival(kaplanMeier(B.t, B.e), 0.5)).toBe(0.5);
  });

  it('log-rank: observed, expected, variance and chi-square', () => {
    // Event times 1, 2, 3, 4, 7, 8 with (n, nA, d, dA):
    // (11,6,1,0) (10,6,2,1) (8,5,1,0) (6,4,2,2) (2,1,1,0) (1,1,1,1)
    const E = 6 / 11 + (2 * 6) / 10 + 5 / 8 + (2 * 4) / 6 + 1 / 2 + 1;
    const V = (6 / 11) * (5 / 11) + (2 * 0.6 * 0.4 * 8) / 9 + (5 / 8) * (3 / 8) + (2 * (4 / 6) * (2 / 6) * 4) / 5 + 0.25;
    const lr = logRank(A.t, A.e, B.t, B.e);
    expect(lr.observedA).toBe(4);
    expect(lr.observedB).toBe(4);
    expect(lr.expectedA).toBeCloseTo(E, 12);
    expect(lr.variance).toBeCloseTo(V, 12);
    expect(lr.chiSquare).toBeCloseTo((4 - E) ** 2 / V, 12);
    expect(lr.chiSquare).toBeCloseTo(0.956801, 5);
    expect(lr.p).toBeCloseTo(0.327994, 5); // P(chi2_1 > 0.9568) = erfc(sqrt(0.9568 / 2))
    // Symmetric in the groups; identical groups give chi-square 0.
    expect(logRank(B.t, B.e, A.t, A.e).chiSquare).toBeCloseTo(lr.chiSquare, 12);
    expect(logRank(A.t, A.e, A.t, A.e).chiSquare).toBe(0);
  });

  it('fans, quintiles and the chance band', () => {
    const f = fanBand('g', [[0, 0.1, NaN], [0, 0.3, NaN], [0, -0.1, 0.2], [0, 0.5, NaN]], 3);
    expect(f.count).toEqual([4, 4, 1]);
    expect(f.median[1]).toBeCloseTo(0.2, 12);
    expect(f.q25[1]).toBeCloseTo(0.05, 12);
    expect(f.q75[1]).toBeCloseTo(0.35, 12);
    expect(scoreQuintiles([0, 1, 0, 1, 1])).toBeNull();
    // Cuts at the type-7 quantiles 0.28, 0.46, 0.64, 0.82 of 0.1..1.0.
    expect([...scoreQuintiles([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])!]).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    // Tied scores share a quintile, even when that leaves a quintile empty.
    expect([...scoreQuintiles([1, 1, 1, 1, 2, 3, 4, 5, 6, 7])!]).toEqual([0, 0, 0, 0, 2, 2, 3, 3, 4, 4]);
    // The band of random rankings: symmetric about 0.5, narrower with n, the same from the cache.
    const small = nullAucBand(26, 6, 0.95, 's');
    const large = nullAucBand(458, 212, 0.95, 's');
    expect(small.lo).toBeLessThan(0.3);
    expect(small.hi).toBeGreaterThan(0.7);
    expect(small.lo + small.hi).toBeCloseTo(1, 1);
    expect(large.hi - large.lo).toBeLessThan(0.11);
    expect(nullAucBand(26, 6, 0.95, 's')).toEqual(small);
  });
});

describe('survival rows of a metrics row', () => {
  // Called: failures at 2 and 5, one followed to the horizon 10. Not called: failures at 1 and 3 (the curve reaches 0).
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const eps = ids.map((id) => ({ id, market: 'M', kind: 'rebound', horizon: 10 }) as Episode);
  const paths: EpisodePath[] = [[2, 2], [5, 5], [NaN, 10], [1, 1], [3, 3]].map(([f, u], i) => ({ id: ids[i]!, failureDay: f!, followUp: u!, returns: [] }));
  const calls = [1, 1, 1, 0, 0] as const;
  const preds = ids.map((id, i) => ({ episodeId: id, criterion: 'c', params: '', score: calls[i], call: calls[i], abstainReason: '', error: '' }) as Prediction);
  const row = { dataset: 'M', kind: 'rebound', criterion: 'c', params: '' } as MetricsRow;

  it('groups by call, restricts the mean to the horizon when a curve reached 0', () => {
    const [r] = wholePathRows([row], eps, preds, paths).survival;
    expect(r!.called.n).toBe(3);
    expect(r!.called.events).toBe(2);
    expect(r!.notCalled.events).toBe(2);
    expect(r!.tau).toBe(10);
    // Called: S = 1 on [0,2), 2/3 on [2,5), 1/3 on [5,10): 2 + 2 + 5/3. Not called: 1 + 2 * 0.5 = 2.
    expect(r!.called.rmst).toBeCloseTo(4 + 5 / 3, 12);
    expect(r!.notCalled.rmst).toBeCloseTo(2, 12);
    expect(r!.rmstDifference).toBeCloseTo(2 + 5 / 3, 12);
  });
});

/** Minimal CSV reader for the test (quoted fields, no embedded newlines). */
function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.trim().split('\n');
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = '', q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((v, i) => [head[i]!, v])));
}

describeShared('survival.csv of a real GSPC run against an independent computation', () => {
  let r: RunResult;
  let dir: string;
  let rows: Array<Record<string, string>>;
  beforeAll(async () => {
    const cfg = parseRunConfig({
      seed: 1, datasets: [{ id: 'GSPC', price: shared('sp500', 'GSPC.csv') }], criteria: ['always-durable', 'golden-cross', 'above-200-day'],
      statistics: { bootstrap: 50, permutations: 50 },
    }, 'test', process.cwd());
    r = assemble(await executeRun(cfg, { workers: 0 }));
    dir = mkdtempSync(join(tmpdir(), 'rally-survival-'));
    await writeRunOutputs(dir, r);
    rows = parseCsv(readFileSync(join(dir, 'survival.csv'), 'utf8'));
  });
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('golden-cross on GSPC rebounds: curve, numbers at risk and log-rank match a day-by-day recount', () => {
    const close = r.prices.find((p) => p.dataset === 'GSPC')!.close;
    const last = close.length - 1;
    const epById = new Map(r.episodes.map((e) => [e.id, e] as const));
    // Independently: each called episode's time (first close below the reference low, else the follow-up) and event flag.
    const groups: Record<'called' | 'not_called', Array<{ t: number; e: number }>> = { called: [], not_called: [] };
    for (const p of r.predictions) {
      if (p.criterion !== 'golden-cross' || p.call === null) continue;
      const ep = epById.get(p.episodeId)!;
      const end = Math.min(ep.decisionIndex + ep.horizon, last);
      let t = end - ep.decisionIndex, e = 0;
      for (let i = ep.decisionIndex + 1; i <= end; i++) if (close[i]! < ep.refLow) { t = i - ep.decisionIndex; e = 1; break; }
      // The outcome rule agrees: a rebound failed exactly when it has a failure day.
      expect(e === 1).toBe(ep.outcome === 'failed');
      groups[p.call === 1 ? 'called' : 'not_called'].push({ t, e });
    }
    expect(groups.called.length).toBeGreaterThan(10);
    expect(groups.not_called.length).toBeGreaterThan(10);
    const H = r.episodes[0]!.horizon;
    let O = 0, E = 0, V = 0;
    const S = { called: 1, not_called: 1 };
    const area = { called: [] as number[], not_called: [] as number[] }; // S on [day, day + 1)
    for (let day = 0; day <= H; day++) {
      const at = (g: 'called' | 'not_called'): number => groups[g].filter((x) => x.t >= day).length;
      const ev = (g: 'called' | 'not_called'): number => groups[g].filter((x) => x.t === day && x.e === 1).length;
      const cen = (g: 'called' | 'not_called'): number => groups[g].filter((x) => x.t === day && x.e === 0).length;
      for (const g of ['called', 'not_called'] as const) {
        if (at(g) > 0 && ev(g) > 0) S[g] *= 1 - ev(g) / at(g);
        const line = rows.find((x) => x.criterion === 'golden-cross' && x.kind === 'rebound' && x.group === g && Number(x.day) === day);
        if (ev(g) > 0 || cen(g) > 0 || day === 0) {
          expect(line, `${g} day ${day}`).toBeDefined();
          expect(Number(line!.at_risk)).toBe(at(g));
          expect(Number(line!.failures)).toBe(ev(g));
          expect(Number(line!.censored)).toBe(cen(g));
          expect(Number(line!.survival)).toBeCloseTo(S[g], 8);
        } else expect(line).toBeUndefined();
        area[g].push(S[g]);
      }
      const n1 = at('called'), n = n1 + at('not_called'), d = ev('called') + ev('not_called');
      if (d > 0) {
        O += ev('called');
        E += (d * n1) / n;
        if (n > 1) V += (d * (n1 / n) * (1 - n1 / n) * (n - d)) / (n - 1);
      }
    }
    const line = rows.find((x) => x.criterion === 'golden-cross' && x.kind === 'rebound')!;
    expect(Number(line.logrank_chi2)).toBeCloseTo((O - E) ** 2 / V, 6);
    const row = r.survival!.find((x) => x.criterion === 'golden-cross' && x.kind === 'rebound')!;
    expect(row.called.n).toBe(groups.called.length);
    // Restricted mean survival: the sum of S over the days before tau.
    const rmst = (g: 'called' | 'not_called'): number => area[g].slice(0, row.tau).reduce((a, b) => a + b, 0);
    expect(row.tau).toBe(H);
    expect(row.called.rmst).toBeCloseTo(rmst('called'), 8);
    expect(row.notCalled.rmst).toBeCloseTo(rmst('not_called'), 8);
    expect(Number(line.rmst_difference)).toBeCloseTo(rmst('called') - rmst('not_called'), 6);
    expect(row.called.events + row.notCalled.events).toBe(groups.called.concat(groups.not_called).filter((x) => x.e).length);
    // eslint-disable-next-line no-console
    console.log(`[survival check] golden-cross GSPC rebounds: called n=${row.called.n} (${row.called.events} failures), not called n=${row.notCalled.n} (${row.notCalled.events}); log-rank chi2=${row.logRankChiSquare.toFixed(4)} (independent ${((O - E) ** 2 / V).toFixed(4)}), p=${row.logRankP.toFixed(4)}; RMST difference ${row.rmstDifference.toFixed(2)} days over ${row.tau}`);
  });

  it('always-durable calls every episode durable: one group, no log-rank', () => {
    const row = r.survival!.find((x) => x.criterion === 'always-durable' && x.kind === 'rebound')!;
    expect(row.notCalled.n).toBe(0);
    expect(row.called.n).toBe(r.episodes.length);
    expect(row.logRankChiSquare).toBeNaN();
  });
});
