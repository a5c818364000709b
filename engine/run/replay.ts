/**
 * The replay loop: one job = one criterion × parameter set over every
 * episode of one (dataset, episode set). Each decision gets a point-in-time
 * view; the criterion's answer becomes a Prediction; the job's metrics row
 * is computed right here (pure, seeded by the row key), so workers return
 * finished rows. A criterion that throws fails its own job only.
 */
import type { Criterion, Params, PointInTimeView } from '../criterion.ts';
import { withDefaults } from '../criterion.ts';
import type { Episode, EpisodeKind, Prediction, ScoreResult } from '../types.ts';
import type { MetricsRow, StatisticsSettings } from '../results.ts';
import { createView, scoreAt, type PreparedDataset } from '../data/view.ts';
import { deriveSeed } from '../stats/random.ts';
import { scoreRow, type RowKey } from '../stats/scoring.ts';
import { scorePeriods } from '../stats/periods.ts';
import type { PeriodSpec } from '../evaluation.ts';
import { definitionOf } from '../definition-labels.ts';
import { universePeriodRows, universeRows, type UniverseRowsSpec } from './pooled.ts';
import { jobEvidence, type EvidenceContext, type RowEvidence } from './row-evidence.ts';

export interface JobSpec {
  /** Position in the canonical job order. */
  index: number;
  key: string;
  dataset: string;
  /** Episode set key: `<dataset>|<kind>#<spec index>`. */
  setKey: string;
  kind: EpisodeKind;
  /** The episode definition's label, when labelled. */
  definition?: string;
  /** Index into the resolved criteria list. */
  criterion: number;
  criterionId: string;
  params: Params;
  paramsKey: string;
  /** A universe job (its episodes are every member's; `dataset` is the universe's id). */
  universe?: UniverseRowsSpec;
}

export interface JobOutput {
  index: number;
  predictions: Prediction[];
  metrics: MetricsRow;
  /** The row scored per evaluation period (absent without periods). */
  periodMetrics?: MetricsRow[];
  /** A universe job's rows (pooled, groups, members), which replace `metrics` in the run's rows. */
  rows?: MetricsRow[];
  /** '' when the job succeeded. */
  error: string;
  /** The row's survival, fans and trading, when its worker was given what they need (row-evidence.ts). */
  evidence?: RowEvidence;
}

/** A job's metrics: its row, or a universe job's rows (engine/run/pooled.ts). */
function jobMetrics(job: JobSpec, key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[],
  statistics: StatisticsSettings, runSeed: string): { metrics: MetricsRow; rows?: MetricsRow[] } {
  if (job.universe) return universeRows(job.universe, key, episodes, predictions, statistics, runSeed);
  return { metrics: scoreRow(key, episodes, predictions, statistics, runSeed) };
}

export interface ReplayContext {
  prepared: Map<string, PreparedDataset>;
  episodeSets: Map<string, Episode[]>;
  criteria: Criterion[];
  /** Whether criterion i is untrusted (user plugin): its views copy data. */
  untrusted: boolean[];
  runSeed: string;
  statistics: StatisticsSettings;
  /** Evaluation periods: each job also scores its row per period. */
  periods?: readonly PeriodSpec[];
  /** Criteria outside the run that `view.evaluate` may still call (the built-ins). */
  lookup?: (id: string) => Criterion | undefined;
  /** What a plain job needs to compute its row's evidence too (worker threads of unsharded runs). */
  evidence?: EvidenceContext;
  /** Builds what the context left out until a batch needs it (a worker's formula criteria); awaited before the batch runs. */
  prepare?(jobs: readonly JobSpec[]): Promise<void>;
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0]!.slice(0, 500) || 'error';
}

