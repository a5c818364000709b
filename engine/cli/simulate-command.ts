/**
 * `rally simulate`: seeded synthetic markets with planted signals, and
 * alternate histories of a real price file by a stationary block bootstrap.
 *
 *   rally simulate --seed S --years Y [--sectors K] [--stocks N]
 *                  [--plant id=auc,...] [--base-rate b] --out DIR
 *   rally simulate --bootstrap FILE --paths P [--block B] --seed S --out DIR
 *
 * The synthetic market (datasets/simulate/) is written in the formats of the
 * real downloads, with a run.json that points at the files and truth.csv,
 * which is built by running the engine's own episode detectors on the files
 * just written (so it lists exactly the episodes a run will score). Same
 * seed and options → byte-identical files.
 */
import { join, basename } from 'node:path';
import type { Argv } from 'yargs';
import { ConfigError, InputError } from '../errors.ts';
import { readRunConfig } from '../config.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import { isoDate } from '../calendar.ts';
import { rocAuc } from '../stats/auc.ts';
import type { Episode, EpisodeKind } from '../types.ts';
import { checkBundleSpec, loadBundle } from '../../datasets/bundle.ts';
import { readPriceSeries } from '../../datasets/load.ts';
import { checkSimulateOptions, FILES, simulateMarket, SIMULATE_DEFAULTS, SIMULATE_LIMITS, type SimulateOptions, type SimulatedMarket } from '../../datasets/simulate/market.ts';
import { truthCsv } from '../../datasets/simulate/truth.ts';
import { PLANTABLE, PLANTABLE_IDS } from '../../datasets/simulate/plant.ts';
import { bootstrapPath, pathCsv, type PriceSource } from '../../datasets/simulate/bootstrap.ts';
import { Rng } from '../../datasets/simulate/random.ts';
import { getBuiltin } from '../../strategies/registry.ts';
import { writeFileAtomic } from '../files.ts';
import type { CommandModule } from './main.ts';

export interface SimulateReport {
  dir: string;
  market: SimulatedMarket;
  /** Every episode the run.json's specs detect on the written files, in run order. */
  episodes: Episode[];
  counts: Record<EpisodeKind, Record<string, number>>;
  plants: Array<{ id: string; auc: number; d: number; scored: number; sampleAuc: number }>;
  files: string[];
}

/** Simulate a market and write it (data files, run.json, truth.csv) into `dir`. */
export function simulateToDir(options: SimulateOptions, dir: string): SimulateReport {
  const market = simulateMarket(options);
  const files: string[] = [];
  for (const f of market.files) {
    writeFileAtomic(join(dir, f.name), f.text);
    files.push(f.name);
  }
  // Detect every episode kind with the engine, reading the files just written.
  const cfg = readRunConfig(join(dir, FILES.config));
  const spec = checkBundleSpec(cfg.datasets[0]!.spec, cfg.datasets[0]!.key);
  const { dataset } = loadBundle(spec, cfg.baseDir, cfg.datasets[0]!.key);
  const episodes: Episode[] = [];
  for (const es of cfg.episodes) episodes.push(...detectEpisodes(dataset, es).episodes);
  const fromFiles = episodes.filter((e) => e.kind === 'rebound');
  const same = fromFiles.length === market.rebounds.length &&
    fromFiles.every((e, i) => e.id === market.rebounds[i]!.id && e.outcome === market.rebounds[i]!.outcome);
  if (!same) throw new Error(`simulate: the rebounds detected in ${join(dir, FILES.price)} differ from the simulated ones`);
  writeFileAtomic(join(dir, FILES.truth), truthCsv(market, episodes));
  files.push(FILES.truth);

  const counts = { rebound: {}, 'sector-lead': {}, seasonal: {} } as Record<EpisodeKind, Record<string, number>>;
  for (const e of episodes) counts[e.kind][e.outcome] = (counts[e.kind][e.outcome] ?? 0) + 1;
  const scored = market.rebounds.map((e, i) => [e.label, i] as const).filter(([l]) => l !== null);
  const plants = market.plants.map((p) => {
    const s = scored.map(([, i]) => p.signals[i]!);
    const y = scored.map(([l]) => l as number);
    return { id: p.id, auc: p.auc, d: p.d, scored: s.length, sampleAuc: rocAuc(s, y) };
  });
  return { dir, market, episodes, counts, plants, files };
}

export interface BootstrapOptions {
  file: string;
  paths: number;
  block: number;
  seed: string;
}

export interface BootstrapReport {
  dir: string;
  source: { file: string; closes: number; start: string; end: string };
  files: string[];
}

function seriesOf(list: ReturnType<typeof readPriceSeries>, name: string, n: number): Float64Array {
  return list.find((s) => s.name === name)?.values ?? new Float64Array(n).fill(NaN);
}

