/**
 * Planting: tie the INPUTS of named criteria to the rebound episodes'
 * outcomes with a chosen true AUC, leaving every other input untouched.
 *
 * Binormal model. For a planted criterion with target AUC a, each rebound
 * episode e gets a signal s_e = label_e * d + N(0,1), d = sqrt(2) Phi^-1(a),
 * drawn from the criterion's own random stream (label_e: 1 durable, 0
 * failed or stalled; for a censored episode the label its latent state
 * implies). Then P(s_pos > s_neg) = Phi(d / sqrt 2) = a exactly. With
 * u_e = s_e - d/2 (0 halfway between the classes), the criterion's input is
 * rewritten so that, with its default parameters, its measure at the
 * decision is a strictly increasing function of u_e that never saturates its
 * logistic, its score is therefore a strictly monotone function of s_e, and
 * its population AUC is a. Values stay in the input's usual range and are
 * written where the criterion sees them at the decision (after the
 * publication lag).
 *
 * Plantable criteria (defaults of the criterion in brackets):
 *  - breadth-participation: the advancing share sum(adv)/sum(adv+dec) over the
 *    rally window (the days after the reference low, at most the last 20)
 *    becomes x = 0.5 + 0.04 u (score logistic(20(x-0.5)) = logistic(0.8 u)).
 *    Each day's share is shifted by one common logit offset, so the rally's
 *    day-to-day pattern stays; the counts are integers, and issues are moved
 *    between advancing, declining and unchanged (the day's total stays N) so
 *    the window's share hits x to within ~1e-5. Volumes are left as
 *    simulated. Rally windows of different episodes never overlap (a new
 *    episode needs a new low after the previous decision).
 *  - volatility-compression: the VIX at the decision becomes (1 - f) times
 *    its highest close since the prior peak (within 252 days), f = 0.3
 *    logistic(u) in (0, 0.3) (score logistic(10(f-0.15))). The VIX is moved
 *    smoothly over up to 5 days before the decision and the change decays
 *    over the next weeks (10-day time constant).
 *  - credit-spreads: the 21-trading-day change of BAA10Y seen at the decision
 *    becomes c = -0.1 u pp (score logistic(-5c) = logistic(0.5 u)).
 *  - yield-curve: max(level, 63-day change) of T10Y2Y seen at the decision
 *    becomes m = 0.25 u pp (score logistic(4m) = logistic(u)); the level is
 *    m when the curve 63 days earlier was not inverted, else m plus that
 *    (negative) earlier level, so that the change is the larger.
 *    For both FRED series (published the next business day) the value seen
 *    at decision t is the one dated t-1; it is moved over up to 5 days
 *    before (a linear ramp) and decays afterwards (40-day time constant).
 *
 * Episodes are planted in decision order; each one only moves values after
 * every earlier episode's planted point and after its own reference point,
 * so later plantings never disturb earlier ones.
 *
 * Not plantable: criteria whose input is the index path itself (golden-cross,
 * above-200-day, oversold-bounce, follow-through-day, seasonality,
 * flow-stability's price fallback), because the path after each decision is
 * what the latent state decides and the path before it must stay free of
 * signal; criteria on monthly data (policy-shift, macro-confirmation,
 * earnings-confirmation, valuation), because two rebound decisions often fall
 * in the same month and would have to share one monthly value; sector-based
 * narrow-leadership (sectors also define sector-lead episodes); breadth-thrust
 * and consensus, which read other criteria's inputs; the baselines.
 */
import { normalQuantile } from '../../engine/stats/normal.ts';
import type { Breadth } from './breadth.ts';
import { roundTo, sigmoid, Rng } from './random.ts';

export interface PlantSpec { id: string; auc: number }

export interface PlantEpisode {
  decisionIndex: number;
  refLowIndex: number;
  peakIndex: number;
  /** 1 durable, 0 not: the realized label, or (censored) the one the latent state implies. */
  label: 0 | 1;
}

