/**
 * The index path: a regime-switching price process with GARCH-like
 * volatility clustering and jumps, in which every rebound episode's outcome
 * is set by a latent state drawn at its decision, independently of the past.
 *
 * Free regimes (a daily Markov chain): calm advances, corrections and bear
 * markets, each with its own drift, long-run volatility and jump rate (the
 * hazard of a correction or bear market ending rises with the drawdown, so
 * 50 years typically hold one 45-65% decline, not a 90% one). The daily log
 * return is
 *     r = mu - h/2 + sqrt(h) z + J,   h = (1-a-b) v^2 + a e^2 + b h_prev
 * (a = 0.08, b = 0.90: volatility clusters and mean-reverts toward the
 * regime's level v; e is the previous day's innovation, jumps included) and
 * J a jump (probability per day by regime, size N(-2.5%, 2%)). Closes are
 * rounded to cents as they are generated, so the path the simulator reasons
 * about is exactly the one the price file holds.
 *
 * Latent states. The simulator runs the rebound state machine of
 * engine/episodes/rebound.ts (default D = 10%, R = 5%, H = 126) online. At
 * each decision t it draws a latent state, independently of everything
 * before: `recovery` with probability b (the base rate), otherwise `relapse`
 * (90%) or `chop` (10%). The next days are then generated in that regime and
 * accepted only when the episode's outcome under the engine's rule is the
 * state's (recovery → durable, chop → stalled, relapse → failed) and no other
 * rebound decision occurs before the outcome is settled (rejection sampling;
 * after every 25 rejections the regime is tilted further toward the outcome,
 * so it always ends). A relapse segment ends at the first close below the
 * reference low; the others run H days (or to the end of the data, where the
 * episode is censored). Hence every episode's label equals its latent state,
 * and nothing known at its decision (prices, volume, volatility, anything
 * derived from them) carries information about its outcome. After a settled
 * episode the free chain resumes: calm after a recovery, a correction after
 * chop, and after a relapse calm (40%), a correction (35%) or a bear market.
 *
 * With the default base rate (0.35) 50 years hold about 40-60 rebounds (the
 * real S&P 500 had 87 in 1928-2023), the index returns 6-12% a year with an
 * annualised volatility of 15-20%, fat tails and clustered volatility.
 *
 * (A subtlety for researchers: an episode's outcome does shape the path
 * AFTER it, and so the inputs of LATER episodes. A trend-following score at
 * a later decision therefore correlates slightly with an earlier episode's
 * label, which pulls its pooled AUC a little below 0.5 — about 0.49 for
 * golden-cross. Each episode's own inputs are independent of its own label.)
 */
import { REBOUND_DEFAULTS, type ReboundParams } from '../../engine/episodes/rebound.ts';
import { roundTo, type Rng } from './random.ts';

export const REGIMES = ['calm', 'correction', 'bear', 'recovery', 'chop', 'relapse'] as const;
export type Regime = (typeof REGIMES)[number];
export type LatentState = 'recovery' | 'chop' | 'relapse';

const CALM = 0, CORRECTION = 1, BEAR = 2, RECOVERY = 3, CHOP = 4, RELAPSE = 5;

interface RegimeSpec { mu: number; vol: number; jump: number }

/** Daily drift (log), long-run daily volatility and jump probability per regime (index = REGIMES order). */
export const REGIME_SPECS: readonly RegimeSpec[] = [
  { mu: 0.00078, vol: 0.0078, jump: 1 / 700 }, // calm
  { mu: -0.0016, vol: 0.0135, jump: 1 / 120 }, // correction
  { mu: -0.0006, vol: 0.0190, jump: 1 / 60 }, // bear
  { mu: 0.0012, vol: 0.0105, jump: 1 / 500 }, // recovery
  { mu: -0.0001, vol: 0.0100, jump: 1 / 500 }, // chop
  { mu: -0.0020, vol: 0.0180, jump: 1 / 60 }, // relapse
];

/** Daily transition probabilities of the free regimes: [from][to]. */
const TRANSITIONS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 1 / 280, 1 / 4000], // calm → correction, rarely straight into a bear market
  [1 / 45, 0, 1 / 110], // correction → calm or bear
  [1 / 260, 1 / 160, 0], // bear → calm or correction
];

export const GARCH_A = 0.08;
export const GARCH_B = 0.90;
const JUMP_MEAN = -0.025;
const JUMP_SD = 0.02;
/** Share of non-durable latent states that are `chop` (stalled). */
const CHOP_SHARE = 0.1;
const MAX_ATTEMPTS = 20_000;

