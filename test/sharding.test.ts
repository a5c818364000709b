import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InputError } from '../engine/errors.ts';
import { parseRunConfig } from '../engine/config.ts';
import { assignShards, jobsOfShard, planShards, SHARD_SCHEME } from '../engine/run/shard.ts';
import { mergeProblems, ranges, type ShardEntry } from '../engine/run/merge-checks.ts';
import { mergeShards, readShardFile, shardFile, SHARD_FORMAT, type ShardFile } from '../engine/run/merge.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { exactJson, parseExactJson } from '../reports/json.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-sharding-'));

describe('cost-balanced shard plan', () => {
  it('takes the longest jobs first, each to the least-loaded shard (ties: lower job; fewer jobs, lower shard)', () => {
    // By hand, loads after each step: 7→s1 (7/0), 5→s2 (7/5), 4→s2 (7/9), 3 (job 3)→s1 (10/9), 3 (job 4)→s2 (10/12), 2→s1 (12/12).
    expect(assignShards([7, 5, 4, 3, 3, 2], 2)).toEqual([1, 2, 2, 1, 2, 1]);
    expect(assignShards([1, 1, 1, 1], 4)).toEqual([1, 2, 3, 4]);
    expect(assignShards([0, 0, 0], 2)).toEqual([1, 2, 1]);
    expect(assignShards([], 3)).toEqual([]);
  });

  it('balances what job i mod n piles onto one shard (an expensive job recurring with period n)', () => {
    // 20 criteria per episode set, one of them 50x dearer, 10 sets, 4 shards: i mod 4 puts every dear job on shard 1.
    const costs = Array.from({ length: 200 }, (_, i) => (i % 20 === 0 ? 5000 : 100));
    const mod = [0, 0, 0, 0];
    costs.forEach((c, i) => { mod[i % 4]! += c; });
    expect(Math.max(...mod) / Math.min(...mod)).toBeGreaterThan(4);
    const plan = planShards(costs, 4);
    expect(plan.loads.reduce((a, b) => a + b, 0)).toBe(costs.reduce((a, b) => a + b, 0));
    expect(Math.max(...plan.loads) - Math.min(...plan.loads)).toBeLessThanOrEqual(Math.max(...costs));
    expect(plan.scheme).toBe(SHARD_SCHEME);
    expect(plan.jobCounts.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('every shard computes the same plan on its own, and the shards cover every job once, in canonical order', () => {
    const jobs = Array.from({ length: 37 }, (_, index) => ({ index }));
    const costs = jobs.map((j) => (j.index * 7919) % 101);
    const picked = [1, 2, 3, 4, 5].map((index) => jobsOfShard(jobs, costs, { index, count: 5 }));
    for (const p of picked) expect(p.plan).toEqual(picked[0]!.plan);
    const all = picked.flatMap((p) => p.jobs.map((j) => j.index));
    expect([...all].sort((a, b) => a - b)).toEqual(jobs.map((j) => j.index));
    for (const p of picked) expect(p.jobs.map((j) => j.index)).toEqual([...p.jobs.map((j) => j.index)].sort((a, b) => a - b));
    expect(jobsOfShard(jobs, [], undefined)).toEqual({ jobs });
  });
});

/** A shard entry as merge-checks reads it; `over` replaces fields. */
function entry(index: number, count: number, jobs: number[], over: { version?: string; hash?: string; sha?: string; scheme?: string; where?: string; total?: number } = {}): ShardEntry {
  return {
    where: over.where ?? `shards/${index}`,
    shard: { index, count },
    plan: { scheme: over.scheme ?? SHARD_SCHEME, loads: [10, 10, 10].slice(0, count), jobCounts: [2, 2, 2].slice(0, count) },
    parts: {
      totalJobs: over.total ?? 6,
      jobs: jobs.map((i) => ({ index: i })),
      summaryBase: {
        engine: { name: 'rally-replay', version: over.version ?? '0.2.0' },
        runConfigHash: over.hash ?? 'aaaaaaaaaaaaaaaa',
        seed: '1',
        data: [{ dataset: 'GSPC', role: 'price', series: ['close'], file: 'GSPC.csv', sha256: over.sha ?? 'f00dfeedf00dfeed', rows: 1, missing: 0, rejected: 0, notes: [] }],
      },
    },
  };
}

describe('rally merge: completeness and consistency', () => {
  const good = [entry(1, 3, [0, 3]), entry(2, 3, [1, 4]), entry(3, 3, [2, 5])];

  it('accepts one complete run in any order', () => {
    expect(mergeProblems(good)).toEqual([]);
    expect(mergeProblems([...good].reverse())).toEqual([]);
  });

  it('names missing and duplicated shards', () => {
    expect(mergeProblems([good[0]!, good[2]!])).toEqual(['missing shards 2/3']);
    expect(mergeProblems([...good, entry(2, 3, [1, 4], { where: 'copy/2' })])).toEqual(['shard 2/3 given 2 times (shards/2, copy/2)']);
  });

  it('names what is mixed, and which shards hold which value', () => {
    const p = mergeProblems([good[0]!, entry(2, 3, [1, 4], { version: '0.1.9', hash: 'bbbbbbbbbbbbbbbb' }), entry(3, 3, [2, 5], { sha: '0123456789abcdef' })]);
    expect(p).toEqual([
      'mixed engine: rally-replay 0.2.0 (shards/1, shards/3) vs rally-replay 0.1.9 (shards/2)',
      'mixed config hash: aaaaaaaaaaaa (shards/1, shards/3) vs bbbbbbbbbbbb (shards/2)',
      'mixed data (GSPC price file sha256): f00dfeedf00d (shards/1, shards/2) vs 0123456789ab (shards/3)',
    ]);
    expect(mergeProblems([good[0]!, entry(2, 4, [1, 4])])).toEqual(['mixed shard count: of 3 (shards/1) vs of 4 (shards/2)']);
    expect(mergeProblems([...good.slice(0, 2), entry(3, 3, [2, 5], { scheme: 'i-mod-n' })])).toEqual([
      `mixed shard scheme: ${SHARD_SCHEME} (shards/1, shards/2) vs i-mod-n (shards/3)`,
    ]);
  });

  it('names jobs that are in no shard or in several', () => {
    expect(mergeProblems([entry(1, 3, [0]), entry(2, 3, [1, 4]), entry(3, 3, [2])])).toEqual(['jobs 3, 5 (2 of 6) are in no shard']);
    expect(mergeProblems([entry(1, 3, [0, 1, 3]), good[1]!, good[2]!])).toEqual(['jobs 1 are in more than one shard (job 1 in shards/1, shards/2)']);
    expect(ranges([0, 1, 2, 5, 7, 8])).toBe('0..2, 5, 7..8');
  });
});

describe('shard files end to end (in process, embedded data)', () => {
  const cfg = parseRunConfig({
    seed: 5, criteria: ['always-durable', 'coin-flip', 'credit-spreads', { id: 'golden-cross', params: { fast: [20, 50], slow: [150, 200] } }],
    statistics: { bootstrap: 30, permutations: 30 },
  }, 'sharding-test', tmp);

  it('merged shards give exactly the unsharded result; merge names a missing shard and refuses an old format', async () => {
    const whole = assemble(await executeRun(cfg, { workers: 0 }));
    const dirs: string[] = [];
    const files: ShardFile[] = [];
    for (const index of [1, 2, 3]) {
      const parts = await executeRun(cfg, { workers: 0, shard: { index, count: 3 } });
      const f = shardFile({ index, count: 3 }, parts);
      const dir = join(tmp, `s${index}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'shard.json'), exactJson(f));
      dirs.push(dir);
      files.push(f);
    }
    expect(files[0]!.format).toBe(SHARD_FORMAT);
    expect(files[0]!.plan.scheme).toBe(SHARD_SCHEME);
    for (const f of files) expect(f.plan).toEqual(files[0]!.plan);
    // credit-spreads has no BAA10Y in the embedded data: it abstains, so its job costs next to nothing.
    expect(Math.max(...files[0]!.plan.loads) / Math.min(...files[0]!.plan.loads)).toBeLessThan(1.6);
    const merged = assemble(mergeShards(dirs.reverse().map((d) => readShardFile(d, parseExactJson))));
    expect(exactJson(merged)).toBe(exactJson(whole));

    const e = (() => { try { mergeShards(dirs.slice(1).map((d) => readShardFile(d, parseExactJson))); } catch (x) { return x; } return null; })();
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toMatch(/^merge: shards: these 2 shard files do not form one complete run: missing shards 3\/3$/);

    const old = join(tmp, 'old.json');
    writeFileSync(old, JSON.stringify({ format: 'rally-shard/1', shard: { index: 1, count: 3 }, parts: {} }));
    expect(() => readShardFile(old, parseExactJson)).toThrow(InputError);
    expect(() => readShardFile(old, parseExactJson)).toThrow(/shard format 'rally-shard\/1' is not this engine's 'rally-shard\/2'/);
  });
});
