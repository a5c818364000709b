/**
 * The rows of a universe job (one criterion x parameters over every
 * member's episodes of one kind): the pooled row over all members, one row
 * per group when a membership file gives groups, and one row per member, as
 * the universe's `rows` setting asks ("pooled": pooled and group rows,
 * "members": member rows, "both").
 *
 * Pooled and group rows respect the dependence between episodes decided
 * close together: besides the usual i.i.d. and calendar-year intervals they
 * carry cluster-bootstrap intervals (whole clusters of episodes decided in
 * the same calendar period resampled), and their p-value is the cluster
 * permutation test's (engine/stats/cluster.ts); the i.i.d. p-value is kept
 * beside it for comparison. Member rows are ordinary rows (one member's
 * episodes rarely share a period). Pure and seeded by each row's key, like
 * every row.
 */
import type { Episode, Prediction } from '../types.ts';
import type { Interval, MetricsRow, PooledInfo, StatisticsSettings } from '../results.ts';
import { clusterKey, type ClusterPeriod, type RowsMode } from '../universe-spec.ts';
import { parseIsoDay } from '../calendar.ts';
import { rowKeyText, scoreRow, type RowKey } from '../stats/scoring.ts';
import { rankPrepare } from '../stats/ranking.ts';
import { rowBootstrap } from '../stats/row-bootstrap.ts';
import { clusterPermutationPValue, distinctCount, periodOf } from '../stats/cluster.ts';
import { deriveSeed } from '../stats/random.ts';

/** What a universe job needs to know to make its rows (it travels with the job). */
export interface UniverseRowsSpec {
  id: string;
  rows: RowsMode;
  cluster: ClusterPeriod;
  /** Member → group, for the members the membership file names ({} without one). */
  groups: Record<string, string>;
}

/** Fewer clusters than this flag a pooled or group row as a small sample. */
export const MIN_CLUSTERS = 20;

interface Sample {
  episodes: Episode[];
  scores: Float64Array;
  labels: Float64Array;
  calls: Float64Array;
}

/** The episodes a row scores (labelled, predicted without error, not abstained), as scoreRow counts them. */
function scoredSample(episodes: readonly Episode[], predictions: readonly Prediction[], threshold: number): Sample {
  const byEpisode = new Map<string, Prediction>();
  for (const p of predictions) byEpisode.set(p.episodeId, p);
  const eps: Episode[] = [];
  const sc: number[] = [];
  for (const e of episodes) {
    if (e.label === null) continue;
    const p = byEpisode.get(e.id);
    if (!p || p.error || p.call === null || !Number.isFinite(p.score)) continue;
    eps.push(e);
    sc.push(p.score);
  }
  const scores = Float64Array.from(sc);
  return {
    episodes: eps, scores,
    labels: Float64Array.from(eps, (e) => e.label!),
    calls: Float64Array.from(scores, (s) => (s >= threshold ? 1 : 0)),
  };
}

const none = (): Interval => ({ lo: NaN, hi: NaN });

/** A pooled or group row: scoreRow plus cluster intervals and the cluster permutation p-value. */
function clusterRow(key: RowKey, scope: 'pooled' | 'group', spec: UniverseRowsSpec, group: string | undefined,
  episodes: readonly Episode[], predictions: readonly Prediction[], settings: StatisticsSettings, runSeed: string): MetricsRow {
  const base = scoreRow(key, episodes, predictions, settings, runSeed);
  const s = scoredSample(episodes, predictions, settings.threshold);
  const clusters = Int32Array.from(s.episodes, (e) => periodOf(parseIsoDay(e.decisionDate), spec.cluster));
  const k = distinctCount(clusters);
  const keyText = rowKeyText(key);
  const n = s.scores.length;
  const ranked = rankPrepare(s.scores, s.labels, 'clusterRow');
  let ci = { auc: none(), balancedAccuracy: none(), brier: none() };
  if (settings.bootstrap > 0 && n > 0) {
    const b = rowBootstrap(s, { resamples: settings.bootstrap, level: settings.level, seed: deriveSeed(runSeed, `${keyText}|boot-cluster`), groups: clusters }, ranked);
    ci = { auc: { lo: b.auc.lo, hi: b.auc.hi }, balancedAccuracy: { lo: b.balancedAccuracy.lo, hi: b.balancedAccuracy.hi }, brier: { lo: b.brier.lo, hi: b.brier.hi } };
  }
  const p = settings.permutations > 0 && n > 0
    ? clusterPermutationPValue(ranked, clusters, settings.permutations, deriveSeed(runSeed, `${keyText}|perm-cluster`))
    : NaN;
  const pooled: PooledInfo = {
    scope, universe: spec.id, ...(group === undefined ? {} : { group }),
    members: new Set(s.episodes.map((e) => e.market)).size, clusters: k, clusterBy: clusterKey(spec.cluster),
    aucClusterCI: ci.auc, balancedAccuracyClusterCI: ci.balancedAccuracy, brierClusterCI: ci.brier, pValueIid: base.pValue,
  };
  const few = n > 0 && k < MIN_CLUSTERS ? `only ${k} clusters` : '';
  return { ...base, pValue: p, smallSample: [base.smallSample, few].filter(Boolean).join('; '), pooled };
}

function memberRow(key: RowKey, spec: UniverseRowsSpec, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string): MetricsRow {
  const row = scoreRow(key, episodes, predictions, settings, runSeed);
  const s = scoredSample(episodes, predictions, settings.threshold);
  const clusters = s.episodes.map((e) => periodOf(parseIsoDay(e.decisionDate), spec.cluster));
  const group = spec.groups[key.dataset];
  const pooled: PooledInfo = {
    scope: 'member', universe: spec.id, ...(group === undefined ? {} : { group }),
    members: s.episodes.length > 0 ? 1 : 0, clusters: distinctCount(clusters), clusterBy: clusterKey(spec.cluster), pValueIid: row.pValue,
  };
  return { ...row, pooled };
}

/** Episodes by member (or group), in first-appearance order. */
function byKey(episodes: readonly Episode[], keyOf: (e: Episode) => string | undefined): Map<string, Episode[]> {
  const out = new Map<string, Episode[]>();
  for (const e of episodes) {
    const k = keyOf(e);
    if (k === undefined) continue;
    let l = out.get(k);
    if (!l) out.set(k, (l = []));
    l.push(e);
  }
  return out;
}

/**
 * The rows of one universe job: `metrics` is the pooled row (the job's own
 * row), `rows` the rows it contributes to the run in order (pooled, groups
 * by name, members in member order) as `spec.rows` asks.
 */
export function universeRows(spec: UniverseRowsSpec, key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string): { metrics: MetricsRow; rows: MetricsRow[] } {
  const pooledKey = { ...key, dataset: spec.id };
  const pooled = clusterRow(pooledKey, 'pooled', spec, undefined, episodes, predictions, settings, runSeed);
  const rows: MetricsRow[] = [];
  if (spec.rows !== 'members') {
    rows.push(pooled);
    const groups = byKey(episodes, (e) => spec.groups[e.market]);
    for (const g of [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      rows.push(clusterRow({ ...key, dataset: `${spec.id}/${g}` }, 'group', spec, g, groups.get(g)!, predictions, settings, runSeed));
    }
  }
  if (spec.rows !== 'pooled') {
    for (const [member, eps] of byKey(episodes, (e) => e.market)) {
      rows.push(memberRow({ ...key, dataset: member }, spec, eps, predictions, settings, runSeed));
    }
  }
  return { metrics: pooled, rows };
}
