/**
 * A universe run end to end on real data (10 members of ../shared/data/
 * stocks-5yr, groups, rows "both"): byte-identical outputs for 1, 2 and 4
 * workers and for 3 shards (run on the main thread) merged; which rows metrics.csv marks as pooled;
 * the universe in summary.json; breadth criteria scoring without a breadth file.
 * Few resamples (FEW, as determinism.test.ts's): byte-identity does not depend
 * on how many, and every interval and p-value still comes from its job's own
 * seeded draws (pooled rows' cluster resamples included).
 */
import { fixtureConfig, shardedResult } from './support/runs.ts';
import { expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, executeRun } from '../engine/run/run.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { describeShared } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-universe-'));
/** Resamples per interval and p-value. */
const FEW = { bootstrap: 40, permutations: 40 } as const;
const FILES = ['episodes.csv', 'predictions.csv', 'metrics.csv', 'power.csv', 'summary.json', 'report.html'];

function files(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describeShared('a universe run (10 members, groups, rows "both")', () => {
  it('writes byte-identical files for 1, 2 and 4 workers and for 3 shards (main thread) merged', async () => {
    const cfg = fixtureConfig('universe-t10.json', { statistics: FEW });
    const outs: Array<Record<string, string>> = [];
    for (const w of [1, 2, 4]) {
      const out = join(tmp, `w${w}`);
      await writeRunOutputs(out, assemble(await executeRun(cfg, { workers: w })));
      outs.push(files(out));
    }
    // Shards go through their files as `rally run --shard` and `rally merge` do (test/support/runs.ts).
    await writeRunOutputs(join(tmp, 'merged'), await shardedResult(cfg, 3, { workers: 0 }, [3, 2, 1]));
    for (const o of [...outs.slice(1), files(join(tmp, 'merged'))]) for (const f of FILES) expect(o[f], f).toBe(outs[0]![f]);
  });

  it('metrics.csv marks pooled, group and member rows with their members and clusters', () => {
    const lines = readFileSync(join(tmp, 'w1', 'metrics.csv'), 'utf8').trim().split('\n');
    const head = lines[0]!.split(',');
    const col = (r: string[], name: string): string => r[head.indexOf(name)]!;
    const rows = lines.slice(1).map((l) => l.split(','));
    for (const c of ['scope', 'members', 'clusters', 'cluster_by', 'cluster_periods', 'auc_cluster_df', 'p_value_iid']) expect(head).toContain(c);
    const pooled = rows.filter((r) => col(r, 'scope') === 'pooled');
    expect(pooled).toHaveLength(14); // 7 criteria x 2 kinds
    for (const r of pooled) {
      expect(col(r, 'dataset')).toBe('T10');
      expect(col(r, 'cluster_by')).toBe('month');
      expect(Number(col(r, 'members'))).toBeLessThanOrEqual(10);
    }
    const rebound = pooled.find((r) => col(r, 'criterion') === 'always-durable' && col(r, 'kind') === 'rebound')!;
    expect(Number(col(rebound, 'members'))).toBeGreaterThan(5);
    // "overlap": "merge" (the default): a cluster is a run of months spanning the 126-day outcome horizon (6 months).
    expect(col(rebound, 'cluster_periods')).toBe('6');
    expect(Number(col(rebound, 'clusters'))).toBeGreaterThanOrEqual(8);
    const groups = new Set(rows.filter((r) => col(r, 'scope') === 'group').map((r) => col(r, 'group')));
    expect([...groups].sort()).toEqual(['Discretionary', 'Financials', 'Staples', 'Tech', 'Telecom']);
    const members = rows.filter((r) => col(r, 'scope') === 'member');
    expect(members.every((r) => col(r, 'members') === '1' && /^T[A-Z]*$/.test(col(r, 'dataset')))).toBe(true);
  });

  it('breadth criteria score from the members (no breadth file); the universe and its hygiene are in summary.json', () => {
    const s = JSON.parse(readFileSync(join(tmp, 'w1', 'summary.json'), 'utf8'));
    const u = s.universes[0];
    expect(u.id).toBe('T10');
    expect(u.members).toHaveLength(10);
    expect(u.breadth).toBe('members');
    expect(u.hygiene.flags.map((f: { member: string; date: string; kind: string }) => `${f.member} ${f.date} ${f.kind}`)).toContain('TIF 2013-12-18 bad-print');
    for (const id of ['breadth-participation', 'breadth-thrust']) {
      const row = s.metrics.find((m: { criterion: string; kind: string; pooled?: { scope: string } }) => m.criterion === id && m.kind === 'rebound' && m.pooled?.scope === 'pooled');
      expect(row.n, id).toBeGreaterThan(40);
    }
    expect(s.datasets).toEqual([]);
    expect(s.power.map((p: { dataset: string }) => p.dataset)).toEqual(['T10', 'T10']);
  });
});
