/**
 * earnings-confirmation
 *
 * Claim: a rally while trailing earnings are growing is durable.
 *
 * Measure: growth g = E(t) / E(t - months) - 1 of Shiller's trailing S&P
 * earnings (`shiller.Earnings`), each value as known on its day — the
 * dataset applies the ~quarter publication lag — with months = 12.
 * Score: logistic(steepness * g), steepness 10: flat -> 0.5, +10% -> 0.73,
 * -20% -> 0.12.
 * Abstains when either reading is not known.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { indexMonthsBefore } from '../engine/calendar.ts';
import { dateAt, notKnownAt } from './_shared.ts';

const COL = 'shiller.Earnings';

export const earningsConfirmation = defineCriterion({
  id: 'earnings-confirmation',
  claim: 'A rally while trailing earnings grow year over year (as published, with the lag) is durable.',
  needs: ['shiller'],
  scoring: 'g = shiller.Earnings known now / known 12 months earlier - 1: logistic(10*g).',
  params: {
    months: { type: 'integer', default: 12, min: 1, max: 60, description: 'growth measured over this many months' },
    steepness: { type: 'number', default: 10, min: 0.01, max: 1000, description: 'logistic steepness applied to the growth fraction' },
  },
  score(view, { months, steepness }) {
    const t = view.t;
    if (!view.has(COL)) return abstain(`${COL} not known by ${dateAt(view, t)}`);
    const e = view.series(COL);
    const now = e[t]!;
    if (!Number.isFinite(now)) return abstain(notKnownAt(view, COL, t));
    const j = indexMonthsBefore(view.dates, t, months);
    if (j < 0) return abstain(`no trading day ${months} months before ${dateAt(view, t)} in the data`);
    const then = e[j]!;
    if (!Number.isFinite(then) || then <= 0) return abstain(notKnownAt(view, COL, j, `(${months} months before the decision)`));
    return scored(logistic(now / then - 1, 0, steepness));
  },
});

export default earningsConfirmation;
