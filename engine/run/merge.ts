/**
 * Shards: the file one shard of a run writes (`rally run --shard i/n`), and
 * merging shard files back into the parts of the whole run, which
 * `assemble` turns into exactly what the unsharded run writes. Merging
 * first checks that the shards form one complete run (merge-checks.ts) and
 * names every shard missing, given twice or from another run.
 *
 * The JSON codec is the caller's (shard files must round-trip NaN and
 * infinities exactly; reports/json.ts has the codec): this module gets
 * `encode`d objects and `decode`s texts through the functions it is given.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, InputError } from '../errors.ts';
import { readJsonFile } from '../files.ts';
import type { RunParts } from './assemble.ts';
import type { Shard, ShardPlan } from './shard.ts';
import { mergeProblems } from './merge-checks.ts';

export const SHARD_FORMAT = 'rally-shard/2';
export const SHARD_FILE = 'shard.json';

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  shard: Shard;
  /** How the run's jobs were split: the scheme and every shard's estimated load. */
  plan: ShardPlan;
  parts: RunParts;
}

/** What one shard writes (`parts` as executeRun returns them for a shard: with the plan). */
export function shardFile(shard: Shard, parts: RunParts & { shardPlan?: ShardPlan }): ShardFile {
  const { shardPlan, ...rest } = parts;
  if (!shardPlan) throw new Error('shardFile: the parts of an unsharded run');
  return { format: SHARD_FORMAT, shard, plan: shardPlan, parts: rest };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isWholeArray = (x: unknown): boolean => Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Read a shard folder's shard.json (or a shard file named directly), checking its shape. */
export function readShardFile(dirOrFile: string, decode: (text: string) => unknown): ShardFile & { file: string; where: string } {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory() ? join(dirOrFile, SHARD_FILE) : dirOrFile;
  if (!existsSync(file)) throw new InputError(file, 0, 0, `no ${SHARD_FILE} here (write shards with rally run --shard i/n --out DIR)`);
  const s = readJsonFile(file, 'shard file', decode);
  if (!isObj(s)) throw new InputError(file, 0, 0, 'not a shard file (not a JSON object)');
  if (s.format !== SHARD_FORMAT) {
    throw new InputError(file, 0, 0, `shard format '${String(s.format)}' is not this engine's '${SHARD_FORMAT}': re-run the shards with this engine`);
  }
  const { shard, parts, plan } = s;
  if (!isObj(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) throw new InputError(file, 0, 0, "not a shard file: no 'shard' {index, count}");
  if (!isObj(plan) || typeof plan.scheme !== 'string' || !isWholeArray(plan.loads) || !isWholeArray(plan.jobCounts)) {
    throw new InputError(file, 0, 0, "not a shard file: no 'plan' {scheme, loads, jobCounts}");
  }
  if (!isObj(parts) || !isObj(parts.summaryBase) || !Array.isArray(parts.jobs) || !Array.isArray(parts.episodes) || typeof parts.totalJobs !== 'number') {
    throw new InputError(file, 0, 0, "not a shard file: 'parts' lacks summaryBase, episodes, jobs or totalJobs");
  }
  const base = parts.summaryBase;
  if (!isObj(base.engine) || typeof base.runConfigHash !== 'string' || !Array.isArray(base.data) || !parts.jobs.every(isObj)) {
    throw new InputError(file, 0, 0, "not a shard file: 'parts.summaryBase' lacks engine, runConfigHash or data");
  }
  return { ...(s as unknown as ShardFile), file, where: dirOrFile };
}

/** Combine the shards of one run into the parts of the whole run; refuses (exit 2) naming every problem. */
export function mergeShards(shards: ReadonlyArray<ShardFile & { where: string }>): RunParts {
  const problems = mergeProblems(shards);
  if (problems.length) {
    const what = shards.length === 0 ? '' : `these ${shards.length} shard files do not form one complete run: `;
    throw new ConfigError('shards', `${what}${problems.join('; ')}`, 'merge');
  }
  const first = shards[0]!;
  return { ...first.parts, jobs: shards.flatMap((s) => s.parts.jobs) };
}
