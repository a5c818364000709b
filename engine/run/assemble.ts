/**
 * Step 6 of a run: what the jobs produced, put together. A run (or one shard
 * of it) yields RunParts; `assemble` turns parts into the final RunResult —
 * q-values across every row, counts, power — for one unsharded run or for the
 * shards of one run merged, so both give exactly the same result.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordedConfig, runConfigHash, type RunConfig } from '../config.ts';
import { isoDate } from '../calendar.ts';
import { paramsKey } from '../criterion.ts';
import type { Episode, JobFailure, Prediction } from '../types.ts';
import type { NullWorldsInfo } from '../results.ts';
import type { DefinitionInfo, EpisodePath, MetricsRow, PriceTrack, RunResult, RunSummary, StatisticsSettings } from '../results.ts';
import type { PreparedDataset } from '../data/view.ts';
import { assignQValues } from '../stats/scoring.ts';
import { deriveAnalyses } from './derived.ts';
import { evaluationInfo } from './evaluation-info.ts';
import { combineBase, combineRows } from './combine.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { RunData } from './data.ts';
import type { JobOutput, JobSpec } from './replay.ts';
import type { Shard } from './shard.ts';
import { runVerdict } from './verdict.ts';
import { wholePathRows } from './whole-path.ts';
import { tradingResult, type TradingInput } from './trading.ts';
import type { UniverseEpisodeCounts } from './universe-episodes.ts';
import { runPower, universeSummary, universeTrack } from './universe-summary.ts';
import { givenEvidence, type RowEvidence } from './row-evidence.ts';
import type { AssemblyAhead } from './assembly-ahead.ts';

export const ENGINE_NAME = 'rally-replay';
export const ENGINE_VERSION: string = (JSON.parse(
  readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
) as { version: string }).version;

/** One job's output as stored: its row, predictions, and why it failed (null when it did not). */
export interface JobResult {
  index: number;
  metrics: MetricsRow;
  /** The row per evaluation period (absent without periods). */
  periodMetrics?: MetricsRow[];
  /** A universe job's rows (pooled, groups, members), which replace `metrics` in the run's rows. */
  rows?: MetricsRow[];
  predictions: Prediction[];
  failure: JobFailure | null;
  /** The row's survival, fans and trading as its job computed them (never in shard files). */
  evidence?: RowEvidence;
}

/** Everything a run produced, before q-values and counts (what a shard stores). */
export interface RunParts {
  summaryBase: Omit<RunSummary, 'counts' | 'metrics' | 'failures' | 'power' | 'shard' | 'episodes'>;
  episodes: Episode[];
  prices: PriceTrack[];
  totalJobs: number;
  /** Outputs of the jobs this process ran, in canonical job order. */
  jobs: JobResult[];
  /** What every episode's prices did after its decision (survival and fans); absent from shard files of older versions. */
  paths?: EpisodePath[];
  /** The trading backtest's rules and markets (engine/run/trading.ts); absent when the config turns it off. */
  trading?: TradingInput;
  /** Null worlds (engine/run/null-worlds.ts); absent without `nullWorlds`. */
  nullWorlds?: NullWorldsInfo;
  /** Assembly work done while the jobs ran (assembly-ahead.ts; unsharded runs, never in shard files). */
  ahead?: AssemblyAhead;
}

/** The summary's run-level part: engine, config and its hash, data provenance, definitions, datasets, criteria. */
export function runSummaryBase(cfg: RunConfig, data: RunData, definitions: DefinitionInfo[], criteria: readonly ResolvedCriterion[], statistics: StatisticsSettings,
  universeCounts?: ReadonlyMap<string, UniverseEpisodeCounts>): RunParts['summaryBase'] {
  const members = new Set(data.universes.flatMap((u) => [...u.members.map((m) => m.id), u.id])); // and a universe's groups dataset
  return {
    engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
    runConfigHash: runConfigHash(cfg),
    seed: cfg.seed,
    config: recordedConfig(cfg),
    data: data.files,
    definitions,
    datasets: [...data.prepared.values()].filter(({ dataset: d }) => !members.has(d.id)).map(({ dataset: d }) => {
      const k = d.priceStart ?? 0;
      return {
        id: d.id, start: isoDate(d.dates[k]!), end: isoDate(d.dates[d.dates.length - 1]!), bars: d.dates.length - k,
        columns: [...d.columns.keys()], ...(k > 0 ? { historyFrom: isoDate(d.dates[0]!) } : {}),
      };
    }),
    criteria: criteria.map((rc) => ({
      id: rc.criterion.id, claim: rc.criterion.claim, needs: [...rc.criterion.needs], scoring: rc.criterion.scoring,
      paramSets: rc.paramSets.map(paramsKey),
      source: rc.source.kind === 'builtin' ? 'built-in' as const : rc.source.kind === 'expr' ? 'expression' as const : 'plugin' as const,
    })),
    statistics,
    ...evaluationInfo(cfg.evaluation),
    ...(data.universes.length ? { universes: data.universes.map((u) => universeSummary(u, universeCounts?.get(u.id))) } : {}),
    ...combineBase(cfg, criteria),
  };
}

