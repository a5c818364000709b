/**
 * credit-spreads
 *
 * Claim: a rally while credit spreads narrow (the Moody's BAA corporate yield
 * minus the 10-year Treasury, FRED BAA10Y) is durable: credit confirms equity.
 *
 * Measure: change c = BAA10Y[t] - BAA10Y[t - lookback] over `lookback` (21)
 * trading days, in percentage points, as known on each day.
 * Score: logistic(-steepness * c), steepness 5: narrowing by 0.2 pp -> 0.73,
 * unchanged -> 0.5, widening by 0.2 pp -> 0.27.
 * Abstains when either reading is not known.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { nowAndBarsBack } from './_shared.ts';

const COL = 'BAA10Y';

/** The score of a spread change c (percentage points): narrowing scores above 0.5. */
export function spreadChangeScore(c: number, steepness: number): number {
  return logistic(-c, 0, steepness);
}

export const creditSpreads = defineCriterion({
  id: 'credit-spreads',
  claim: 'A rally while the BAA-Treasury credit spread narrows is durable.',
  needs: ['BAA10Y'],
  scoring: 'c = BAA10Y change over 21 trading days (pp): logistic(-5*c) (narrowing -> above 0.5).',
  params: {
    lookback: { type: 'integer', default: 21, min: 1, max: 504, description: 'trading days over which the spread must narrow' },
    steepness: { type: 'number', default: 5, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
  },
  score(view, { lookback, steepness }) {
    const v = nowAndBarsBack(view, COL, lookback);
    if ('reason' in v) return abstain(v.reason);
    return scored(spreadChangeScore(v.now - v.then, steepness));
  },
});

export default creditSpreads;
