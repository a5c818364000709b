/**
 * A run, end to end: load the data bundles, detect episodes, resolve the
 * criteria and their parameter grids, plan jobs in a canonical order, run them
 * (in workers), and assemble a RunResult. Sharded runs execute a
 * deterministic subset of the jobs; `assemble` is shared with `rally merge`
 * so merged shards produce exactly the unsharded result.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { attributeToAsync, ConfigError } from '../errors.ts';
import { recordedConfig, runConfigHash, type RunConfig } from '../config.ts';
import { isoDate } from '../calendar.ts';
import type { Episode, JobFailure, Prediction } from '../types.ts';
import type { DataFileInfo, DefinitionInfo, MetricsRow, PriceTrack, RunResult, RunSummary } from '../results.ts';
import { columnSymbol, paramsKey, type Params } from '../criterion.ts';
import { createView, prepare, scoreAt, cachedIndicators, type PreparedDataset } from '../data/view.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import { resolveCriteria, type ResolvedCriterion } from './criteria-set.ts';
import { JobPool } from './pool.ts';
import type { JobOutput, JobSpec } from './replay.ts';
import { assignQValues } from '../stats/scoring.ts';
import type { WorkerInit } from './context.ts';
import { loadBundle } from '../../datasets/bundle.ts';
import { computePower } from '../stats/power.ts';
import { jobsOfShard, type Shard } from './shard.ts';

export const ENGINE_NAME = 'rally-replay';
export const ENGINE_VERSION: string = (JSON.parse(
  readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
) as { version: string }).version;

export interface RunOptions {
  workers?: number;
  shard?: Shard;
  plugins?: string[];
  onProgress?: (done: number, total: number) => void;
}

/** Everything a run produced, before q-values and counts (what a shard stores). */
export interface RunParts {
  summaryBase: Omit<RunSummary, 'counts' | 'metrics' | 'failures' | 'power' | 'shard' | 'episodes'>;
  episodes: Episode[];
  prices: PriceTrack[];
  totalJobs: number;
  /** Outputs of the jobs this process ran, in canonical job order. */
  jobs: Array<{ index: number; metrics: MetricsRow; predictions: Prediction[]; failure: JobFailure | null }>;
}

export async function executeRun(cfg: RunConfig, opts: RunOptions = {}): Promise<RunParts> {
  const workers = opts.workers ?? (cfg.workers || Math.max(1, Math.min(availableParallelism(), 8)));
  // Start the workers first: they load their modules while this thread reads the data.
  const pool = new JobPool(workers);
  try {
    return await attributeToAsync(cfg.source, () => executeRunWith(pool, cfg, opts));
  } finally {
    await pool.destroy();
  }
}

