/**
 * Run-level analyses computed from the jobs' predictions once every job is
 * in (at assembly: an unsharded run, or merged shards), because each needs
 * rows that different jobs produced:
 *   - evaluation periods (each job scored its row per period): q-values
 *     per period, and the out-of-sample verdict;
 *   - parameter grids: the family-wise p of each row within its criterion's
 *     grid (one label permutation for every set) and the probability of
 *     backtest overfitting (CSCV);
 *   - stability: AUC and balanced accuracy per decade of decisions;
 *   - walk-forward selection over each grid (engine/run/walk-forward.ts) and
 *     replication across datasets (engine/run/replication.ts), when configured.
 * Pure: the same episodes, predictions, settings and seed give the same result.
 */
import { positionsById } from '../episodes/common.ts';
import type { Episode, Prediction } from '../types.ts';
import type { EvaluationInfo, FamilyRow, MetricsRow, StabilityRow, StatisticsSettings } from '../results.ts';
import type { ReplicationRow, WalkForwardRow } from '../selection-results.ts';
import { parseIsoDay, yearOf } from '../calendar.ts';
import { familyWise, type FamilyMaxima } from '../stats/family.ts';
import { clusteredFamilyP, ownTestAllowsForClusters } from '../stats/multiple.ts';
import { probabilityOfOverfitting } from '../stats/cscv.ts';
import { decadeStability } from '../stats/stability.ts';
import { finishPeriods } from '../stats/periods.ts';
import { deriveSeed } from '../stats/random.ts';
import { setIdentity } from '../definition-labels.ts';
import { walkForwardRow, type GridInput } from './walk-forward.ts';
import { assignPeriodFamilyP, replicationRows } from './replication.ts';

/** A finished whole-sample row (mutable: family p and verdict are filled in) with its job's predictions. */
export interface RowWithPredictions {
  metrics: MetricsRow;
  /** The row per evaluation period, as its job scored them. */
  periodMetrics?: readonly MetricsRow[];
  predictions: readonly Prediction[];
  /** What was computed of this row while the jobs ran (assembly-ahead.ts), when it was. */
  ahead?: RowAhead;
}

/** One job's row, prepared while the jobs ran (assembly-ahead.ts): the same values assembly would compute. */
export interface RowAhead {
  /** The row's scores on its set's labelled episodes (NaN: not scored). */
  scores: Float64Array;
  stability: StabilityRow[];
  /** Its |AUC - 0.5| as its grid's family-wise test sees it (absent when its grid is left to assembly). */
  familyStatistic?: number;
}

export interface DerivedAnalyses {
  periodMetrics?: MetricsRow[];
  families?: FamilyRow[];
  stability: StabilityRow[];
  walkForward?: WalkForwardRow[];
  replication?: ReplicationRow[];
}

/** The labelled episodes of one (dataset, kind), in decision-date order, with their labels and decision years. */
export interface EpisodeSet {
  labelled: Episode[];
  labels: Float64Array;
  years: Int32Array;
}

