/**
 * One seed of the planted-signal recovery study (planted-signal-recovery.test.ts):
 * simulate a market with planted signals, render and write only the files a
 * run needs (the others are never read), run
 * its rebound episodes through executeRun in the current thread, and return
 * each criterion's AUC, interval and n. The test spreads the seeds over
 * worker threads (recovery-worker.mjs); each seed is independent and
 * deterministic, so the split changes nothing in the results.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunConfig } from '../../engine/config.ts';
import { executeRun } from '../../engine/run/run.ts';
import { checkSimulateOptions, FILES, simulateMarket } from '../../datasets/simulate/market.ts';
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

const NEEDED: string[] = [FILES.price, FILES.breadth, FILES.vix, FILES.FEDFUNDS, FILES.CPIAUCSL, FILES.DGS10, FILES.BAA10Y, FILES.T10Y2Y];

export async function recoverSeed(s: number, d: RecoveryDesign): Promise<SeedRow[]> {
  const seed = `recovery-${s}`;
  const plant = Object.entries(d.planted).map(([id, auc]) => `${id}=${auc}`).join(',');
  const market = simulateMarket(checkSimulateOptions({ seed, years: d.years, sectors: 3, stocks: 50, baseRate: 0.45, plant }), PLANT_SCORING, { files: NEEDED });
  const dir = mkdtempSync(join(tmpdir(), `rally-recovery-${s}-`));
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of market.files) writeFileSync(join(dir, f.name), f.text);
    const cfg = parseRunConfig({
      seed,
      datasets: [{
        id: market.marketId, price: FILES.price, breadth: FILES.breadth, vix: FILES.vix,
        series: { FEDFUNDS: FILES.FEDFUNDS, CPIAUCSL: FILES.CPIAUCSL, DGS10: FILES.DGS10, BAA10Y: FILES.BAA10Y, T10Y2Y: FILES.T10Y2Y },
      }],
      episodes: [{ kind: 'rebound' }],
      criteria: d.criteria,
      statistics: { bootstrap: d.bootstrap, permutations: 0 },
    }, `recovery seed ${s}`, dir);
    const parts = await executeRun(cfg, { workers: 0 });
    return parts.jobs.map(({ metrics: m, failure }) => ({
      seed: s, criterion: m.criterion, auc: m.auc, lo: m.aucCI.lo, hi: m.aucCI.hi, n: m.n, failed: failure !== null,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Several seeds, one after the other (what a worker thread does with its share). */
export async function recoverSeeds(task: { seeds: number[]; design: RecoveryDesign }): Promise<SeedRow[]> {
  const rows: SeedRow[] = [];
  for (const s of task.seeds) rows.push(...(await recoverSeed(s, task.design)));
  return rows;
}
