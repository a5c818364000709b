/**
 * The simulator, end to end (`rally simulate`): seeded synthetic markets with
 * planted signals, and alternate histories of a real price file by a
 * stationary block bootstrap.
 *
 * The synthetic market (datasets/simulate/) is written in the formats of the
 * real downloads, with a run.json that points at the files and truth.csv,
 * which is built by running the engine's own episode detectors on the files
 * just written (so it lists exactly the episodes a run will score). Same
 * seed and options → byte-identical files.
 */
import { join, basename } from 'node:path';
import { ConfigError, InputError } from '../errors.ts';
import { readRunConfig } from '../config.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import { isoDate } from '../calendar.ts';
import { rocAuc } from '../stats/auc.ts';
import type { Episode } from '../types.ts';
import { EPISODE_KINDS, type EpisodeKind } from '../vocabulary.ts';
import { writeFileAtomic } from '../files.ts';
import { loadBundle } from '../../datasets/bundle.ts';
import { readPriceSeries } from '../../datasets/load.ts';
import { checkSimulateOptions, FILES, simulateMarket, SIMULATE_DEFAULTS, SIMULATE_LIMITS, type SimulateOptions, type SimulatedMarket } from '../../datasets/simulate/market.ts';
import { truthCsv } from '../../datasets/simulate/truth.ts';
import { plantableCriteria } from '../../datasets/simulate/plant.ts';
import { PLANT_SCORING } from './plant-scoring.ts';
import { bootstrapPath, pathCsv, type BootstrapBlock, type PriceSource } from '../../datasets/simulate/bootstrap.ts';
import { Rng } from '../../datasets/simulate/random.ts';
import { getBuiltin } from '../../strategies/registry.ts';

/** What the command line tells about the simulator: defaults, limits, what can be planted, the config it writes. */
export const SIMULATOR = {
  defaults: SIMULATE_DEFAULTS,
  limits: SIMULATE_LIMITS,
  plantable: plantableCriteria(PLANT_SCORING).map((p) => ({ id: p.id, input: p.input })),
  configFile: FILES.config,
} as const;

/** The simulator's command-line flags (both modes). */
export interface SimulateFlags {
  seed?: string;
  years?: number;
  sectors?: number;
  stocks?: number;
  plant?: string[];
  baseRate?: number;
  bootstrap?: string;
  paths?: number;
  block?: number | string;
}

function flagError(key: string, msg: string): never {
  throw new ConfigError(key, msg, 'flags');
}

function show(v: unknown): string {
  return typeof v === 'number' && Number.isNaN(v) ? 'not a number' : JSON.stringify(v);
}

/** Validate the synthetic-market flags (ids to plant must be built-in criteria). */
export function syntheticOptions(f: SimulateFlags): SimulateOptions {
  for (const [k, v] of [['paths', f.paths], ['block', f.block]] as const) {
    if (v !== undefined) flagError(`--${k}`, 'applies only with --bootstrap <price file>');
  }
  for (const [k, v] of [['years', f.years], ['sectors', f.sectors], ['stocks', f.stocks], ['base-rate', f.baseRate]] as const) {
    if (typeof v === 'number' && Number.isNaN(v)) flagError(`--${k}`, 'not a number');
  }
  return checkSimulateOptions({
    seed: f.seed, years: f.years, sectors: f.sectors, stocks: f.stocks, plant: f.plant, baseRate: f.baseRate,
  }, (id) => getBuiltin(id) !== undefined);
}

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
  const market = simulateMarket(options, PLANT_SCORING);
  const files: string[] = [];
  for (const f of market.files) {
    writeFileAtomic(join(dir, f.name), f.text);
    files.push(f.name);
  }
  // Detect every episode kind with the engine, reading the files just written.
  const cfg = readRunConfig(join(dir, FILES.config));
  const { dataset } = loadBundle(cfg.datasets[0]!.spec, cfg.baseDir, cfg.datasets[0]!.key);
  const episodes: Episode[] = [];
  for (const es of cfg.episodes) episodes.push(...detectEpisodes(dataset, es).episodes);
  const fromFiles = episodes.filter((e) => e.kind === 'rebound');
  const same = fromFiles.length === market.rebounds.length &&
    fromFiles.every((e, i) => e.id === market.rebounds[i]!.id && e.outcome === market.rebounds[i]!.outcome);
  if (!same) throw new Error(`simulate: the rebounds detected in ${join(dir, FILES.price)} differ from the simulated ones`);
  writeFileAtomic(join(dir, FILES.truth), truthCsv(market, episodes));
  files.push(FILES.truth);

  const counts = Object.fromEntries(EPISODE_KINDS.map((k) => [k, {}])) as Record<EpisodeKind, Record<string, number>>;
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
  block: BootstrapBlock;
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
    description: o.block === 'years'
      ? `Whole-year bootstrap of ${basename(o.file)}: ${o.paths} paths of July-June years drawn with replacement, seed ${o.seed} (rally simulate --bootstrap --block years). Volatility regimes, trends within a year and calendar effects are kept; every link between years is cut.`
      : `Stationary block bootstrap of ${basename(o.file)}: ${o.paths} paths, mean block ${o.block} days, seed ${o.seed} (rally simulate --bootstrap). Returns are resampled in blocks, so beyond a block the past says nothing about the future: the criteria's scores on these paths are their null distribution.`,
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

/** Validate the --bootstrap mode's flags. */
export function bootstrapOptions(f: SimulateFlags): BootstrapOptions {
  const file = f.bootstrap;
  if (typeof file !== 'string' || file === '') flagError('--bootstrap', 'expected a price file (OHLCV CSV)');
  if (f.paths === undefined) flagError('--paths', 'required with --bootstrap: how many paths to write (e.g. --paths 100)');
  const paths = f.paths;
  const [minPaths, maxPaths] = SIMULATE_LIMITS.paths, [minBlock, maxBlock] = SIMULATE_LIMITS.block;
  if (typeof paths !== 'number' || !Number.isInteger(paths) || paths < minPaths || paths > maxPaths) flagError('--paths', `expected a whole number from ${minPaths} to ${maxPaths}, got ${show(f.paths)}`);
  const given = typeof f.block === 'string' && f.block !== 'years' && f.block.trim() !== '' ? Number(f.block) : f.block;
  const block = given === undefined ? SIMULATE_DEFAULTS.block : given;
  if (block !== 'years' && (typeof block !== 'number' || !Number.isFinite(block) || block < minBlock || block > maxBlock)) {
    flagError('--block', `expected a mean block length in days from ${minBlock} to ${maxBlock}, or "years", got ${show(f.block)}`);
  }
  for (const [k, v] of [['years', f.years], ['sectors', f.sectors], ['stocks', f.stocks], ['plant', f.plant], ['base-rate', f.baseRate]] as const) {
    if (v !== undefined) flagError(`--${k}`, 'applies to synthetic markets, not to --bootstrap');
  }
  return { file, paths, block, seed: f.seed === undefined ? SIMULATE_DEFAULTS.seed : String(f.seed) };
}
