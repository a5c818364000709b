/**
 * The synthetic market, end to end in memory: calendar, index path with
 * latent states, bars, sectors, the stock panel's breadth, VIX, macro and
 * Shiller series, planted signals, and the text of every file plus the
 * run.json that points at them. (Writing, and the truth file — which runs
 * the engine's own detectors on the written files — are done by the caller:
 * engine/run/simulate.ts.)
 *
 * Every component draws from its own named random stream of the seed, so
 * the index path depends only on (seed, years, base rate), and e.g. the
 * number of stocks changes nothing but the breadth file.
 */
import { ConfigError } from '../../engine/errors.ts';
import { REBOUND_DEFAULTS, reboundsOnCloses } from '../../engine/episodes/rebound.ts';
import type { Episode } from '../../engine/types.ts';
import { simCalendar } from './calendar.ts';
import { simulateIndex, outcomeOfLatent, type IndexPath } from './price.ts';
import { simulateSectors } from './sectors.ts';
import { simulateBreadth } from './breadth.ts';
import { indexBars, simulateMacro, simulateShiller, simulateVix, vixBars, monthsOf, type Bars, type Macro, type Ohlc } from './macro.ts';
import type { Breadth } from './breadth.ts';
import { isPlantable, plantSignals, PLANTABLE_IDS, whyNotPlantable, type PlantResult, type PlantScoring, type PlantSpec } from './plant.ts';
import { Rng } from './random.ts';
import { FileContent } from './text-builder.ts';
import { breadthCsv, fredDailyCsv, fredMonthlyCsv, frenchCsv, shillerCsv, vixCsv, yahooCsv } from './writers.ts';

export interface SimulateOptions {
  seed: string;
  years: number;
  sectors: number;
  stocks: number;
  plant: PlantSpec[];
  /** Probability that a rebound's latent state is `recovery` (durable). */
  baseRate: number;
  /** Last calendar year of the data (the first is endYear - years + 1). */
  endYear: number;
}

export const SIMULATE_DEFAULTS = { seed: '1', sectors: 10, stocks: 100, baseRate: 0.35, endYear: 2024, block: 20 } as const;
export const SIMULATE_LIMITS = {
  years: [2, 150], sectors: [3, 49], stocks: [10, 5000], baseRate: [0.1, 0.9],
  /** --bootstrap mode: paths written, and the mean block length in days (or "years"). */
  paths: [1, 10_000], block: [1, 10_000],
} as const;

export const FILES = {
  price: 'index.csv', vix: 'vix.csv', breadth: 'breadth.csv', sectors: 'sectors.csv', shiller: 'shiller.csv',
  FEDFUNDS: 'FEDFUNDS.csv', CPIAUCSL: 'CPIAUCSL.csv', DGS10: 'DGS10.csv', BAA10Y: 'BAA10Y.csv', T10Y2Y: 'T10Y2Y.csv',
  config: 'run.json', truth: 'truth.csv',
} as const;

function fail(key: string, msg: string): never {
  throw new ConfigError(key, msg, 'flags');
}

