/**
 * The replay context as data that can cross to a worker (WorkerInit), and
 * back to a live context. A worker gets it once per run. To threads,
 * datasets and indicator columns are SharedArrayBuffer-backed, so they are
 * shared rather than copied; a plugin process gets private copies of the
 * datasets its jobs need (and computes indicators itself).
 */
import type { Criterion } from '../criterion.ts';
import type { JobSpec, ReplayContext } from './replay.ts';
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

function unavailableFormula(src: Extract<CriterionSource, { kind: 'expr' }>, why: string): Criterion {
  return {
    id: src.id, claim: '', needs: [], scoring: '', params: [],
    score(): never { throw new Error(`formula criterion '${src.id}' ${why}`); },
  };
}

/**
 * Formula criteria are built when a batch first needs one (`prepare`): mathjs takes about a second
 * of CPU to load, and most of a run's workers never run a formula's job. A batch needs them when one
 * of its jobs is a formula's, or a criterion's that may evaluate a formula (`reaches`: a consensus
 * whose members include one).
 * Until then a formula is its id only, and scoring it would fail the job saying so (never silently).
 */
function formulasOnDemand(init: WorkerInit, criteria: Criterion[]): ((jobs: readonly JobSpec[]) => Promise<void>) | undefined {
  const pending = init.criteria.flatMap((src, i) => (src.kind === 'expr' ? [{ src, i }] : []));
  if (pending.length === 0) return undefined;
  let loading: Promise<void> | undefined;
  const formulaIds = new Set(pending.map(({ src }) => src.id));
  const needed = (j: JobSpec): boolean => init.criteria[j.criterion]?.kind === 'expr'
    || (criteria[j.criterion]?.reaches?.(j.params) ?? []).some((id) => formulaIds.has(id));
  return async (jobs) => {
    if (!jobs.some(needed)) return;
    // Never rejects: a formula that cannot be built fails its own jobs, saying why (as a context that could not be built would).
    loading ??= (async () => {
      for (const { src, i } of pending) {
        try {
          criteria[i] = await instantiate(src, init.baseDir);
        } catch (e) {
          criteria[i] = unavailableFormula(src, `could not be built in this worker: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
        }
      }
    })();
    await loading;
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
    if (src.kind !== 'expr') criteria.push(await instantiate(src, init.baseDir));
    else criteria.push(unavailableFormula(src, opts.formulas ? 'was not built in this worker before its job (an engine bug)' : 'cannot be evaluated from a plugin job'));
  }
  const formulas = opts.formulas ? formulasOnDemand(init, criteria) : undefined;
  return {
    ...(formulas ? { prepare: formulas } : {}),
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
