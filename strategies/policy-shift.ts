/**
 * policy-shift
 *
 * Claim: a rally while the central bank is easing — the effective fed funds
 * rate below its level 6 months earlier — is durable.
 *
 * Measure: change c = FEDFUNDS known at the decision minus FEDFUNDS known on
 * the last trading day `months` (6) calendar months earlier, in percentage
 * points. Both values are as known on their day (the dataset applies the
 * publication lag), so c compares two point-in-time readings.
 * Score: logistic(-steepness * c), steepness 4: c = -0.5 pp (easing) -> 0.88,
 * unchanged -> 0.5, +0.5 pp (tightening) -> 0.12.
 * Abstains when either reading is not known.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { indexMonthsBefore } from '../engine/calendar.ts';
import { dateAt, notKnownAt } from './_shared.ts';

export const policyShift = defineCriterion({
  id: 'policy-shift',
  claim: 'A rally while the central bank is easing (fed funds below its level 6 months earlier) is durable.',
  needs: ['FEDFUNDS'],
  scoring: 'c = FEDFUNDS now minus 6 months earlier (pp, as known then): logistic(-4*c) (easing -> above 0.5).',
  params: {
    months: { type: 'integer', default: 6, min: 1, max: 36, description: 'compare with the rate this many months before the decision' },
    steepness: { type: 'number', default: 4, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
  },
  score(view, { months, steepness }) {
    const t = view.t;
    if (!view.has('FEDFUNDS')) return abstain(`FEDFUNDS not known by ${dateAt(view, t)}`);
    const ff = view.series('FEDFUNDS');
    const now = ff[t]!;
    if (!Number.isFinite(now)) return abstain(notKnownAt(view, 'FEDFUNDS', t));
    const j = indexMonthsBefore(view.dates, t, months);
    if (j < 0) return abstain(`no trading day ${months} months before ${dateAt(view, t)} in the data`);
    const then = ff[j]!;
    if (!Number.isFinite(then)) return abstain(notKnownAt(view, 'FEDFUNDS', j, `(${months} months before the decision)`));
    return scored(logistic(-(now - then), 0, steepness));
  },
});

export default policyShift;