function intIn(v: unknown, key: string, lo: number, hi: number): number {
  const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) fail(key, `expected a whole number from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
  return x;
}

/**
 * Parse `--plant id=auc,id=auc` (one string, or several). `known` tells
 * whether an id is a criterion at all (to tell a typo from an unplantable one).
 */
export function parsePlant(raw: unknown, known: (id: string) => boolean = () => true, key = '--plant'): PlantSpec[] {
  if (raw === undefined || raw === null) return [];
  const items = (Array.isArray(raw) ? raw : [raw]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const out: PlantSpec[] = [];
  for (const item of items) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(item);
    if (!m) fail(key, `expected id=auc such as breadth-participation=0.75, got '${item}'`);
    const id = m[1]!, auc = Number(m[2]);
    if (!isPlantable(id)) {
      if (!known(id)) fail(key, `unknown criterion '${id}' (plantable: ${PLANTABLE_IDS.join(', ')})`);
      fail(key, `criterion '${id}' cannot be planted: ${whyNotPlantable(id)} (plantable: ${PLANTABLE_IDS.join(', ')})`);
    }
    if (!Number.isFinite(auc) || !(auc > 0.5 && auc < 1)) fail(key, `${id}: the true AUC must be a number strictly between 0.5 and 1, got '${m[2]}'`);
    if (out.some((p) => p.id === id)) fail(key, `criterion '${id}' is planted twice`);
    out.push({ id, auc });
  }
  return out;
}

/** Validate and complete simulation options (flag names in errors). */
export function checkSimulateOptions(o: {
  seed?: unknown; years?: unknown; sectors?: unknown; stocks?: unknown; plant?: unknown; baseRate?: unknown; endYear?: unknown;
}, known?: (id: string) => boolean): SimulateOptions {
  const seed = o.seed === undefined ? SIMULATE_DEFAULTS.seed : String(o.seed);
  if (seed.trim() === '') fail('--seed', 'expected a non-empty seed');
  if (o.years === undefined) fail('--years', 'required: how many years of market to simulate (e.g. --years 50)');
  const years = intIn(o.years, '--years', ...SIMULATE_LIMITS.years);
  const sectors = o.sectors === undefined ? SIMULATE_DEFAULTS.sectors : intIn(o.sectors, '--sectors', ...SIMULATE_LIMITS.sectors);
  const stocks = o.stocks === undefined ? SIMULATE_DEFAULTS.stocks : intIn(o.stocks, '--stocks', ...SIMULATE_LIMITS.stocks);
  let baseRate: number = SIMULATE_DEFAULTS.baseRate;
  if (o.baseRate !== undefined) {
    const b = Number(o.baseRate);
    const [lo, hi] = SIMULATE_LIMITS.baseRate;
    if (typeof o.baseRate === 'boolean' || !Number.isFinite(b) || b < lo || b > hi) fail('--base-rate', `expected the durable share of rebounds, from ${lo} to ${hi}, got ${JSON.stringify(o.baseRate)}`);
    baseRate = b;
  }
  const endYear = o.endYear === undefined ? SIMULATE_DEFAULTS.endYear : intIn(o.endYear, 'endYear', 1900, 2200);
  if (endYear - years + 1 < 1800) fail('--years', `starts before 1800 with the data ending in ${endYear}`);
  return { seed, years, sectors, stocks, plant: parsePlant(o.plant, known), baseRate, endYear };
}

/** Dataset id for a seed: `SIM-<seed>` with characters outside [A-Za-z0-9._-] replaced. */
export function marketIdFor(seed: string): string {
  return `SIM-${seed.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}`;
}

/** Decimals the files are written with (writers.ts): a value read back is the value rounded to these. */
export const WRITTEN_DECIMALS = { price: 6, volume: 0, vix: 6, fredDaily: 4, FEDFUNDS: 2, CPIAUCSL: 3 } as const;

/** The simulated series behind the files, as simulated (before rounding to the files' decimals). */
export interface SimulatedTables {
  days: Int32Array;
  /** Every weekday of the span (the FRED daily layout). */
  weekdays: Int32Array;
  /** Month keys (year * 12 + month - 1) of the calendar, one per month. */
  months: number[];
  close: Float64Array;
  bars: Bars;
  /** The VIX file's bars (drawn from their own stream on first use). */
  vix: () => Ohlc;
  breadth: Breadth;
  macro: Macro;
}

/** A rendered file: its name, and its content as text or as bytes (each made on first use from the other). */
export interface SimulatedFile {
  readonly name: string;
  readonly text: string;
  readonly bytes: Buffer;
}

export interface SimulatedMarket {
  options: SimulateOptions;
  marketId: string;
  days: Int32Array;
  index: IndexPath;
  /** The engine's rebound episodes on the simulated closes (default definition). */
  rebounds: Episode[];
  plants: PlantResult[];
  /** Every data file and run.json, in writing order. */
  files: SimulatedFile[];
  /** The series the files are written from (datasets/simulate/in-memory.ts reads them as the files would be read). */
  tables: SimulatedTables;
}

export function runConfigFor(o: SimulateOptions, marketId: string): Record<string, unknown> {
  const flags = [`--seed ${o.seed}`, `--years ${o.years}`, `--sectors ${o.sectors}`, `--stocks ${o.stocks}`, `--base-rate ${o.baseRate}`];
  if (o.plant.length) flags.push(`--plant ${o.plant.map((p) => `${p.id}=${p.auc}`).join(',')}`);
  return {
    description: `Synthetic market: rally simulate ${flags.join(' ')}. truth.csv lists every episode's latent state and planted signals.`,
    seed: o.seed,
    out: 'report',
    datasets: [{
      id: marketId, price: FILES.price, vix: FILES.vix, breadth: FILES.breadth, sectors: FILES.sectors, shiller: FILES.shiller,
      series: { FEDFUNDS: FILES.FEDFUNDS, CPIAUCSL: FILES.CPIAUCSL, DGS10: FILES.DGS10, BAA10Y: FILES.BAA10Y, T10Y2Y: FILES.T10Y2Y },
    }],
    episodes: [{ kind: 'rebound' }, { kind: 'sector-lead' }, { kind: 'seasonal' }],
    criteria: ['all'],
  };
}

/** Which files simulateMarket renders (the simulation itself is the same whatever is rendered). */
export interface SimulateOutput {
  /**
   * Only these files (names from FILES), still in writing order; default: every file. A file
   * rendered is byte for byte the file of a full simulation: every component draws from its own
   * named stream, so skipping one (the Shiller series, the VIX bars) changes no other.
   */
  files?: readonly string[];
}

