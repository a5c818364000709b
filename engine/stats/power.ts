/**
 * Power analysis: with n scored episodes (n1 durable, n0 not), how likely is
 * the run's two-sided permutation test on AUC to detect a criterion whose
 * true AUC is a, at level alpha? Estimated by simulation: scores of durable
 * episodes ~ N(d, 1), others ~ N(0, 1) with d = sqrt(2) * Phi^-1(a) (the
 * binormal model, whose AUC is exactly a). The minimum detectable AUC is the
 * smallest a with power >= 0.8 (linear interpolation on a grid).
 */
import { setIdentity } from '../definition-labels.ts';
import type { Episode } from '../types.ts';
import type { PowerRow, StatisticsSettings } from '../results.ts';
import { normalQuantile } from './normal.ts';
import { rankedPermutationRejects } from './permutation.ts';
import { rankPrepare } from './ranking.ts';
import { deriveSeed, SeededStream } from './random.ts';

export interface PowerOptions {
  alpha?: number;
  /** Simulated data sets per AUC (default 200). */
  replications?: number;
  /** Permutations per test (default 200: resolution 1/201, enough for alpha = 0.05). */
  permutations?: number;
  seed: string;
}

/** Probability that the permutation test rejects at alpha when the true AUC is `auc`. */
export function simulatePower(auc: number, n1: number, n0: number, opts: PowerOptions): number {
  const alpha = opts.alpha ?? 0.05;
  const R = opts.replications ?? 200;
  const B = opts.permutations ?? 200;
  if (n1 < 1 || n0 < 1) return NaN;
  const shift = Math.SQRT2 * normalQuantile(auc);
  const draws = new SeededStream(deriveSeed(opts.seed, `power|${auc}|${n1}|${n0}`));
  const n = n1 + n0;
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n1; i++) labels[i] = 1;
  let hits = 0;
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < n; i++) scores[i] = draws.normal() + (i < n1 ? shift : 0);
    // The two-sided permutation test's decision at alpha (it stops once p cannot reach alpha).
    const seed = deriveSeed(opts.seed, `power|${auc}|${n1}|${n0}|${r}`);
    if (rankedPermutationRejects(rankPrepare(scores, labels, 'permutationPValue'), B, seed, alpha)) hits++;
  }
  return hits / R;
}

export const POWER_GRID = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99];

/** Smallest AUC with power >= target (linear interpolation on the grid); NaN if none. */
export function minDetectableAuc(n1: number, n0: number, opts: PowerOptions, target = 0.8): { auc: number; curve: Array<[number, number]> } {
  const curve: Array<[number, number]> = [];
  let prevA = 0.5, prevP = opts.alpha ?? 0.05;
  for (const a of POWER_GRID) {
    const p = simulatePower(a, n1, n0, opts);
    curve.push([a, p]);
    if (p >= target) {
      const auc = p === prevP ? a : prevA + ((target - prevP) / (p - prevP)) * (a - prevA);
      return { auc: Math.round(auc * 1000) / 1000, curve };
    }
    prevA = a;
    prevP = p;
  }
  return { auc: NaN, curve };
}

export interface EpisodeCounts {
  dataset: string;
  kind: Episode['kind'];
  /** A labelled definition's label. */
  definition?: string;
  n1: number;
  n0: number;
}

/** Scored (non-censored) episode counts per (dataset, kind), in first-seen order. */
export function episodeCounts(episodes: ReadonlyArray<{ dataset: string; kind: Episode['kind']; definition?: string; outcome: string }>): EpisodeCounts[] {
  const sets = new Map<string, EpisodeCounts>();
  for (const e of episodes) {
    if (e.outcome === 'censored') continue;
    const k = setIdentity(e.dataset, e.kind, e.definition);
    const s = sets.get(k) ?? { dataset: e.dataset, kind: e.kind, ...(e.definition === undefined ? {} : { definition: e.definition }), n1: 0, n0: 0 };
    if (e.outcome === 'durable') s.n1++; else s.n0++;
    sets.set(k, s);
  }
  return [...sets.values()];
}

/** The part of a power row that depends only on the class counts, the seed and the settings. */
type PowerAtCounts = Pick<PowerRow, 'minDetectableAuc' | 'power'>;

/**
 * Power at (n1, n0, seed, alpha, replications, permutations), memoised: it is
 * a pure function of those (every simulated data set and test is seeded from
 * them alone), and runs see the same counts again and again (episode sets of
 * equal size, repeated runs in one process). Entries are small; the cache is
 * emptied when it reaches POWER_CACHE_LIMIT entries.
 */
const powerCache = new Map<string, PowerAtCounts>();
const POWER_CACHE_LIMIT = 4096;

function powerAtCounts(n1: number, n0: number, opts: Required<Pick<PowerOptions, 'alpha' | 'replications' | 'permutations'>> & PowerOptions): PowerAtCounts {
  const key = `${n1}|${n0}|${opts.alpha}|${opts.replications}|${opts.permutations}|${opts.seed.length}:${opts.seed}`;
  const hit = powerCache.get(key);
  if (hit) return hit;
  const { auc, curve } = minDetectableAuc(n1, n0, opts);
  const power: Record<string, number> = {};
  for (const a of [0.6, 0.7, 0.8, 0.9]) {
    const found = curve.find(([x]) => x === a);
    power[String(a)] = found ? found[1] : simulatePower(a, n1, n0, opts);
  }
  const value: PowerAtCounts = { minDetectableAuc: auc, power };
  if (powerCache.size >= POWER_CACHE_LIMIT) powerCache.clear();
  powerCache.set(key, value);
  return value;
}

/** The simulation settings of a run's power rows (power.csv); `rally power --run` uses them unless told otherwise. */
export const RUN_POWER = { alpha: 0.05, replications: 200, permutations: 200 } as const;

/**
 * Power rows at given episode counts: minimum detectable AUC and power at
 * AUC 0.6/0.7/0.8/0.9. A fixed 200 permutations per simulated test by default:
 * power describes the test at its default resolution, even when a run chose
 * few (or no) permutations for speed. Computed once per distinct (counts,
 * seed, alpha, replications, permutations) and shared by every set with those counts.
 */
export function powerRows(sets: readonly EpisodeCounts[], seed: string, alpha: number = RUN_POWER.alpha,
  replications: number = RUN_POWER.replications, permutations: number = RUN_POWER.permutations): PowerRow[] {
  return sets.map((s) => {
    const { minDetectableAuc: auc, power } = powerAtCounts(s.n1, s.n0, { alpha, seed, replications, permutations });
    return { dataset: s.dataset, kind: s.kind, ...(s.definition === undefined ? {} : { definition: s.definition }), n: s.n1 + s.n0, positives: s.n1, negatives: s.n0, alpha, minDetectableAuc: auc, power: { ...power } };
  });
}

/** Power rows for every (dataset, kind) episode set of a run, at its own episode counts. */
export function computePower(episodes: readonly Episode[], _st: StatisticsSettings, seed: string, alpha: number = RUN_POWER.alpha): PowerRow[] {
  return powerRows(episodeCounts(episodes.map((e) => ({ dataset: e.market, kind: e.kind, definition: e.definition, outcome: e.outcome }))), seed, alpha);
}
