/**
 * follow-through-day (O'Neil)
 *
 * Claim: a rally attempt confirmed by a follow-through day — a gain of at
 * least 1.25% on volume above the prior day's, on day 4 to 10 of the attempt
 * (the low is day 0) — is durable.
 *
 * Measure: over the candidate days i = low+firstDay .. min(low+lastDay, t)
 * (defaults 4..10), M = the largest daily gain C[i]/C[i-1] - 1 on a day whose
 * volume rose (V[i] > V[i-1]), or 0 when there is none (including a decision
 * before day 4: the attempt is not confirmed yet at the decision).
 * Score: logistic(steepness * (M - minGain)), minGain 1.25%, steepness 200:
 * exactly 0.5 at a 1.25% gain on rising volume, 2% -> 0.82, no
 * follow-through -> 0.08.
 * Applies to rebounds (the rally attempt is counted from the correction low).
 * Abstains when volume is missing on any day from the low to the last
 * candidate day, or when the episode's price is not `close` (volume is the
 * market's).
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { allKnown, dateAt, priceColumnOf } from './_shared.ts';

export const followThroughDay = defineCriterion({
  id: 'follow-through-day',
  claim: 'A gain of >= 1.25% on rising volume on day 4-10 of the rally attempt marks a durable rally.',
  needs: ['price', 'volume'],
  scoring: 'M = best gain on a rising-volume day 4-10 after the low (0 if none): logistic(200*(M-0.0125)).',
  params: {
    minGain: { type: 'number', default: 0.0125, min: 0, max: 0.2, description: 'the day\'s gain that qualifies (fraction)' },
    firstDay: { type: 'integer', default: 4, min: 1, max: 60, description: 'first day of the attempt that can follow through (low = day 0)' },
    lastDay: { type: 'integer', default: 10, min: 1, max: 120, description: 'last day of the attempt that can follow through' },
    steepness: { type: 'number', default: 200, min: 1, max: 100000, description: 'logistic steepness applied to (best gain - minGain)' },
  },
  kinds: ['rebound'],
  validate: (p) => (p.firstDay > p.lastDay ? `firstDay (${p.firstDay}) must be <= lastDay (${p.lastDay})` : null),
  score(view, { minGain, firstDay: first, lastDay: last, steepness: steep }) {
    const col = priceColumnOf(view);
    const t = view.t, low = view.decision.refLowIndex;
    if (col !== 'close') return abstain(`volume is recorded for close only, not for ${col}`);
    if (!(low >= 0 && low < t)) return abstain(`reference low index ${low} is not before the decision`);
    const end = Math.min(low + last, t);
    if (!view.has('volume')) return abstain(`no volume known by ${dateAt(view, t)}`);
    const v = view.series('volume');
    const c = view.series(col);
    if (!allKnown(v, low, end)) return abstain(`volume missing between the low ${dateAt(view, low)} and ${dateAt(view, end)}`);
    if (!allKnown(c, low, end)) return abstain(`${col} missing between the low ${dateAt(view, low)} and ${dateAt(view, end)}`);
    let best = 0;
    for (let i = low + first; i <= end; i++) {
      const g = c[i]! / c[i - 1]! - 1;
      if (v[i]! > v[i - 1]! && g > best) best = g;
    }
    return scored(logistic(best - minGain, 0, steep));
  },
});

export default followThroughDay;
