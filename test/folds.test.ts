/**
 * Walk-forward folds (engine/stats/folds.ts): expanding windows, only
 * outcomes known at a step's start train it, ties of decision time stay in
 * one block, purge, minTrain and explicit starts.
 */
import { describe, expect, it } from 'vitest';
import { walkForwardFolds, type FoldItem } from '../engine/stats/folds.ts';

/** n items decided every `gap` days with an outcome window of h days. */
function evenly(n: number, gap: number, h: number): FoldItem[] {
  return Array.from({ length: n }, (_, i) => ({ decision: i * gap, outcomeEnd: i * gap + h }));
}

describe('walk-forward folds', () => {
  it('trains each step only on items whose outcome was known at its first test decision', () => {
    const items = evenly(40, 10, 25); // each outcome is known 25 days (2.5 items) after its decision
    const folds = walkForwardFolds(items, { steps: 4, minTrain: 8 });
    expect(folds.length).toBe(4);
    for (const f of folds) {
      for (const i of f.train) {
        expect(items[i]!.decision).toBeLessThan(f.start);
        expect(items[i]!.outcomeEnd).toBeLessThanOrEqual(f.start);
      }
      // every item decided before the start with a known outcome is used: the window expands
      const usable = items.map((it, i) => ({ it, i })).filter(({ it }) => it.outcomeEnd <= f.start).map(({ i }) => i);
      expect(f.train).toEqual(usable);
      for (const i of f.test) expect(items[i]!.decision >= f.start && items[i]!.decision < f.end).toBe(true);
    }
    // the first test block starts once 8 outcomes are known: item 7's outcome ends at 95, so at decision 100 (item 10)
    expect(folds[0]!.start).toBe(100);
    expect(folds[0]!.train).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // the two items still running at the start (decided 80 and 90) are not used
    expect(folds[0]!.train).not.toContain(8);
    expect(folds[0]!.train).not.toContain(9);
    // test blocks cover every item from the first start on, once, in order
    expect(folds.flatMap((f) => f.test)).toEqual(Array.from({ length: 30 }, (_, k) => k + 10));
    // expanding window
    for (let k = 1; k < folds.length; k++) expect(folds[k]!.train.length).toBeGreaterThan(folds[k - 1]!.train.length);
  });

  it('keeps items sharing a decision time in one block', () => {
    const items: FoldItem[] = [];
    for (let d = 0; d < 12; d++) for (let s = 0; s < 3; s++) items.push({ decision: d * 100, outcomeEnd: d * 100 + 50 });
    const folds = walkForwardFolds(items, { steps: 5, minTrain: 3 });
    for (const f of folds) {
      const times = new Set(f.test.map((i) => items[i]!.decision));
      for (const t of times) expect(f.test.filter((i) => items[i]!.decision === t).length).toBe(3);
    }
    expect(folds.flatMap((f) => f.test).length).toBe(33);
  });

  it('purge drops training items settled early whose outcome window reaches into the test block', () => {
    // item 1 failed early (known at 15) but its outcome window runs to 60, past the block starting at 20
    const items: FoldItem[] = [
      { decision: 0, outcomeEnd: 10 },
      { decision: 5, outcomeEnd: 60, known: 15 },
      { decision: 20, outcomeEnd: 30 },
      { decision: 40, outcomeEnd: 50 },
    ];
    const plain = walkForwardFolds(items, { starts: [20, 40] });
    const purged = walkForwardFolds(items, { starts: [20, 40], purge: true });
    expect(plain[0]!.train).toEqual([0, 1]);
    expect(purged[0]!.train).toEqual([0]);
    expect(plain[1]!.train).toEqual([0, 1, 2]);
    expect(purged[1]!.train).toEqual([0, 2]);
  });

  it('explicit starts: blocks without minTrain training items are not tested, empty blocks dropped', () => {
    const items = evenly(30, 10, 15);
    const folds = walkForwardFolds(items, { starts: [0, 50, 100, 1000, 2000], minTrain: 5 });
    // [0, 50): no outcome known; [50, 100): 4 known (< 5); [100, 1000): 9 known; the blocks from 1000 on are empty
    expect(folds.map((f) => f.start)).toEqual([100]);
    expect(folds[0]!.step).toBe(0);
    expect(folds[0]!.end).toBe(1000);
    expect(folds[0]!.train.length).toBe(9);
    expect(folds[0]!.test.length).toBe(20);
  });

  it('accepts items in any order and returns indices into the given array', () => {
    const items = evenly(20, 10, 5);
    const shuffled = [...items].reverse();
    const a = walkForwardFolds(items, { steps: 3, minTrain: 4 });
    const b = walkForwardFolds(shuffled, { steps: 3, minTrain: 4 });
    expect(b.map((f) => f.test.map((i) => shuffled[i]!.decision))).toEqual(a.map((f) => f.test.map((i) => items[i]!.decision)));
  });

  it('no fold when too few outcomes are ever known; bad input is a RangeError', () => {
    expect(walkForwardFolds(evenly(5, 10, 100), { steps: 3, minTrain: 3 })).toEqual([]);
    expect(() => walkForwardFolds(evenly(5, 10, 5), { steps: 0 })).toThrow(RangeError);
    expect(() => walkForwardFolds([{ decision: 5, outcomeEnd: 3 }], { steps: 1 })).toThrow(/decision <= known <= outcomeEnd/);
    expect(() => walkForwardFolds(evenly(5, 10, 5), { starts: [10, 10] })).toThrow(/ascending/);
  });
});
