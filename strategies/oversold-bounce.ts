/**
 * oversold-bounce
 *
 * Claim: the more oversold the correction low was, the more durable the
 * bounce from it (capitulation lows hold).
 *
 * Measure, both at the reference low L (not at the decision):
 *  - RSI(rsiWindow = 14) of the episode's price: zRsi = (rsiLevel - RSI) / rsiScale
 *    (defaults 30 and 10: RSI 20 -> +1, RSI 40 -> -1);
 *  - distance below the maWindow (200)-day average, d = C[L]/SMA[L] - 1:
 *    zDist = (distLevel - d) / distScale (defaults -0.10 and 0.05: 20% below
 *    -> +2, on the average -> -2).
 * Score: logistic((zRsi + zDist) / 2): 0.5 for RSI 30 and 10% below the
 * 200-day; deeper -> higher.
 * Applies to rebounds (the reference low is the correction low). Abstains
 * when either measure is not defined at the low.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, priceColumnOf } from './_shared.ts';

export const oversoldBounce = defineCriterion({
  id: 'oversold-bounce',
  claim: 'A bounce from a deeply oversold low (low RSI(14), far below the 200-day average) is durable.',
  needs: ['price'],
  scoring: 'At the low: zRsi = (30-RSI14)/10, zDist = (-0.10 - (C/SMA200-1))/0.05; logistic((zRsi+zDist)/2).',
  params: {
    rsiWindow: { type: 'integer', default: 14, min: 2, max: 100, description: 'RSI length (days)' },
    rsiLevel: { type: 'number', default: 30, min: 0, max: 100, description: 'RSI at the low that is neutral (z = 0)' },
    rsiScale: { type: 'number', default: 10, min: 0.1, max: 100, description: 'RSI points per unit of z' },
    maWindow: { type: 'integer', default: 200, min: 2, max: 500, description: 'moving-average length (days)' },
    distLevel: { type: 'number', default: -0.1, min: -1, max: 1, description: 'distance from the average at the low that is neutral' },
    distScale: { type: 'number', default: 0.05, min: 0.001, max: 1, description: 'distance per unit of z' },
  },
  kinds: ['rebound'],
  score(view, p) {
    const col = priceColumnOf(view);
    const t = view.t, low = view.decision.refLowIndex;
    if (!(low >= 0 && low <= t)) return abstain(`reference low index ${low} is outside 0..${t}`);
    if (!view.has(col)) return abstain(`no ${col} known by ${dateAt(view, t)}`);
    const rsiN = p.rsiWindow, maN = p.maWindow;
    const rsi = view.indicator('rsi', col, rsiN)[low]!;
    const ma = view.indicator('sma', col, maN)[low]!;
    const c = view.series(col)[low]!;
    if (!Number.isFinite(rsi)) return abstain(`no RSI(${rsiN}) of ${col} at the low ${dateAt(view, low)} (needs ${rsiN + 1} closes)`);
    if (!Number.isFinite(ma) || !Number.isFinite(c) || ma <= 0) {
      return abstain(`no ${maN}-day average of ${col} at the low ${dateAt(view, low)} (needs ${maN} consecutive closes)`);
    }
    const zRsi = (p.rsiLevel - rsi) / p.rsiScale;
    const zDist = (p.distLevel - (c / ma - 1)) / p.distScale;
    return scored(logistic((zRsi + zDist) / 2));
  },
});

export default oversoldBounce;