function renderedFile(name: string, content: FileContent | string): SimulatedFile {
  const c = typeof content === 'string' ? new FileContent(content) : content;
  return { name, get text() { return c.text; }, get bytes() { return c.bytes; } };
}

/** A synthetic market; planting (o.plant) reads the criteria's parameters and score maps from `scoring`. */
export function simulateMarket(o: SimulateOptions, scoring?: PlantScoring, output: SimulateOutput = {}): SimulatedMarket {
  if (o.plant.length > 0 && !scoring) throw new Error('simulateMarket: planting needs the criteria\'s scoring (engine/run/plant-scoring.ts)');
  const seed = o.seed;
  const marketId = marketIdFor(seed);
  const cal = simCalendar(o.endYear - o.years + 1, o.endYear);
  const days = cal.days;
  const n = days.length;
  const index = simulateIndex(n, new Rng(seed, 'index'), new Rng(seed, 'latent'), o.baseRate, REBOUND_DEFAULTS);
  const rebounds = reboundsOnCloses(marketId, days, index.close, REBOUND_DEFAULTS);
  // The online state machine and the engine's detector must agree exactly.
  if (rebounds.length !== index.events.length) throw new Error(`simulate: ${rebounds.length} rebounds detected, ${index.events.length} simulated`);
  rebounds.forEach((e, i) => {
    const ev = index.events[i]!;
    if (e.decisionIndex !== ev.decisionIndex || (e.outcome !== 'censored' && e.outcome !== outcomeOfLatent(ev.latent))) {
      throw new Error(`simulate: episode ${e.id} is ${e.outcome}, its latent state ${ev.latent}`);
    }
  });
  const bars = indexBars(index.close, index.variance, new Rng(seed, 'bars'));
  const sectors = simulateSectors(index.close, index.variance, o.sectors, new Rng(seed, 'sectors'));
  const breadth = simulateBreadth(index.close, index.variance, sectors.residual, o.stocks, new Rng(seed, 'stocks'));
  const vix = simulateVix(index.forecast, new Rng(seed, 'vix'));
  const macro = simulateMacro(days, index.close, index.variance, {
    fed: new Rng(seed, 'fedfunds'), cpi: new Rng(seed, 'cpi'), rates: new Rng(seed, 'dgs10'), curve: new Rng(seed, 't10y2y'), credit: new Rng(seed, 'baa10y'),
  });
  const plantEpisodes = rebounds.map((e, i) => ({
    decisionIndex: e.decisionIndex, refLowIndex: e.refLowIndex, peakIndex: e.peakIndex,
    label: (e.label ?? (index.events[i]!.latent === 'recovery' ? 1 : 0)) as 0 | 1,
  }));
  const plants = o.plant.length > 0 ? plantSignals(o.plant, plantEpisodes, { breadth, vix, baa10y: macro.baa10y, t10y2y: macro.t10y2y }, seed, scoring!) : [];
  const { months } = monthsOf(days);
  let vixOhlc: Ohlc | undefined;
  const vixFile = (): Ohlc => (vixOhlc ??= vixBars(vix, new Rng(seed, 'vix-bars')));
  const D = WRITTEN_DECIMALS;
  const render: Array<[string, () => FileContent | string]> = [
    [FILES.price, () => yahooCsv(days, index.close, bars, D.price)],
    [FILES.vix, () => vixCsv(days, vixFile(), D.vix)],
    [FILES.breadth, () => breadthCsv(days, breadth)],
    [FILES.sectors, () => frenchCsv(days, sectors.names, sectors.returns, sectors.equalWeighted)],
    [FILES.shiller, () => shillerCsv(simulateShiller(days, index.close, macro.cpi, macro.dgs10, new Rng(seed, 'earnings')))],
    [FILES.FEDFUNDS, () => fredMonthlyCsv('FEDFUNDS', months, macro.fedfunds, D.FEDFUNDS)],
    [FILES.CPIAUCSL, () => fredMonthlyCsv('CPIAUCSL', months, macro.cpi, D.CPIAUCSL)],
    [FILES.DGS10, () => fredDailyCsv('DGS10', days, cal.weekdays, macro.dgs10, D.fredDaily)],
    [FILES.BAA10Y, () => fredDailyCsv('BAA10Y', days, cal.weekdays, macro.baa10y, D.fredDaily)],
    [FILES.T10Y2Y, () => fredDailyCsv('T10Y2Y', days, cal.weekdays, macro.t10y2y, D.fredDaily)],
    [FILES.config, () => `${JSON.stringify(runConfigFor(o, marketId), null, 2)}\n`],
  ];
  const wanted = output.files;
  const files = render.filter(([name]) => wanted === undefined || wanted.includes(name)).map(([name, content]) => renderedFile(name, content()));
  const tables: SimulatedTables = { days, weekdays: cal.weekdays, months, close: index.close, bars, vix: vixFile, breadth, macro };
  return { options: o, marketId, days, index, rebounds, plants, files, tables };
}
