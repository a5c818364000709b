/**
 * Step 4 of a run: the jobs in their canonical order — episode set by
 * episode set, criterion by criterion (by id), parameter set by parameter
 * set (by canonical key). A job's index is its place in this order; shards,
 * workers and merging all refer to it, so scheduling never changes outputs.
 * Each job's estimated cost (for balancing shards, shard.ts) is planned here too.
 */
import { paramsKey } from '../criterion.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { EpisodeSetRef } from './episodes.ts';
import type { JobSpec } from './replay.ts';
import type { Episode } from '../types.ts';
import type { StatisticsSettings } from '../results.ts';

export function planJobs(sets: readonly EpisodeSetRef[], criteria: readonly ResolvedCriterion[]): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const s of sets) {
    criteria.forEach((rc, ci) => {
      for (const params of rc.paramSets) {
        const pk = paramsKey(params);
        jobs.push({
          index: jobs.length, key: `${s.setKey}|${rc.criterion.id}|${pk}`, dataset: s.dataset, setKey: s.setKey,
          kind: s.kind, criterion: ci, criterionId: rc.criterion.id, params, paramsKey: pk,
        });
      }
    });
  }
  return jobs;
}

/** What a job's estimated cost counts (shard files and the README quote it). */
export const JOB_COST_UNIT = 'criterion evaluations + scored episodes x (bootstrap + permutations) resample statistics';

/**
 * Each job's estimated cost, by job index, for balancing shards: one unit per
 * episode the criterion is evaluated on, plus, when the criterion applies to
 * the episode kind, scored (uncensored) episodes x (bootstrap resamples +
 * permutations) — the statistics of a metrics row dominate a job's time and
 * grow with both. A criterion that does not apply to the kind only abstains
 * (about nothing). Integer arithmetic: every process plans the same shards.
 */
export function estimateJobCosts(
  jobs: readonly JobSpec[], sets: ReadonlyMap<string, readonly Episode[]>,
  criteria: readonly ResolvedCriterion[], statistics: Pick<StatisticsSettings, 'bootstrap' | 'permutations'>,
): number[] {
  const perScored = statistics.bootstrap + statistics.permutations;
  const sizes = new Map<string, { episodes: number; scored: number }>();
  for (const [key, eps] of sets) sizes.set(key, { episodes: eps.length, scored: eps.filter((e) => e.label !== null).length });
  return jobs.map((j) => {
    const size = sizes.get(j.setKey) ?? { episodes: 0, scored: 0 };
    const kinds = criteria[j.criterion]?.criterion.kinds;
    const applies = kinds === undefined || kinds.includes(j.kind);
    return size.episodes + (applies ? size.scored * perScored : 0);
  });
}
