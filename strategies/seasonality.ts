/**
 * seasonality
 *
 * Claim: a rally is durable when it starts in the strong half of the year
 * (November to April, "sell in May") or when this year's Santa Claus rally
 * was positive ("if Santa Claus should fail to call, bears may come to Broad
 * and Wall").
 *
 * Measure, using only data up to the decision:
 *  - half: h = +halfStrength (1) if the decision falls in November-April,
 *    -halfStrength otherwise;
 *  - Santa Claus: the return r of the market close over this calendar year's
 *    window (last 5 trading days of the previous December and first 2 of
 *    January, from the close before the window), once that window has ended
 *    on or before the decision; s = santaSteepness (100) * r, so +1% -> 1.
 *    Before the window has ended there is no Santa reading this year.
 * Score: logistic(max(h, s)) — "either clause": Nov-Apr -> >= 0.73; May-Oct
 * with a +1.5% Santa rally -> 0.82; May-Oct with a negative one -> 0.27 or
 * lower.
 * Applies to rebounds and sector-lead advances: on seasonal-window episodes
 * the claim is circular (the Santa Claus episode is itself the window, and
 * every January window is in the strong half).
 */
import { defineCriterion, logistic, scored, type PointInTimeView } from '../engine/criterion.ts';
import { monthOf, yearOf } from '../engine/calendar.ts';
import { resolveWindow, SANTA_CLAUS } from '../engine/calendar-windows.ts';
import { priceColumnOf } from './_shared.ts';

/** This calendar year's Santa Claus window return, if it ended by the decision; else NaN. */
export function santaReturn(view: PointInTimeView, column: string): number {
  // The window that ends in January of the decision's year starts in December of the year before.
  const span = resolveWindow(view.dates, SANTA_CLAUS, yearOf(view.dates[view.t]!) - 1);
  if (!span) return NaN; // not ended by the decision (the view's calendar ends at it), or not in the data
  const { s, e } = span;
  const c = view.series(column);
  const a = c[s - 1]!, b = c[e]!;
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? b / a - 1 : NaN;
}

export const seasonality = defineCriterion({
  id: 'seasonality',
  claim: 'A rally in the November-April half, or after a positive Santa Claus window this year, is durable.',
  needs: ['calendar', 'price'],
  scoring: 'h = +1 in Nov-Apr else -1; s = 100 * this year\'s Santa Claus return (once known): logistic(max(h, s)).',
  params: {
    halfStrength: { type: 'number', default: 1, min: 0, max: 100, description: 'logit added (or subtracted) for a decision in (outside) November-April' },
    santaSteepness: { type: 'number', default: 100, min: 0, max: 10000, description: 'logit per unit of Santa Claus window return' },
  },
  kinds: ['rebound', 'sector-lead'],
  score(view, { halfStrength, santaSteepness }) {
    const m = monthOf(view.dates[view.t]!);
    const h = (m >= 11 || m <= 4 ? 1 : -1) * halfStrength;
    const col = view.has('close') ? 'close' : priceColumnOf(view);
    const santa = view.has(col) ? santaReturn(view, col) : NaN;
    const s = Number.isFinite(santa) ? santaSteepness * santa : -Infinity;
    return scored(logistic(Math.max(h, s)));
  },
});

export default seasonality;
