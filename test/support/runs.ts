/**
 * Runs in this process, the way `rally run` and `rally merge` do them but
 * without spawning the CLI: a config (from a fixture or an object) →
 * executeRun → assemble → the report writer, and the output files' text.
 * Sharded runs go through the same shard.json text and the same merge code
 * as the CLI, so what the tests compare is what users get.
 *
 * Tests that are not about the statistics use SMALL_STATISTICS.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig, type RunConfig } from '../../engine/config.ts';
import type { RunResult } from '../../engine/results.ts';
import { assemble, executeRun, type RunOptions } from '../../engine/run/run.ts';
import { mergeShards as mergeShardFiles, readShardFile, shardFile } from '../../engine/run/merge.ts';
import { parseExactJson } from '../../reports/json.ts';

/** Shards merged from their folders, as `rally merge` reads them. */
const mergeShards = (dirs: string[]) => mergeShardFiles(dirs.map((d) => readShardFile(d, parseExactJson)));
import { exactJson } from '../../reports/json.ts';
import { writeRunOutputs } from '../../reports/write.ts';
import { ROOT } from './shared-data.ts';

export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Enough resamples to exercise the code paths, few enough to be quick. */
export const SMALL_STATISTICS = { bootstrap: 200, permutations: 200 } as const;

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `rally-${prefix}-`));
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A fixture's run config as an object, with top-level keys replaced by `patch`. */
export function fixtureRaw(name: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(JSON.parse(readFileSync(fixture(name), 'utf8')) as Record<string, unknown>), ...patch };
}

/** A fixture's run config, parsed as `rally run --config` would (paths relative to test/fixtures). */
export function fixtureConfig(name: string, patch: Record<string, unknown> = {}): RunConfig {
  return parseRunConfig(fixtureRaw(name, patch), fixture(name), FIXTURES);
}

/** A run config from an object, paths relative to `baseDir` (default: test/fixtures). */
export function runConfig(raw: Record<string, unknown>, baseDir = FIXTURES, source = 'test config'): RunConfig {
  return parseRunConfig(raw, source, baseDir);
}

/** The whole run, assembled (what `rally run` writes from). */
export async function runResult(cfg: RunConfig, opts: RunOptions = {}): Promise<RunResult> {
  return assemble(await executeRun(cfg, opts));
}

/** Shard i of n written as `rally run --shard i/n` writes it; returns its folder. */
export async function writeShard(cfg: RunConfig, index: number, count: number, dir: string, opts: RunOptions = {}): Promise<string> {
  const shard = { index, count };
  const parts = await executeRun(cfg, { ...opts, shard });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'shard.json'), exactJson(shardFile(shard, parts)));
  return dir;
}

/** Every shard of a run, each through shard.json, merged as `rally merge` merges them (folders given in `order`). */
export async function shardedResult(cfg: RunConfig, count: number, opts: RunOptions = {}, order?: number[]): Promise<RunResult> {
  const root = tempDir('shards');
  const dirs: string[] = [];
  for (let i = 1; i <= count; i++) dirs.push(await writeShard(cfg, i, count, join(root, String(i)), opts));
  return assemble(mergeShards((order ?? dirs.map((_, i) => i + 1)).map((i) => dirs[i - 1]!)));
}

/** The files `rally run` and `rally merge` write (the brief's list; a test expectation, so spelled out here). */
export const RUN_FILES = ['episodes.csv', 'predictions.csv', 'metrics.csv', 'power.csv', 'stability.csv', 'survival.csv', 'fans.csv', 'trades.csv', 'trading.csv', 'summary.json', 'report.html'] as const;

export type OutputFiles = Record<(typeof RUN_FILES)[number], string>;

/** The text of every output file `rally run` writes for this result (written by the report writer, read back). */
export async function outputFiles(r: RunResult, dir = tempDir('out')): Promise<OutputFiles> {
  await writeRunOutputs(dir, r);
  return readOutputs(dir);
}

/** The text of every output file in a folder written by `rally run` or `rally merge`. */
export function readOutputs(dir: string): OutputFiles {
  return Object.fromEntries(RUN_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')])) as OutputFiles;
}
