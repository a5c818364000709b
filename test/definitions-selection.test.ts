/**
 * Labelled definitions of one kind are families of their own in the
 * run-level selection analyses: each definition's walk-forward row names its
 * definition and carries its own grid's probability of backtest overfitting,
 * and each definition's rows get their own family-wise p within a period.
 * (Before: walk-forward rows had no definition and took the first family of
 * the kind; the per-period family-wise p was keyed without the definition,
 * so one definition's rows never got theirs.) Real data: GSPC's 87 rebounds,
 * enough episodes for CSCV. The same run assembled without the work done
 * while its jobs ran gives the same result.
 */
import { beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { walkForwardCsv } from '../reports/walk-forward-csv.ts';
import { describeShared, shared } from './support/shared-data.ts';
import { runConfig } from './support/runs.ts';
import { assemble, executeRun, type RunParts } from '../engine/run/run.ts';
import { exactJson } from '../reports/json.ts';

describeShared('labelled definitions in walk-forward selection and per-period family-wise p', () => {
  let r: RunResult;
  let parts: RunParts;
  beforeAll(async () => {
    parts = await executeRun(runConfig({
      seed: 4,
      datasets: [{ id: 'GSPC', price: shared('sp500', 'GSPC.csv') }],
      episodes: [{ kind: 'rebound', label: 'h126' }, { kind: 'rebound', label: 'h63', horizon: 63 }],
      criteria: [{ id: 'golden-cross', params: { fast: [20, 50], slow: [100, 200] } }],
      trading: false,
      statistics: { bootstrap: 100, permutations: 200 },
      evaluation: {
        periods: [{ name: 'early', to: '1979-12-31' }, { name: 'late', from: '1980-01-01' }],
        walkForward: { steps: 3, minTrain: 15 }, replication: { discovery: 'early' },
      },
    }), { workers: 2 });
    r = assemble(parts);
  }, 120_000);

  it('the work done while the jobs ran (assembly-ahead.ts) changes nothing here either', () => {
    expect(parts.ahead!.families.size).toBe(2);
    expect(exactJson(r)).toBe(exactJson(assemble({ ...parts, ahead: undefined })));
  });

  it('one walk-forward row per definition, each with its own family\'s PBO', async () => {
    const wf = r.summary.walkForward!;
    expect(wf.map((w) => w.definition).sort()).toEqual(['h126', 'h63']);
    for (const w of wf) {
      const family = r.summary.families!.find((f) => f.definition === w.definition && f.criterion === w.criterion)!;
      expect(Object.is(w.pbo, family.pbo), `${w.definition}: ${w.pbo} vs its family's ${family.pbo}`).toBe(true);
    }
    const pbo = r.summary.families!.map((f) => f.pbo);
    expect(pbo.every(Number.isFinite)).toBe(true);
    expect(pbo[0]).not.toBe(pbo[1]); // two grids, two answers: a mix-up would show
    expect((await walkForwardCsv(wf)).split('\n')[0]).toMatch(/,definition$/);
  });

  it('every definition\'s rows get a family-wise p within the discovery period', () => {
    const early = r.summary.periodMetrics!.filter((m) => m.period === 'early');
    for (const d of ['h126', 'h63']) {
      const mine = early.filter((m) => m.definition === d);
      expect(mine.length, d).toBe(4);
      expect(mine.filter((m) => Number.isFinite(m.familyP)).length, `${d}: rows with a family-wise p`).toBe(4);
    }
  });
});
