import { join } from 'node:path';
import type { Argv } from 'yargs';
import { findRebounds, REBOUND_DEFAULTS } from '../episodes/rebound.ts';
import { loadEmbeddedDataset, loadPriceDataset } from '../../datasets/load.ts';
import { episodesCsv } from '../../reports/episodes-csv.ts';
import { writeFileAtomic } from '../../reports/atomic.ts';
import { summariseEpisodes } from './summary-text.ts';
import type { CommandModule } from './main.ts';

export const runCommand: CommandModule = {
  command: 'run',
  describe: 'Run the main job: detect episodes, score criteria, write reports',
  builder: (y: Argv) => y
    .option('data', { type: 'string', describe: 'price file; default: the embedded S&P 500 2000-2020' })
    .option('out', { type: 'string', default: 'rally-out', describe: 'output folder' })
    .example('rally run', 'the default run on the embedded data into rally-out/'),
  handler: async (a) => {
    const ds = a.data ? loadPriceDataset(a.data as string) : loadEmbeddedDataset();
    const eps = findRebounds(ds, REBOUND_DEFAULTS);
    const out = a.out as string;
    writeFileAtomic(join(out, 'episodes.csv'), await episodesCsv(eps));
    process.stdout.write(`${summariseEpisodes(ds, eps)}\nwrote ${out}/episodes.csv\n`);
    return 0;
  },
};
