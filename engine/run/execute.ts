/**
 * Step 5 of a run: the planned jobs on the worker pool. Each job goes to the
 * built-in lane or, when a plugin is involved (its own job, or parameters
 * that name a plugin: a consensus of plugins), to the plugin lane. Each lane
 * gets its context once per worker, holding only the datasets and episode
 * sets of its own jobs (datasets as SharedArrayBuffers to threads; plugin
 * processes get copies, never the shared buffers). Indicators are not
 * computed here before the jobs (serial work that no worker count shortens):
 * each thread computes those its jobs ask for, or, when the run has many
 * datasets (a universe's members) and threads already started, the threads
 * compute every dataset's up front, a share of the datasets each, and all of
 * them share the result. Only formula criteria are evaluated here up front,
 * so that a formula that cannot produce a score is a config error before the
 * run (the indicators they computed are shared too).
 */
import { ConfigError } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import type { Dataset, Episode } from '../types.ts';
import type { StatisticsSettings } from '../results.ts';
import { cachedIndicators, createView, scoreAt, type PreparedDataset } from '../data/view.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { CriterionSource, WorkerInit } from './worker-init.ts';
import type { JobPool } from './pool.ts';
import { unpackOutput } from './wire.ts';
import { failedJob, type JobOutput, type JobSpec } from './replay.ts';
import { getBuiltin } from '../../strategies/registry.ts';
import { episodePaths } from '../episodes/whole-path.ts';
import { evidenceInit } from './row-evidence.ts';
import type { Indicators, WarmInput } from './thread-tasks.ts';
import type { TradingInput } from './trading.ts';

export interface ExecuteInput {
  cfg: RunConfig;
  prepared: ReadonlyMap<string, PreparedDataset>;
  sets: ReadonlyMap<string, Episode[]>;
  criteria: readonly ResolvedCriterion[];
  statistics: StatisticsSettings;
  /** The jobs to run (this shard's), in canonical order. */
  jobs: readonly JobSpec[];
  onProgress?: (done: number, total: number) => void;
  /** Each job's output as it comes in (assembly-ahead.ts). */
  onOutput?: (o: JobOutput) => void;
  /**
   * Given (unsharded runs): worker threads also compute each plain job's
   * survival, fans and trading (row-evidence.ts) from every episode of the
   * run and its trading input, instead of assembly doing it serially.
   */
  evidence?: { episodes: readonly Episode[]; trading?: TradingInput };
}

/** Whether a parameter value names one of `ids` (a single id, or a comma-separated list such as consensus members). */
function namesAny(params: JobSpec['params'], ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  return Object.values(params).some((v) => typeof v === 'string' && v.split(/[\s,]+/).some((t) => ids.has(t)));
}

/** Run the jobs; outputs in the order of `jobs`. */
export async function executeJobs(pool: JobPool, x: ExecuteInput): Promise<JobOutput[]> {
  const isPlugin = (i: number): boolean => x.criteria[i]!.source.kind === 'plugin';
  const pluginIds = new Set(x.criteria.filter((c) => c.source.kind === 'plugin').map((c) => c.criterion.id));
  const isPluginJob = (j: JobSpec): boolean => isPlugin(j.criterion) || namesAny(j.params, pluginIds);
  const builtinJobs = x.jobs.filter((j) => !isPluginJob(j));
  checkFormulas(x.prepared, x.sets, x.criteria, builtinJobs);
  await warmInThreads(pool, x, builtinJobs);
  const preFailed = new Map<number, string>();
  for (const j of x.jobs) {
    const src = x.criteria[j.criterion]!.source;
    if (src.kind === 'plugin' && src.broken !== undefined) preFailed.set(j.index, `plugin could not be loaded: ${src.broken}`);
  }
  const resamples = 1 + x.statistics.bootstrap + x.statistics.permutations;
  const byIndex = new Map(x.jobs.map((j) => [j.index, j] as const));
  return pool.execute({
    jobs: x.jobs,
    isPluginJob,
    cost: (j) => Math.max(1, x.sets.get(j.setKey)?.length ?? 1) * resamples,
    builtinInit: () => initFor(x, builtinJobs, 'builtin'),
    pluginInit: () => initFor(x, x.jobs.filter(isPluginJob), 'plugin'),
    inThread: async () => ({
      prepared: new Map(x.prepared), episodeSets: new Map(x.sets), criteria: x.criteria.map((c) => c.criterion),
      untrusted: x.criteria.map((c) => c.source.kind === 'plugin'), runSeed: x.cfg.seed, statistics: x.statistics, periods: x.cfg.evaluation.periods, lookup: getBuiltin,
    }),
    preFailed,
    failed: (j, reason) => failedJob(x.sets.get(j.setKey)!, j, reason, x.statistics, x.cfg.seed, x.cfg.evaluation.periods),
    timeoutMs: x.cfg.timeoutMs,
    onProgress: x.onProgress,
    onOutput: x.onOutput,
    unpack: (o) => unpackOutput(o, x.sets.get(byIndex.get(o.index)?.setKey ?? '')),
  });
}

/**
 * A lane's context: the datasets and episode sets its jobs use. The built-in
 * lane gets the shared indicators and no plugin code; the plugin lane gets
 * the plugins' compiled scripts and no shared indicators.
 */
