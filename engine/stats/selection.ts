/**
 * Walk-forward selection over a parameter grid: at each step of
 * engine/stats/folds.ts, choose the parameter set (and optionally the call
 * threshold) on the step's training episodes — those whose outcomes were
 * known at its first test decision — then apply the choice, unchanged, to the
 * step's test block. The test blocks' scores, pooled, are the out-of-sample
 * record of the selection procedure itself (not of any one set).
 *
 * Choosing a set: the largest objective on the training episodes it scored
 * (AUC, or balanced accuracy of the calls `score >= threshold`); a set whose
 * training objective is undefined (it scored one class only, or nothing) is
 * not a candidate; ties go to the set listed first. Choosing a threshold (when
 * asked): the chosen set's training score value t maximising the balanced
 * accuracy of `score >= t`, the smallest such t on ties.
 * Pure and deterministic.
 */
import type { Objective } from '../out-of-sample-spec.ts';
import { rocAuc } from './auc.ts';
import { walkForwardFolds, type Fold, type FoldItem, type WalkForwardOptions } from './folds.ts';

export interface SelectionInput {
  /** Each episode's 0/1 label. */
  labels: ArrayLike<number>;
  /** Each episode's times (folds.ts). */
  items: readonly FoldItem[];
  /** grid[j][i]: set j's score on episode i (NaN = not scored). */
  grid: readonly ArrayLike<number>[];
}

export interface SelectionOptions {
  folds: WalkForwardOptions;
  objective: Objective;
  /** Also choose the call threshold on the training episodes. */
  chooseThreshold: boolean;
  /** The call threshold when it is not chosen. */
  threshold: number;
}

export interface StepChoice {
  fold: Fold;
  /** Index of the chosen set, -1 when no set had a defined training objective. */
  chosen: number;
  /** The chosen set's objective on the training episodes (NaN when none chosen). */
  trainObjective: number;
  /** The call threshold applied to the test block. */
  threshold: number;
}

export interface SelectionResult {
  steps: StepChoice[];
  /** Per episode: the score of the set chosen for its test block (NaN when untested or the set abstained). */
  oosScores: Float64Array;
  /** Per episode: 1 / 0 call at that step's threshold (NaN when no score). */
  oosCalls: Float64Array;
}

/** Scores and labels of `scores` on the indices `at` (NaN scores kept, rocAuc drops them). */
function subset(values: ArrayLike<number>, at: readonly number[]): Float64Array {
  return Float64Array.from(at, (i) => values[i]!);
}

/** Balanced accuracy of calls `score >= t`; NaN when a class is empty. */
export function balancedAccuracyAt(scores: ArrayLike<number>, labels: ArrayLike<number>, t: number): number {
  let tp = 0, fn = 0, tn = 0, fp = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s !== s) continue;
    const called = s >= t;
    if (labels[i]! > 0.5) { if (called) tp++; else fn++; } else if (called) fp++; else tn++;
  }
  return tp + fn > 0 && tn + fp > 0 ? (tp / (tp + fn) + tn / (tn + fp)) / 2 : NaN;
}

/** The threshold among the scores' values with the largest balanced accuracy (smallest on ties), and that accuracy. */
export function bestThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): { threshold: number; balancedAccuracy: number } {
  const idx: number[] = [];
  let n1 = 0, n0 = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! !== scores[i]!) continue;
    idx.push(i);
    if (labels[i]! > 0.5) n1++; else n0++;
  }
  if (n1 === 0 || n0 === 0) return { threshold: NaN, balancedAccuracy: NaN };
  idx.sort((a, b) => scores[a]! - scores[b]! || a - b);
  // Sweep t over distinct values ascending: everything at or above t is called durable.
  let below1 = 0, below0 = 0;
  let best = -1, bestT = NaN;
  for (let p = 0; p < idx.length;) {
    const t = scores[idx[p]!]!;
    const ba = ((n1 - below1) / n1 + below0 / n0) / 2;
    if (ba > best) { best = ba; bestT = t; }
    while (p < idx.length && scores[idx[p]!]! === t) { if (labels[idx[p]!]! > 0.5) below1++; else below0++; p++; }
  }
  return { threshold: bestT, balancedAccuracy: best };
}

function objectiveOf(scores: Float64Array, labels: Float64Array, o: SelectionOptions): number {
  if (o.objective === 'auc') return rocAuc(scores, labels);
  return o.chooseThreshold ? bestThreshold(scores, labels).balancedAccuracy : balancedAccuracyAt(scores, labels, o.threshold);
}

function chooseOnTraining(input: SelectionInput, fold: Fold, o: SelectionOptions): StepChoice {
  const labels = subset(input.labels, fold.train);
  let chosen = -1, trainObjective = NaN;
  input.grid.forEach((g, j) => {
    const v = objectiveOf(subset(g, fold.train), labels, o);
    if (v === v && (chosen < 0 || v > trainObjective)) { chosen = j; trainObjective = v; }
  });
  const threshold = chosen >= 0 && o.chooseThreshold ? bestThreshold(subset(input.grid[chosen]!, fold.train), labels).threshold : o.threshold;
  return { fold, chosen, trainObjective, threshold };
}

/** Walk-forward selection over the grid; see the module comment. */
export function walkForwardSelect(input: SelectionInput, options: SelectionOptions): SelectionResult {
  const n = input.labels.length;
  if (input.items.length !== n || input.grid.some((g) => g.length !== n)) throw new RangeError('walkForwardSelect: labels, items and every set\'s scores need one entry per episode');
  const steps = walkForwardFolds(input.items, options.folds).map((fold) => chooseOnTraining(input, fold, options));
  const oosScores = new Float64Array(n).fill(NaN);
  const oosCalls = new Float64Array(n).fill(NaN);
  for (const s of steps) {
    if (s.chosen < 0) continue;
    const g = input.grid[s.chosen]!;
    for (const i of s.fold.test) {
      const x = g[i]!;
      if (x !== x) continue;
      oosScores[i] = x;
      oosCalls[i] = x >= s.threshold ? 1 : 0;
    }
  }
  return { steps, oosScores, oosCalls };
}
