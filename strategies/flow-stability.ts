/**
 * flow-stability
 *
 * Claim: a rally in which up-day volume dominates down-day volume (buyers
 * committing, not just a lack of sellers) is durable.
 *
 * Measure: the up-volume share u = up / (up + down) over the `window` (20)
 * trading days ending at the decision, from (source = auto: the first that
 * is known on every day of the window)
 *  - breadth: NYSE advancing volume (`adv_volume`) vs declining volume
 *    (`dec_volume`), summed;
 *  - price: total `volume` on days the close rose vs days it fell (only for
 *    an episode on `close`, whose volume it is).
 * Score: logistic(steepness * (u - 0.5)), steepness 10: balanced -> 0.5,
 * u = 0.6 -> 0.73, u = 0.4 -> 0.27.
 */
import { abstain, defineCriterion, logistic, scored, type PointInTimeView } from '../engine/criterion.ts';
import { allKnown, dateAt, priceColumnOf } from './_shared.ts';

/** Up-volume share from NYSE advancing/declining volume, or a reason it is unavailable. */
function fromBreadth(view: PointInTimeView, from: number): number | string {
  const t = view.t;
  if (!view.has('adv_volume') || !view.has('dec_volume')) return `no NYSE up/down volume known by ${dateAt(view, t)}`;
  const up = view.series('adv_volume'), down = view.series('dec_volume');
  if (!allKnown(up, from, t) || !allKnown(down, from, t)) return `NYSE up/down volume not known on every day ${dateAt(view, from)}..${dateAt(view, t)}`;
  let u = 0, d = 0;
  for (let i = from; i <= t; i++) { u += up[i]!; d += down[i]!; }
  return u + d > 0 ? u / (u + d) : `NYSE up/down volume is zero over ${dateAt(view, from)}..${dateAt(view, t)}`;
}

/** Up-volume share from the close and its volume, or a reason it is unavailable. */
function fromPrice(view: PointInTimeView, from: number): number | string {
  const t = view.t, col = priceColumnOf(view);
  if (col !== 'close') return `volume is recorded for close only, not for ${col}`;
  if (!view.has('volume')) return `no volume known by ${dateAt(view, t)}`;
  const v = view.series('volume'), c = view.series(col);
  if (from < 1 || !allKnown(v, from, t) || !allKnown(c, from - 1, t)) return `volume not known on every day ${dateAt(view, from)}..${dateAt(view, t)}`;
  let u = 0, d = 0;
  for (let i = from; i <= t; i++) {
    if (c[i]! > c[i - 1]!) u += v[i]!;
    else if (c[i]! < c[i - 1]!) d += v[i]!;
  }
  return u + d > 0 ? u / (u + d) : `no up or down day with volume over ${dateAt(view, from)}..${dateAt(view, t)}`;
}

export const flowStability = defineCriterion({
  id: 'flow-stability',
  claim: 'A rally in which up-day volume dominates down-day volume is durable.',
  needs: ['breadth', 'volume'],
  scoring: 'u = up-volume share over 20 days (NYSE up/down volume, else volume on up vs down closes): logistic(10*(u-0.5)).',
  params: {
    window: { type: 'integer', default: 20, min: 2, max: 252, description: 'trading days ending at the decision' },
    steepness: { type: 'number', default: 10, min: 0.1, max: 1000, description: 'logistic steepness applied to (up-volume share - 0.5)' },
    source: { type: 'string', default: 'auto', choices: ['auto', 'breadth', 'price'], description: 'NYSE up/down volume, price+volume, or auto (breadth first)' },
  },
  score(view, { source, window, steepness }) {
    const from = view.t - window + 1;
    if (from < 0) return abstain(`fewer than ${window} trading days before ${dateAt(view, view.t)} in the data`);
    const map = (u: number) => scored(logistic(u - 0.5, 0, steepness));
    const b = source === 'price' ? null : fromBreadth(view, from);
    if (typeof b === 'number') return map(b);
    if (source === 'breadth') return abstain(b!);
    const p = fromPrice(view, from);
    if (typeof p === 'number') return map(p);
    return abstain(b ? `${b}; ${p}` : p);
  },
});

export default flowStability;
