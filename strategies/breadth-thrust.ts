/**
 * breadth-thrust (Zweig)
 *
 * Claim: a breadth thrust — the 10-day average of the advancing share
 * adv / (adv + dec) rising from below 40% to above 61.5% within 10 days —
 * marks the start of a durable advance.
 *
 * Measure: A[j] = mean of the daily advancing share over the `avgWindow` (10)
 * days ending at j (NaN unless all are known). For every day j from the
 * reference low to the decision, the thrust margin is
 *   m[j] = min( lowLevel - min(A[j-within .. j-1]),  A[j] - highLevel ),
 * positive exactly when A rose from below lowLevel (0.40) to above highLevel
 * (0.615) within `within` (10) days ending at j. M = max over j of m[j]:
 * M > 0 means a thrust happened during the rally.
 * Score: logistic(steepness * M), steepness 50: 0.5 on the Zweig boundary,
 * M = +0.02 -> 0.73, M = -0.05 (missed by 5 points) -> 0.08.
 * Abstains unless the 10-day average is known at the decision.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, notKnownAt } from './_shared.ts';

export const breadthThrust = defineCriterion({
  id: 'breadth-thrust',
  claim: 'A Zweig breadth thrust (10-day advancing share from < 40% to > 61.5% within 10 days) marks a durable rally.',
  needs: ['breadth'],
  scoring: 'Best thrust margin M from the low to the decision (> 0 iff a thrust happened): logistic(50*M).',
  params: {
    avgWindow: { type: 'integer', default: 10, min: 1, max: 100, description: 'days averaged in the advancing share' },
    within: { type: 'integer', default: 10, min: 1, max: 100, description: 'the rise must happen within this many days' },
    lowLevel: { type: 'number', default: 0.4, min: 0, max: 1, description: 'the average must start below this' },
    highLevel: { type: 'number', default: 0.615, min: 0, max: 1, description: 'and end above this' },
    steepness: { type: 'number', default: 50, min: 0.1, max: 10000, description: 'logistic steepness applied to the thrust margin' },
  },
  score(view, { avgWindow: n, within, lowLevel: lo, highLevel: hi, steepness: steep }) {
    const t = view.t;
    if (!view.has('adv') || !view.has('dec')) return abstain(`no NYSE advance/decline data known by ${dateAt(view, t)}`);
    const adv = view.series('adv'), dec = view.series('dec');
    const from = Math.max(0, Math.min(view.decision.refLowIndex, t));
    const start = Math.max(0, from - within - n + 1);
    // Daily share and its trailing n-day mean over start..t (local: the share is not a dataset column).
    const len = t - start + 1;
    const share = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const a = adv[start + i]!, d = dec[start + i]!;
      share[i] = Number.isFinite(a) && Number.isFinite(d) && a + d > 0 ? a / (a + d) : NaN;
    }
    const avg = new Float64Array(len).fill(NaN);
    for (let i = n - 1; i < len; i++) {
      let s = 0;
      for (let k = i - n + 1; k <= i; k++) s += share[k]!;
      avg[i] = s / n; // NaN if any day is missing
    }
    if (!Number.isFinite(adv[t]!) || !Number.isFinite(dec[t]!)) return abstain(notKnownAt(view, Number.isFinite(adv[t]!) ? 'dec' : 'adv', t));
    if (!Number.isFinite(avg[len - 1]!)) {
      return abstain(`${n}-day advancing share not known at ${dateAt(view, t)} (needs NYSE advance/decline on the ${n} days up to it)`);
    }
    let best = -Infinity;
    for (let j = from - start; j < len; j++) {
      if (!Number.isFinite(avg[j]!)) continue;
      let minPrev = Infinity;
      for (let k = Math.max(0, j - within); k < j; k++) if (avg[k]! < minPrev) minPrev = avg[k]!; // NaN compares false
      if (minPrev === Infinity) continue;
      const m = Math.min(lo - minPrev, avg[j]! - hi);
      if (m > best) best = m;
    }
    if (best === -Infinity) {
      return abstain(`no ${n}-day advancing share with ${within} days of history between ${dateAt(view, from)} and ${dateAt(view, t)}`);
    }
    return scored(logistic(best, 0, steep));
  },
});

export default breadthThrust;
