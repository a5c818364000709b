/**
 * volatility-compression
 *
 * Claim: volatility falling from its correction peak (fear subsiding) marks
 * a durable rally.
 *
 * Measure: the volatility series is the VIX when the episode is on the market
 * (`close`) and the VIX is known on every day of the window, else the
 * annualised `rvWindow` (20)-day realized volatility of the episode's price
 * column (source = auto; force one with source = vix / realized). The window
 * runs from the prior peak (rebounds) or the reference low (other kinds) to
 * the decision, at most `maxLookback` (252) days. Fall from the peak:
 * f = 1 - vol[t] / max(vol over the window).
 * Score: logistic(steepness * (f - center)), center 0.15, steepness 10:
 * f = 0 (volatility at its peak) -> 0.18, f = 0.15 -> 0.5, f = 0.3 -> 0.82.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { allKnown, dateAt, priceColumnOf } from './_shared.ts';

/** The score of a fall f = 1 - vol / peak vol: 0.5 at f = center. */
export function volatilityFallScore(f: number, center: number, steepness: number): number {
  return logistic(f - center, 0, steepness);
}

function fall(vol: Float64Array, start: number, t: number): number {
  let peak = -Infinity;
  for (let i = start; i <= t; i++) if (vol[i]! > peak) peak = vol[i]!;
  return peak > 0 ? 1 - vol[t]! / peak : NaN;
}

export const volatilityCompression = defineCriterion({
  id: 'volatility-compression',
  claim: 'Implied (VIX) or realized volatility falling from its correction peak marks a durable rally.',
  needs: ['vix', 'price'],
  scoring: 'f = 1 - vol/peak vol since the prior peak (VIX, else 20-day realized): logistic(10*(f-0.15)).',
  params: {
    rvWindow: { type: 'integer', default: 20, min: 2, max: 252, description: 'days in the realized-volatility fallback' },
    maxLookback: { type: 'integer', default: 252, min: 5, max: 2520, description: 'longest window searched for the volatility peak (days)' },
    center: { type: 'number', default: 0.15, min: 0, max: 1, description: 'fall from the peak that scores 0.5' },
    steepness: { type: 'number', default: 10, min: 0.1, max: 1000, description: 'logistic steepness applied to the fall from the peak' },
    source: { type: 'string', default: 'auto', choices: ['auto', 'vix', 'realized'], description: 'VIX, realized volatility of the price, or auto' },
  },
  score(view, { source, rvWindow: rvN, maxLookback, center, steepness }) {
    const t = view.t, d = view.decision;
    const anchor = d.kind === 'rebound' ? d.peakIndex : d.refLowIndex;
    const start = Math.max(0, Math.min(t, anchor), t - maxLookback);
    const col = priceColumnOf(view);
    const map = (f: number): number => volatilityFallScore(f, center, steepness);

    let vixWhy = '';
    if (source !== 'realized') {
      if (source === 'auto' && col !== 'close') vixWhy = `the VIX is the market's, not ${col}'s`;
      else if (!view.has('vix')) vixWhy = `no VIX known by ${dateAt(view, t)}`;
      else if (!allKnown(view.series('vix'), start, t)) vixWhy = `VIX not known on every day ${dateAt(view, start)}..${dateAt(view, t)}`;
      else {
        const f = fall(view.series('vix'), start, t);
        if (Number.isFinite(f)) return scored(map(f));
        vixWhy = 'VIX peak is not positive';
      }
      if (source === 'vix') return abstain(vixWhy);
    }
    if (!view.has(col)) return abstain(`no VIX or ${col} history before ${dateAt(view, t)}`);
    const rv = view.indicator('realizedVol', col, rvN);
    if (!Number.isFinite(rv[t]!)) {
      return abstain(`no VIX or ${col} history of ${rvN} days before ${dateAt(view, t)}` + (vixWhy && source === 'auto' ? ` (${vixWhy})` : ''));
    }
    const f = fall(rv, start, t);
    if (!Number.isFinite(f)) return abstain(`realized volatility of ${col} is zero over ${dateAt(view, start)}..${dateAt(view, t)}`);
    return scored(map(f));
  },
});

export default volatilityCompression;
