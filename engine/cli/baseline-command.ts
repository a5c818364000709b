import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';

export const baselineCommand = defineCommand({
  command: 'baseline',
  describe: 'Write a baseline (data hashes, episodes, per-episode scores and statistics) from a finished run, for `rally check`',
  options: {
    flags: {
      from: { type: 'string', default: 'rally-out', describe: 'the reference run: its output folder or summary.json (predictions.csv beside it)' },
      out: { alias: 'o', type: 'string', default: 'baseline.json', describe: 'baseline file to write' },
    },
    examples: [
      ['rally baseline --from rally-out --out baseline.json', 'declare the current results as the baseline'],
    ],
  },
  handler: async (a) => {
    // Loaded here, not at start-up (`rally --help` needs none of them).
    const [{ writeFileAtomic }, { readRunRecord }, { baselineJson, makeBaseline }] = await Promise.all([
      import('../files.ts'), import('../run/summary.ts'), import('../../reports/baseline.ts'),
    ]);
    const b = makeBaseline(readRunRecord(a.from));
    writeFileAtomic(a.out, baselineJson(b));
    const episodes = b.episodeSets.reduce((n, s) => n + s.episodes.length, 0);
    process.stdout.write(`baseline: ${b.rows.length} criterion rows, ${episodes} episodes, ${b.data.length} data files → ${a.out}\n`);
    return EXIT.ok;
  },
});
