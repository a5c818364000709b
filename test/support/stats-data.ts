/**
 * Test helpers for the statistics suites (deliberately naive, independent of
 * the code under test): normal draws, brute-force AUC, random scored data,
 * the generic bootstrap of AUC, the binomial CDF.
 */
import { bootstrapInterval, makeRng, rocAuc } from '../../engine/stats/index.ts';

/** Standard normal draw by Box-Muller from a seeded uniform generator. */
export function normal(rng: () => number): number {
  const u1 = 1 - rng(); // (0, 1]
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Brute-force Mann-Whitney U / (n1 n0): pairwise loop, ties count half. */
export function bruteAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let u = 0;
  let n1 = 0;
  let n0 = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!) || Number.isNaN(labels[i]!)) continue;
    if (labels[i] === 1) n1++;
    else n0++;
  }
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1 || Number.isNaN(scores[i]!)) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0 || Number.isNaN(scores[j]!)) continue;
      if (scores[i]! > scores[j]!) u += 1;
      else if (scores[i] === scores[j]) u += 0.5;
    }
  }
  return n1 === 0 || n0 === 0 ? NaN : u / (n1 * n0);
}

/** Random scores rounded to `decimals` (to force ties) and random 0/1 labels. */
export function randomData(seed: string, n: number, decimals: number, pPos = 0.4): { scores: Float64Array; labels: Float64Array } {
  const rng = makeRng(seed);
  const scores = new Float64Array(n);
  const labels = new Float64Array(n);
  const f = 10 ** decimals;
  for (let i = 0; i < n; i++) {
    labels[i] = rng() < pPos ? 1 : 0;
    // Mild signal so AUCs are not all ~0.5.
    const raw = Math.min(1, Math.max(0, 0.5 + 0.15 * labels[i]! + 0.25 * normal(rng)));
    scores[i] = Math.round(raw * f) / f;
  }
  return { scores, labels };
}

export function gather(src: ArrayLike<number>, idx: Int32Array, dst: Float64Array): Float64Array {
  const out = idx.length === dst.length ? dst : new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = src[idx[k]!]!;
  return out;
}

/** The generic bootstrap of AUC, the reference for bootstrapAuc. */
export function genericBootAuc(
  scores: Float64Array,
  labels: Float64Array,
  opts: { resamples: number; seed: string; groups?: Int32Array },
) {
  const s = new Float64Array(scores.length);
  const y = new Float64Array(scores.length);
  return bootstrapInterval(scores.length, (idx) => rocAuc(gather(scores, idx, s), gather(labels, idx, y)), opts);
}

/** Binomial(n, p) CDF P(X <= k), by summing the pmf in log space. */
export function binomCdf(k: number, n: number, p: number): number {
  let lf = 0; // log(j!) accumulated
  const logFact: number[] = [0];
  for (let j = 1; j <= n; j++) {
    lf += Math.log(j);
    logFact.push(lf);
  }
  let s = 0;
  for (let j = 0; j <= k; j++) {
    s += Math.exp(logFact[n]! - logFact[j]! - logFact[n - j]! + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return s;
}

/** The two-sided 99% acceptance region of Binomial(n, p) for a count (e.g. of rejections). */
export function binomAcceptance(n: number, p: number): [number, number] {
  let lo = 0;
  while (binomCdf(lo, n, p) < 0.005) lo++;
  let hi = lo;
  while (binomCdf(hi, n, p) < 0.995) hi++;
  return [lo, hi];
}
