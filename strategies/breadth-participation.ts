/**
 * breadth-participation
 *
 * Claim: a rally in which most issues take part (broad participation) is
 * durable; one carried by few issues is not.
 *
 * Measure (source = auto prefers the first that is known):
 *  - breadth: the advancing share sum(adv) / sum(adv + dec) over the rally —
 *    the days after the reference low up to the decision, at most the last
 *    `window` (20) days. Needs NYSE advancers/decliners on at least half of
 *    those days.
 *  - sectors: the share of sectors (`sector:<name>` columns) whose level is
 *    above its `smaWindow`-day (50) average at the decision; needs >= 3 sectors
 *    with a known average.
 * Score: breadth: logistic(steepness * (share - 0.5)), steepness 20 (share
 * 0.55 -> 0.73, 0.60 -> 0.88, 0.45 -> 0.27); sectors: the share itself (already
 * in [0,1], 0.5 when half the sectors are above their average).
 */
import { abstain, defineCriterion, logistic, scored, type PointInTimeView, type ScoreResult } from '../engine/criterion.ts';
import { dateAt, sectorColumns } from './_shared.ts';

/** The score of an advancing share over the rally: 0.5 at an even split. */
export function advancingShareScore(share: number, steepness: number): number {
  return logistic(share, 0.5, steepness);
}

function fromBreadth(view: PointInTimeView, window: number, steepness: number): ScoreResult {
  const t = view.t;
  const from = Math.max(view.decision.refLowIndex + 1, t - window + 1, 0);
  const days = t - from + 1;
  if (!view.has('adv') || !view.has('dec')) return abstain(`no NYSE advance/decline data known by ${dateAt(view, t)}`);
  const adv = view.series('adv');
  const dec = view.series('dec');
  let a = 0, d = 0, known = 0;
  for (let i = from; i <= t; i++) {
    const x = adv[i]!, y = dec[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) { a += x; d += y; known++; }
  }
  if (known * 2 < days || a + d <= 0) {
    return abstain(`advance/decline known on only ${known} of the ${days} rally days ${dateAt(view, from)}..${dateAt(view, t)}`);
  }
  return scored(advancingShareScore(a / (a + d), steepness));
}

function fromSectors(view: PointInTimeView, smaWindow: number): ScoreResult {
  const t = view.t;
  let above = 0, n = 0;
  for (const col of sectorColumns(view)) {
    const level = view.series(col)[t]!;
    const avg = view.indicator('sma', col, smaWindow)[t]!;
    if (!Number.isFinite(level) || !Number.isFinite(avg)) continue;
    n++;
    if (level > avg) above++;
  }
  if (n < 3) return abstain(`only ${n} sectors with a ${smaWindow}-day average at ${dateAt(view, t)} (needs 3)`);
  return scored(above / n);
}

export const breadthParticipation = defineCriterion({
  id: 'breadth-participation',
  claim: 'Broad participation (most issues advancing, or most sectors above their 50-day average) marks a durable rally.',
  needs: ['breadth', 'sectors'],
  scoring: 'Advancing share over the rally (<= 20 days): logistic(20*(share-0.5)); sector fallback: share of sectors above their 50-day average.',
  params: {
    window: { type: 'integer', default: 20, min: 1, max: 252, description: 'at most this many rally days (ending at the decision) for the advancing share' },
    smaWindow: { type: 'integer', default: 50, min: 2, max: 400, description: 'moving-average length for the sector fallback' },
    steepness: { type: 'number', default: 20, min: 0.1, max: 1000, description: 'logistic steepness applied to (advancing share - 0.5)' },
    source: { type: 'string', default: 'auto', choices: ['auto', 'breadth', 'sectors'], description: 'advance/decline breadth, sectors, or auto (breadth when known, else sectors)' },
  },
  score(view, { source, window, smaWindow, steepness }) {
    if (source === 'breadth') return fromBreadth(view, window, steepness);
    if (source === 'sectors') return fromSectors(view, smaWindow);
    const b = fromBreadth(view, window, steepness);
    if ('score' in b) return b;
    const s = fromSectors(view, smaWindow);
    if ('score' in s) return s;
    return abstain(`${b.abstain}; ${s.abstain}`);
  },
});

export default breadthParticipation;
