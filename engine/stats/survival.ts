/**
 * Time to an event with right censoring: Kaplan-Meier survival curves, the
 * log-rank test of two curves, numbers at risk and the restricted mean
 * survival time. In-house and exact (no approximation beyond the chi-square
 * reference distribution of the log-rank statistic).
 *
 * An item is (time, event): `event` 1 means the event happened at `time`,
 * 0 means the item was last seen, event-free, at `time` (censored). Times are
 * non-negative numbers (here whole trading days). At a time with both events
 * and censorings, the events come first (the usual convention: an item
 * censored at t was at risk at t).
 */
import type { SurvivalStep } from '../results.ts';
import { normalCdf } from './normal.ts';

export type { SurvivalStep } from '../results.ts';

export interface KaplanMeierCurve {
  n: number;
  events: number;
  /** One step per distinct observed time, ascending (a step with 0 events is a censoring time). */
  steps: SurvivalStep[];
}

interface Item {
  time: number;
  event: 0 | 1;
}

function items(times: ArrayLike<number>, events: ArrayLike<number>): Item[] {
  if (times.length !== events.length) throw new RangeError(`survival: ${times.length} times but ${events.length} event flags`);
  const out: Item[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!(t >= 0) || !Number.isFinite(t)) throw new RangeError(`survival: time ${i} is ${t} (need a finite number >= 0)`);
    out.push({ time: t, event: events[i] ? 1 : 0 });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The Kaplan-Meier estimate of the survival function. */
export function kaplanMeier(times: ArrayLike<number>, events: ArrayLike<number>): KaplanMeierCurve {
  const xs = items(times, events);
  const steps: SurvivalStep[] = [];
  let atRisk = xs.length;
  let s = 1;
  let totalEvents = 0;
  for (let i = 0; i < xs.length;) {
    const time = xs[i]!.time;
    let d = 0;
    let c = 0;
    for (; i < xs.length && xs[i]!.time === time; i++) {
      if (xs[i]!.event) d++;
      else c++;
    }
    if (d > 0) s *= 1 - d / atRisk;
    steps.push({ time, atRisk, events: d, censored: c, survival: s });
    totalEvents += d;
    atRisk -= d + c;
  }
  return { n: xs.length, events: totalEvents, steps };
}

/** S(t) = P(T > t): the survival after the last step at or before t (1 before the first event). */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let s = 1;
  for (const st of curve.steps) {
    if (st.time > t) break;
    s = st.survival;
  }
  return s;
}

/** Items still under observation at each time t (time >= t): the numbers at risk printed under a chart. */
export function numbersAtRisk(curve: KaplanMeierCurve, at: readonly number[]): number[] {
  return at.map((t) => {
    for (const st of curve.steps) if (st.time >= t) return st.atRisk;
    return 0;
  });
}

/** The largest observed time (0 for an empty curve). */
export function lastTime(curve: KaplanMeierCurve): number {
  return curve.steps.length ? curve.steps[curve.steps.length - 1]!.time : 0;
}

/**
 * Restricted mean survival time up to tau: the area under the Kaplan-Meier
 * step function on [0, tau] (the expected event-free time within tau). Past
 * the last observed time the curve is carried at its last value; callers
 * choose tau no later than the last observation of every group they compare.
 */
export function restrictedMeanSurvival(curve: KaplanMeierCurve, tau: number): number {
  if (!(tau >= 0)) return NaN;
  let area = 0;
  let prevT = 0;
  let s = 1;
  for (const st of curve.steps) {
    if (st.time >= tau) break;
    area += s * (st.time - prevT);
    prevT = st.time;
    s = st.survival;
  }
  return area + s * (tau - prevT);
}

export interface LogRankTest {
  /** Observed and expected events of group A (group B's are the totals minus these). */
  observedA: number;
  expectedA: number;
  observedB: number;
  expectedB: number;
  /** Hypergeometric variance of observedA - expectedA. */
  variance: number;
  /** (O_A - E_A)^2 / V: chi-square with 1 degree of freedom under equal hazards. */
  chiSquare: number;
  /** Two-sided p-value P(chi2_1 >= chiSquare); NaN when no event (V = 0). */
  p: number;
}

/**
 * The log-rank (Mantel-Cox) test that two groups have the same hazard: at
 * every distinct event time t with n at risk (n_A in A) and d events,
 * E_A += d n_A / n and V += d (n_A / n)(1 - n_A / n)(n - d) / (n - 1).
 */
export function logRank(timesA: ArrayLike<number>, eventsA: ArrayLike<number>, timesB: ArrayLike<number>, eventsB: ArrayLike<number>): LogRankTest {
  const a = items(timesA, eventsA).map((x) => ({ ...x, inA: true }));
  const b = items(timesB, eventsB).map((x) => ({ ...x, inA: false }));
  const all = [...a, ...b].sort((x, y) => x.time - y.time);
  let nA = a.length;
  let n = all.length;
  let oA = 0, eA = 0, oAll = 0, v = 0;
  for (let i = 0; i < all.length;) {
    const time = all[i]!.time;
    let d = 0, dA = 0, leaveA = 0, leave = 0;
    for (; i < all.length && all[i]!.time === time; i++) {
      const x = all[i]!;
      leave++;
      if (x.inA) leaveA++;
      if (x.event) {
        d++;
        if (x.inA) dA++;
      }
    }
    if (d > 0) {
      const share = nA / n;
      eA += d * share;
      oA += dA;
      oAll += d;
      if (n > 1) v += (d * share * (1 - share) * (n - d)) / (n - 1);
    }
    n -= leave;
    nA -= leaveA;
  }
  const chiSquare = v > 0 ? ((oA - eA) ** 2) / v : NaN;
  return {
    observedA: oA, expectedA: eA, observedB: oAll - oA, expectedB: oAll - eA, variance: v, chiSquare,
    p: Number.isFinite(chiSquare) ? Math.min(1, 2 * normalCdf(-Math.sqrt(chiSquare))) : NaN,
  };
}
