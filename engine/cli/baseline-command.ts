import type { Argv } from 'yargs';
import { writeFileAtomic } from '../files.ts';
import { EXIT } from '../vocabulary.ts';
import { readRunSummary } from '../run/summary.ts';
import { makeBaseline } from '../../reports/baseline.ts';
import { defineCommand } from './command.ts';

export const baselineCommand = defineCommand({
  command: 'baseline',
  describe: 'Write a baseline (expected statistics) from a run\'s summary.json, for `rally check`',
  builder: (y: Argv) => y
    .option('from', { type: 'string', default: 'rally-out/summary.json', describe: 'summary.json of the reference run' })
    .option('out', { alias: 'o', type: 'string', default: 'baseline.json', describe: 'baseline file to write' })
    .example('rally baseline --from rally-out/summary.json --out baseline.json', 'declare the current statistics as the baseline'),
  handler: async (a) => {
    const b = makeBaseline(readRunSummary(a.from));
    writeFileAtomic(a.out, `${JSON.stringify(b, null, 2)}\n`);
    process.stdout.write(`baseline: ${b.rows.length} criterion rows, ${b.episodes.length} episodes → ${a.out}\n`);
    return EXIT.ok;
  },
});
