/**
 * The probability of backtest overfitting (PBO) of choosing the best set of a
 * parameter grid, by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The probability of backtest overfitting",
 * J. Computational Finance 2017).
 *
 * The episodes, in decision-date order, are cut into S contiguous blocks of
 * (nearly) equal count: S = 10 with at least 100 episodes, else S = 8, and
 * none below MIN_EPISODES = 40. For each of the C(S, S/2) ways to pick half
 * of the blocks as the in-sample (IS) half, the rest out-of-sample (OOS):
 *   - choose n* = the set with the largest |AUC_IS - 0.5| (a researcher
 *     keeps the most extreme set and trusts its direction d = sign(AUC_IS - 0.5));
 *   - rank every set's OOS performance d (AUC_OOS - 0.5) (midranks; sets
 *     whose OOS AUC is undefined are left out), ω = rank(n*) / (N + 1),
 *     λ = ln(ω / (1 - ω)).
 * PBO = (#{λ < 0} + #{λ = 0} / 2) / (splits used): the probability that the
 * in-sample best lands below the median out of sample. A split is used when
 * n* exists and its OOS AUC is defined. About 0.5 means the choice carries
 * no information out of sample; near 0, the in-sample best stays good.
 *
 * AUCs of a half come from per-set block-pair Mann-Whitney counts U[b][c]
 * (durable episodes in block b against non-durable ones in block c, ties
 * half), so a split costs O(sets x S^2), not a re-ranking.
 */

export const MIN_EPISODES = 40;

export interface PboResult {
  /** NaN when not computed (see `note`). */
  pbo: number;
  blocks: number;
  /** Splits used, of C(S, S/2). */
  splits: number;
  /** Mean logit λ over the splits used (NaN when none). */
  meanLogit: number;
  /** '' or why PBO was not computed. */
  note: string;
}

/** Blocks for n episodes (0 when too few). */
export function cscvBlocks(n: number): number {
  return n >= 100 ? 10 : n >= MIN_EPISODES ? 8 : 0;
}

/** Per set: U[b*S+c], durable counts n1[b] and non-durable counts n0[b] over the episodes it scored. */
interface BlockCounts {
  u: Float64Array;
  n1: Float64Array;
  n0: Float64Array;
}

function blockCounts(scores: ArrayLike<number>, labels: ArrayLike<number>, block: Int32Array, S: number): BlockCounts {
  const order: number[] = [];
  for (let i = 0; i < labels.length; i++) if (scores[i] === scores[i]) order.push(i);
  order.sort((a, b) => scores[a]! - scores[b]! || a - b);
  const u = new Float64Array(S * S), n1 = new Float64Array(S), n0 = new Float64Array(S);
  const negBelow = new Float64Array(S); // non-durable episodes per block with a lower score
  const negTie = new Float64Array(S);
  for (let g = 0; g < order.length;) {
    let e = g;
    while (e < order.length && scores[order[e]!] === scores[order[g]!]) e++;
    negTie.fill(0);
    for (let k = g; k < e; k++) if (labels[order[k]!]! <= 0.5) negTie[block[order[k]!]!]! += 1;
    for (let k = g; k < e; k++) {
      const i = order[k]!;
      const b = block[i]!;
      if (labels[i]! > 0.5) {
        n1[b]! += 1;
        for (let c = 0; c < S; c++) u[b * S + c]! += negBelow[c]! + 0.5 * negTie[c]!;
      } else n0[b]! += 1;
    }
    for (let c = 0; c < S; c++) negBelow[c]! += negTie[c]!;
    g = e;
  }
  return { u, n1, n0 };
}

function halfAuc(c: BlockCounts, members: readonly number[], S: number): number {
  let u = 0, n1 = 0, n0 = 0;
  for (const b of members) {
    n1 += c.n1[b]!;
    n0 += c.n0[b]!;
    for (const d of members) u += c.u[b * S + d]!;
  }
  return n1 > 0 && n0 > 0 ? u / (n1 * n0) : NaN;
}

/** Every way to choose k of 0..S-1, in lexicographic order. */
function combinations(S: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, acc: number[]): void => {
    if (acc.length === k) { out.push([...acc]); return; }
    for (let i = start; i < S; i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}

/** λ of one split, or NaN when the split cannot be used. */
function splitLogit(counts: readonly BlockCounts[], inSample: readonly number[], outSample: readonly number[], S: number): number {
  let best = -1, bestT = -1, bestAuc = NaN;
  for (let j = 0; j < counts.length; j++) {
    const a = halfAuc(counts[j]!, inSample, S);
    if (a === a && Math.abs(a - 0.5) > bestT) { best = j; bestT = Math.abs(a - 0.5); bestAuc = a; }
  }
  if (best < 0) return NaN;
  const d = bestAuc < 0.5 ? -1 : 1;
  const perf = counts.map((c) => d * (halfAuc(c, outSample, S) - 0.5));
  const mine = perf[best]!;
  if (mine !== mine) return NaN;
  let below = 0, tied = 0, valid = 0;
  for (const p of perf) {
    if (p !== p) continue;
    valid++;
    if (p < mine) below++;
    else if (p === mine) tied++;
  }
  const rank = below + (tied + 1) / 2; // midrank, 1-based, n* itself among the tied
  const omega = rank / (valid + 1);
  return Math.log(omega / (1 - omega));
}

/**
 * PBO of a grid: `labels` in decision-date order (every entry 0 or 1),
 * `grid[j][i]` set j's score on episode i (NaN = not scored).
 */
export function probabilityOfOverfitting(labels: ArrayLike<number>, grid: readonly ArrayLike<number>[]): PboResult {
  const n = labels.length;
  const S = cscvBlocks(n);
  if (grid.length < 2) return { pbo: NaN, blocks: 0, splits: 0, meanLogit: NaN, note: 'a grid of one set' };
  if (S === 0) return { pbo: NaN, blocks: 0, splits: 0, meanLogit: NaN, note: `${n} episodes; CSCV needs at least ${MIN_EPISODES}` };
  const block = new Int32Array(n);
  for (let i = 0; i < n; i++) block[i] = Math.floor((i * S) / n);
  const counts = grid.map((g) => blockCounts(g, labels, block, S));
  let below = 0, used = 0, sum = 0;
  for (const inSample of combinations(S, S / 2)) {
    const outSample = [...Array(S).keys()].filter((b) => !inSample.includes(b));
    const l = splitLogit(counts, inSample, outSample, S);
    if (l !== l) continue;
    used++;
    sum += l;
    below += l < 0 ? 1 : l === 0 ? 0.5 : 0;
  }
  if (used === 0) return { pbo: NaN, blocks: S, splits: 0, meanLogit: NaN, note: 'no split had both classes in each half' };
  return { pbo: below / used, blocks: S, splits: used, meanLogit: sum / used, note: '' };
}
