/**
 * The rows of a universe job (one criterion x parameters over every
 * member's episodes of one kind): the pooled row over all members, one row
 * per group when a membership file gives groups, and one row per member, as
 * the universe's `rows` setting asks ("pooled": pooled and group rows,
 * "members": member rows, "both"). Sector-lead episodes, found on the
 * universe's groups as sectors, make the pooled row and one row per group.
 *
 * Pooled and group rows respect the dependence between episodes decided
 * close together: a cluster is a calendar period, or with "overlap":
 * "merge" (the default) a run of consecutive periods spanning the episodes'
 * outcome horizon, so that only neighbouring clusters share outcome days.
 * Besides the usual i.i.d. and calendar-year intervals the rows carry
 * cluster-robust intervals (engine/stats/cluster-interval.ts: CR1 variance of
 * each statistic's linearization with t quantiles at the effective number of
 * clusters), and their p-value is the cluster permutation test's
 * (engine/stats/cluster.ts); the i.i.d. p-value is kept beside it for
 * comparison. Member rows are ordinary rows (one member's
 * episodes rarely share a period). Pure and seeded by each row's key, like
 * every row.
 */
import type { Episode, Prediction } from '../types.ts';
import type { Interval, MetricsRow, PooledInfo, StatisticsSettings } from '../results.ts';
import { clusterKey, type ClusterPeriod, type OverlapMode, type RowsMode } from '../universe-spec.ts';
import { parseIsoDay } from '../calendar.ts';
import { rowKeyText, scoreRow, type RowKey } from '../stats/scoring.ts';
import { rankPrepare, type Ranked } from '../stats/ranking.ts';
import { aucInfluence, balancedAccuracyInfluence, brierInfluence, clusterRobust, clusterTTest, tInterval } from '../stats/cluster-interval.ts';
import { blockPeriods, clusterOf, clusterPermutationTest, distinctCount, periodOf } from '../stats/cluster.ts';
import { deriveSeed } from '../stats/random.ts';
import { UNTESTED, type PermutationTest } from '../stats/permutation.ts';
import { tinySampleAucInterval } from '../stats/descriptive.ts';
import { inPeriod, type PeriodSpec } from '../evaluation.ts';