function initFor(x: ExecuteInput, jobs: readonly JobSpec[], lane: 'builtin' | 'plugin'): WorkerInit {
  const sets = new Set(jobs.map((j) => j.setKey));
  // A universe job's episodes lie on its members' datasets (an episode's market is its dataset).
  const datasets = new Set(jobs.map((j) => j.dataset));
  for (const k of sets) for (const e of x.sets.get(k) ?? []) datasets.add(e.market);
  const prepared = [...x.prepared.values()].filter((p) => datasets.has(p.dataset.id));
  const source = (s: CriterionSource): CriterionSource => (lane === 'builtin' && s.kind === 'plugin' ? { ...s, code: '' } : s);
  // Evidence is a plain job's (a universe job's rows have none): its inputs only when the lane has plain jobs, paths of their sets only.
  const plainSets = new Set(jobs.filter((j) => !j.universe).map((j) => j.setKey));
  const ev = lane === 'builtin' && plainSets.size > 0 && x.evidence;
  const laneDatasets = new Map<string, Dataset>(prepared.map((p) => [p.dataset.id, p.dataset]));
  return {
    datasets: prepared.map((p) => p.dataset),
    indicators: lane === 'builtin' ? prepared.flatMap(cachedIndicators) : [],
    episodeSets: [...x.sets.entries()].filter(([k]) => sets.has(k)),
    criteria: x.criteria.map((c) => source(c.source)),
    runSeed: x.cfg.seed,
    statistics: x.statistics,
    periods: x.cfg.evaluation.periods,
    baseDir: x.cfg.baseDir,
    ...(ev ? { evidence: evidenceInit(ev.episodes, episodePaths(laneDatasets, [...plainSets].flatMap((k) => x.sets.get(k) ?? [])), ev.trading) } : {}),
  };
}

/** Datasets per preparing thread from which their indicators are computed by the threads up front (module comment). */
const WARM_DATASETS_PER_THREAD = 8;
/** Chunks of datasets per preparing thread, each taken by the next free thread. */
const WARM_CHUNKS_PER_THREAD = 4;

/**
 * Many datasets (a universe's members): the built-in jobs' indicators computed up front by the pool's
 * threads, each dataset's by one thread (each job's criterion evaluated once per dataset of its set, at
 * its last decision), and kept in `x.prepared`, so that every thread gets them shared with its context.
 */
async function warmInThreads(pool: JobPool, x: ExecuteInput, jobs: readonly JobSpec[]): Promise<void> {
  const threads = pool.preparers;
  if (threads === 0) return;
  const byDataset = new Map<string, WarmInput['evaluations']>();
  const seen = new Set<string>();
  for (const j of jobs) {
    const k = `${j.setKey}|${j.criterion}|${j.paramsKey}`;
    if (x.criteria[j.criterion]!.source.kind === 'plugin' || seen.has(k)) continue;
    seen.add(k);
    for (const at of lastPerDataset(x.sets.get(j.setKey)!)) {
      if (!x.prepared.has(at.market)) continue;
      const list = byDataset.get(at.market) ?? [];
      list.push({ criterion: j.criterion, params: j.params, at });
      byDataset.set(at.market, list);
    }
  }
  if (byDataset.size < WARM_DATASETS_PER_THREAD * threads) return;
  const ids = [...byDataset.keys()];
  const size = Math.ceil(ids.length / (WARM_CHUNKS_PER_THREAD * threads));
  const criteria = x.criteria.map((c): CriterionSource => (c.source.kind === 'plugin' ? { ...c.source, code: '' } : c.source));
  const inputs = Array.from({ length: Math.ceil(ids.length / size) }, (_, i): WarmInput => {
    const chunk = ids.slice(i * size, (i + 1) * size);
    return { datasets: chunk.map((id) => x.prepared.get(id)!.dataset), criteria, baseDir: x.cfg.baseDir, evaluations: chunk.flatMap((id) => byDataset.get(id)!) };
  });
  for (const r of await pool.tasks('warm', inputs)) {
    if ('output' in r) for (const { dataset, key, values } of r.output as Indicators) x.prepared.get(dataset)?.indicators.get(key, () => values);
  }
}

/** The last episode of each dataset in a set (one for a plain set; one per member for a universe's). */
function lastPerDataset(eps: readonly Episode[]): Episode[] {
  const last = new Map<string, Episode>();
  for (const e of eps) last.set(e.market, e);
  return [...last.values()];
}

/** Evaluate each formula job's criterion once per episode set (per member of a universe), at its last decision: a formula that cannot score fails the run here, before any job runs. */
function checkFormulas(prepared: ExecuteInput['prepared'], sets: ExecuteInput['sets'], criteria: readonly ResolvedCriterion[], jobs: readonly JobSpec[]): void {
  const seen = new Set<string>();
  for (const j of jobs) {
    const rc = criteria[j.criterion]!;
    if (rc.source.kind !== 'expr') continue;
    const k = `${j.setKey}|${j.criterion}|${j.paramsKey}`;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const last of lastPerDataset(sets.get(j.setKey)!)) {
      try {
        const view = createView(prepared.get(last.market) ?? prepared.get(j.dataset)!, last, { copy: false, seed: 'warm-up' });
        scoreAt(rc.criterion, view, j.params);
      } catch (e) {
        // A formula that cannot produce a score (e.g. a value outside [0,1]) is a config mistake: say so before the run.
        const key = `${rc.source.key}.expr`;
        const text = e instanceof ConfigError && e.key === key ? e.detail : e instanceof Error ? e.message : String(e);
        throw new ConfigError(key, `${text.split('\n')[0]!} (at ${last.decisionDate}, the last ${j.kind} decision of ${last.market})`);
      }
    }
  }
}
