/**
 * `rally power`: the power of the permutation test on AUC, either on a grid
 * of true AUCs × episode counts, or at a finished run's own episode sets.
 * A run's sets are those of its power.csv (a plain dataset's at its episode
 * counts, a universe's one pooled set at its effective counts, the counts
 * divided by the design effect of its clustering; engine/run/universe-summary.ts),
 * recomputed here from the counts the run recorded: with the run's own seed
 * and settings (RUN_POWER) they are exactly power.csv's rows.
 */
import { episodeCounts, powerRows, RUN_POWER, simulatePower, type PowerOptions } from '../stats/power.ts';
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

/** The simulation settings of a power computation. */
export interface PowerSettings {
  seed: string;
  alpha: number;
  replications: number;
  permutations: number;
}

/** Power at a finished run's own episode sets. */
export interface RunPower {
  /** As power.csv holds them (same sets, same order). */
  rows: PowerRow[];
  /** The settings used: the run's own unless `given` changed some. */
  settings: PowerSettings;
  /** The run's own settings (those of its power.csv). */
  runSettings: PowerSettings;
  /** Each universe of the run with its member count: its members' episodes are pooled in its rows. */
  universes: Array<{ id: string; members: number }>;
}

/** A recorded power row recomputed with `st` at its counts (a pooled row: its effective counts). */
function recomputed(r: PowerRow, st: PowerSettings): PowerRow {
  const counts = r.clustered ? { n1: r.clustered.effectivePositives, n0: r.clustered.effectiveNegatives } : { n1: r.positives, n0: r.negatives };
  const [p] = powerRows([{ dataset: r.dataset, kind: r.kind, ...(r.definition === undefined ? {} : { definition: r.definition }), ...counts }],
    st.seed, st.alpha, st.replications, st.permutations);
  return { ...r, alpha: st.alpha, minDetectableAuc: p!.minDetectableAuc, power: p!.power };
}

/**
 * Minimum detectable AUC and power of each episode set of a finished run (its
 * summary.json), with the run's own seed and settings unless `given` says
 * otherwise. A summary without power rows (a shard's) gives its sets from its
 * episodes, at their raw counts.
 */
export function powerOfRun(summaryFile: string, given: Partial<PowerSettings> = {}): RunPower {
  const s = readRunSummary(summaryFile);
  const runSettings: PowerSettings = { seed: s.seed, alpha: s.power?.[0]?.alpha ?? RUN_POWER.alpha, replications: RUN_POWER.replications, permutations: RUN_POWER.permutations };
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<PowerSettings>;
  const settings: PowerSettings = { ...runSettings, ...defined };
  const rows = s.power?.length
    ? s.power.map((r) => recomputed(r, settings))
    : powerRows(episodeCounts(s.episodes), settings.seed, settings.alpha, settings.replications, settings.permutations);
  const universes = (s.universes ?? []).map((u) => ({ id: u.id, members: u.members.length }));
  return { rows, settings, runSettings, universes };
}
