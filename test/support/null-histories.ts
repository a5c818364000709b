/**
 * Null histories for the interval-coverage study: a simulated market (the
 * simulator's index path and sectors, `rally simulate`'s engine functions),
 * its rebound, sector-lead and seasonal episodes as the engine detects them,
 * and a criterion that carries no information: a score drawn from its own
 * smooth random process over the calendar (an AR(1) with a half-life of
 * `halfLife` trading days, mapped to [0,1] by the normal CDF), independent of
 * the market. Its value depends on the date only, like a market-wide signal's:
 * episodes close in time (a January's two seasonal windows, several sectors
 * leading at once, rebounds of one bear market) get similar scores, as they
 * would from a real criterion. So every interval of AUC should cover 0.5 at
 * its nominal level, and the share that excludes 0.5 measures the interval's
 * honesty for that kind's dependence between episodes.
 */
import type { Episode, EpisodeKind } from '../../engine/types.ts';
import { REBOUND_DEFAULTS, reboundsOnCloses } from '../../engine/episodes/rebound.ts';
import { sectorLeadsOnLevels } from '../../engine/episodes/sector-lead.ts';
import { seasonalOnCloses } from '../../engine/episodes/seasonal.ts';
import { FIRST_FIVE_DAYS, SANTA_CLAUS } from '../../engine/calendar-windows.ts';
import { normalCdf } from '../../engine/stats/normal.ts';
import { SeededStream, deriveSeed } from '../../engine/stats/random.ts';
import { rocAuc } from '../../engine/stats/auc.ts';
import { permutationPValue } from '../../engine/stats/permutation.ts';
import { rowBootstrap } from '../../engine/stats/row-bootstrap.ts';
import { blockWidening, widenAround } from '../../engine/stats/bootstrap-test.ts';
import { simCalendar } from '../../datasets/simulate/calendar.ts';
import { simulateIndex } from '../../datasets/simulate/price.ts';
import { simulateSectors } from '../../datasets/simulate/sectors.ts';
import { Rng } from '../../datasets/simulate/random.ts';

export const NULL_KINDS: readonly EpisodeKind[] = ['rebound', 'sector-lead', 'seasonal'];

export interface NullHistory {
  days: number;
  episodes: Record<EpisodeKind, Episode[]>;
}

/** One simulated market of `years` years (ending 2024) and its episodes of each kind (censored ones dropped). */
export function nullHistory(seed: string, years: number, sectors = 10): NullHistory {
  const cal = simCalendar(2024 - years + 1, 2024);
  const n = cal.days.length;
  const index = simulateIndex(n, new Rng(seed, 'index'), new Rng(seed, 'latent'), 0.35, REBOUND_DEFAULTS);
  const sec = simulateSectors(index.close, index.variance, sectors, new Rng(seed, 'sectors'));
  const id = `NULL-${seed}`;
  const leads: Episode[] = [];
  sec.returns.forEach((r, j) => {
    const level = new Float64Array(n);
    level[0] = 1;
    for (let t = 1; t < n; t++) level[t] = level[t - 1]! * (1 + r[t]!);
    leads.push(...sectorLeadsOnLevels(id, cal.days, level, index.close, sec.names[j]!.trim()));
  });
  leads.sort((a, b) => a.decisionIndex - b.decisionIndex || (a.sector! < b.sector! ? -1 : 1));
  const seasonal = [SANTA_CLAUS, FIRST_FIVE_DAYS].flatMap((w) => seasonalOnCloses(id, cal.days, index.close, w, 126))
    .sort((a, b) => a.decisionIndex - b.decisionIndex);
  const labelled = (eps: Episode[]): Episode[] => eps.filter((e) => e.label !== null);
  return {
    days: n,
    episodes: { rebound: labelled(reboundsOnCloses(id, cal.days, index.close, REBOUND_DEFAULTS)), 'sector-lead': labelled(leads), seasonal: labelled(seasonal) },
  };
}

/** A no-information score path over `days` trading days: Phi of a stationary AR(1) with the given half-life. */
export function nullScorePath(days: number, seed: string, halfLife: number): Float64Array {
  const g = new SeededStream(seed);
  const phi = halfLife > 0 ? 0.5 ** (1 / halfLife) : 0;
  const innov = Math.sqrt(1 - phi * phi);
  const out = new Float64Array(days);
  let x = g.normal();
  for (let t = 0; t < days; t++) {
    x = t === 0 ? x : phi * x + innov * g.normal();
    out[t] = normalCdf(x);
  }
  return out;
}

