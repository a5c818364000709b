/**
 * macro-confirmation
 *
 * Claim: a rally while inflation is cooling and real yields are falling is
 * durable.
 *
 * Measure (all values as known on their day; CPI carries its publication lag):
 *  - inflation i(d) = CPIAUCSL known at d / CPIAUCSL known 12 months before d - 1,
 *    in percent;
 *  - real 10-year yield y(d) = DGS10 at d - i(d), in percent;
 *  - changes over `lookbackMonths` (6): di = i(t) - i(t-6m), dy = y(t) - y(t-6m).
 * Score: logistic(steepness * min(-di, -dy)), steepness 2: both must fall for a
 * score above 0.5 ("and"); the weaker of the two sets the grade (the lesser
 * fall of 0.5 pp -> 0.73; either rising by 0.5 pp -> at most 0.27).
 * Abstains when CPI 18 months back or DGS10 is not known.
 */
import { abstain, defineCriterion, logistic, scored, type PointInTimeView } from '../engine/criterion.ts';
import { indexMonthsBefore } from '../engine/calendar.ts';
import { dateAt, notKnownAt } from './_shared.ts';

/** Year-over-year CPI inflation (percent) known at calendar index i, or a reason it is not. */
function inflationAt(view: PointInTimeView, cpi: Float64Array, i: number): number | string {
  const now = cpi[i]!;
  if (!Number.isFinite(now)) return notKnownAt(view, 'CPIAUCSL', i);
  const j = indexMonthsBefore(view.dates, i, 12);
  if (j < 0) return `no trading day 12 months before ${dateAt(view, i)} in the data`;
  const then = cpi[j]!;
  if (!Number.isFinite(then) || then <= 0) return notKnownAt(view, 'CPIAUCSL', j, `(12 months before ${dateAt(view, i)})`);
  return (now / then - 1) * 100;
}

export const macroConfirmation = defineCriterion({
  id: 'macro-confirmation',
  claim: 'A rally while inflation is cooling and real 10-year yields are falling is durable.',
  needs: ['CPIAUCSL', 'DGS10'],
  scoring: '6-month changes of CPI YoY (di) and DGS10 - CPI YoY (dy), in pp: logistic(2*min(-di, -dy)).',
  params: {
    lookbackMonths: { type: 'integer', default: 6, min: 1, max: 36, description: 'months over which inflation and the real yield must fall' },
    steepness: { type: 'number', default: 2, min: 0.01, max: 1000, description: 'logistic steepness per percentage point' },
  },
  score(view, { lookbackMonths: months, steepness }) {
    const t = view.t;
    if (!view.has('CPIAUCSL')) return abstain(`CPIAUCSL not known by ${dateAt(view, t)}`);
    if (!view.has('DGS10')) return abstain(`DGS10 not known by ${dateAt(view, t)}`);
    const cpi = view.series('CPIAUCSL'), y10 = view.series('DGS10');
    const k = indexMonthsBefore(view.dates, t, months);
    if (k < 0) return abstain(`no trading day ${months} months before ${dateAt(view, t)} in the data`);
    const iNow = inflationAt(view, cpi, t);
    if (typeof iNow === 'string') return abstain(iNow);
    const iThen = inflationAt(view, cpi, k);
    if (typeof iThen === 'string') return abstain(iThen);
    if (!Number.isFinite(y10[t]!)) return abstain(notKnownAt(view, 'DGS10', t));
    if (!Number.isFinite(y10[k]!)) return abstain(notKnownAt(view, 'DGS10', k, `(${months} months before the decision)`));
    const di = iNow - iThen;
    const dy = (y10[t]! - iNow) - (y10[k]! - iThen);
    return scored(logistic(Math.min(-di, -dy), 0, steepness));
  },
});

export default macroConfirmation;
