/**
 * Stability by decade (engine/stats/stability.ts) equals the plain reading of
 * its definition: the scored items grouped by decade of their year, decades
 * ascending, each decade's AUC and balanced accuracy from its items in item
 * order (unlabelled items kept in its count and left out of the statistics).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { decadeOf, decadeStability } from '../engine/stats/stability.ts';
import { rocAuc } from '../engine/stats/auc.ts';
import { classificationMetrics, confusion } from '../engine/stats/metrics.ts';

const key = { dataset: 'X', kind: 'rebound' as const, criterion: 'c', params: 'p=1' };

function plain(years: number[], labels: number[], scores: number[], threshold: number) {
  const members = new Map<number, number[]>();
  years.forEach((yr, i) => {
    if (Number.isNaN(scores[i])) return;
    const d = decadeOf(yr);
    members.set(d, [...(members.get(d) ?? []), i]);
  });
  return [...members.keys()].sort((a, b) => a - b).map((decade) => {
    const idx = members.get(decade)!;
    const y = idx.map((i) => labels[i]!);
    const s = idx.map((i) => scores[i]!);
    const positives = y.filter((v) => v > 0.5).length;
    const cls = classificationMetrics(confusion(y, s.map((v) => (v >= threshold ? 1 : 0))));
    return { ...key, decade, n: idx.length, positives, negatives: idx.length - positives, auc: rocAuc(s, y), balancedAccuracy: cls.balancedAccuracy };
  });
}

describe('decadeStability', () => {
  it('equals a plain grouping by decade: years in any order, abstentions, unlabelled items, tied scores', () => {
    const rng = seedrandom('decades');
    for (let t = 0; t < 20; t++) {
      const n = 5 + Math.floor(rng() * 120);
      const years = Array.from({ length: n }, () => 1925 + Math.floor(rng() * 100));
      const labels = Array.from({ length: n }, () => (rng() < 0.05 ? NaN : rng() < 0.35 ? 1 : 0));
      const scores = Array.from({ length: n }, () => (rng() < 0.15 ? NaN : Math.round(rng() * 8) / 8));
      const got = decadeStability(key, Int32Array.from(years), Float64Array.from(labels), Float64Array.from(scores), 0.5);
      expect(got).toEqual(plain(years, labels, scores, 0.5));
      expect(got.length).toBeGreaterThan(1);
    }
  });
});
