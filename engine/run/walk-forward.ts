/**
 * Walk-forward selection of every parameter grid of a finished run
 * (engine/stats/selection.ts on the grid's aligned scores), at assembly:
 * per step the set chosen on the episodes whose outcomes were known, scored
 * on the next block; the pooled out-of-sample record (AUC with its interval
 * and permutation p, scored like any metrics row) next to the in-sample best
 * set, its family-wise p and the grid's PBO. Pure: the same predictions,
 * settings and seed give the same rows, for any worker count or sharding.
 */
import type { Episode, Prediction } from '../types.ts';
import type { FamilyRow, MetricsRow, StatisticsSettings } from '../results.ts';
import type { WalkForwardRow, WalkForwardStep } from '../selection-results.ts';
import type { Objective, WalkForwardSpec } from '../out-of-sample-spec.ts';
import { parseIsoDay, yearOf } from '../calendar.ts';
import { rocAuc } from '../stats/auc.ts';
import { episodeFoldItem, type WalkForwardOptions } from '../stats/folds.ts';
import { shownAucInterval } from '../stats/interval-choice.ts';
import { scoreRow } from '../stats/scoring.ts';
import { balancedAccuracyAt, walkForwardSelect, type SelectionResult } from '../stats/selection.ts';

/** One criterion's grid on one (dataset, kind): its rows and their scores on the labelled episodes (decision-date order). */
export interface GridInput {
  members: readonly MetricsRow[];
  /** Labelled episodes of the (dataset, kind), in decision-date order, and their labels. */
  labelled: readonly Episode[];
  labels: Float64Array;
  /** scores[j][i]: member j's score on labelled episode i (NaN = not scored). */
  scores: readonly Float64Array[];
}

/** The row name of the procedure's pooled out-of-sample scores (seeds its resamples). */
export const WALK_FORWARD_PARAMS = 'walk-forward';

export const WALK_FORWARD_RULE = 'at each step the set with the best objective on the episodes whose outcomes were known at the step\'s first test decision '
  + '(an episode still running then is not used) is applied unchanged to the next block; the out-of-sample AUC pools every block\'s episodes, '
  + 'scored by the set chosen before it (interval and two-sided permutation p as for any row)';

/** Test block starts every `stepYears` calendar years (from a multiple of stepYears), as decision indices of the episodes. */
function yearStarts(labelled: readonly Episode[], stepYears: number): number[] {
  const starts: number[] = [];
  let next = -Infinity;
  for (const e of labelled) {
    const y = yearOf(parseIsoDay(e.decisionDate));
    if (y < next) continue;
    starts.push(e.decisionIndex);
    next = (Math.floor(y / stepYears) + 1) * stepYears;
  }
  return starts;
}

function foldOptions(g: GridInput, spec: WalkForwardSpec): WalkForwardOptions {
  return spec.stepYears !== undefined
    ? { starts: yearStarts(g.labelled, spec.stepYears), minTrain: spec.minTrain }
    : { steps: spec.steps ?? 5, minTrain: spec.minTrain };
}

const metricOf = (m: MetricsRow, o: Objective): number => (o === 'auc' ? m.auc : m.balancedAccuracy);

/** The member with the best objective on the whole sample (first on ties; -1 when none is defined). */
export function inSampleBest(members: readonly MetricsRow[], o: Objective): number {
  let best = -1;
  members.forEach((m, j) => {
    const v = metricOf(m, o);
    if (Number.isFinite(v) && (best < 0 || v > metricOf(members[best]!, o))) best = j;
  });
  return best;
}

function stepRows(g: GridInput, sel: SelectionResult): WalkForwardStep[] {
  return sel.steps.map((s) => {
    const tested = s.fold.test.filter((i) => sel.oosScores[i] === sel.oosScores[i]);
    const scores = Float64Array.from(tested, (i) => sel.oosScores[i]!);
    const labels = Float64Array.from(tested, (i) => g.labels[i]!);
    const train = s.fold.train;
    return {
      step: s.fold.step + 1,
      trainFrom: g.labelled[train[0]!]!.decisionDate, trainTo: g.labelled[train[train.length - 1]!]!.decisionDate, trainN: train.length,
      testFrom: g.labelled[s.fold.test[0]!]!.decisionDate, testTo: g.labelled[s.fold.test[s.fold.test.length - 1]!]!.decisionDate, testN: tested.length,
      chosenParams: s.chosen >= 0 ? g.members[s.chosen]!.params : '', trainObjective: s.trainObjective, threshold: s.threshold,
      testAuc: tested.length ? rocAuc(scores, labels) : NaN,
      testBalancedAccuracy: tested.length ? balancedAccuracyAt(scores, Float64Array.from(labels), s.threshold) : NaN,
    };
  });
}

