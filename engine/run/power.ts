/**
 * `rally power`: the power of the permutation test on AUC, either on a grid
 * of true AUCs × episode counts, or at a finished run's own episode counts.
 */
import { episodeCounts, powerRows, simulatePower, type PowerOptions } from '../stats/power.ts';
import type { PowerRow } from '../results.ts';
import { readRunSummary } from './summary.ts';

export interface PowerCell {
  auc: number;
  n: number;
  /** Durable episodes of the n (n × base rate, at least 1 of each class). */
  durable: number;
  power: number;
}

/** Power at every (n, AUC), n-major. */
export function powerGrid(aucs: readonly number[], ns: readonly number[], baseRate: number, opts: PowerOptions): PowerCell[] {
  const cells: PowerCell[] = [];
  for (const n of ns) {
    const n1 = Math.max(1, Math.min(n - 1, Math.round(n * baseRate)));
    for (const auc of aucs) cells.push({ auc, n, durable: n1, power: simulatePower(auc, n1, n - n1, opts) });
  }
  return cells;
}

/** Minimum detectable AUC and power of each dataset × kind of a finished run (its summary.json). */
export function powerOfRun(summaryFile: string, seed: string, alpha: number, replications: number): PowerRow[] {
  return powerRows(episodeCounts(readRunSummary(summaryFile).episodes), seed, alpha, replications);
}