/** The simulated input series planting may rewrite (day-indexed on the trading calendar). */
export interface PlantTargets {
  breadth: Breadth;
  vix: Float64Array;
  baa10y: Float64Array;
  t10y2y: Float64Array;
}

export interface PlantableCriterion {
  id: string;
  /** The input rewritten, for messages and docs. */
  input: string;
  /** Planted measure for u = s - d/2. */
  measure(u: number): number;
  /** The criterion's score (default parameters) for a measure. */
  score(measure: number): number;
  /** Rewrite the input for one episode; returns the measure the criterion will see (after rounding). */
  plant(targets: PlantTargets, e: PlantEpisode, measure: number, state: { last: number }): number;
}

const RAMP = 5;

/**
 * What planting reads from the four plantable criteria: the default parameters
 * that decide which bars they look at, and their score maps. The run layer
 * (engine/run/plant-scoring.ts) supplies them from the criteria themselves, so
 * the simulator never copies a criterion's constants.
 */
export interface PlantScoring {
  breadth: { window: number; score(share: number): number };
  credit: { lookback: number; score(change: number): number };
  volatility: { maxLookback: number; score(fall: number): number };
  curve: { lookback: number; score(measure: number): number };
}

/** The criteria whose inputs can be planted, in the order they are listed. */
export const PLANTABLE_IDS = ['breadth-participation', 'credit-spreads', 'volatility-compression', 'yield-curve'] as const;
export type PlantableId = (typeof PLANTABLE_IDS)[number];
export const isPlantable = (id: string): id is PlantableId => (PLANTABLE_IDS as readonly string[]).includes(id);

/** Integers near `vals` (each in [lo_i, hi_i]) summing to `total` (largest remainder; needs sum lo <= total <= sum hi). */
export function roundToSum(vals: number[], lo: number[], hi: number[], total: number): number[] {
  const out = vals.map((v, i) => Math.min(hi[i]!, Math.max(lo[i]!, Math.floor(v))));
  let diff = total - out.reduce((a, b) => a + b, 0);
  const order = vals.map((v, i) => i).sort((a, b) => (vals[b]! - Math.floor(vals[b]!)) - (vals[a]! - Math.floor(vals[a]!)) || a - b);
  while (diff !== 0) {
    let moved = false;
    const seq = diff > 0 ? order : [...order].reverse();
    for (const i of seq) {
      if (diff > 0 && out[i]! < hi[i]!) { out[i]!++; diff--; moved = true; } else if (diff < 0 && out[i]! > lo[i]!) { out[i]!--; diff++; moved = true; }
      if (diff === 0) break;
    }
    if (!moved) throw new Error('roundToSum: infeasible total');
  }
  return out;
}

/** Root of an increasing function on [a, b] by bisection. */
function bisect(f: (x: number) => number, a: number, b: number): number {
  let lo = a, hi = b;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid; else hi = mid;
    if (hi - lo < 1e-13) break;
  }
  return (lo + hi) / 2;
}

/** The breadth window of breadth-participation: days after the low, at most `window`, ending at t. */
export function breadthWindow(e: PlantEpisode, window: number): [number, number] {
  return [Math.max(e.refLowIndex + 1, e.decisionIndex - (window - 1), 1), e.decisionIndex];
}