export function runJob(ctx: ReplayContext, job: JobSpec): JobOutput {
  // A universe job's episodes are on its members' datasets (an episode's market is its dataset).
  let prepared = ctx.prepared.get(job.dataset)!;
  const episodes = ctx.episodeSets.get(job.setKey)!;
  const c = ctx.criteria[job.criterion]!;
  const copy = ctx.untrusted[job.criterion]!;
  const byId = new Map(ctx.criteria.map((x, i) => [x.id, i] as const));
  const evaluate = (id: string, params: Params | undefined, view: PointInTimeView): ScoreResult => {
    const i = byId.get(id);
    const other = i !== undefined ? ctx.criteria[i]! : ctx.lookup?.(id);
    if (!other) throw new Error(`view.evaluate: unknown criterion '${id}'`);
    if (other === c) return { abstain: 'a criterion cannot evaluate itself' };
    // An untrusted member (a user plugin) gets its own copying view, never the caller's shared one.
    const memberView = (i !== undefined && ctx.untrusted[i]) && !copy
      ? createView(prepared, view.decision, { copy: true, seed: deriveSeed(ctx.runSeed, `${id}|${view.decision.id}`), callThreshold: view.callThreshold })
      : view;
    return scoreAt(other, memberView, withDefaults(other, params));
  };
  const predictions: Prediction[] = [];
  let error = '';
  for (const e of episodes) {
    if (error) {
      predictions.push({ episodeId: e.id, criterion: c.id, params: job.paramsKey, score: NaN, call: null, abstainReason: '', error });
      continue;
    }
    try {
      prepared = ctx.prepared.get(e.market) ?? prepared;
      const view = createView(prepared, e, {
        copy, seed: deriveSeed(ctx.runSeed, `${c.id}|${job.paramsKey}|${e.id}`), evaluate, callThreshold: ctx.statistics.threshold,
      });
      const r = scoreAt(c, view, job.params);
      if ('abstain' in r) {
        predictions.push({ episodeId: e.id, criterion: c.id, params: job.paramsKey, score: NaN, call: null, abstainReason: r.abstain, error: '' });
      } else {
        predictions.push({
          episodeId: e.id, criterion: c.id, params: job.paramsKey, score: r.score,
          call: r.score >= ctx.statistics.threshold ? 1 : 0, abstainReason: '', error: '',
        });
      }
    } catch (err) {
      error = `${c.id} threw at ${e.decisionDate}: ${errorText(err)}`;
      for (const p of predictions) { p.error = error; p.score = NaN; p.call = null; }
      predictions.push({ episodeId: e.id, criterion: c.id, params: job.paramsKey, score: NaN, call: null, abstainReason: '', error });
    }
  }
  const key = { dataset: job.dataset, kind: job.kind, ...definitionOf(job), criterion: c.id, params: job.paramsKey };
  const scored = jobMetrics(job, key, episodes, predictions, { ...ctx.statistics }, ctx.runSeed);
  const evidence = ctx.evidence && !scored.rows ? { evidence: jobEvidence(ctx.evidence, scored.metrics, episodes, predictions, ctx.statistics, ctx.runSeed) } : {};
  return { index: job.index, predictions, ...scored, ...periodsOf(job, key, episodes, predictions, ctx.statistics, ctx.runSeed, ctx.periods), error, ...evidence };
}

/** A failed job's output (crash, timeout) without running it. */
export function failedJob(episodes: readonly Episode[], job: JobSpec, reason: string, statistics: StatisticsSettings, runSeed: string,
  periods?: readonly PeriodSpec[]): JobOutput {
  const predictions: Prediction[] = episodes.map((e) => ({
    episodeId: e.id, criterion: job.criterionId, params: job.paramsKey, score: NaN, call: null, abstainReason: '', error: reason,
  }));
  const key = { dataset: job.dataset, kind: job.kind, ...definitionOf(job), criterion: job.criterionId, params: job.paramsKey };
  return { index: job.index, predictions, ...jobMetrics(job, key, episodes, predictions, statistics, runSeed), ...periodsOf(job, key, episodes, predictions, statistics, runSeed, periods), error: reason };
}


/** A job's rows per evaluation period (none without periods); a universe job's are its pooled row's, with cluster inference. */
function periodsOf(job: JobSpec, key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[], statistics: StatisticsSettings,
  runSeed: string, periods?: readonly PeriodSpec[]): { periodMetrics?: MetricsRow[] } {
  if (!periods || periods.length === 0) return {};
  return { periodMetrics: job.universe ? universePeriodRows(job.universe, key, episodes, predictions, statistics, runSeed, periods)
    : scorePeriods(key, episodes, predictions, statistics, runSeed, periods) };
}
