import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError } from '../errors.ts';
import { findRebounds, REBOUND_DEFAULTS, validateReboundParams } from '../episodes/rebound.ts';
import { loadPriceDataset, loadEmbeddedDataset } from '../../datasets/load.ts';
import { episodesCsv } from '../../reports/episodes-csv.ts';
import { writeFileAtomic } from '../../reports/atomic.ts';
import { summariseEpisodes } from './summary-text.ts';
import type { CommandModule } from './main.ts';

export const episodesCommand: CommandModule = {
  command: 'episodes',
  describe: 'Detect episodes (rallies) in a price file and write episodes.csv',
  builder: (y: Argv) => y
    .option('data', { type: 'string', describe: 'price file (OHLCV: Yahoo/Stooq CSV); default: the embedded S&P 500 2000-2020' })
    .option('kind', { type: 'string', choices: ['rebound'], default: 'rebound', describe: 'episode kind' })
    .option('drawdown', { type: 'number', default: REBOUND_DEFAULTS.drawdown, describe: 'rebound: correction depth D' })
    .option('rebound', { type: 'number', default: REBOUND_DEFAULTS.rebound, describe: 'rebound: rebound size R from the low' })
    .option('horizon', { type: 'number', default: REBOUND_DEFAULTS.horizon, describe: 'outcome horizon H (trading days)' })
    .option('out', { type: 'string', default: 'rally-out', describe: 'output folder' })
    .example('rally episodes', 'rebounds of the embedded S&P 500 2000-2020 into rally-out/episodes.csv')
    .example('rally episodes --data ../shared/data/sp500/GSPC.csv --out gspc', 'rebounds since 1927')
    .example('rally episodes --data spx.csv --drawdown 0.2 --rebound 0.1 --horizon 252', 'bear-market rebounds, judged over a year'),
  handler: async (a) => {
    const params = { drawdown: a.drawdown as number, rebound: a.rebound as number, horizon: a.horizon as number };
    const bad = validateReboundParams(params);
    if (bad) throw new ConfigError(`--${bad.split(' ')[0]}`, bad, 'flags');
    const ds = a.data ? loadPriceDataset(a.data as string) : loadEmbeddedDataset();
    const eps = findRebounds(ds, params);
    const out = join(a.out as string, 'episodes.csv');
    writeFileAtomic(out, await episodesCsv(eps));
    process.stdout.write(`${summariseEpisodes(ds, eps)}\nwrote ${out}\n`);
    return 0;
  },
};
