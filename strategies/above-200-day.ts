/**
 * above-200-day
 *
 * Claim: a rally whose price is above its 200-day moving average is durable.
 *
 * Measure: distance d = C[t] / SMA(window)[t] - 1 of the episode's price
 * column at the decision (window = 200).
 * Score: logistic(steepness * d), steepness 25: 0.5 on the average, d = +4%
 * -> 0.73, -10% -> 0.08.
 * Abstains when the average is not yet defined.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, priceColumnOf } from './_shared.ts';

export const above200Day = defineCriterion({
  id: 'above-200-day',
  claim: 'Price above its 200-day moving average marks a durable rally.',
  needs: ['price'],
  scoring: 'd = close/SMA200 - 1 at the decision: logistic(25*d) (0.5 on the average, +4% -> 0.73).',
  params: {
    window: { type: 'integer', default: 200, min: 2, max: 500, description: 'moving-average length (days)' },
    steepness: { type: 'number', default: 25, min: 0.1, max: 10000, description: 'logistic steepness applied to price/SMA - 1' },
  },
  score(view, { window: n, steepness }) {
    const col = priceColumnOf(view);
    const t = view.t;
    if (!view.has(col)) return abstain(`no ${col} known by ${dateAt(view, t)}`);
    const c = view.series(col)[t]!;
    const avg = view.indicator('sma', col, n)[t]!;
    if (!Number.isFinite(c)) return abstain(`${col} not known at ${dateAt(view, t)}`);
    if (!Number.isFinite(avg) || avg <= 0) {
      return abstain(`no ${n}-day average of ${col} at ${dateAt(view, t)} (needs ${n} consecutive closes)`);
    }
    return scored(logistic(c / avg - 1, 0, steepness));
  },
});

export default above200Day;
