/**
 * Stability over time: a row's AUC and balanced accuracy within each decade
 * of decision dates (1990 = decisions from 1990-01-01 to 1999-12-31). No
 * intervals: a decade holds a handful of episodes, so these are read as a
 * picture of drift (does the edge live in one era only?), not as tests.
 */
import type { StabilityRow } from '../results.ts';
import type { RowKey } from './scoring.ts';
import { rocAuc } from './auc.ts';
import { classificationMetrics, confusion } from './metrics.ts';

/** Decade of a calendar year: 1987 -> 1980. */
export function decadeOf(year: number): number {
  return Math.floor(year / 10) * 10;
}

/**
 * Per-decade rows of one metrics row. `years[i]` is the decision year of
 * episode i, `labels[i]` its 0/1 label, `scores[i]` the row's score (NaN =
 * not scored: left out). Decades with no scored episode are left out.
 */
export function decadeStability(key: RowKey, years: ArrayLike<number>, labels: ArrayLike<number>, scores: ArrayLike<number>,
  threshold: number): StabilityRow[] {
  const members = new Map<number, number[]>();
  for (let i = 0; i < years.length; i++) {
    if (scores[i] !== scores[i]) continue;
    const d = decadeOf(years[i]!);
    let l = members.get(d);
    if (!l) members.set(d, (l = []));
    l.push(i);
  }
  return [...members.keys()].sort((a, b) => a - b).map((decade) => {
    const idx = members.get(decade)!;
    const y = idx.map((i) => labels[i]!);
    const s = idx.map((i) => scores[i]!);
    const positives = y.filter((v) => v > 0.5).length;
    const cls = classificationMetrics(confusion(y, s.map((v) => (v >= threshold ? 1 : 0))));
    return {
      dataset: key.dataset, kind: key.kind, ...(key.definition === undefined ? {} : { definition: key.definition }), criterion: key.criterion, params: key.params, decade,
      n: idx.length, positives, negatives: idx.length - positives, auc: rocAuc(s, y), balancedAccuracy: cls.balancedAccuracy,
    };
  });
}
