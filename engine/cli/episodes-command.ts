import { join } from 'node:path';
import type { Argv } from 'yargs';
import { attributeTo, ConfigError } from '../errors.ts';
import { readRunConfig } from '../config.ts';
import { EPISODE_KINDS } from '../vocabulary.ts';
import { detectEpisodes, type EpisodeSetSpec } from '../episodes/detect.ts';
import { REBOUND_DEFAULTS } from '../episodes/rebound.ts';
import type { Dataset, Episode } from '../types.ts';
import { loadBundle, EMBEDDED_BUNDLE } from '../../datasets/bundle.ts';
import type { BundleSpec } from '../bundle-spec.ts';
import { readFileText } from '../../datasets/readers/table.ts';
import { detectPriceFormat } from '../../datasets/load.ts';
import { episodesCsv } from '../../reports/episodes-csv.ts';
import { writeFileAtomic } from '../files.ts';
import { summariseEpisodes } from './summary-text.ts';
import type { CommandModule } from './main.ts';

export const episodesCommand: CommandModule = {
  command: 'episodes',
  describe: 'Detect episodes (rallies) and write episodes.csv',
  builder: (y: Argv) => y
    .option('data', { type: 'string', describe: 'price file (OHLCV), or a Ken French returns file for --kind sector-lead; default: the embedded S&P 500 2000-2020' })
    .option('sectors', { type: 'string', describe: 'sector returns file (Ken French layout) for --kind sector-lead, alongside a --data price file' })
    .option('config', { alias: 'c', type: 'string', describe: 'take datasets and episode definitions from a run config instead' })
    .option('kind', { type: 'string', choices: EPISODE_KINDS, describe: 'episode kind (default rebound)' })
    .option('drawdown', { type: 'number', describe: `rebound: correction depth D (default ${REBOUND_DEFAULTS.drawdown})` })
    .option('rebound', { type: 'number', describe: `rebound: rebound size R from the low (default ${REBOUND_DEFAULTS.rebound})` })
    .option('horizon', { type: 'number', describe: `outcome horizon H in trading days (default ${REBOUND_DEFAULTS.horizon})` })
    .option('window', { type: 'string', array: true, describe: 'seasonal: built-in window name(s): santa-claus, first-five-days (default both; user windows go in a config)' })
    .option('out', { alias: 'o', type: 'string', default: 'rally-out', describe: 'output folder' })
    .example('rally episodes', 'rebounds of the embedded S&P 500 2000-2020 into rally-out/episodes.csv')
    .example('rally episodes --data ../shared/data/sp500/GSPC.csv --out gspc', 'rebounds since 1927')
    .example('rally episodes --data spx.csv --drawdown 0.2 --rebound 0.1 --horizon 252', 'bear-market rebounds, judged over a year')
    .example('rally episodes --kind sector-lead --data 10_Industry_Portfolios_Daily.csv', 'sector-led advances (equal-weighted composite market)')
    .example('rally episodes --kind seasonal --window santa-claus --data spx.csv', 'Santa Claus rallies')
    .example('rally episodes --config run.json', 'every episode kind the config defines'),
  handler: async (a) => {
    let bundles: Array<{ spec: BundleSpec; key: string }>;
    let specs: EpisodeSetSpec[];
    let baseDir = process.cwd();
    if (a.config) {
      const clash = ['data', 'sectors', 'kind', 'drawdown', 'rebound', 'horizon', 'window'].filter((k) => a[k] !== undefined);
      if (clash.length) {
        throw new ConfigError('--config', `the config defines the data and the episode definitions; drop ${clash.map((k) => `--${k}`).join(', ')} (or edit the config)`, 'flags');
      }
      const cfg = readRunConfig(a.config as string);
      baseDir = cfg.baseDir;
      bundles = cfg.datasets;
      specs = cfg.episodes;
    } else {
      const kind = (a.kind ?? 'rebound') as EpisodeSetSpec['kind'];
      const data = a.data as string | undefined;
      let spec: BundleSpec;
      if (kind === 'sector-lead') {
        if (a.sectors) spec = { price: data ?? EMBEDDED_BUNDLE.price, sectors: a.sectors as string };
        else if (data && detectPriceFormat(readFileText(data).lines) === 'french') spec = { sectors: data };
        else throw new ConfigError('--sectors', 'sector-lead episodes need sector data: --data <Ken French returns file> or --sectors <file>', 'flags');
      } else {
        spec = data ? { price: data } : EMBEDDED_BUNDLE;
      }
      bundles = [{ spec, key: '--data' }];
      const params: Record<string, unknown> = {};
      if (a.horizon !== undefined) params.horizon = a.horizon;
      if (kind === 'rebound') {
        if (a.drawdown !== undefined) params.drawdown = a.drawdown;
        if (a.rebound !== undefined) params.rebound = a.rebound;
      } else if (a.drawdown !== undefined || a.rebound !== undefined) {
        throw new ConfigError(a.drawdown !== undefined ? '--drawdown' : '--rebound', `only applies to --kind rebound, not ${kind}`, 'flags');
      }
      if (kind === 'seasonal' && a.window) params.windows = a.window;
      specs = [{ kind, params, key: 'flags' }];
    }
    const all: Episode[] = [];
    const lines: string[] = [];
    const source = a.config ? String(a.config) : '';
    for (const b of bundles) {
      const { dataset } = attributeTo(source, () => loadBundle(b.spec, baseDir, b.key));
      for (const s of specs) {
        const { episodes } = attributeTo(source, () => detectEpisodes(dataset as Dataset, s));
        all.push(...episodes);
        lines.push(summariseEpisodes(dataset, episodes));
      }
    }
    const out = join(a.out as string, 'episodes.csv');
    writeFileAtomic(out, await episodesCsv(all));
    process.stdout.write(`${lines.join('\n')}\nwrote ${out}\n`);
    return 0;
  },
};
