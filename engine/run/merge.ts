/**
 * Shards: the file one shard of a run writes (`rally run --shard i/n`), and
 * merging shard files back into the parts of the whole run, which
 * `assemble` turns into exactly what the unsharded run writes. Merging
 * checks that the shards belong to one run and that every shard is there
 * once.
 *
 * The JSON codec is the caller's (shard files must round-trip NaN and
 * infinities exactly; reports/json.ts has the codec): this module gets
 * `encode`d objects and `decode`s texts through the functions it is given.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { readJsonFile } from '../files.ts';
import type { RunParts } from './assemble.ts';
import type { Shard } from './shard.ts';

export const SHARD_FORMAT = 'rally-shard/1';
export const SHARD_FILE = 'shard.json';

export interface ShardFile {
  format: typeof SHARD_FORMAT;
  shard: Shard;
  parts: RunParts;
}

/** What one shard writes. */
export function shardFile(shard: Shard, parts: RunParts): ShardFile {
  return { format: SHARD_FORMAT, shard, parts };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Read a shard folder's shard.json (or a shard file named directly), checking its shape. */
export function readShardFile(dirOrFile: string, decode: (text: string) => unknown): ShardFile & { file: string } {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory() ? join(dirOrFile, SHARD_FILE) : dirOrFile;
  if (!existsSync(file)) throw new InputError(file, 0, 0, `no ${SHARD_FILE} here (write shards with rally run --shard i/n --out DIR)`);
  const s = readJsonFile(file, 'shard file', decode);
  if (!isObj(s)) throw new InputError(file, 0, 0, 'not a shard file (not a JSON object)');
  if (s.format !== SHARD_FORMAT) throw new InputError(file, 0, 0, `unknown shard format '${String(s.format)}'`);
  const shard = s.shard, parts = s.parts;
  if (!isObj(shard) || !Number.isInteger(shard.index) || !Number.isInteger(shard.count)) throw new InputError(file, 0, 0, "not a shard file: no 'shard' {index, count}");
  if (!isObj(parts) || !isObj(parts.summaryBase) || !Array.isArray(parts.jobs) || !Array.isArray(parts.episodes) || typeof parts.totalJobs !== 'number') {
    throw new InputError(file, 0, 0, "not a shard file: 'parts' lacks summaryBase, episodes, jobs or totalJobs");
  }
  return { ...(s as unknown as ShardFile), file };
}

/** Combine the shards of one run into the parts of the whole run. */
export function mergeShards(shards: ReadonlyArray<ShardFile & { file: string }>): RunParts {
  if (shards.length === 0) throw new InputError('(merge)', 0, 0, 'give at least one shard folder');
  const first = shards[0]!;
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    if (s.parts.summaryBase.runConfigHash !== first.parts.summaryBase.runConfigHash || s.parts.summaryBase.seed !== first.parts.summaryBase.seed) {
      throw new InputError(s.file, 0, 0, `belongs to a different run (config hash or seed differs from ${first.file})`);
    }
    if (JSON.stringify(s.parts.summaryBase.data) !== JSON.stringify(first.parts.summaryBase.data)) {
      throw new InputError(s.file, 0, 0, `was run on different data files than ${first.file}`);
    }
    if (s.shard.count !== count) throw new InputError(s.file, 0, 0, `is shard ${s.shard.index}/${s.shard.count} but ${first.file} is of ${count}`);
    if (seen.has(s.shard.index)) throw new InputError(s.file, 0, 0, `shard ${s.shard.index}/${count} given twice (also ${seen.get(s.shard.index)})`);
    seen.set(s.shard.index, s.file);
  }
  const missing = [];
  for (let i = 1; i <= count; i++) if (!seen.has(i)) missing.push(`${i}/${count}`);
  if (missing.length) throw new InputError('(merge)', 0, 0, `missing shards ${missing.join(', ')}`);
  const jobs = shards.flatMap((s) => s.parts.jobs);
  if (jobs.length !== first.parts.totalJobs) throw new InputError('(merge)', 0, 0, `shards hold ${jobs.length} jobs, the run has ${first.parts.totalJobs}`);
  return { ...first.parts, jobs };
}
