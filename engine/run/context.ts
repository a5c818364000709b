/**
 * The replay context as data that can cross to a worker (WorkerInit), and
 * back to a live context. A worker gets it once per run. To threads,
 * datasets and indicator columns are SharedArrayBuffer-backed, so they are
 * shared rather than copied; a plugin process gets private copies of the
 * datasets its jobs need (and computes indicators itself).
 */
import type { Criterion } from '../criterion.ts';
import type { ReplayContext } from './replay.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { instantiate } from './criteria-set.ts';
import type { CriterionSource, WorkerInit } from './worker-init.ts';
import { getBuiltin } from '../../strategies/registry.ts';
import { evidenceContext } from './row-evidence.ts';

export type { WorkerInit } from './worker-init.ts';

export interface ContextOptions {
  /**
   * Whether formula criteria are built (mathjs). Plugin processes say no:
   * mathjs does not load once intrinsics are frozen, so a formula reached
   * from a plugin job fails that job, saying why.
   */
  formulas: boolean;
}

function unavailableFormula(src: Extract<CriterionSource, { kind: 'expr' }>): Criterion {
  return {
    id: src.id, claim: '', needs: [], scoring: '', params: [],
    score(): never { throw new Error(`formula criterion '${src.id}' cannot be evaluated from a plugin job`); },
  };
}

export async function contextFromInit(init: WorkerInit, opts: ContextOptions = { formulas: true }): Promise<ReplayContext> {
  const prepared = new Map<string, PreparedDataset>();
  for (const ds of init.datasets) prepared.set(ds.id, prepare(ds));
  for (const { dataset, key, values } of init.indicators) {
    prepared.get(dataset)?.indicators.get(key, () => values);
  }
  const criteria: Criterion[] = [];
  for (const src of init.criteria) {
    criteria.push(src.kind === 'expr' && !opts.formulas ? unavailableFormula(src) : await instantiate(src, init.baseDir));
  }
  return {
    prepared,
    episodeSets: new Map(init.episodeSets),
    criteria,
    untrusted: init.criteria.map((s) => s.kind === 'plugin'),
    runSeed: init.runSeed,
    statistics: init.statistics,
    periods: init.periods ?? [],
    lookup: getBuiltin,
    ...(init.evidence ? { evidence: evidenceContext(init.evidence) } : {}),
  };
}
