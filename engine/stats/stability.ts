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
  const n = years.length;
  // One buffer per call: each scored item's decade (NaN: not scored), and a decade's labels, scores and calls in item order.
  const buf = new Float64Array(4 * n);
  const decadeAt = buf.subarray(0, n), y = buf.subarray(n, 2 * n), s = buf.subarray(2 * n, 3 * n), calls = buf.subarray(3 * n);
  const decades: number[] = [];
  for (let i = 0; i < n; i++) {
    decadeAt[i] = NaN;
    if (scores[i] !== scores[i]) continue;
    const d = decadeOf(years[i]!);
    decadeAt[i] = d;
    if (!decades.includes(d)) decades.push(d);
  }
  return decades.sort((a, b) => a - b).map((decade) => {
    let m = 0;
    let positives = 0;
    for (let i = 0; i < n; i++) {
      if (scores[i] !== scores[i] || !sameDecade(decadeAt[i]!, decade)) continue;
      y[m] = labels[i]!;
      s[m] = scores[i]!;
      calls[m] = s[m]! >= threshold ? 1 : 0;
      if (y[m]! > 0.5) positives++;
      m++;
    }
    const cls = classificationMetrics(confusion(y.subarray(0, m), calls.subarray(0, m)));
    return {
      dataset: key.dataset, kind: key.kind, ...(key.definition === undefined ? {} : { definition: key.definition }), criterion: key.criterion, params: key.params, decade,
      n: m, positives, negatives: m - positives, auc: rocAuc(s.subarray(0, m), y.subarray(0, m)), balancedAccuracy: cls.balancedAccuracy,
    };
  });
}

/** Decades as a Map's keys compare them (SameValueZero: NaN is one decade). */
const sameDecade = (a: number, b: number): boolean => a === b || (a !== a && b !== b);
