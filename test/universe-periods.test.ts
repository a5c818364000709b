/**
 * A universe run with evaluation periods: each period's row of a universe
 * job is its pooled row on that period's episodes, with the same cluster
 * inference as the whole sample's (cluster-robust interval, cluster
 * permutation p), not a row that treats the members' clustered episodes as
 * independent (before: i.i.d. intervals and p, and noise read "confirmed");
 * and a pooled row's `interval` names its cluster-robust interval.
 */
import { beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { fixtureConfig, runResult } from './support/runs.ts';
import { describeShared } from './support/shared-data.ts';

describeShared('a universe run with periods (10 members)', () => {
  let r: RunResult;
  beforeAll(async () => {
    r = await runResult(fixtureConfig('universe-t10.json', {
      episodes: [{ kind: 'rebound' }], criteria: ['golden-cross', 'credit-spreads'], trading: false,
      statistics: { bootstrap: 100, permutations: 100 },
      evaluation: { periods: [{ name: 'early', to: '2015-12-31' }, { name: 'late', from: '2016-01-01' }] },
    }), { workers: 0 });
  }, 60_000);

  it("every period row of a universe job is a pooled row with the whole sample's cluster inference", () => {
    const rows = r.summary.periodMetrics ?? [];
    const whole = r.summary.metrics.filter((m) => m.pooled?.scope === 'pooled');
    expect(whole.length).toBe(2);
    expect(rows.length).toBe(2 * whole.length);
    for (const m of rows) {
      expect(m.pooled?.scope, `${m.criterion} ${m.period}`).toBe('pooled');
      expect(m.dataset).toBe('T10');
      expect(m.pooled!.clusterBy).toBe('month');
      expect(m.pooled!.clusters).toBeGreaterThan(0);
      expect(Number.isFinite(m.pooled!.aucClusterCI!.lo)).toBe(true);
    }
    // The cluster permutation p, not the i.i.d. one kept beside it (equal only by chance, on a grid of 1/101).
    expect(rows.some((m) => m.pValue !== m.pooled!.pValueIid)).toBe(true);
    for (const p of ['early', 'late']) expect(rows.filter((m) => m.period === p).length).toBe(whole.length);
  });

  it("a pooled or group row's interval column names the cluster-robust interval it shows; member rows keep their kind's", () => {
    for (const m of [...r.summary.metrics, ...(r.summary.periodMetrics ?? [])]) {
      expect(m.interval, `${m.dataset} ${m.criterion}`).toBe(m.pooled && m.pooled.scope !== 'member' ? 'cluster' : 'iid');
    }
    expect(r.summary.metrics.some((m) => m.pooled?.scope === 'member')).toBe(true);
  });
});
