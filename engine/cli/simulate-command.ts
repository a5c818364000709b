/**
 * `rally simulate`: seeded synthetic markets with planted signals, and
 * alternate histories of a real price file by a stationary block bootstrap
 * (engine/run/simulate.ts does the work).
 *
 *   rally simulate --seed S --years Y [--sectors K] [--stocks N]
 *                  [--plant id=auc,...] [--base-rate b] --out DIR
 *   rally simulate --bootstrap FILE --paths P [--block B] --seed S --out DIR
 */
import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';

function flagError(key: string, msg: string): never {
  throw new ConfigError(key, msg, 'flags');
}

export const simulateCommand = defineCommand({
  command: 'simulate',
  describe: 'Write a seeded synthetic market (real file formats, planted signals, truth.csv), or bootstrap paths of a real price file',
  // The simulator's defaults and limits come from engine/run/simulate.ts, loaded only for `rally simulate`.
  options: async () => {
    const { SIMULATOR } = await import('../run/simulate.ts');
    const { defaults, limits } = SIMULATOR;
    return {
      flags: {
        seed: { type: 'string', describe: `seed: the same seed and options give byte-identical files (default ${defaults.seed})` },
        years: { type: 'number', describe: `years of market to simulate (${limits.years[0]}-${limits.years[1]}; the data ends in ${defaults.endYear}); required without --bootstrap (no default: rally simulate without it exits 2)` },
        sectors: { type: 'number', describe: `industry sectors in sectors.csv (${limits.sectors[0]}-${limits.sectors[1]}, default ${defaults.sectors})` },
        stocks: { type: 'number', describe: `stocks behind breadth.csv (${limits.stocks[0]}-${limits.stocks[1]}, default ${defaults.stocks})` },
        plant: { type: 'string', array: true, describe: `tie criteria's inputs to rebound durability with a true AUC: id=auc,... with auc strictly between 0.5 and 1; default: nothing planted (plantable: ${SIMULATOR.plantable.map((p) => p.id).join(', ')})` },
        'base-rate': { type: 'number', describe: `share of rebounds whose latent state is durable (${limits.baseRate[0]}-${limits.baseRate[1]}, default ${defaults.baseRate})` },
        bootstrap: { type: 'string', describe: 'instead: resample this price file\'s daily returns (stationary block bootstrap); the synthetic-market flags (--years, --sectors, --stocks, --plant, --base-rate) do not apply' },
        paths: { type: 'number', describe: `with --bootstrap (and required there): number of paths to write (${limits.paths[0]}-${limits.paths[1]})` },
        block: { type: 'string', describe: `with --bootstrap: mean block length in days (${limits.block[0]}-${limits.block[1]}, default ${defaults.block}), or "years": whole July-June years (keeps the real episode counts per kind)` },
        out: { alias: 'o', type: 'string', describe: 'output folder (required): created if missing; files of the same names in it are replaced, others are left' },
      },
      examples: [
        ['rally simulate --seed 42 --years 50 --out sim', 'a 50-year market with no planted signal → sim/ (index.csv, sectors.csv, breadth.csv, vix.csv, FRED and Shiller files, run.json, truth.csv)'],
        ['rally simulate --seed 7 --years 80 --plant breadth-participation=0.75,credit-spreads=0.7 --out sim7', 'plant two signals with true AUCs 0.75 and 0.70; then rally run --config sim7/run.json'],
        ['rally simulate --seed 1 --years 30 --stocks 500 --sectors 12 --base-rate 0.5 --out big', 'a bigger panel, half the rebounds durable'],
        ['rally simulate --bootstrap ../shared/data/sp500/GSPC.csv --paths 100 --seed 3 --out null', '100 block-bootstrap paths of the S&P 500 and a run.json over all of them'],
      ],
      epilog: [
        'Planting: each rebound episode gets a signal s = label*d + N(0,1) with d = sqrt(2)*Phi^-1(auc), and the criterion\'s input is rewritten so that its default score is a strictly increasing function of s: its true AUC is exactly auc. Plantable:',
        ...SIMULATOR.plantable.map((p) => `  ${p.id}: ${p.input}`),
        'Unplanted inputs are simulated independently of the outcomes; rebound outcomes are set by a latent state drawn at each decision independently of the past, so nothing known at a decision predicts them unless planted.',
      ].join('\n'),
    };
  },
  handler: async (a) => {
    if (typeof a.out !== 'string' || a.out === '') flagError('--out', 'required: the folder to write the files into');
    const flags = {
      seed: a.seed, years: a.years, sectors: a.sectors, stocks: a.stocks, plant: a.plant, baseRate: a.baseRate,
      bootstrap: a.bootstrap, paths: a.paths, block: a.block,
    };
    const [{ bootstrapOptions, bootstrapToDir, simulateToDir, syntheticOptions }, { bootstrapSummary, simulateSummary }, { checkOutputLocation }] = await Promise.all([
      import('../run/simulate.ts'), import('./simulate-text.ts'), import('../output-folder.ts'),
    ]);
    // The flags are checked first, then the output location (engine/output-folder.ts), then the work.
    if (a.bootstrap !== undefined) {
      const o = bootstrapOptions(flags);
      checkOutputLocation(a.out);
      process.stdout.write(bootstrapSummary(o, bootstrapToDir(o, a.out)));
    } else {
      const o = syntheticOptions(flags);
      checkOutputLocation(a.out);
      process.stdout.write(simulateSummary(simulateToDir(o, a.out)));
    }
    return EXIT.ok;
  },
});
