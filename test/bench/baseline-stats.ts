/**
 * An independent, hand-written "tight" version of the statistics a metrics
 * row costs — ROC AUC, percentile bootstrap intervals of AUC, balanced
 * accuracy and Brier (i.i.d. and by calendar-year blocks, B resamples each
 * scheme) and a one-sided permutation p-value of AUC (P permutations) — for
 * `npm run bench` to compare the engine against. It imports nothing from the
 * engine: its own generator (xoshiro128**, seeded by splitmix32, its state in
 * local variables of every loop), its own sort and kernels. Written the way
 * one would by hand in a numba-style tight loop: typed arrays, one resample
 * set per scheme shared by the three statistics, no allocation in the loops.
 * It does only these statistics (not the confusion matrix, PR AUC, ROC curve,
 * calibration and trading view a metrics row also holds). Its numbers differ
 * from the engine's only by Monte Carlo noise (another generator); the bench
 * prints both AUC intervals side by side.
 */

export interface BaselineInput {
  scores: Float64Array;
  /** 1 durable, 0 not. */
  labels: Uint8Array;
  /** 1 called durable, 0 not. */
  calls: Uint8Array;
  /** Calendar year of each decision (the block bootstrap's groups). */
  years: Int32Array;
}

export interface BaselineRow {
  auc: number;
  aucLo: number;
  aucHi: number;
  aucBlockLo: number;
  aucBlockHi: number;
  baLo: number;
  baHi: number;
  brierLo: number;
  brierHi: number;
  pValue: number;
}

/** Everything a row's loops read, sorted by score once. */
interface Prepared {
  n: number;
  y: Float64Array; // label by sorted position
  tp: Float64Array; // 1 if durable and called durable
  tn: Float64Array; // 1 if not durable and not called
  sq: Float64Array; // (score - label)^2
  tieEnd: Int32Array; // end (exclusive) of the tie run each position belongs to
  original: Int32Array; // original index of each sorted position
  yearOfPos: Int32Array; // group number 0..G-1 of each sorted position
  groupsCount: number;
  midrank: Float64Array;
  ties: boolean;
}

function prepare(inp: BaselineInput): Prepared {
  const n = inp.scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => inp.scores[a]! - inp.scores[b]! || a - b);
  const y = new Float64Array(n), tp = new Float64Array(n), tn = new Float64Array(n), sq = new Float64Array(n);
  const original = Int32Array.from(order);
  const yearIds = [...new Set(inp.years)].sort((a, b) => a - b);
  const yearOfPos = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    y[p] = inp.labels[i]!;
    tp[p] = inp.labels[i]! & inp.calls[i]!;
    tn[p] = (1 - inp.labels[i]!) & (1 - inp.calls[i]!);
    sq[p] = (inp.scores[i]! - inp.labels[i]!) ** 2;
    yearOfPos[p] = yearIds.indexOf(inp.years[i]!);
  }
  const tieEnd = new Int32Array(n);
  const midrank = new Float64Array(n);
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && inp.scores[order[b]!] === inp.scores[order[a]!]) b++;
    for (let p = a; p < b; p++) { tieEnd[p] = b; midrank[p] = (a + 1 + b) / 2; }
    a = b;
  }
  let ties = false;
  for (let p = 0; p < n; p++) if (tieEnd[p] !== p + 1) ties = true;
  return { n, y, tp, tn, sq, tieEnd, original, yearOfPos, groupsCount: yearIds.length, midrank, ties };
}

/** AUC, BA and Brier of weights w (by sorted position) into out[k], out[k+1], out[k+2]. */
function kernel(pr: Prepared, w: Float64Array, out: Float64Array, k: number): void {
  const { n, y, tp, tn, sq, tieEnd } = pr;
  let u = 0, below = 0, pos = 0, t1 = 0, t0 = 0, s = 0;
  if (pr.ties) {
    for (let p = 0; p < n; ) {
      const end = tieEnd[p]!;
      let gp = 0, gn = 0;
      for (; p < end; p++) {
        const wp = w[p]!;
        gp += wp * y[p]!;
        gn += wp - wp * y[p]!;
        t1 += wp * tp[p]!;
        t0 += wp * tn[p]!;
        s += wp * sq[p]!;
      }
      u += gp * (below + 0.5 * gn);
      below += gn;
      pos += gp;
    }
  } else {
    for (let p = 0; p < n; p++) {
      const wp = w[p]!, a = wp * y[p]!;
      u += a * below;
      below += wp - a;
      pos += a;
      t1 += wp * tp[p]!;
      t0 += wp * tn[p]!;
      s += wp * sq[p]!;
    }
  }
  out[k] = u / (pos * below);
  out[k + 1] = 0.5 * (t1 / pos + t0 / below);
  out[k + 2] = s / (pos + below);
}