/** What a universe job needs to know to make its rows (it travels with the job). */
export interface UniverseRowsSpec {
  id: string;
  rows: RowsMode;
  cluster: ClusterPeriod;
  overlap: OverlapMode;
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

/** Periods per cluster of a set of episodes: 1, or with "merge" enough to span their longest outcome horizon. */
export function setBlockPeriods(spec: Pick<UniverseRowsSpec, 'cluster' | 'overlap'>, episodes: readonly Episode[]): number {
  if (spec.overlap === 'ignore') return 1;
  let h = 0;
  for (const e of episodes) if (e.horizon > h) h = e.horizon;
  return blockPeriods(h, spec.cluster);
}

/** The cluster of each episode (by its decision day). */
function clustersOf(episodes: readonly Episode[], spec: UniverseRowsSpec, block: number): Int32Array {
  return Int32Array.from(episodes, (e) => clusterOf(parseIsoDay(e.decisionDate), spec.cluster, block));
}

/** With runs of periods as clusters: each episode's period within its run, for the permutation to keep them in order. */
function partsOf(episodes: readonly Episode[], spec: UniverseRowsSpec, block: number): { part: Int32Array; parts: number } | undefined {
  if (block <= 1) return undefined;
  const part = Int32Array.from(episodes, (e) => {
    const k = periodOf(parseIsoDay(e.decisionDate), spec.cluster);
    return k - Math.floor(k / block) * block;
  });
  return { part, parts: block };
}

/** Cluster-robust intervals of AUC, balanced accuracy and Brier score, and the AUC interval's degrees of freedom. */
function clusterIntervals(s: Sample, clusters: Int32Array, ranked: Ranked, level: number): { auc: Interval; ba: Interval; brier: Interval; df: number; test: PermutationTest } {
  const auc = aucInfluence(ranked, s.scores.length);
  const ba = balancedAccuracyInfluence(s.labels, s.calls);
  const br = brierInfluence(s.scores, s.labels);
  const a = clusterRobust(auc.terms, clusters);
  return {
    auc: tInterval(auc.auc, a, level),
    ba: tInterval(ba.value, clusterRobust(ba.terms, clusters), level),
    brier: tInterval(br.value, clusterRobust(br.terms, clusters), level),
    df: a.df,
    test: clusterTTest(auc.auc, a),
  };
}

/**
 * A pooled row's p-values: the larger of the cluster permutation test's and the cluster-robust t test's (the
 * test its interval inverts), each side. With few clusters (a few years of monthly clusters: 11 in the
 * 253-member universe) the permutation of a handful of clusters rejects too often (a reviewer's null
 * criterion: 8-12% at 5%), while the t test with the clusters' degrees of freedom holds its level; with
 * many clusters both agree. The larger of two p-values is valid when either is, and the p then agrees
 * with the interval: below 1 - level only when the interval excludes 0.5. The permutation alone when the
 * t test is undefined (under two clusters); none without permutations, as for every row.
 */
function pooledP(perm: PermutationTest, t: PermutationTest): PermutationTest {
  const larger = (a: number, b: number): number => (a !== a ? b : b !== b ? a : Math.max(a, b));
  return { twoSided: larger(perm.twoSided, t.twoSided), above: larger(perm.above, t.above), below: larger(perm.below, t.below) };
}

/** A pooled or group row: scoreRow plus cluster-robust intervals and the cluster permutation p-value. */
function clusterRow(key: RowKey, scope: 'pooled' | 'group', spec: UniverseRowsSpec, group: string | undefined, block: number,
  episodes: readonly Episode[], predictions: readonly Prediction[], settings: StatisticsSettings, runSeed: string): MetricsRow {
  const base = scoreRow(key, episodes, predictions, settings, runSeed);
  const s = scoredSample(episodes, predictions, settings.threshold);
  const clusters = clustersOf(s.episodes, spec, block);
  const k = distinctCount(clusters);
  const keyText = rowKeyText(key);
  const n = s.scores.length;
  const ranked = rankPrepare(s.scores, s.labels, 'clusterRow');
  const ci = n > 0 ? clusterIntervals(s, clusters, ranked, settings.level) : { auc: none(), ba: none(), brier: none(), df: NaN, test: UNTESTED };
  const perm = settings.permutations > 0 && n > 0
    ? clusterPermutationTest(ranked, clusters, settings.permutations, deriveSeed(runSeed, `${keyText}|perm-cluster`), undefined, partsOf(s.episodes, spec, block))
    : UNTESTED;
  const test = settings.permutations > 0 ? pooledP(perm, ci.test) : UNTESTED;
  const aucCI = n > 0 ? tinySampleAucInterval(ci.auc, base.auc, base.positives, base.negatives, settings.level) : ci.auc;
  const pooled: PooledInfo = {
    scope, universe: spec.id, ...(group === undefined ? {} : { group }),
    members: new Set(s.episodes.map((e) => unitOf(e, spec))).size, clusters: k, clusterBy: clusterKey(spec.cluster), clusterPeriods: block,
    aucClusterCI: aucCI, balancedAccuracyClusterCI: ci.ba, brierClusterCI: ci.brier, clusterDf: ci.df, pValueIid: base.pValue,
  };
  const few = n > 0 && k < MIN_CLUSTERS ? `only ${k} clusters` : '';
  // Inverted by the interval the row shows: its cluster-robust one.
  return { ...base, interval: 'cluster', pValue: test.twoSided, pAbove: test.above, pBelow: test.below, inverted: aucCI.hi < 0.5, smallSample: [base.smallSample, few].filter(Boolean).join('; '), pooled };
}

function memberRow(key: RowKey, spec: UniverseRowsSpec, block: number, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string): MetricsRow {
  const row = scoreRow(key, episodes, predictions, settings, runSeed);
  const s = scoredSample(episodes, predictions, settings.threshold);
  const clusters = clustersOf(s.episodes, spec, block);
  const group = spec.groups[key.dataset];
  const pooled: PooledInfo = {
    scope: 'member', universe: spec.id, ...(group === undefined ? {} : { group }),
    members: s.episodes.length > 0 ? 1 : 0, clusters: distinctCount(clusters), clusterBy: clusterKey(spec.cluster), clusterPeriods: block, pValueIid: row.pValue,
  };
  return { ...row, pooled };
}

/**
 * The member an episode counts for: its market, or for a sector-lead episode
 * on the universe's groups (its market the universe's id) its group.
 */
function unitOf(e: Episode, spec: UniverseRowsSpec): string {
  return e.market === spec.id ? `group:${e.sector ?? ''}` : e.market;
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
  const block = setBlockPeriods(spec, episodes);
  const pooled = clusterRow(pooledKey, 'pooled', spec, undefined, block, episodes, predictions, settings, runSeed);
  const rows: MetricsRow[] = [];
  // Sector-lead episodes (on the universe's groups) have no member rows: their pooled and group rows are always made.
  const onGroups = episodes.length > 0 && episodes.every((e) => e.market === spec.id);
  if (spec.rows !== 'members' || onGroups) {
    rows.push(pooled);
    const groups = byKey(episodes, (e) => (e.market === spec.id ? e.sector : spec.groups[e.market]));
    for (const g of [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      rows.push(clusterRow({ ...key, dataset: `${spec.id}/${g}` }, 'group', spec, g, block, groups.get(g)!, predictions, settings, runSeed));
    }
  }
  if (spec.rows !== 'pooled') {
    for (const [member, eps] of byKey(episodes, (e) => (e.market === spec.id ? undefined : e.market))) {
      rows.push(memberRow({ ...key, dataset: member }, spec, block, eps, predictions, settings, runSeed));
    }
  }
  return { metrics: pooled, rows };
}

/**
 * A universe job's rows per evaluation period: its pooled row on the episodes decided in each period, with
 * the whole set's clusters and the same cluster inference (cluster-robust intervals, cluster permutation p),
 * so that a period's p does not treat the members' clustered episodes as independent.
 */
export function universePeriodRows(spec: UniverseRowsSpec, key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string, periods: readonly PeriodSpec[]): MetricsRow[] {
  const block = setBlockPeriods(spec, episodes);
  return periods.map((p) => clusterRow({ ...key, dataset: spec.id, period: p.name }, 'pooled', spec, undefined, block,
    episodes.filter((e) => inPeriod(e.decisionDate, p)), predictions, settings, runSeed));
}
