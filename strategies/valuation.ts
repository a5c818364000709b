/**
 * valuation
 *
 * Claim: a rally that starts from cheap valuations — the cyclically adjusted
 * P/E (Shiller CAPE, `shiller.PE10`) below its long-run median — is durable.
 *
 * Measure: the long-run median is an EXPANDING median over data known at the
 * decision only: one reading per calendar month (the PE10 known on the
 * month's last trading day; the decision's own month uses the decision day)
 * from the first known reading up to the decision. It needs at least
 * `minYears` (5) years of readings. Relative level r = PE10[t] / median - 1.
 * Score: logistic(-steepness * r), steepness 5: at the median -> 0.5, 20%
 * below -> 0.73, 50% above -> 0.08.
 * Note: the view covers the price calendar only, so readings before the
 * dataset's first trading day do not enter the median.
 * Cost: the median is the shared `monthlyMedian` indicator (computed once per
 * dataset, causal) and the first reading is found by binary search, so a
 * decision costs O(log n), not a pass over the whole history.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, firstKnownIndex, fmt, notKnownAt } from './_shared.ts';

const COL = 'shiller.PE10';

export const valuation = defineCriterion({
  id: 'valuation',
  claim: 'A rally from valuations below the long-run median CAPE (Shiller PE10) is durable.',
  needs: ['shiller'],
  scoring: 'r = PE10 / expanding monthly median known at the decision - 1: logistic(-5*r).',
  params: {
    minYears: { type: 'number', default: 5, min: 0, max: 100, description: 'years of known readings the median needs' },
    steepness: { type: 'number', default: 5, min: 0.01, max: 1000, description: 'logistic steepness applied to PE10/median - 1' },
  },
  score(view, { minYears, steepness }) {
    const t = view.t;
    if (!view.has(COL)) return abstain(`${COL} not known by ${dateAt(view, t)}`);
    const pe = view.series(COL);
    const now = pe[t]!;
    if (!Number.isFinite(now)) return abstain(notKnownAt(view, COL, t));
    const years = (view.dates[t]! - view.dates[firstKnownIndex(view, COL)]!) / 365.25;
    if (years < minYears) {
      return abstain(`only ${fmt(years, 1)} years of ${COL} known before ${dateAt(view, t)} (needs ${minYears} for the median)`);
    }
    const median = view.indicator('monthlyMedian', COL)[t]!;
    return scored(logistic(-(now / median - 1), 0, steepness));
  },
});

export default valuation;
