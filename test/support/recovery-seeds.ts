/**
 * One seed of the planted-signal recovery study (planted-signal-recovery.test.ts):
 * simulate a market with planted signals, render only the files a run reads
 * (their hashes are part of the data's provenance), build the data those files
 * load into in memory (datasets/simulate/in-memory.ts: the same datasets as
 * reading the files, test/simulated-in-memory.test.ts), run its rebound
 * episodes through executeRun in the current thread on that data, and return
 * each criterion's AUC, interval and n. The test spreads the seeds over
 * worker threads (recovery-worker.mjs); each seed is independent and
 * deterministic, so the split changes nothing in the results.
 */
import { tmpdir } from 'node:os';
import { parseRunConfig } from '../../engine/config.ts';
import { prepare } from '../../engine/data/view.ts';
import { executeRun } from '../../engine/run/run.ts';
import { checkSimulateOptions, simulateMarket } from '../../datasets/simulate/market.ts';
import { IN_MEMORY_BUNDLE, IN_MEMORY_FILES, inMemoryBundle } from '../../datasets/simulate/in-memory.ts';
import { PLANT_SCORING } from '../../engine/run/plant-scoring.ts';

export interface RecoveryDesign {
  years: number;
  /** Criterion id → planted true AUC. */
  planted: Record<string, number>;
  criteria: string[];
  bootstrap: number;
}

export interface SeedRow {
  seed: number;
  criterion: string;
  auc: number;
  lo: number;
  hi: number;
  n: number;
  failed: boolean;
}

export async function recoverSeed(s: number, d: RecoveryDesign): Promise<SeedRow[]> {
  const seed = `recovery-${s}`;
  const plant = Object.entries(d.planted).map(([id, auc]) => `${id}=${auc}`).join(',');
  const market = simulateMarket(checkSimulateOptions({ seed, years: d.years, sectors: 3, stocks: 50, baseRate: 0.45, plant }), PLANT_SCORING, { files: IN_MEMORY_FILES });
  const { dataset, files } = inMemoryBundle(market);
  // The config names the files the data would be read from (its folder is never read: the data are given).
  const cfg = parseRunConfig({
    seed,
    datasets: [{ id: market.marketId, ...IN_MEMORY_BUNDLE }],
    episodes: [{ kind: 'rebound' }],
    criteria: d.criteria,
    statistics: { bootstrap: d.bootstrap, permutations: 0 },
    trading: false, // the study reads the criteria's AUCs, not the trading backtest's evidence
  }, `recovery seed ${s}`, tmpdir());
  const data = { prepared: new Map([[dataset.id, prepare(dataset)]]), files, universes: [] };
  const parts = await executeRun(cfg, { workers: 0, data });
  return parts.jobs.map(({ metrics: m, failure }) => ({
    seed: s, criterion: m.criterion, auc: m.auc, lo: m.aucCI.lo, hi: m.aucCI.hi, n: m.n, failed: failure !== null,
  }));
}

/** Several seeds, one after the other (what a worker thread does with its share). */
export async function recoverSeeds(task: { seeds: number[]; design: RecoveryDesign }): Promise<SeedRow[]> {
  const rows: SeedRow[] = [];
  for (const s of task.seeds) rows.push(...(await recoverSeed(s, task.design)));
  return rows;
}