/** The pooled out-of-sample row: every tested episode with the chosen set's score, scored like a metrics row. */
function pooledRow(g: GridInput, sel: SelectionResult, statistics: StatisticsSettings, seed: string): { row: MetricsRow; balancedAccuracy: number } {
  const first = g.members[0]!;
  const tested = g.labelled.map((_, i) => i).filter((i) => sel.oosScores[i] === sel.oosScores[i]);
  const predictions: Prediction[] = tested.map((i) => ({
    episodeId: g.labelled[i]!.id, criterion: first.criterion, params: WALK_FORWARD_PARAMS, score: sel.oosScores[i]!,
    call: sel.oosCalls[i]! > 0.5 ? 1 : 0, abstainReason: '', error: '',
  }));
  const key = { dataset: first.dataset, kind: first.kind, criterion: first.criterion, params: WALK_FORWARD_PARAMS };
  const row = scoreRow(key, tested.map((i) => g.labelled[i]!), predictions, statistics, seed);
  // The calls at each step's own threshold (scoreRow calls at the run's threshold).
  let tp = 0, fn = 0, tn = 0, fp = 0;
  for (const i of tested) {
    const c = sel.oosCalls[i]! > 0.5;
    if (g.labels[i]! > 0.5) { if (c) tp++; else fn++; } else if (c) fp++; else tn++;
  }
  const balancedAccuracy = tp + fn > 0 && tn + fp > 0 ? (tp / (tp + fn) + tn / (tn + fp)) / 2 : NaN;
  return { row, balancedAccuracy };
}

/** Walk-forward selection of one grid. */
export function walkForwardRow(g: GridInput, family: FamilyRow | undefined, spec: WalkForwardSpec, statistics: StatisticsSettings, seed: string): WalkForwardRow {
  const first = g.members[0]!;
  const sel = walkForwardSelect({ labels: g.labels, items: g.labelled.map(episodeFoldItem), grid: g.scores },
    { folds: foldOptions(g, spec), objective: spec.objective, chooseThreshold: spec.threshold, threshold: statistics.threshold });
  const { row, balancedAccuracy } = pooledRow(g, sel, statistics, seed);
  const best = inSampleBest(g.members, spec.objective);
  const inTest = [...new Set(sel.steps.flatMap((s) => s.fold.test))].sort((a, b) => a - b);
  const bestOnTest = best >= 0 && inTest.length
    ? rocAuc(Float64Array.from(inTest, (i) => g.scores[best]![i]!), Float64Array.from(inTest, (i) => g.labels[i]!)) : NaN;
  return {
    dataset: first.dataset, kind: first.kind, ...(first.definition === undefined ? {} : { definition: first.definition }),
    criterion: first.criterion, sets: g.members.length, objective: spec.objective,
    steps: stepRows(g, sel),
    oosN: row.n, oosPositives: row.positives, oosAuc: row.auc, oosAucCI: { ...shownAucInterval(row) }, oosP: row.pValue, oosPAbove: row.pAbove,
    oosBalancedAccuracy: spec.threshold ? balancedAccuracy : row.balancedAccuracy,
    distinctChoices: new Set(sel.steps.filter((s) => s.chosen >= 0).map((s) => s.chosen)).size,
    bestParams: best >= 0 ? g.members[best]!.params : '', bestAuc: best >= 0 ? g.members[best]!.auc : NaN,
    bestP: best >= 0 ? g.members[best]!.pValue : NaN, bestFamilyP: best >= 0 ? g.members[best]!.familyP : NaN,
    pbo: family?.pbo ?? NaN, bestOnTestAuc: bestOnTest,
  };
}