function plantBreadth(b: Breadth, from: number, t: number, x: number): number {
  const N = b.stocks;
  const days = t - from + 1;
  const T: number[] = [];
  let sumT = 0;
  for (let i = from; i <= t; i++) { T.push(b.adv[i]! + b.dec[i]!); sumT += b.adv[i]! + b.dec[i]!; }
  const lo = Math.max(1, Math.floor(0.9 * sumT));
  const hi = Math.max(lo, Math.min(N * days, Math.ceil(1.1 * sumT)));
  let bestM = -1, bestA = 0, bestErr = Infinity;
  for (let M = lo; M <= hi; M++) {
    const A = Math.round(x * M);
    const err = Math.abs(A / M - x);
    if (err < bestErr || (err === bestErr && Math.abs(M - sumT) < Math.abs(bestM - sumT))) { bestErr = err; bestM = M; bestA = A; }
  }
  const M = bestM, A = bestA;
  const weights = sumT > 0 ? T.map((v) => (v * M) / sumT) : T.map(() => M / days);
  const Tn = roundToSum(weights, T.map(() => 0), T.map(() => N), M);
  const logits = T.map((v, k) => Math.log((b.adv[from + k]! + 0.5) / (v - b.adv[from + k]! + 0.5)));
  const total = (delta: number): number => Tn.reduce((s, v, k) => s + v * sigmoid(logits[k]! + delta), 0) - A;
  const delta = A === 0 ? -40 : A === M ? 40 : bisect(total, -40, 40);
  const adv = roundToSum(Tn.map((v, k) => v * sigmoid(logits[k]! + delta)), Tn.map(() => 0), Tn, A);
  for (let k = 0; k < days; k++) {
    const i = from + k;
    b.adv[i] = adv[k]!;
    b.dec[i] = Tn[k]! - adv[k]!;
    b.unch[i] = N - Tn[k]!;
  }
  let a = 0, d = 0;
  for (let i = from; i <= t; i++) { a += b.adv[i]!; d += b.dec[i]!; }
  return a / (a + d);
}

/** Additive move of x[now] by delta: linear ramp over (lo, now], decay after (time constant tau days). */
function moveAdditive(x: Float64Array, lo: number, now: number, delta: number, tau: number, digits: number): void {
  for (let j = lo + 1; j <= now; j++) x[j] = roundTo(x[j]! + (delta * (j - lo)) / (now - lo), digits);
  const end = Math.min(x.length - 1, now + 5 * tau);
  for (let j = now + 1; j <= end; j++) x[j] = roundTo(x[j]! + delta * Math.exp(-(j - now) / tau), digits);
}

function plantVix(v: Float64Array, e: PlantEpisode, f: number, state: { last: number }, maxLookback: number): number {
  const t = e.decisionIndex;
  const start = Math.max(0, Math.min(t, e.peakIndex), t - maxLookback);
  const lo = Math.max(t - RAMP, state.last, start - 1);
  let m0 = -Infinity;
  for (let i = start; i <= Math.min(lo, t - 1); i++) m0 = Math.max(m0, v[i]!);
  const ramp: Array<[number, number]> = [];
  for (let j = Math.max(lo + 1, start); j < t; j++) ramp.push([v[j]!, (j - lo) / (t - lo)]);
  const g = (delta: number): number => {
    let m = m0;
    for (const [x, w] of ramp) m = Math.max(m, x * Math.exp(delta * w));
    return Math.log(v[t]!) + delta - Math.log(1 - f) - Math.log(m);
  };
  const delta = bisect(g, -12, 12);
  for (let j = lo + 1; j <= t; j++) v[j] = roundTo(v[j]! * Math.exp((delta * (j - lo)) / (t - lo)), 6);
  const end = Math.min(v.length - 1, t + 50);
  for (let j = t + 1; j <= end; j++) v[j] = roundTo(v[j]! * Math.exp(delta * Math.exp(-(j - t) / 10)), 6);
  let peak = -Infinity;
  for (let i = start; i <= t; i++) peak = Math.max(peak, v[i]!);
  return 1 - v[t]! / peak;
}

