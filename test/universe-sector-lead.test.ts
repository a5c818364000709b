/**
 * Sector-lead inside a universe (datasets/universe-groups.ts): the groups
 * of the membership file as sectors, each its members' equal-weighted
 * composite (causal, a member counting only while it trades) against the
 * universe's market; a run over 10 members of ../shared/data/stocks-5yr
 * makes a pooled row and one row per group; without a membership file
 * sector-lead is refused, naming the key and the remedy.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupComposites, type GroupMember } from '../datasets/universe-groups.ts';
import { equalWeightComposite } from '../engine/data/constituent-breadth.ts';
import { readRunConfig } from '../engine/config.ts';
import { ConfigError } from '../engine/errors.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { makeRng } from '../engine/stats/index.ts';
import { describeShared, ROOT, shared } from './support/shared-data.ts';

const N = 300;
const CAL = Int32Array.from({ length: N }, (_, i) => 17000 + i);

function member(seed: string, from: number, to: number, group: string): GroupMember {
  const rng = makeRng(seed);
  const days: number[] = [], close: number[] = [];
  let x = 50;
  for (let i = from; i < to; i++) {
    x *= 1 + (rng() - 0.5) * 0.05;
    days.push(CAL[i]!);
    close.push(x);
  }
  return { bars: { dates: Int32Array.from(days), close: Float64Array.from(close) }, group, skip: new Set() };
}

describe('group composites', () => {
  const MEMBERS = [member('a', 0, N, 'A'), member('b', 40, N, 'A'), member('c', 100, 250, 'B'), member('d', 120, N, 'B')];
  const g = groupComposites(CAL, MEMBERS);

  it("each group is its members' equal-weighted composite, NaN before its first member trades", () => {
    expect([...g.keys()]).toEqual(['A', 'B']);
    const b = equalWeightComposite(CAL, MEMBERS.slice(2).map((m) => m.bars));
    for (let i = 0; i < N; i++) {
      if (i < 100) expect(g.get('B')![i]).toBeNaN();
      else expect(g.get('B')![i]).toBeCloseTo(b[i]!, 12);
    }
  });

  it('is causal: members cut at a day give the same levels up to that day', () => {
    const cut = 180;
    const early = groupComposites(CAL, MEMBERS.map((m) => {
      const k = m.bars.dates.findIndex((d) => d > CAL[cut]!);
      const end = k < 0 ? m.bars.dates.length : k;
      return { ...m, bars: { dates: m.bars.dates.slice(0, end), close: m.bars.close.slice(0, end) } };
    }));
    for (const name of ['A', 'B']) for (let i = 0; i <= cut; i++) expect(early.get(name)![i]).toEqual(g.get(name)![i]);
  });
});

function config(dir: string, membership: boolean): string {
  const file = join(dir, membership ? 'with.json' : 'without.json');
  writeFileSync(file, JSON.stringify({
    seed: 3,
    datasets: [{
      id: 'T10',
      universe: { prices: shared('stocks-5yr', 'T*_data.csv'), ...(membership ? { membership: join(ROOT, 'test', 'fixtures', 'universe-t10-groups.csv') } : {}), rows: 'both' },
      series: { BAA10Y: shared('fred', 'BAA10Y.csv') },
    }],
    episodes: [{ kind: 'sector-lead' }],
    criteria: ['always-durable', 'credit-spreads'],
    statistics: { bootstrap: 50, permutations: 50 },
  }));
  return file;
}

describeShared('sector-lead in a universe (10 members, 5 groups)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rally-universe-sl-'));

  it('finds leads of the groups against the universe composite and makes a pooled row and one row per group', async () => {
    const { summary } = assemble(await executeRun(readRunConfig(config(dir, true)), { workers: 0 }));
    const eps = summary.episodes.filter((e) => e.kind === 'sector-lead');
    expect(eps.length).toBeGreaterThan(5);
    expect(eps.every((e) => e.dataset === 'T10' && /^T10:sector-lead:(Discretionary|Financials|Staples|Tech|Telecom):/.test(e.id))).toBe(true);
    const rows = summary.metrics.filter((m) => m.criterion === 'credit-spreads');
    expect(rows.map((m) => m.pooled!.scope)).toEqual(['pooled', ...rows.slice(1).map(() => 'group')]);
    expect(rows[0]!.n).toBe(rows.slice(1).reduce((a, m) => a + m.n, 0));
    expect(rows[0]!.pooled!.members).toBe(rows.length - 1); // the groups with a scored lead
    expect(summary.datasets).toEqual([]); // the groups dataset is the universe's, not a dataset of its own
    expect(summary.power.map((p) => [p.dataset, p.kind, p.clustered !== undefined])).toEqual([['T10', 'sector-lead', true]]);
  });

  it('is refused without a membership file, naming the key and the remedy', () => {
    const cfg = readRunConfig(config(dir, false));
    const run = executeRun(cfg, { workers: 0 });
    return expect(run).rejects.toSatisfy((e: unknown) => e instanceof ConfigError && /episodes\[0\]\.kind/.test(e.message) && /membership/.test(e.message));
  });
});