/** One rebound decision and the latent state drawn there. */
export interface ReboundEvent {
  decisionIndex: number;
  refLowIndex: number;
  refLow: number;
  peakIndex: number;
  peak: number;
  latent: LatentState;
  /** Candidate segments generated before one matched the state. */
  attempts: number;
}

export interface IndexPath {
  close: Float64Array;
  /** Conditional variance used for each day's return. */
  variance: Float64Array;
  /** Next-day variance forecast made at each close (from that day's regime and shock): what the VIX prices. */
  forecast: Float64Array;
  /** Regime of each day (index into REGIMES). */
  regime: Uint8Array;
  events: ReboundEvent[];
}

/** The rebound state machine of engine/episodes/rebound.ts, one close at a time. */
export class ReboundTracker {
  P = NaN;
  peakIdx = -1;
  inCorrection = false;
  L = NaN;
  lowIdx = -1;
  lowUsed = false;
  constructor(readonly D: number, readonly R: number) {}

  clone(): ReboundTracker {
    return Object.assign(new ReboundTracker(this.D, this.R), this);
  }

  /** Feed close x at index t; returns true when t is a rebound decision. */
  step(t: number, x: number): boolean {
    if (this.peakIdx < 0) { this.P = x; this.peakIdx = t; return false; }
    if (x > this.P) { this.P = x; this.peakIdx = t; this.inCorrection = false; return false; }
    if (!this.inCorrection) {
      if (x <= (1 - this.D) * this.P) { this.inCorrection = true; this.L = x; this.lowIdx = t; this.lowUsed = false; }
      return false;
    }
    if (x < this.L) { this.L = x; this.lowIdx = t; this.lowUsed = false; return false; }
    if (!this.lowUsed && x >= (1 + this.R) * this.L) { this.lowUsed = true; return true; }
    return false;
  }
}

interface State { c: number; h: number; e: number; reg: number }

function dayVariance(st: State, reg: number): number {
  const v = REGIME_SPECS[reg]!.vol;
  return (1 - GARCH_A - GARCH_B) * v * v + GARCH_A * st.e * st.e + GARCH_B * st.h;
}

/** One day of the process (mutates st); dmu/vmul tilt drift and volatility. */
function step(st: State, rng: Rng, dmu: number, vmul: number): void {
  const spec = REGIME_SPECS[st.reg]!;
  const h = dayVariance(st, st.reg);
  const sd = Math.sqrt(h) * vmul;
  const mu = spec.mu + dmu;
  let r = mu - (sd * sd) / 2 + sd * rng.normal();
  if (rng.chance(spec.jump)) r += JUMP_MEAN + JUMP_SD * rng.normal();
  st.e = r - mu;
  st.h = h;
  st.c = Math.max(0.01, roundTo(st.c * Math.exp(r), 2));
}

/**
 * Next free regime. Deep drawdowns end sooner: the daily hazard of leaving a
 * correction or bear market for calm rises by 5% per 10 points of drawdown
 * beyond 20% (so the path does not lose 90% as a random walk could).
 */
function nextFreeRegime(reg: number, drawdown: number, rng: Rng): number {
  const row = TRANSITIONS[reg]!;
  const u = rng.uniform();
  let acc = 0;
  for (let k = 0; k < 3; k++) {
    acc += row[k]! + (k === CALM && reg !== CALM ? 0.5 * Math.max(0, drawdown - 0.2) : 0);
    if (u < acc) return k;
  }
  return reg;
}

export function drawLatent(rng: Rng, baseRate: number): LatentState {
  const u = rng.uniform();
  if (u < baseRate) return 'recovery';
  return u < baseRate + (1 - baseRate) * CHOP_SHARE ? 'chop' : 'relapse';
}

const LATENT_REGIME: Record<LatentState, number> = { recovery: RECOVERY, chop: CHOP, relapse: RELAPSE };

interface Segment { closes: number[]; variances: number[]; forecasts: number[]; state: State; tracker: ReboundTracker; attempts: number }

/**
 * Days t+1.. after decision t in the latent regime, accepted when the
 * outcome matches the state and no other decision occurs first (see header).
 */