/** Write P bootstrap paths of a price file plus a run.json with one dataset per path. */
export function bootstrapToDir(o: BootstrapOptions, dir: string): BootstrapReport {
  const series = readPriceSeries(o.file, o.file);
  const close = series.find((s) => s.name === 'close')!;
  const n = close.values.length;
  if (n < 30) throw new InputError(o.file, 0, 0, `only ${n} closes: the bootstrap needs at least 30`);
  const src: PriceSource = {
    days: close.dates, close: close.values,
    open: seriesOf(series, 'open', n), high: seriesOf(series, 'high', n), low: seriesOf(series, 'low', n), volume: seriesOf(series, 'volume', n),
  };
  const width = Math.max(3, String(o.paths).length);
  const files: string[] = [];
  const datasets: Array<{ id: string; price: string }> = [];
  for (let p = 1; p <= o.paths; p++) {
    const id = `path-${String(p).padStart(width, '0')}`;
    const path = bootstrapPath(src, o.block, new Rng(o.seed, `bootstrap|${p}`));
    writeFileAtomic(join(dir, `${id}.csv`), pathCsv(src.days, path, isoDate));
    files.push(`${id}.csv`);
    datasets.push({ id, price: `${id}.csv` });
  }
  const config = {
    description: `Stationary block bootstrap of ${basename(o.file)}: ${o.paths} paths, mean block ${o.block} days, seed ${o.seed} (rally simulate --bootstrap). Returns are resampled in blocks, so beyond a block the past says nothing about the future: the criteria's scores on these paths are their null distribution.`,
    seed: o.seed,
    out: 'report',
    datasets,
    episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }],
    criteria: ['all'],
  };
  writeFileAtomic(join(dir, FILES.config), `${JSON.stringify(config, null, 2)}\n`);
  files.push(FILES.config);
  return { dir, source: { file: o.file, closes: n, start: isoDate(src.days[0]!), end: isoDate(src.days[n - 1]!) }, files };
}

function show(v: unknown): string {
  return typeof v === 'number' && Number.isNaN(v) ? 'not a number' : JSON.stringify(v);
}

function flagError(key: string, msg: string): never {
  throw new ConfigError(key, msg, 'flags');
}

/** Validate the --bootstrap mode's flags. */
export function checkBootstrapOptions(a: Record<string, unknown>): BootstrapOptions {
  const file = a.bootstrap;
  if (typeof file !== 'string' || file === '') flagError('--bootstrap', 'expected a price file (OHLCV CSV)');
  if (a.paths === undefined) flagError('--paths', 'required with --bootstrap: how many paths to write (e.g. --paths 100)');
  const paths = a.paths as number;
  if (typeof paths !== 'number' || !Number.isInteger(paths) || paths < 1 || paths > 10_000) flagError('--paths', `expected a whole number from 1 to 10000, got ${show(a.paths)}`);
  const block = a.block === undefined ? 20 : (a.block as number);
  if (typeof block !== 'number' || !Number.isFinite(block) || block < 1 || block > 10_000) flagError('--block', `expected a mean block length in days >= 1, got ${show(a.block)}`);
  for (const k of ['years', 'sectors', 'stocks', 'plant', 'base-rate'] as const) {
    if (a[k] !== undefined) flagError(`--${k}`, 'applies to synthetic markets, not to --bootstrap');
  }
  return { file, paths, block, seed: a.seed === undefined ? '1' : String(a.seed) };
}