/** The closes a report draws, one track per dataset; a universe's members are drawn as one track, its market. */
export function priceTracks(prepared: ReadonlyMap<string, PreparedDataset>, universes: RunData['universes'] = []): PriceTrack[] {
  const members = new Set(universes.flatMap((u) => [...u.members.map((m) => m.id), u.id])); // and a universe's groups dataset
  return [...[...prepared.values()].filter(({ dataset: d }) => !members.has(d.id)).map(({ dataset: d }) => {
    const k = d.priceStart ?? 0; // prices only, not the history kept for lookbacks
    return { dataset: d.id, column: 'close', dates: Array.from(d.dates.subarray(k), isoDate), close: Array.from(d.columns.get('close')!.subarray(k)) };
  }), ...universes.map(universeTrack)];
}

/** Job outputs as stored results; `jobs` is the full plan (outputs name their job by index). */
export function jobResults(jobs: readonly JobSpec[], outputs: readonly JobOutput[]): JobResult[] {
  return outputs.map((o) => {
    const j = jobs[o.index]!;
    return {
      index: o.index, metrics: o.metrics, ...(o.periodMetrics ? { periodMetrics: o.periodMetrics } : {}), ...(o.rows ? { rows: o.rows } : {}), predictions: o.predictions, ...(o.evidence ? { evidence: o.evidence } : {}),
      failure: o.error ? { jobKey: j.key, dataset: j.dataset, kind: j.kind, criterion: j.criterionId, params: j.paramsKey, reason: o.error } : null,
    };
  });
}

/**
 * The row of `metrics` (starting at `at`) that stands for a job in the run-level
 * analyses: a plain job's one row; a universe job's pooled row when it made one
 * (its group and member rows are not rows of their own episode set, and none
 * when it made only member rows).
 */
function ownRow(j: JobResult, metrics: MetricsRow[], at: number): MetricsRow | undefined {
  const first = metrics[at];
  return !j.rows || first?.pooled?.scope === 'pooled' ? first : undefined;
}

/**
 * Final result from run parts (one unsharded run, or the shards of one run
 * merged): q-values across every row, counts, power, and (unsharded or
 * merged) the verdict, survival curves and forward-return fans. Pure and
 * order-canonical.
 */
export function assemble(parts: RunParts, shard?: Shard): RunResult {
  const jobs = [...parts.jobs].sort((a, b) => a.index - b.index);
  const metrics = jobs.flatMap((j) => (j.rows ?? [j.metrics]).map((m) => ({ ...m })));
  const offsets: number[] = [];
  for (let i = 0, at = 0; i < jobs.length; at += (jobs[i]!.rows ?? [jobs[i]!.metrics]).length, i++) offsets.push(at);
  const base = parts.summaryBase;
  // A job's row prepared while the jobs ran (assembly-ahead.ts); only when each job has one row, so that row i is job i's.
  const ahead = !shard && jobs.every((j) => !j.rows) ? parts.ahead : undefined;
  const jobRows = jobs.flatMap((j, i) => {
    const own = ownRow(j, metrics, offsets[i]!);
    return own ? [{ metrics: own, periodMetrics: j.periodMetrics, predictions: j.predictions, ahead: ahead?.rows.get(j.index) }] : [];
  });
  // Combined rows (engine/run/combine.ts) are tested rows too: they join the q-values.
  const combined = shard ? undefined : combineRows(base.combine?.settings, parts.episodes, jobRows, base.statistics, base.seed, base.evaluation, base.criteria);
  metrics.push(...(combined?.rows ?? []).map((r) => r.metrics));
  if (!shard) assignQValues(metrics);
  const derived = shard ? undefined
    : deriveAnalyses(parts.episodes, [...jobRows, ...(combined?.rows ?? [])], base.statistics, base.seed, base.evaluation, ahead?.families);
  const predictions = [...jobs.flatMap((j) => j.predictions), ...(combined?.predictions ?? [])];
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
    episodes: parts.episodes.map((e) => ({ id: e.id, dataset: e.market, kind: e.kind, ...(e.definition === undefined ? {} : { definition: e.definition }), decisionDate: e.decisionDate, outcome: e.outcome })),
    metrics,
    failures,
    power: shard ? [] : parts.ahead?.power ?? runPower(parts.episodes, parts.summaryBase, parts.summaryBase.statistics),
    ...derived,
    ...(combined ? { combine: combined.summary, criteria: combined.criteria } : {}),
    ...(parts.nullWorlds ? { nullWorlds: parts.nullWorlds } : {}),
    ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}),
  };
  if (shard) return { summary, episodes: parts.episodes, predictions, prices: parts.prices };
  summary.verdict = runVerdict(summary);
  const given = givenEvidence(parts.episodes, jobs, combined?.predictions ?? []);
  const whole = wholePathRows(metrics, parts.episodes, predictions, parts.paths ?? [], given.map((g) => g?.wholePath));
  const stat = parts.summaryBase.statistics;
  const tradesAhead = ahead ? jobs.map((j) => ahead.trades.get(j.index)) : [];
  const trading = parts.trading
    ? { trading: tradingResult(parts.trading, metrics, parts.episodes, predictions, stat, parts.summaryBase.seed, given.map((g) => g?.trading), tradesAhead) }
    : {};
  return { summary, episodes: parts.episodes, predictions, prices: parts.prices, ...whole, ...trading };
}