function conditionedSegment(st0: State, tr0: ReboundTracker, t: number, latent: LatentState, maxLen: number,
  H: number, rng: Rng): Segment {
  const L = tr0.L, ct = st0.c;
  const reg = LATENT_REGIME[latent];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const level = Math.floor(attempt / 25);
    const dmu = latent === 'recovery' ? 0.0004 * level : latent === 'relapse' ? -0.0008 * level : 0;
    const vmul = latent === 'relapse' ? 1 : (latent === 'recovery' ? 0.93 : 0.85) ** level;
    const st: State = { ...st0, reg };
    const tr = tr0.clone();
    const closes: number[] = [], variances: number[] = [], forecasts: number[] = [];
    let ok = true, breached = false;
    for (let k = 1; k <= maxLen; k++) {
      step(st, rng, dmu, vmul);
      closes.push(st.c);
      variances.push(st.h);
      forecasts.push(dayVariance(st, reg));
      if (tr.step(t + k, st.c)) { ok = false; break; }
      if (st.c < L) { breached = true; break; }
    }
    if (!ok) continue;
    if (latent === 'relapse') {
      if (!breached) continue;
    } else {
      if (breached) continue;
      if (maxLen === H) {
        const end = closes[H - 1]!;
        if (latent === 'recovery' ? !(end >= ct) : !(end < ct)) continue;
      }
    }
    return { closes, variances, forecasts, state: st, tracker: tr, attempts: attempt + 1 };
  }
  throw new Error(`simulate: no ${latent} path found after decision ${t} in ${MAX_ATTEMPTS} attempts`);
}

/** Regime the free chain continues in after a settled episode. */
function regimeAfter(latent: LatentState, rng: Rng): number {
  if (latent === 'recovery') return CALM;
  if (latent === 'chop') return CORRECTION;
  const u = rng.uniform();
  return u < 0.4 ? CALM : u < 0.75 ? CORRECTION : BEAR;
}

/**
 * Simulate n closes. `rng` drives the path, `latentRng` only the latent
 * states (so the states are independent of the path by construction).
 */
export function simulateIndex(n: number, rng: Rng, latentRng: Rng, baseRate: number,
  params: ReboundParams = REBOUND_DEFAULTS, start = 100): IndexPath {
  const close = new Float64Array(n), variance = new Float64Array(n), forecast = new Float64Array(n);
  const regime = new Uint8Array(n);
  const spec0 = REGIME_SPECS[CALM]!;
  let st: State = { c: start, h: spec0.vol * spec0.vol, e: 0, reg: CALM };
  close[0] = start;
  variance[0] = st.h;
  forecast[0] = dayVariance(st, CALM);
  let tracker = new ReboundTracker(params.drawdown, params.rebound);
  tracker.step(0, start);
  const events: ReboundEvent[] = [];
  let runMax = start;
  let t = 1;
  while (t < n) {
    st.reg = nextFreeRegime(st.reg, 1 - st.c / runMax, rng);
    step(st, rng, 0, 1);
    close[t] = st.c;
    runMax = Math.max(runMax, st.c);
    variance[t] = st.h;
    forecast[t] = dayVariance(st, st.reg);
    regime[t] = st.reg;
    const decision = tracker.step(t, st.c);
    const td = t;
    t++;
    if (!decision) continue;
    const latent = drawLatent(latentRng, baseRate);
    const ev: ReboundEvent = {
      decisionIndex: td, refLowIndex: tracker.lowIdx, refLow: tracker.L, peakIndex: tracker.peakIdx, peak: tracker.P,
      latent, attempts: 0,
    };
    events.push(ev);
    const maxLen = Math.min(params.horizon, n - 1 - td);
    if (maxLen <= 0) continue;
    const seg = conditionedSegment(st, tracker, td, latent, maxLen, params.horizon, rng);
    ev.attempts = seg.attempts;
    const reg = LATENT_REGIME[latent];
    for (let k = 0; k < seg.closes.length; k++) {
      close[t] = seg.closes[k]!;
      runMax = Math.max(runMax, close[t]!);
      variance[t] = seg.variances[k]!;
      forecast[t] = seg.forecasts[k]!;
      regime[t] = reg;
      t++;
    }
    st = seg.state;
    tracker = seg.tracker;
    st.reg = regimeAfter(latent, rng);
  }
  return { close, variance, forecast, regime, events };
}

/** Outcome a latent state produces (when the episode is not censored). */
export function outcomeOfLatent(l: LatentState): 'durable' | 'stalled' | 'failed' {
  return l === 'recovery' ? 'durable' : l === 'chop' ? 'stalled' : 'failed';
}
