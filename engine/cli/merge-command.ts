import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';
import { wroteLine } from './run-command.ts';

export const mergeCommand = defineCommand({
  command: 'merge <dirs..>',
  describe: 'Combine shard outputs (rally run --shard i/n) into the files the unsharded run writes',
  options: {
    flags: {
      out: { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' },
    },
    positionals: {
      dirs: { array: true, describe: 'shard output folders (or their shard.json files)' },
    },
    examples: [
      ['rally merge shards/1 shards/2 shards/3 --out rally-out', 'merge three shards'],
      ['rally merge shards/* -o merged', 'merge every shard folder'],
    ],
  },
  handler: async (a) => {
    // Loaded here, not at start-up (`rally --help` needs none of them).
    const [{ withOutputFolder }, { assemble }, { mergeShards, readShardFile }, { writeRunOutputs }, { parseExactJson }, { runSummaryText }] = await Promise.all([
      import('../output-folder.ts'), import('../run/run.ts'), import('../run/merge.ts'),
      import('../../reports/write.ts'), import('../../reports/json.ts'), import('./summary-text.ts'),
    ]);
    const result = assemble(mergeShards((a.dirs ?? []).map((d) => readShardFile(d, parseExactJson))));
    const written = await withOutputFolder(a.out, (dir) => writeRunOutputs(dir, result)); // written whole, then swapped in
    process.stdout.write(`${runSummaryText(result)}\n${wroteLine(a.out, written)}`);
    return result.summary.failures.length > 0 ? EXIT.jobsFailed : EXIT.ok;
  },
});
