/**
 * Shared preparation of the rank-based statistics: the valid items sorted
 * once by score with their tie groups, the Mann-Whitney U and midranks.
 */
import { checkSameLength, isPositiveLabel } from './conventions.ts';

/** Valid (non-NaN score and label) items, sorted ascending by score, ties grouped. */
export interface Ranked {
  /** Number of valid items. */
  m: number;
  n1: number;
  n0: number;
  /** Original index of the item at each sorted position. */
  item: Int32Array;
  /** 1 if the item at each sorted position is positive. */
  pos: Uint8Array;
  /** Score at each sorted position. */
  score: Float64Array;
  /** Tie groups: group g covers sorted positions [groupStart[g], groupStart[g+1]). */
  groupStart: Int32Array;
  groups: number;
}

export function rankPrepare(scores: ArrayLike<number>, labels: ArrayLike<number>, what: string): Ranked {
  checkSameLength(scores, labels, what);
  const n = scores.length;
  let m = 0;
  const tmp = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    const y = labels[i]!;
    if (s === s && y === y) tmp[m++] = i;
  }
  const item = tmp.slice(0, m);
  // Stable, deterministic order: by score, then by original index.
  item.sort((a, b) => {
    const d = scores[a]! - scores[b]!;
    return d < 0 ? -1 : d > 0 ? 1 : a - b;
  });
  const pos = new Uint8Array(m);
  const score = new Float64Array(m);
  const starts = new Int32Array(m + 1);
  let groups = 0;
  let n1 = 0;
  for (let p = 0; p < m; p++) {
    const i = item[p]!;
    score[p] = scores[i]!;
    if (isPositiveLabel(labels[i]!)) {
      pos[p] = 1;
      n1++;
    }
    if (p === 0 || score[p] !== score[p - 1]) starts[groups++] = p;
  }
  starts[groups] = m;
  return { m, n1, n0: m - n1, item, pos, score, groupStart: starts.slice(0, groups + 1), groups };
}

/**
 * Mann-Whitney U (count of positive > negative pairs, ties counted half),
 * from a single ascending sweep over tie groups. All terms are multiples of
 * 0.5, so the result is exact in double precision.
 */
export function mannWhitneyU(r: Ranked): number {
  const { pos, groupStart, groups } = r;
  let u = 0;
  let negBelow = 0;
  for (let g = 0; g < groups; g++) {
    const end = groupStart[g + 1]!;
    let gp = 0;
    let gn = 0;
    for (let p = groupStart[g]!; p < end; p++) {
      if (pos[p] === 1) gp++;
      else gn++;
    }
    u += gp * (negBelow + 0.5 * gn);
    negBelow += gn;
  }
  return u;
}

/** Midrank (1-based, ties averaged) at each sorted position. */
export function midranks(r: Ranked): Float64Array {
  const out = new Float64Array(r.m);
  for (let g = 0; g < r.groups; g++) {
    const a = r.groupStart[g]!;
    const b = r.groupStart[g + 1]!;
    const mr = (a + 1 + b) / 2;
    for (let p = a; p < b; p++) out[p] = mr;
  }
  return out;
}