/** The null score's statistics on one kind's episodes: both intervals, the block-bootstrap test and the permutation test. */
export interface NullRowResult {
  n: number;
  iidExcludes: boolean;
  blockExcludes: boolean;
  /** Two-sided p < 0.05 by label permutations / by the year-block bootstrap / by the larger of the two (what block kinds report). */
  permutationRejects: boolean;
  blockTestRejects: boolean;
  combinedRejects: boolean;
}

export function nullRow(h: NullHistory, kind: EpisodeKind, path: Float64Array, bootstrap: number, permutations: number, seed: string): NullRowResult | null {
  const eps = h.episodes[kind];
  const scores = Float64Array.from(eps, (e) => Number(path[e.decisionIndex]!.toPrecision(12)));
  const labels = Float64Array.from(eps, (e) => e.label!);
  const calls = Float64Array.from(scores, (x) => (x >= 0.5 ? 1 : 0));
  const auc = rocAuc(scores, labels);
  if (auc !== auc) return null;
  const years = Int32Array.from(eps, (e) => Number(e.decisionDate.slice(0, 4)));
  const iid = rowBootstrap({ scores, labels, calls }, { resamples: bootstrap, seed: deriveSeed(seed, 'iid') }).auc;
  const scale = blockWidening(new Set(years).size, 0.95);
  const block = rowBootstrap({ scores, labels, calls }, { resamples: bootstrap, seed: deriveSeed(seed, 'block'), groups: years, aucTest: { estimate: auc, scale } });
  const excludes = (i: { lo: number; hi: number }): boolean => i.lo > 0.5 || i.hi < 0.5;
  const perm = permutationPValue(scores, labels, { permutations, seed: deriveSeed(seed, 'perm'), alternative: 'two-sided' });
  const blockP = block.aucTest!.twoSided;
  return {
    n: eps.length,
    iidExcludes: excludes(iid),
    blockExcludes: excludes(widenAround(block.auc, auc, scale)),
    permutationRejects: perm < 0.05,
    blockTestRejects: blockP < 0.05,
    combinedRejects: Math.max(perm, blockP) < 0.05,
  };
}

/** Per kind: null rows, and how many excluded 0.5 (each interval) or rejected at 0.05 (each test). */
export interface CoverageCount {
  rows: number;
  meanEpisodes: number;
  iidExcludes: number;
  blockExcludes: number;
  permutationRejects: number;
  blockTestRejects: number;
  combinedRejects: number;
}

/** Null rows over `histories` simulated markets, `scoresPerHistory` independent null scores on each. */
export function coverageStudy(o: { seed: string; histories: number; years: number; scoresPerHistory: number; halfLife: number;
  bootstrap: number; permutations: number; sectors?: number }): Record<EpisodeKind, CoverageCount> {
  const zero = (): CoverageCount => ({ rows: 0, meanEpisodes: 0, iidExcludes: 0, blockExcludes: 0, permutationRejects: 0, blockTestRejects: 0, combinedRejects: 0 });
  const out = Object.fromEntries(NULL_KINDS.map((k) => [k, zero()])) as Record<EpisodeKind, CoverageCount>;
  for (let h = 0; h < o.histories; h++) {
    const hist = nullHistory(deriveSeed(o.seed, `history ${h}`), o.years, o.sectors);
    for (let s = 0; s < o.scoresPerHistory; s++) {
      const path = nullScorePath(hist.days, deriveSeed(o.seed, `score ${h}/${s}`), o.halfLife);
      for (const kind of NULL_KINDS) {
        const r = nullRow(hist, kind, path, o.bootstrap, o.permutations, deriveSeed(o.seed, `row ${h}/${s}/${kind}`));
        if (!r) continue;
        const c = out[kind];
        c.rows++;
        c.meanEpisodes += r.n;
        c.iidExcludes += +r.iidExcludes;
        c.blockExcludes += +r.blockExcludes;
        c.permutationRejects += +r.permutationRejects;
        c.blockTestRejects += +r.blockTestRejects;
        c.combinedRejects += +r.combinedRejects;
      }
    }
  }
  for (const k of NULL_KINDS) out[k].meanEpisodes /= Math.max(1, out[k].rows);
  return out;
}
