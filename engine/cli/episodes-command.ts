import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { EPISODE_KINDS, EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';

export const episodesCommand = defineCommand({
  command: 'episodes',
  describe: 'Detect episodes (rallies) and write episodes.csv',
  // The rebound defaults (in the help text) come from engine/episodes, loaded only for `rally episodes`.
  options: async () => {
    const { REBOUND_DEFAULTS } = await import('../episodes/rebound.ts');
    return {
      flags: {
        data: { type: 'string', describe: 'price file (OHLCV), or a Ken French returns file for --kind sector-lead; default: the data of the default `rally run` (the shipped corpus: S&P 500 since 1927, Ken French industries); @embedded: the small S&P 500 2000-2020' },
        sectors: { type: 'string', describe: 'sector returns file (Ken French layout) for --kind sector-lead, alongside a --data price file' },
        config: { alias: 'c', type: 'string', describe: 'take datasets and episode definitions from a run config instead' },
        kind: { type: 'string', choices: EPISODE_KINDS, describe: 'episode kind (default rebound)' },
        drawdown: { type: 'number', describe: `rebound: correction depth D (default ${REBOUND_DEFAULTS.drawdown})` },
        rebound: { type: 'number', describe: `rebound: rebound size R from the low (default ${REBOUND_DEFAULTS.rebound})` },
        horizon: { type: 'number', describe: `outcome horizon H in trading days (default ${REBOUND_DEFAULTS.horizon})` },
        window: { type: 'string', array: true, describe: 'seasonal: built-in window name(s): santa-claus, first-five-days (default both; user windows go in a config)' },
        out: { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' },
      },
      examples: [
        ['rally episodes', 'rebounds of the S&P 500 since 1927 (the data `rally run` uses by default) into rally-out/episodes.csv'],
        ['rally episodes --data @embedded', 'rebounds of the small embedded S&P 500 2000-2020'],
        ['rally episodes --data ../shared/data/sp500/GSPC.csv --out gspc', 'rebounds of your own price file'],
        ['rally episodes --data spx.csv --drawdown 0.2 --rebound 0.1 --horizon 252', 'bear-market rebounds, judged over a year'],
        ['rally episodes --kind sector-lead --data 10_Industry_Portfolios_Daily.csv', 'sector-led advances (equal-weighted composite market)'],
        ['rally episodes --kind seasonal --window santa-claus --data spx.csv', 'Santa Claus rallies'],
        ['rally episodes --config run.json', 'every episode kind the config defines'],
      ],
    };
  },
  handler: async (a) => {
    const flags = { data: a.data, sectors: a.sectors, kind: a.kind, drawdown: a.drawdown, rebound: a.rebound, horizon: a.horizon, window: a.window };
    if (a.config) {
      const clash = Object.entries(flags).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
      if (clash.length) {
        throw new ConfigError('--config', `the config defines the data and the episode definitions; drop ${clash.join(', ')} (or edit the config)`, 'flags');
      }
    }
    // Loaded here, not at start-up (`rally --help` needs none of them).
    const [{ readRunConfig }, { writeFileAtomic }, { episodesOfConfig, episodesOfFlags }, { episodesCsv }, { summariseEpisodes }] = await Promise.all([
      import('../config.ts'), import('../files.ts'), import('../run/episodes.ts'), import('../../reports/episodes-csv.ts'), import('./summary-text.ts'),
    ]);
    const groups = a.config ? episodesOfConfig(readRunConfig(a.config)) : episodesOfFlags(flags);
    const out = join(a.out, 'episodes.csv');
    writeFileAtomic(out, await episodesCsv(groups.flatMap((g) => g.episodes)));
    process.stdout.write(`${groups.map((g) => summariseEpisodes(g.dataset, g.episodes)).join('\n')}\nwrote ${out}\n`);
    return EXIT.ok;
  },
});
