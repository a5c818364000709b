/**
 * Each job's estimated cost, for balancing shards (shard.ts). A job's time
 * is dominated by the statistics of its metrics row — bootstrap resamples
 * and permutations over the episodes it scores — so its cost is
 *
 *   episodes in its set (one evaluation each)
 *   + scored episodes it will score x (bootstrap + permutations)
 *
 * "Scored episodes it will score": the set's scored (uncensored) episodes,
 * none when the criterion does not apply to the episode kind, and otherwise
 * scaled by how many of a few evenly spaced scored episodes the criterion
 * (its first parameter set) actually scores — a criterion whose data the
 * run lacks abstains everywhere and costs next to nothing. Plugins are not
 * probed (their code runs only in the workers) and count in full.
 *
 * Deterministic: integer arithmetic over the data and the criteria, so every
 * shard of a run computes the same costs, hence the same plan, on its own.
 */
import type { Episode } from '../types.ts';
import type { StatisticsSettings } from '../results.ts';
import { withDefaults, type Params, type PointInTimeView, type ScoreResult } from '../criterion.ts';
import { createView, scoreAt, type PreparedDataset } from '../data/view.ts';
import { getBuiltin } from '../../strategies/registry.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { JobSpec } from './replay.ts';

/** What a job's estimated cost counts (shard files and the README quote it). */
export const JOB_COST_UNIT = 'episodes evaluated + scored episodes x (bootstrap + permutations)';

/** Scored episodes probed per episode set and criterion. */
const PROBES = 5;

export interface CostInput {
  prepared: ReadonlyMap<string, PreparedDataset>;
  sets: ReadonlyMap<string, readonly Episode[]>;
  criteria: readonly ResolvedCriterion[];
  statistics: Pick<StatisticsSettings, 'bootstrap' | 'permutations'>;
}

/** Up to `k` items spread evenly over `xs` (all of them when there are fewer). */
function spaced<T>(xs: readonly T[], k: number): T[] {
  if (xs.length <= k) return [...xs];
  return Array.from({ length: k }, (_, i) => xs[Math.floor(((2 * i + 1) * xs.length) / (2 * k))]!);
}

type Evaluate = (id: string, params: Params | undefined, view: PointInTimeView) => ScoreResult;

/** `view.evaluate` for probes (consensus-style criteria): the run's trusted criteria and the built-ins; a plugin member counts as scoring. */
function probeEvaluate(byId: ReadonlyMap<string, ResolvedCriterion>, caller: string): Evaluate {
  return (id, params, view) => {
    const rc = byId.get(id);
    if (rc?.source.kind === 'plugin') return { score: 0.5 };
    const other = rc?.criterion ?? getBuiltin(id);
    if (!other) return { abstain: `unknown criterion '${id}'` };
    return other.id === caller ? { abstain: 'a criterion cannot evaluate itself' } : scoreAt(other, view, withDefaults(other, params));
  };
}

/** Of `probes` scored episodes, how many the criterion scores (`hits`). */
function probe(rc: ResolvedCriterion, p: PreparedDataset | undefined, scored: readonly Episode[], kind: Episode['kind'], byId: ReadonlyMap<string, ResolvedCriterion>): { hits: number; probes: number } {
  if (rc.criterion.kinds && !rc.criterion.kinds.includes(kind)) return { hits: 0, probes: 1 };
  if (rc.source.kind === 'plugin' || !p) return { hits: 1, probes: 1 };
  const picks = spaced(scored, PROBES);
  const evaluate = probeEvaluate(byId, rc.criterion.id);
  let hits = 0;
  for (const e of picks) {
    try {
      if ('score' in scoreAt(rc.criterion, createView(p, e, { copy: false, seed: 'cost-probe', evaluate }), rc.paramSets[0] ?? {})) hits++;
    } catch {
      hits++; // it fails or scores in the job itself; count it in full
    }
  }
  return { hits, probes: picks.length };
}

/** Estimated cost of every job, by job index. */
export function estimateJobCosts(jobs: readonly JobSpec[], x: CostInput): number[] {
  const perScored = x.statistics.bootstrap + x.statistics.permutations;
  const scoredOf = new Map<string, Episode[]>();
  const shareOf = new Map<string, { hits: number; probes: number }>();
  const byId = new Map(x.criteria.map((rc) => [rc.criterion.id, rc] as const));
  return jobs.map((j) => {
    const eps = x.sets.get(j.setKey) ?? [];
    let scored = scoredOf.get(j.setKey);
    if (!scored) scoredOf.set(j.setKey, (scored = eps.filter((e) => e.label !== null)));
    const key = `${j.setKey}|${j.criterion}`;
    let share = shareOf.get(key);
    if (!share) shareOf.set(key, (share = probe(x.criteria[j.criterion]!, x.prepared.get(j.dataset), scored, j.kind, byId)));
    const willScore = share.probes === 0 ? 0 : Math.floor((scored.length * share.hits) / share.probes);
    return eps.length + willScore * perScored;
  });
}
