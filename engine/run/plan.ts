/**
 * Step 4 of a run: the jobs in their canonical order — episode set by
 * episode set, criterion by criterion (by id), parameter set by parameter
 * set (by canonical key). A job's index is its place in this order; shards,
 * workers and merging all refer to it, so scheduling never changes outputs.
 * (How much each job costs, for balancing shards, is job-cost.ts.)
 */
import { paramsKey } from '../criterion.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { EpisodeSetRef } from './episodes.ts';
import type { JobSpec } from './replay.ts';

export function planJobs(sets: readonly EpisodeSetRef[], criteria: readonly ResolvedCriterion[]): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (const s of sets) {
    criteria.forEach((rc, ci) => {
      for (const params of rc.paramSets) {
        const pk = paramsKey(params);
        jobs.push({
          index: jobs.length, key: `${s.setKey}|${rc.criterion.id}|${pk}`, dataset: s.dataset, setKey: s.setKey,
          kind: s.kind, ...(s.definition === undefined ? {} : { definition: s.definition }), criterion: ci, criterionId: rc.criterion.id, params, paramsKey: pk,
          ...(s.universe ? { universe: s.universe } : {}),
        });
      }
    });
  }
  return jobs;
}
