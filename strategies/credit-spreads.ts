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
import { abstain, logistic, scored, type Criterion, type ParamSpec } from '../engine/criterion.ts';
import { dateAt, notKnownAt, ParamReader } from './_shared.ts';

const COL = 'BAA10Y';

const PARAMS: ParamSpec[] = [
  { name: 'lookback', type: 'integer', default: 21, min: 1, max: 504, description: 'trading days over which the spread must narrow' },
  { name: 'steepness', type: 'number', default: 5, min: 0.01, max: 1000, description: 'logistic steepness per percentage point of change' },
];

export const creditSpreads: Criterion = {
  id: 'credit-spreads',
  claim: 'A rally while the BAA-Treasury credit spread narrows is durable.',
  needs: ['BAA10Y'],
  scoring: 'c = BAA10Y change over 21 trading days (pp): logistic(-5*c) (narrowing -> above 0.5).',
  params: PARAMS,
  score(view, params) {
    const r = new ParamReader(PARAMS, params);
    const n = r.num('lookback');
    const t = view.t;
    if (!view.has(COL)) return abstain(`${COL} not known by ${dateAt(view, t)}`);
    const s = view.series(COL);
    if (!Number.isFinite(s[t]!)) return abstain(notKnownAt(view, COL, t));
    if (t - n < 0) return abstain(`fewer than ${n} trading days before ${dateAt(view, t)} in the data`);
    if (!Number.isFinite(s[t - n]!)) return abstain(notKnownAt(view, COL, t - n, `(${n} trading days before the decision)`));
    return scored(logistic(-(s[t]! - s[t - n]!), 0, r.num('steepness')));
  },
};

export default creditSpreads;