function outcomeText(c: Record<string, number>): string {
  const total = Object.values(c).reduce((a, b) => a + b, 0);
  const parts = ['durable', 'stalled', 'failed', 'censored'].filter((k) => c[k]).map((k) => `${k} ${c[k]}`);
  return `${total}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function simulateSummary(r: SimulateReport): string {
  const o = r.market.options;
  const d = r.market.days;
  const lines = [
    `simulated ${r.market.marketId}: ${o.years} years, ${isoDate(d[0]!)}..${isoDate(d[d.length - 1]!)} (${d.length} trading days), ${o.sectors} sectors, ${o.stocks} stocks, base rate ${o.baseRate}`,
    `episodes: rebound ${outcomeText(r.counts.rebound)}; sector-lead ${outcomeText(r.counts['sector-lead'])}; seasonal ${outcomeText(r.counts.seasonal)}`,
  ];
  for (const p of r.plants) {
    lines.push(`planted ${p.id}: true AUC ${p.auc} (d = ${p.d.toFixed(3)}); the signal's AUC on this seed's ${p.scored} scored rebounds is ${Number.isFinite(p.sampleAuc) ? p.sampleAuc.toFixed(3) : 'undefined'}`);
  }
  if (r.plants.length === 0) lines.push('planted: nothing (every criterion\'s inputs carry no information about durability)');
  lines.push(`wrote ${r.files.length} files to ${r.dir} (${r.files.join(', ')})`);
  lines.push(`next: rally run --config ${join(r.dir, FILES.config)}`);
  return `${lines.join('\n')}\n`;
}

const KNOWN_KEYS = new Set(['_', '$0', 'seed', 'years', 'sectors', 'stocks', 'plant', 'base-rate', 'baseRate', 'bootstrap', 'paths', 'block', 'out', 'o', 'help', 'h']);

export const simulateCommand: CommandModule = {
  command: 'simulate',
  describe: 'Write a seeded synthetic market (real file formats, planted signals, truth.csv), or bootstrap paths of a real price file',
  builder: (y: Argv) => y
    .option('seed', { type: 'string', describe: 'seed: the same seed and options give byte-identical files (default 1)' })
    .option('years', { type: 'number', describe: `years of market to simulate (${SIMULATE_LIMITS.years[0]}-${SIMULATE_LIMITS.years[1]}; the data ends in ${SIMULATE_DEFAULTS.endYear})` })
    .option('sectors', { type: 'number', describe: `industry sectors in sectors.csv (${SIMULATE_LIMITS.sectors[0]}-${SIMULATE_LIMITS.sectors[1]}, default ${SIMULATE_DEFAULTS.sectors})` })
    .option('stocks', { type: 'number', describe: `stocks behind breadth.csv (${SIMULATE_LIMITS.stocks[0]}-${SIMULATE_LIMITS.stocks[1]}, default ${SIMULATE_DEFAULTS.stocks})` })
    .option('plant', { type: 'string', array: true, describe: `tie criteria's inputs to rebound durability with a true AUC: id=auc,... (plantable: ${PLANTABLE_IDS.join(', ')})` })
    .option('base-rate', { type: 'number', describe: `share of rebounds whose latent state is durable (${SIMULATE_LIMITS.baseRate[0]}-${SIMULATE_LIMITS.baseRate[1]}, default ${SIMULATE_DEFAULTS.baseRate})` })
    .option('bootstrap', { type: 'string', describe: 'instead: resample this price file\'s daily returns (stationary block bootstrap)' })
    .option('paths', { type: 'number', describe: 'with --bootstrap: number of paths to write' })
    .option('block', { type: 'number', describe: 'with --bootstrap: mean block length in days (default 20)' })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (required)' })
    .example('rally simulate --seed 42 --years 50 --out sim', 'a 50-year market with no planted signal → sim/ (index.csv, sectors.csv, breadth.csv, vix.csv, FRED and Shiller files, run.json, truth.csv)')
    .example('rally simulate --seed 7 --years 80 --plant breadth-participation=0.75,credit-spreads=0.7 --out sim7', 'plant two signals with true AUCs 0.75 and 0.70; then rally run --config sim7/run.json')
    .example('rally simulate --seed 1 --years 30 --stocks 500 --sectors 12 --base-rate 0.5 --out big', 'a bigger panel, half the rebounds durable')
    .example('rally simulate --bootstrap ../shared/data/sp500/GSPC.csv --paths 100 --seed 3 --out null', '100 block-bootstrap paths of the S&P 500 and a run.json over all of them')
    .epilog([
      'Planting: each rebound episode gets a signal s = label*d + N(0,1) with d = sqrt(2)*Phi^-1(auc), and the criterion\'s input is rewritten so that its default score is a strictly increasing function of s: its true AUC is exactly auc. Plantable:',
      ...PLANTABLE.map((p) => `  ${p.id}: ${p.input}`),
      'Unplanted inputs are simulated independently of the outcomes; rebound outcomes are set by a latent state drawn at each decision independently of the past, so nothing known at a decision predicts them unless planted.',
    ].join('\n')),
  handler: async (a) => {
    // yargs reports unknown flags through main's fail handler but still runs the command: refuse before writing anything.
    for (const k of Object.keys(a)) if (!KNOWN_KEYS.has(k)) flagError(`--${k}`, 'unknown option (see rally simulate --help)');
    const extra = (a._ as unknown[] | undefined)?.slice(1) ?? [];
    if (extra.length) flagError(String(extra[0]), 'unexpected argument (see rally simulate --help)');
    if (typeof a.out !== 'string' || a.out === '') flagError('--out', 'required: the folder to write the files into');
    const dir = a.out;
    if (a.bootstrap !== undefined) {
      const o = checkBootstrapOptions(a);
      const r = bootstrapToDir(o, dir);
      process.stdout.write([
        `bootstrapped ${o.paths} paths of ${r.source.file} (${r.source.closes} closes, ${r.source.start}..${r.source.end}), mean block ${o.block} days, seed ${o.seed}`,
        `wrote ${r.files.length} files to ${dir} (${r.files[0]}${o.paths > 1 ? ` .. ${r.files[o.paths - 1]}` : ''}, run.json)`,
        `next: rally run --config ${join(dir, FILES.config)}`,
      ].join('\n') + '\n');
      return 0;
    }
    for (const k of ['paths', 'block'] as const) {
      if (a[k] !== undefined) flagError(`--${k}`, 'applies only with --bootstrap <price file>');
    }
    for (const k of ['years', 'sectors', 'stocks', 'base-rate'] as const) {
      if (typeof a[k] === 'number' && Number.isNaN(a[k])) flagError(`--${k}`, 'not a number');
    }
    const options = checkSimulateOptions({
      seed: a.seed, years: a.years, sectors: a.sectors, stocks: a.stocks, plant: a.plant, baseRate: a['base-rate'],
    }, (id) => getBuiltin(id) !== undefined);
    const r = simulateToDir(options, dir);
    process.stdout.write(simulateSummary(r));
    return 0;
  },
};
