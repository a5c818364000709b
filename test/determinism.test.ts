/**
 * DETERMINISM — same inputs and seed, byte-identical outputs: every file a
 * run writes (episodes, predictions, metrics, power, summary.json,
 * report.html) is the same for any worker count (0 = the main thread, 1, 2,
 * 4) and for a run split into shards and merged, whatever the order the
 * shards are given in. Checked on a parameter sweep of the embedded data and
 * on all three episode kinds of the shared data.
 *
 * The runs happen in this process (executeRun → assemble → the report
 * writer; shards through shard.json and the merge code), so they are the
 * runs `rally run` and `rally merge` do, without spawning the CLI (whose
 * flags are tested in cli-run.test.ts). Few resamples (FEW, fewer than the
 * other tests' SMALL_STATISTICS): the guarantee does not depend on how many,
 * and every interval and p-value still comes from its job's own seeded draws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ConfigError } from '../engine/errors.ts';
import { mergeShards as mergeShardFiles, readShardFile } from '../engine/run/merge.ts';
import { assemble } from '../engine/run/run.ts';
import { parseExactJson } from '../reports/json.ts';

/** Shards merged from their folders, as `rally merge` reads them. */
const mergeShards = (dirs: string[]) => mergeShardFiles(dirs.map((d) => readShardFile(d, parseExactJson)));
import type { RunConfig } from '../engine/config.ts';
import { thrown } from './support/builders.ts';
import { describeShared } from './support/shared-data.ts';
import {
  fixtureConfig, outputFiles, runResult, RUN_FILES, shardedResult, tempDir, writeShard, type OutputFiles,
} from './support/runs.ts';

/** Resamples per interval and p-value: each job still draws them from its own seeded stream. */
const FEW = { bootstrap: 40, permutations: 40 } as const;

function expectSameFiles(actual: OutputFiles, expected: OutputFiles, what: string): void {
  for (const f of RUN_FILES) expect(actual[f], `${f} ${what}`).toBe(expected[f]);
}

describe('determinism: a parameter sweep of every built-in on the embedded data', () => {
  const cfg: RunConfig = fixtureConfig('sweep-run.json', { statistics: FEW });
  let mainThread: OutputFiles;

  beforeAll(async () => {
    mainThread = await outputFiles(await runResult(cfg, { workers: 0 }));
  });

  it('the sweep really is one: a metrics row per parameter set (4 golden-cross sets), every job ran', () => {
    const rows = mainThread['metrics.csv'].split('\n').filter((l) => l.split(',')[2] === 'golden-cross');
    expect(rows).toHaveLength(4);
    const summary = JSON.parse(mainThread['summary.json']) as { failures: unknown[]; counts: { jobs: number } };
    expect(summary.failures).toEqual([]);
    expect(summary.counts.jobs).toBeGreaterThan(20);
  });

  it.each([1, 2, 4])('%i worker thread(s) write exactly the main thread\'s files', async (workers) => {
    expectSameFiles(await outputFiles(await runResult(cfg, { workers })), mainThread, `with ${workers} workers`);
  });

  /** Shard i/3 of the sweep, written once (through shard.json, as `rally run --shard i/3` writes it) for both merge tests. */
  const shardRoot = tempDir('shards');
  const shardDirs = new Map<number, Promise<string>>();
  const shard = (i: number): Promise<string> => {
    if (!shardDirs.has(i)) shardDirs.set(i, writeShard(cfg, i, 3, join(shardRoot, String(i)), { workers: 0 }));
    return shardDirs.get(i)!;
  };

  it('3 shards merged (given out of order) write exactly the unsharded files', async () => {
    const dirs = [await shard(3), await shard(1), await shard(2)];
    expectSameFiles(await outputFiles(assemble(mergeShards(dirs))), mainThread, 'merged from 3 shards');
  });

  it('merge refuses an incomplete shard set and shards of another run', async () => {
    const root = tempDir('bad-shards');
    const one = await shard(1);
    const two = await shard(2);
    expect(thrown(ConfigError, () => mergeShards([one, two])).message).toMatch(/missing shards 3\/3/);
    const otherSeed = fixtureConfig('sweep-run.json', { statistics: FEW, seed: 12 });
    const other = await writeShard(otherSeed, 3, 3, join(root, '3'), { workers: 0 });
    expect(thrown(ConfigError, () => mergeShards([one, two, other])).message).toMatch(/mixed config hash: .*; mixed seed: "11" \(.*\) vs "12"/);
  });
});

describeShared('determinism: rebounds, sector-led advances and seasonal windows on the shared data (sectors, breadth)', () => {
  const cfg: RunConfig = fixtureConfig('kinds-run.json', { statistics: FEW });
  let mainThread: OutputFiles;

  beforeAll(async () => {
    mainThread = await outputFiles(await runResult(cfg, { workers: 0 }));
  });

  it('the run covers all three kinds', () => {
    const kinds = new Set(mainThread['episodes.csv'].trim().split('\n').slice(1).map((l) => l.split(',')[2]));
    expect([...kinds].sort()).toEqual(['rebound', 'seasonal', 'sector-lead']);
  });

  it('a worker thread writes exactly the main thread\'s files', async () => {
    expectSameFiles(await outputFiles(await runResult(cfg, { workers: 1 })), mainThread, 'with 1 worker');
  });

  it('2 shards merged (given out of order) write exactly the unsharded files', async () => {
    expectSameFiles(await outputFiles(await shardedResult(cfg, 2, { workers: 0 }, [2, 1])), mainThread, 'merged from 2 shards');
  });
});
