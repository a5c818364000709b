/**
 * Walk-forward selection (engine/stats/selection.ts) on planted data: the
 * procedure picks the planted set at every step and keeps its edge out of
 * sample; on a grid of null sets its out-of-sample AUC is about 0.5 while
 * the in-sample best is well above; a step's choice never depends on an
 * outcome not yet known; the threshold choice maximises balanced accuracy.
 */
import { describe, expect, it } from 'vitest';
import { SeededStream } from '../engine/stats/random.ts';
import { rocAuc } from '../engine/stats/auc.ts';
import { balancedAccuracyAt, bestThreshold, walkForwardSelect, type SelectionOptions } from '../engine/stats/selection.ts';
import type { FoldItem } from '../engine/stats/folds.ts';

const OPTIONS: SelectionOptions = { folds: { steps: 4, minTrain: 40 }, objective: 'auc', chooseThreshold: false, threshold: 0.5 };

/** n episodes every 20 days, outcome windows of 60 days, `sets` score columns: set `planted` (if >= 0) carries signal. */
function grid(g: SeededStream, n: number, sets: number, planted: number, strength = 1.2): { labels: Float64Array; items: FoldItem[]; grid: Float64Array[] } {
  const labels = Float64Array.from({ length: n }, () => (g.uniform() < 0.4 ? 1 : 0));
  const items = Array.from({ length: n }, (_, i) => ({ decision: i * 20, outcomeEnd: i * 20 + 60 }));
  const cols = Array.from({ length: sets }, (_, j) => Float64Array.from(labels, (y) => {
    const z = g.normal() + (j === planted ? strength * y : 0);
    return 1 / (1 + Math.exp(-z));
  }));
  return { labels, items, grid: cols };
}

function pooledAuc(scores: Float64Array, labels: Float64Array): number {
  const at = [...scores.keys()].filter((i) => scores[i] === scores[i]);
  return rocAuc(Float64Array.from(at, (i) => scores[i]!), Float64Array.from(at, (i) => labels[i]!));
}

describe('walk-forward selection', () => {
  it('picks the planted set at every step and keeps its edge out of sample', () => {
    const g = new SeededStream('planted');
    const data = grid(g, 300, 25, 17, 2); // AUC about 0.92: clear of the best of 24 null sets on the first step's 40 episodes
    const sel = walkForwardSelect(data, OPTIONS);
    expect(sel.steps.length).toBe(4);
    for (const s of sel.steps) expect(s.chosen).toBe(17);
    const oos = pooledAuc(sel.oosScores, data.labels);
    expect(oos).toBeGreaterThan(0.7);
    // only the test blocks are scored; the episodes before the first block are not
    const firstTest = sel.steps[0]!.fold.test[0]!;
    for (let i = 0; i < firstTest; i++) expect(sel.oosScores[i]).toBeNaN();
  });

  it('on a grid of null sets the out-of-sample AUC is about 0.5 while the in-sample best is not', () => {
    const g = new SeededStream('null-grid');
    const oos: number[] = [];
    const best: number[] = [];
    for (let rep = 0; rep < 40; rep++) {
      const data = grid(g, 200, 30, -1);
      const sel = walkForwardSelect(data, OPTIONS);
      oos.push(pooledAuc(sel.oosScores, data.labels));
      best.push(Math.max(...data.grid.map((s) => rocAuc(s, data.labels))));
    }
    const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
    // sd of one pooled AUC (~140 episodes) is about 0.05; the mean of 40 about 0.008
    expect(Math.abs(mean(oos) - 0.5)).toBeLessThan(0.03);
    expect(mean(best)).toBeGreaterThan(0.58);
  });

  it('a step chooses only on outcomes known at its first test decision', () => {
    const g = new SeededStream('no-peek');
    const data = grid(g, 240, 12, 3, 0.6);
    const sel = walkForwardSelect(data, OPTIONS);
    for (const s of sel.steps) {
      // scramble every label the step could not have known: the choice must not move
      const known = new Set(s.fold.train);
      const scrambled = Float64Array.from(data.labels, (y, i) => (known.has(i) ? y : 1 - y));
      const again = walkForwardSelect({ ...data, labels: scrambled }, OPTIONS).steps.find((x) => x.fold.start === s.fold.start)!;
      expect(again.chosen).toBe(s.chosen);
      expect(again.trainObjective).toBe(s.trainObjective);
      // episodes still running at the start (decided in the 60 days before it) are not in the training set
      for (const i of s.fold.train) expect(data.items[i]!.outcomeEnd).toBeLessThanOrEqual(s.fold.start);
    }
  });

  it('a set that scored one class only is not a candidate; ties go to the first set', () => {
    const labels = Float64Array.from({ length: 60 }, (_, i) => i % 2);
    const items = Array.from({ length: 60 }, (_, i) => ({ decision: i, outcomeEnd: i }));
    const same = Float64Array.from(labels, (y, i) => y + i / 1000);
    const abstains = Float64Array.from(labels, (y) => (y ? 0.9 : NaN));
    const sel = walkForwardSelect({ labels, items, grid: [abstains, same, same] }, { ...OPTIONS, folds: { steps: 2, minTrain: 20 } });
    for (const s of sel.steps) expect(s.chosen).toBe(1);
  });

  it('chooses the call threshold with the best balanced accuracy on the training episodes', () => {
    const scores = [0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.7, 0.8];
    const labels = [0, 0, 0, 1, 0, 1, 1, 1];
    const t = bestThreshold(scores, labels);
    expect(t.threshold).toBe(0.35);
    expect(t.balancedAccuracy).toBeCloseTo((1 + 0.75) / 2, 12);
    for (const x of scores) expect(balancedAccuracyAt(scores, labels, x)).toBeLessThanOrEqual(t.balancedAccuracy);
    const g = new SeededStream('threshold');
    const data = grid(g, 200, 5, 2);
    const sel = walkForwardSelect(data, { ...OPTIONS, chooseThreshold: true, objective: 'balanced-accuracy' });
    for (const s of sel.steps) {
      expect(s.chosen).toBe(2);
      expect(s.threshold).not.toBe(0.5);
      for (const i of s.fold.test) expect(sel.oosCalls[i]).toBe(data.grid[2]![i]! >= s.threshold ? 1 : 0);
    }
  });
});
