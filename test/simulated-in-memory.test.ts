/**
 * A simulated market's data built in memory (datasets/simulate/in-memory.ts,
 * what the planted-signal recovery study runs on) are exactly the data its
 * written files load into: for several simulations (planted and not, short
 * and long, few and many stocks), every dataset (calendar, every column
 * bit for bit, every column's metadata and provenance hash) and every file's
 * provenance entry equal what the run's own loader (engine/run/data.ts) reads
 * from the files `simulateMarket` renders; and a run given the in-memory data
 * produces the same results as a run reading the files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../engine/config.ts';
import { prepare } from '../engine/data/view.ts';
import { loadRunData, type RunData } from '../engine/run/data.ts';
import { executeRun } from '../engine/run/run.ts';
import type { Dataset } from '../engine/types.ts';
import { checkSimulateOptions, simulateMarket, type SimulatedMarket } from '../datasets/simulate/market.ts';
import { IN_MEMORY_BUNDLE, IN_MEMORY_FILES, inMemoryBundle, readBack } from '../datasets/simulate/in-memory.ts';
import { fixedText } from '../datasets/simulate/text-builder.ts';
import { PLANT_SCORING } from '../engine/run/plant-scoring.ts';

const root = mkdtempSync(join(tmpdir(), 'rally-in-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The market, its files written to a folder of their own, and a run config over them. */
function simulated(name: string, o: Record<string, unknown>): { market: SimulatedMarket; cfg: RunConfig } {
  const market = simulateMarket(checkSimulateOptions(o), PLANT_SCORING, { files: IN_MEMORY_FILES });
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of market.files) writeFileSync(join(dir, f.name), f.text);
  const cfg = parseRunConfig({
    seed: String(o.seed), datasets: [{ id: market.marketId, ...IN_MEMORY_BUNDLE }], episodes: [{ kind: 'rebound' }],
    criteria: ['breadth-participation', 'credit-spreads', 'yield-curve', 'volatility-compression', 'policy-shift', 'macro-confirmation'],
    statistics: { bootstrap: 30, permutations: 20 },
  }, `${name}.json`, dir);
  return { market, cfg };
}

function inMemory(market: SimulatedMarket): RunData {
  const { dataset, files } = inMemoryBundle(market);
  return { prepared: new Map([[dataset.id, prepare(dataset)]]), files, universes: [] };
}

/** The bytes of a typed array (bit-for-bit comparison: -0, NaN and every last digit count). */
const bytes = (a: Int32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameDataset(got: Dataset, want: Dataset): void {
  expect(got.id).toBe(want.id);
  expect(got.priceStart).toBe(want.priceStart);
  expect(bytes(got.dates).equals(bytes(want.dates)), 'calendar').toBe(true);
  expect([...got.columns.keys()]).toEqual([...want.columns.keys()]);
  for (const [name, col] of want.columns) expect(bytes(got.columns.get(name)!).equals(bytes(col)), `column ${name}`).toBe(true);
  // Metadata in the same key order (it is written into summary.json as it is).
  expect(JSON.stringify([...got.meta])).toBe(JSON.stringify([...want.meta]));
}

const CASES: Array<[string, Record<string, unknown>]> = [
  ['planted like the recovery study', { seed: 'recovery-7', years: 12, sectors: 3, stocks: 50, baseRate: 0.45, plant: 'breadth-participation=0.75,credit-spreads=0.7' }],
  ['every plantable input planted', { seed: 'all', years: 8, stocks: 10, plant: 'volatility-compression=0.8,yield-curve=0.65,breadth-participation=0.6' }],
  ['unplanted, a long market', { seed: 42, years: 40, stocks: 20 }],
];

describe('a simulated market\'s data in memory are the data its files load into', () => {
  it.each(CASES)('%s: every dataset column, its metadata and every file\'s provenance', async (name, o) => {
    const { market, cfg } = simulated(name.replace(/\W+/g, '-'), o);
    const read = await loadRunData(cfg);
    const mem = inMemory(market);
    expect([...mem.prepared.keys()]).toEqual([...read.prepared.keys()]);
    for (const [id, p] of read.prepared) expectSameDataset(mem.prepared.get(id)!.dataset, p.dataset);
    expect(JSON.stringify(mem.files)).toBe(JSON.stringify(read.files));
    expect(mem.universes).toEqual(read.universes);
  });

  it('a run on the in-memory data gives the results of a run reading the files', async () => {
    const { market, cfg } = simulated('run', CASES[0]![1]);
    const fromFiles = await executeRun(cfg, { workers: 0 });
    const given = await executeRun(cfg, { workers: 0, data: inMemory(market) });
    expect(fromFiles.jobs.filter((j) => j.failure !== null)).toEqual([]);
    expect(fromFiles.jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(given)).toBe(JSON.stringify(fromFiles));
  });

  it('a value reads back as the written cell parses, whatever the rounding', () => {
    for (const [x, d] of [[1.23456789, 6], [-0.00000049, 6], [0.125, 2], [-2.5, 0], [1234.56785, 4], [1e17 + 0.5, 6], [7e-7, 6]] as const) {
      expect(Object.is(readBack(x, d), Number(fixedText(x, d))), `${x} to ${d} decimals`).toBe(true);
    }
  });
});
