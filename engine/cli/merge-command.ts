import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../errors.ts';
import { assemble, type RunParts, type Shard } from '../run/run.ts';
import { writeRunOutputs } from '../../reports/write.ts';
import { parseExactJson } from '../../reports/json.ts';
import { runSummaryText } from './summary-text.ts';
import type { CommandModule } from './main.ts';

interface ShardFile { format: string; shard: Shard; parts: RunParts }

/** Combine shard outputs into exactly what the unsharded run writes. */
export function mergeShards(dirs: string[]): RunParts {
  const shards: Array<ShardFile & { file: string }> = dirs.map((d) => {
    const file = existsSync(d) && statSync(d).isDirectory() ? join(d, 'shard.json') : d;
    if (!existsSync(file)) throw new InputError(file, 0, 0, 'no shard.json here (write shards with rally run --shard i/n --out DIR)');
    let s: ShardFile;
    try { s = parseExactJson<ShardFile>(readFileSync(file, 'utf8')); } catch (e) { throw new InputError(file, 0, 0, `not a shard file: ${(e as Error).message}`); }
    if (s.format !== 'rally-shard/1') throw new InputError(file, 0, 0, `unknown shard format '${String(s.format)}'`);
    return { ...s, file };
  });
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

export const mergeCommand: CommandModule = {
  command: 'merge <dirs..>',
  describe: 'Combine shard outputs (rally run --shard i/n) into the files the unsharded run writes',
  builder: (y: Argv) => y
    .positional('dirs', { type: 'string', array: true, describe: 'shard output folders (or their shard.json files)' })
    .option('out', { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' })
    .example('rally merge shards/1 shards/2 shards/3 --out rally-out', 'merge three shards')
    .example('rally merge shards/* -o merged', 'merge every shard folder'),
  handler: async (a) => {
    const parts = mergeShards(a.dirs as string[]);
    const result = assemble(parts);
    await writeRunOutputs(a.out as string, result);
    process.stdout.write(runSummaryText(result, a.out as string));
    return result.summary.failures.length > 0 ? 3 : 0;
  },
};