/** The k-th smallest of v[0..len) by quickselect (Lomuto partition, middle pivot); reorders v. */
function kth(v: Float64Array, len: number, k: number): number {
  let lo = 0, hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pivot = v[mid]!;
    v[mid] = v[hi]!; v[hi] = pivot;
    let store = lo;
    for (let i = lo; i < hi; i++) {
      const x = v[i]!;
      if (x < pivot) { v[i] = v[store]!; v[store] = x; store++; }
    }
    v[hi] = v[store]!; v[store] = pivot;
    if (store === k) return pivot;
    if (store < k) lo = store + 1; else hi = store - 1;
  }
  return v[k]!;
}

/** 2.5% and 97.5% type-7 quantiles of the non-NaN entries of column `c` of a stride-3 table (scratch: `v`). */
function interval(table: Float64Array, c: number, B: number, v: Float64Array): [number, number] {
  let m = 0;
  for (let b = 0; b < B; b++) { const x = table[3 * b + c]!; if (x === x) v[m++] = x; }
  const q = (p: number): number => {
    const h = (m - 1) * p, lo = Math.floor(h);
    const a = kth(v, m, lo);
    if (lo + 1 >= m) return a;
    let next = Infinity;
    for (let i = lo + 1; i < m; i++) if (v[i]! < next) next = v[i]!;
    return a + (h - lo) * (next - a);
  };
  return [q(0.025), q(0.975)];
}

/** xoshiro128**'s output scrambler: rotl(x, 7) * 9. */
function rotl9(x: number): number {
  return Math.imul((x << 7) | (x >>> 25), 9);
}

/** One row's statistics with B resamples per scheme and P permutations, from integer seed `seed`. */
export function baselineRow(inp: BaselineInput, B: number, P: number, seed: number): BaselineRow {
  const pr = prepare(inp);
  const n = pr.n, G = pr.groupsCount;
  const posOf = new Int32Array(n);
  for (let p = 0; p < n; p++) posOf[pr.original[p]!] = p;
  // xoshiro128** state, seeded by splitmix32 from the integer seed; kept in locals in every loop.
  let z = seed | 0;
  const mix = (): number => { z = (z + 0x9e3779b9) | 0; let x = z; x = Math.imul(x ^ (x >>> 16), 0x85ebca6b); x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35); return x ^ (x >>> 16); };
  let s0 = mix(), s1 = mix(), s2 = mix(), s3 = mix();
  const w = new Float64Array(n), cnt = new Float64Array(G);
  const iid = new Float64Array(3 * B), blk = new Float64Array(3 * B);
  for (let b = 0; b < B; b++) {
    w.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rotl9(Math.imul(s1, 5));
      const t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      w[posOf[((r >>> 0) * n * 2.3283064365386963e-10) | 0]!]! += 1;
    }
    kernel(pr, w, iid, 3 * b);
  }
  for (let b = 0; b < B; b++) {
    cnt.fill(0);
    for (let g = 0; g < G; g++) {
      const r = rotl9(Math.imul(s1, 5));
      const t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      cnt[((r >>> 0) * G * 2.3283064365386963e-10) | 0]! += 1;
    }
    for (let p = 0; p < n; p++) w[p] = cnt[pr.yearOfPos[p]!]!;
    kernel(pr, w, blk, 3 * b);
  }
  // Permutation test on midranks: a random subset of size k = #positives is a partial Fisher-Yates shuffle.
  const ranks = Float64Array.from(pr.midrank);
  let n1 = 0, obs = 0;
  for (let p = 0; p < n; p++) { n1 += pr.y[p]!; obs += pr.y[p]! * ranks[p]!; }
  let atLeast = 0;
  for (let b = 0; b < P; b++) {
    let sum = 0;
    for (let i = 0; i < n1; i++) {
      const r = rotl9(Math.imul(s1, 5));
      const t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      const j = i + (((r >>> 0) * (n - i) * 2.3283064365386963e-10) | 0);
      const x = ranks[j]!; ranks[j] = ranks[i]!; ranks[i] = x; sum += x;
    }
    atLeast += sum >= obs ? 1 : 0;
  }
  let u = 0, below = 0;
  for (let p = 0; p < n; ) { // the point AUC, ties half
    const end = pr.tieEnd[p]!;
    let gp = 0, gn = 0;
    for (; p < end; p++) { gp += pr.y[p]!; gn += 1 - pr.y[p]!; }
    u += gp * (below + 0.5 * gn); below += gn;
  }
  const v = new Float64Array(B);
  const [aucLo, aucHi] = interval(iid, 0, B, v), [aucBlockLo, aucBlockHi] = interval(blk, 0, B, v);
  const [baLo, baHi] = interval(iid, 1, B, v), [brierLo, brierHi] = interval(iid, 2, B, v);
  interval(blk, 1, B, v); interval(blk, 2, B, v); // the block BA and Brier intervals, computed like the engine's
  return { auc: u / (n1 * below), aucLo, aucHi, aucBlockLo, aucBlockHi, baLo, baHi, brierLo, brierHi, pValue: (1 + atLeast) / (1 + P) };
}