async function executeRunWith(pool: JobPool, cfg: RunConfig, opts: RunOptions): Promise<RunParts> {
  // 1. Data.
  const prepared = new Map<string, PreparedDataset>();
  const files: DataFileInfo[] = [];
  for (const b of cfg.datasets) {
    const { dataset, files: f } = loadBundle(b.spec, cfg.baseDir, b.key);
    if (prepared.has(dataset.id)) throw new ConfigError(`${b.key}.id`, `two datasets named '${dataset.id}'; give each an "id"`);
    prepared.set(dataset.id, prepare(dataset));
    files.push(...f);
  }
  // 2. Episodes per dataset × episode spec.
  const episodeSets = new Map<string, Episode[]>();
  const definitions: DefinitionInfo[] = [];
  const setOrder: Array<{ dataset: string; setKey: string; kind: Episode['kind'] }> = [];
  const allEpisodes: Episode[] = [];
  cfg.episodes.forEach((spec, si) => {
    for (const p of prepared.values()) {
      const { episodes, definition } = detectEpisodes(p.dataset, spec);
      if (p === prepared.values().next().value) definitions.push(definition);
      const setKey = `${p.dataset.id}|${spec.kind}#${si}`;
      episodeSets.set(setKey, episodes);
      setOrder.push({ dataset: p.dataset.id, setKey, kind: spec.kind });
      allEpisodes.push(...episodes);
    }
  });
  // 3. Criteria.
  const criteria = await resolveCriteria(cfg.criteria, cfg.baseDir, opts.plugins ?? [], cfg.source || 'config');
  // A formula naming a series that no dataset has is a typo, not an abstention: refuse it now.
  const symbols = new Set([...prepared.values()].flatMap((p) => [...p.dataset.columns.keys()].map(columnSymbol)));
  for (const rc of criteria) {
    if (rc.source.kind !== 'expr') continue;
    const unknown = rc.criterion.needs.filter((n) => n !== 'calendar' && n !== 'none' && !symbols.has(n));
    if (unknown.length) {
      throw new ConfigError(`${rc.source.key}.expr`, `no dataset has ${unknown.map((u) => `'${u}'`).join(', ')} (series here: ${[...symbols].sort().join(', ')})`);
    }
  }
  // 4. Jobs in canonical order.
  const jobs: JobSpec[] = [];
  for (const s of setOrder) {
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
  const mine = jobsOfShard(jobs, opts.shard);
  // 5. Shared indicators: compute them once in the main thread (trusted criteria only).
  warmIndicators(prepared, episodeSets, criteria, mine);
  const statistics = { ...cfg.statistics, blockBy: 'year' as const };
  const init: WorkerInit = {
    datasets: [...prepared.values()].map((p) => p.dataset),
    indicators: [...prepared.values()].flatMap(cachedIndicators),
    episodeSets: [...episodeSets.entries()],
    criteria: criteria.map((c) => c.source),
    runSeed: cfg.seed,
    statistics,
    baseDir: cfg.baseDir,
  };
  const outputs = await pool.execute(init, mine, { timeoutMs: cfg.timeoutMs, onProgress: opts.onProgress });

  const summaryBase: RunParts['summaryBase'] = {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    runConfigHash: runConfigHash(cfg),
    seed: cfg.seed,
    config: recordedConfig(cfg),
    data: files,
    definitions,
    datasets: [...prepared.values()].map(({ dataset: d }) => ({
      id: d.id, start: isoDate(d.dates[0]!), end: isoDate(d.dates[d.dates.length - 1]!), bars: d.dates.length,
      columns: [...d.columns.keys()],
    })),
    criteria: criteria.map((rc) => ({
      id: rc.criterion.id, claim: rc.criterion.claim, needs: [...rc.criterion.needs], scoring: rc.criterion.scoring,
      paramSets: rc.paramSets.map(paramsKey),
      source: rc.source.kind === 'builtin' ? 'built-in' as const : rc.source.kind === 'expr' ? 'expression' as const : 'plugin' as const,
    })),
    statistics,
  };
  const prices: PriceTrack[] = [];
  for (const { dataset: d } of prepared.values()) {
    const close = d.columns.get('close')!;
    prices.push({ dataset: d.id, column: 'close', dates: Array.from(d.dates, isoDate), close: Array.from(close) });
  }
  return {
    summaryBase, episodes: allEpisodes, prices, totalJobs: jobs.length,
    jobs: outputs.map((o: JobOutput) => {
      const j = jobs[o.index]!;
      return {
        index: o.index, metrics: o.metrics, predictions: o.predictions,
        failure: o.error ? { jobKey: j.key, dataset: j.dataset, kind: j.kind, criterion: j.criterionId, params: j.paramsKey, reason: o.error } : null,
      };
    }),
  };
}

/** Evaluate each trusted criterion once per episode set so its indicators are computed (and shared) up front. */
function warmIndicators(prepared: Map<string, PreparedDataset>, sets: Map<string, Episode[]>, criteria: ResolvedCriterion[], jobs: JobSpec[]): void {
  const seen = new Set<string>();
  for (const j of jobs) {
    const rc = criteria[j.criterion]!;
    if (rc.source.kind === 'plugin') continue;
    const k = `${j.setKey}|${j.criterion}|${j.paramsKey}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const eps = sets.get(j.setKey)!;
    const last = eps[eps.length - 1];
    if (!last) continue;
    try {
      const view = createView(prepared.get(j.dataset)!, last, { copy: false, seed: 'warm-up' });
      scoreAt(rc.criterion, view, j.params as Params);
    } catch (e) {
      // A formula that cannot produce a score (e.g. a value outside [0,1]) is a config mistake:
      // say so before the run. Anything else fails only its own job, later.
      if (rc.source.kind === 'expr') {
        const key = `${rc.source.key}.expr`;
        const text = e instanceof ConfigError && e.key === key ? e.detail : e instanceof Error ? e.message : String(e);
        const msg = text.split('\n')[0]!;
        throw new ConfigError(`${rc.source.key}.expr`, `${msg} (at ${last.decisionDate}, the last ${j.kind} decision of ${j.dataset})`);
      }
    }
  }
}

/**
 * Final result from run parts (one unsharded run, or the shards of one run
 * merged): q-values across every row, counts, power. Pure and order-canonical.
 */
export function assemble(parts: RunParts, shard?: Shard): RunResult {
  const jobs = [...parts.jobs].sort((a, b) => a.index - b.index);
  const metrics = jobs.map((j) => ({ ...j.metrics }));
  if (!shard) assignQValues(metrics);
  const predictions = jobs.flatMap((j) => j.predictions);
  const failures = jobs.flatMap((j) => (j.failure ? [j.failure] : []));
  const scoredIds = new Set(parts.episodes.filter((e) => e.label !== null).map((e) => e.id));
  const summary: RunSummary = {
    ...parts.summaryBase,
    counts: {
      episodes: parts.episodes.length,
      scored: scoredIds.size,
      censored: parts.episodes.length - scoredIds.size,
      predictions: predictions.length,
      jobs: shard ? jobs.length : parts.totalJobs,
      failedJobs: failures.length,
    },
    episodes: parts.episodes.map((e) => ({ id: e.id, dataset: e.market, kind: e.kind, decisionDate: e.decisionDate, outcome: e.outcome })),
    metrics,
    failures,
    power: shard ? [] : computePower(parts.episodes, parts.summaryBase.statistics, parts.summaryBase.seed),
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
  };
  return { summary, episodes: parts.episodes, predictions, prices: parts.prices };
}