export function episodeSets(episodes: readonly Episode[]): Map<string, EpisodeSet> {
  const groups = new Map<string, Episode[]>();
  for (const e of episodes) {
    const k = setIdentity(e.market, e.kind, e.definition);
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(e);
  }
  const out = new Map<string, EpisodeSet>();
  for (const [k, all] of groups) {
    const labelled = all.filter((e) => e.label !== null)
      .sort((a, b) => (a.decisionDate < b.decisionDate ? -1 : a.decisionDate > b.decisionDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.set(k, {
      labelled,
      labels: Float64Array.from(labelled, (e) => e.label!),
      years: Int32Array.from(labelled, (e) => yearOf(parseIsoDay(e.decisionDate))),
    });
  }
  return out;
}

const usableScore = (p: Prediction | undefined): number => (p && !p.error && p.call !== null && Number.isFinite(p.score) ? p.score : NaN);

/** A row's scores on the set's labelled episodes (NaN where it abstained or its job failed; an episode's last prediction counts). */
export function alignedScores(set: EpisodeSet, predictions: readonly Prediction[]): Float64Array {
  const at = positionsById(set.labelled);
  if (!at) {
    const byId = new Map<string, Prediction>();
    for (const p of predictions) byId.set(p.episodeId, p);
    return Float64Array.from(set.labelled, (e) => usableScore(byId.get(e.id)));
  }
  const out = new Float64Array(set.labelled.length).fill(NaN);
  for (const p of predictions) {
    const i = at.get(p.episodeId);
    if (i !== undefined) out[i] = usableScore(p);
  }
  return out;
}

const setKey = (m: MetricsRow): string => setIdentity(m.dataset, m.kind, m.definition);

/** A grid's key: its episode set and criterion (rows of one criterion on one set form one family). */
export const familyKey = (set: string, criterion: string): string => `${set}|${criterion}`;

/** The seed of a grid's family-wise permutations. */
export const familySeed = (runSeed: string, key: string): string => deriveSeed(runSeed, `${key}|family`);

/** Every criterion's grid of 2+ sets on a (dataset, kind) with labelled episodes, in row order. */
function gridInputs(rows: readonly RowWithPredictions[], sets: Map<string, EpisodeSet>, scores: Map<RowWithPredictions, Float64Array>,
  ahead: ReadonlyMap<string, FamilyMaxima>): Array<GridInput & { observed?: Float64Array; ahead?: FamilyMaxima }> {
  const families = new Map<string, RowWithPredictions[]>();
  for (const r of rows) {
    const k = familyKey(setKey(r.metrics), r.metrics.criterion);
    let l = families.get(k);
    if (!l) families.set(k, (l = []));
    l.push(r);
  }
  return [...families.values()].flatMap((members) => {
    const set = members.length >= 2 ? sets.get(setKey(members[0]!.metrics)) : undefined;
    if (!set) return [];
    const input = { members: members.map((r) => r.metrics), labelled: set.labelled, labels: set.labels, scores: members.map((r) => scores.get(r)!) };
    // The grid's permutations were done while its jobs ran when every member was added there (and no other row joined it).
    const family = ahead.get(familyKey(setKey(members[0]!.metrics), members[0]!.metrics.criterion));
    const observed = members.map((r) => r.ahead?.familyStatistic);
    const done = family && family.size === members.length && observed.every((t) => t !== undefined);
    return [done ? { ...input, ahead: family, observed: Float64Array.from(observed as number[]) } : input];
  });
}

/** Family-wise p per row (in place) and one FamilyRow per grid of 2+ sets. */
function grids(inputs: ReadonlyArray<GridInput & { observed?: Float64Array; ahead?: FamilyMaxima }>, statistics: StatisticsSettings, seed: string): FamilyRow[] {
  return inputs.map(({ members, labels, scores: grid, ahead, observed }) => {
    const first = members[0]!;
    const key = familyKey(setKey(first), first.criterion);
    const fw = ahead && observed ? ahead.result(observed) : familyWise(labels, grid, statistics.permutations, familySeed(seed, key));
    const adjusted = ownTestAllowsForClusters(first) ? clusteredFamilyP(fw.adjusted, members.map((m) => m.pValue)) : fw.adjusted;
    members.forEach((m, j) => { m.familyP = adjusted[j]!; });
    const pbo = probabilityOfOverfitting(labels, grid);
    const best = fw.best >= 0 ? members[fw.best]! : undefined;
    return {
      dataset: first.dataset, kind: first.kind, ...(first.definition === undefined ? {} : { definition: first.definition }), criterion: first.criterion,
      sets: members.length, scoredSets: members.filter((m) => Number.isFinite(m.auc)).length,
      bestParams: best?.params ?? '', bestAuc: best?.auc ?? NaN, bestP: best?.pValue ?? NaN,
      familyP: fw.best >= 0 ? adjusted[fw.best]! : NaN,
      pbo: pbo.pbo, pboBlocks: pbo.blocks, pboSplits: pbo.splits, pboNote: pbo.note,
    };
  });
}

/** Every run-level analysis of a finished run (whole-sample rows are updated in place). */
export function deriveAnalyses(episodes: readonly Episode[], rows: readonly RowWithPredictions[], statistics: StatisticsSettings,
  seed: string, evaluation: EvaluationInfo | undefined, aheadFamilies: ReadonlyMap<string, FamilyMaxima> = new Map()): DerivedAnalyses {
  const sets = episodeSets(episodes);
  const scores = new Map<RowWithPredictions, Float64Array>();
  for (const r of rows) {
    const set = sets.get(setKey(r.metrics));
    scores.set(r, r.ahead?.scores ?? (set ? alignedScores(set, r.predictions) : new Float64Array(0)));
  }
  const inputs = gridInputs(rows, sets, scores, aheadFamilies);
  const families = grids(inputs, statistics, seed);
  const wf = evaluation?.walkForward;
  const walkForward = wf ? inputs.map((g) => walkForwardRow(g, families.find((f) => f.dataset === g.members[0]!.dataset && f.kind === g.members[0]!.kind && f.definition === g.members[0]!.definition
    && f.criterion === g.members[0]!.criterion), wf, statistics, seed)) : undefined;
  const periods = evaluation?.periods.length ?? 0;
  const periodMetrics = periods ? finishPeriods(rows.map((r) => r.metrics), rows.map((r) => (r.periodMetrics ?? []).map((m) => ({ ...m }))), periods) : undefined;
  const rep = evaluation?.replication;
  const discoveryPeriod = evaluation?.periods.find((p) => p.name === rep?.discovery);
  if (discoveryPeriod && periodMetrics) assignPeriodFamilyP(inputs, periodMetrics, discoveryPeriod, statistics, seed);
  const replication = rep ? replicationRows(rows.map((r) => r.metrics), periodMetrics ?? [], evaluation!.periods.map((p) => p.name), rep) : undefined;
  const stability = rows.flatMap((r) => {
    const set = sets.get(setKey(r.metrics));
    const m = r.metrics;
    return r.ahead?.stability ?? (set ? decadeStability(m, set.years, set.labels, scores.get(r)!, statistics.threshold) : []);
  });
  return { ...(periodMetrics ? { periodMetrics } : {}), ...(families.length ? { families } : {}), stability,
    ...(walkForward ? { walkForward } : {}), ...(replication ? { replication } : {}) };
}