/** The plantable criteria, planted as the given scoring reads them. */
export function plantableCriteria(s: PlantScoring): readonly PlantableCriterion[] {
  const { breadth: BREADTH, credit: CREDIT, volatility: VOL, curve: CURVE } = s;
  return [
  {
    id: 'breadth-participation',
    input: 'breadth.csv: advancers/decliners over the rally window',
    measure: (u) => Math.min(0.98, Math.max(0.02, 0.5 + 0.04 * u)),
    score: BREADTH.score,
    plant(tg, e, x, state) {
      const [from, t] = breadthWindow(e, BREADTH.window);
      if (t < 1) return NaN;
      state.last = t;
      return plantBreadth(tg.breadth, from, t, x);
    },
  },
  {
    id: 'credit-spreads',
    input: `BAA10Y.csv: its ${CREDIT.lookback}-day change seen at the decision`,
    measure: (u) => -0.1 * u,
    score: CREDIT.score,
    plant(tg, e, c, state) {
      const now = e.decisionIndex - 1, base = now - CREDIT.lookback;
      if (base < 0) return NaN;
      const x = tg.baa10y;
      moveAdditive(x, Math.max(now - RAMP, base, state.last), now, c - (x[now]! - x[base]!), 40, 4);
      state.last = now;
      return x[now]! - x[base]!;
    },
  },
  {
    id: 'volatility-compression',
    input: 'vix.csv: the close at the decision against its correction peak',
    measure: (u) => 0.3 * sigmoid(u),
    score: VOL.score,
    plant(tg, e, f, state) {
      const r = plantVix(tg.vix, e, f, state, VOL.maxLookback);
      state.last = e.decisionIndex;
      return r;
    },
  },
  {
    id: 'yield-curve',
    input: `T10Y2Y.csv: its level and ${CURVE.lookback}-day change seen at the decision`,
    measure: (u) => 0.25 * u,
    score: CURVE.score,
    plant(tg, e, m, state) {
      const now = e.decisionIndex - 1, base = now - CURVE.lookback;
      if (base < 0) return NaN;
      const x = tg.t10y2y;
      const level = m + Math.min(x[base]!, 0);
      moveAdditive(x, Math.max(now - RAMP, base, state.last), now, level - x[now]!, 40, 4);
      state.last = now;
      return Math.max(x[now]!, x[now]! - x[base]!);
    },
  },
  ];
}

/** d of the binormal model with AUC a. */
export function separation(auc: number): number {
  return Math.SQRT2 * normalQuantile(auc);
}

export interface PlantResult {
  id: string;
  auc: number;
  d: number;
  /** Per rebound episode (in decision order): the signal s_e and the measure the criterion sees (NaN if it abstains). */
  signals: Float64Array;
  measures: Float64Array;
}

/** Plant every spec into `targets` (mutated). Each criterion draws from its own stream. */
export function plantSignals(specs: readonly PlantSpec[], episodes: readonly PlantEpisode[], targets: PlantTargets, seed: string, scoring: PlantScoring): PlantResult[] {
  const out: PlantResult[] = [];
  const table = plantableCriteria(scoring);
  for (const spec of specs) {
    const p = table.find((c) => c.id === spec.id);
    if (!p) throw new Error(`plantSignals: '${spec.id}' is not plantable`);
    const rng = new Rng(seed, `plant|${spec.id}`);
    const d = separation(spec.auc);
    const signals = new Float64Array(episodes.length), measures = new Float64Array(episodes.length);
    const state = { last: -1 };
    episodes.forEach((e, i) => {
      const s = e.label * d + rng.normal();
      signals[i] = s;
      measures[i] = p.plant(targets, e, p.measure(s - d / 2), state);
    });
    out.push({ id: spec.id, auc: spec.auc, d, signals, measures });
  }
  return out;
}

/** Why a built-in criterion cannot be planted (for the error message). */
export function whyNotPlantable(id: string): string {
  switch (id) {
    case 'golden-cross': case 'above-200-day': case 'oversold-bounce': case 'follow-through-day': case 'seasonality':
      return 'its input is the index path (or the calendar), which the latent states drive after each decision and which must stay free of signal before it';
    case 'flow-stability':
      return 'its input is volume over the 20 days before the decision, and those windows overlap between nearby episodes';
    case 'policy-shift': case 'macro-confirmation': case 'earnings-confirmation': case 'valuation':
      return 'its input is a monthly series, and nearby rebound decisions would have to share one monthly value';
    case 'narrow-leadership':
      return 'its input is the sector returns, which also define the sector-lead episodes';
    case 'breadth-thrust': case 'consensus':
      return 'it reads other criteria\'s inputs (plant breadth-participation, or the members, instead)';
    case 'always-durable': case 'coin-flip':
      return 'it is a baseline with no input';
    default:
      return 'the simulator has no planting rule for it';
  }
}
