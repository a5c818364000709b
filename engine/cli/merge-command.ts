import type { Argv } from 'yargs';
import { EXIT } from '../vocabulary.ts';
import { withOutputFolder } from '../output-folder.ts';
import { assemble } from '../run/run.ts';
import { mergeShards, readShardFile } from '../run/merge.ts';
import { writeRunOutputs } from '../../reports/write.ts';
import { parseExactJson } from '../../reports/json.ts';
import { runSummaryText } from './summary-text.ts';
import { defineCommand } from './command.ts';

export const mergeCommand = defineCommand({
  command: 'merge <dirs..>',
  describe: 'Combine shard outputs (rally run --shard i/n) into the files the unsharded run writes',
  builder: (y: Argv) => y
    .positional('dirs', { type: 'string', array: true, describe: 'shard output folders (or their shard.json files)' })
    .option('out', { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' })
    .example('rally merge shards/1 shards/2 shards/3 --out rally-out', 'merge three shards')
    .example('rally merge shards/* -o merged', 'merge every shard folder'),
  handler: async (a) => {
    const result = assemble(mergeShards((a.dirs ?? []).map((d) => readShardFile(d, parseExactJson))));
    await withOutputFolder(a.out, (dir) => writeRunOutputs(dir, result)); // written whole, then swapped in
    process.stdout.write(runSummaryText(result, a.out));
    return result.summary.failures.length > 0 ? EXIT.jobsFailed : EXIT.ok;
  },
});
