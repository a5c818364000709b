/**
 * golden-cross
 *
 * Claim: a rally in which the 50-day moving average is above the 200-day
 * (a "golden cross" regime) is durable.
 *
 * Measure: spread d = SMA(fast)[t] / SMA(slow)[t] - 1 of the episode's price
 * column (so it also works on a sector's own series). Defaults fast = 50,
 * slow = 200.
 * Score: logistic(steepness * d), steepness 50: 0.5 when the averages are
 * equal, d = +2% -> 0.73, +5% -> 0.92, -5% -> 0.08.
 * Abstains when the slow average is not yet defined (fewer than `slow`
 * closes before the decision, or a gap in them). fast >= slow is an error.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, priceColumnOf } from './_shared.ts';

export const goldenCross = defineCriterion({
  id: 'golden-cross',
  claim: 'The 50-day moving average above the 200-day marks a durable rally.',
  needs: ['price'],
  scoring: 'd = SMA50/SMA200 - 1 at the decision: logistic(50*d) (0.5 when equal, +2% -> 0.73).',
  params: {
    fast: { type: 'integer', default: 50, min: 2, max: 250, description: 'fast moving-average length (days)' },
    slow: { type: 'integer', default: 200, min: 3, max: 500, description: 'slow moving-average length (days)' },
    steepness: { type: 'number', default: 50, min: 0.1, max: 10000, description: 'logistic steepness applied to SMA(fast)/SMA(slow) - 1' },
  },
  validate: (p) => (p.fast >= p.slow ? `fast (${p.fast}) must be shorter than slow (${p.slow})` : null),
  score(view, { fast, slow, steepness }) {
    const col = priceColumnOf(view);
    const t = view.t;
    if (!view.has(col)) return abstain(`no ${col} known by ${dateAt(view, t)}`);
    const f = view.indicator('sma', col, fast)[t]!;
    const s = view.indicator('sma', col, slow)[t]!;
    if (!Number.isFinite(s) || !Number.isFinite(f) || s <= 0) {
      return abstain(`no ${slow}-day average of ${col} at ${dateAt(view, t)} (needs ${slow} consecutive closes)`);
    }
    return scored(logistic(f / s - 1, 0, steepness));
  },
});

export default goldenCross;
