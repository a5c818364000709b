/**
 * narrow-leadership
 *
 * Claim: a rally whose gains are concentrated in one or two sectors is
 * fragile; broad sector gains mark a durable rally.
 *
 * Measure: for every sector column `sector:<name>` known at both the
 * reference low and the decision, its gain g = S[t] / S[low] - 1. The
 * concentration C is the share of the summed positive gains that the `top`
 * (2) largest gains contribute: C = 2/N when N sectors gained equally, 1 when
 * only `top` sectors gained.
 * Score: logistic(-steepness * (C - center)), center 0.5, steepness 10: C = 0.25
 * (broad, 10 sectors) -> 0.92, C = 0.5 -> 0.5, C = 0.8 -> 0.05. A narrow
 * rally gets a LOW score.
 * Applies to rebounds and seasonal windows; a sector-lead episode is one
 * sector leading by definition, so the claim would be circular there.
 * Abstains with fewer than 3 sectors known, or when no sector gained.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';
import { dateAt, sectorColumns } from './_shared.ts';

export const narrowLeadership = defineCriterion({
  id: 'narrow-leadership',
  claim: 'Gains from the low concentrated in one or two sectors mark a fragile rally (a low score).',
  needs: ['sectors'],
  scoring: 'C = top-2 sectors\' share of the positive sector gains since the low: logistic(-10*(C-0.5)).',
  params: {
    top: { type: 'integer', default: 2, min: 1, max: 10, description: 'how many leading sectors count as "the leaders"' },
    center: { type: 'number', default: 0.5, min: 0, max: 1, description: 'leaders\' share of the gains that scores 0.5' },
    steepness: { type: 'number', default: 10, min: 0.1, max: 1000, description: 'logistic steepness applied to the leaders\' share' },
  },
  kinds: ['rebound', 'seasonal'],
  score(view, { top, center, steepness: steep }) {
    const t = view.t, low = view.decision.refLowIndex;
    if (!(low >= 0 && low < t)) return abstain(`reference low index ${low} is not before the decision`);
    const gains: number[] = [];
    for (const col of sectorColumns(view)) {
      const s = view.series(col);
      const a = s[low]!, b = s[t]!;
      if (Number.isFinite(a) && Number.isFinite(b) && a > 0) gains.push(b / a - 1);
    }
    if (gains.length < 3) {
      return abstain(`only ${gains.length} sectors known at both the low ${dateAt(view, low)} and ${dateAt(view, t)} (needs 3)`);
    }
    const pos = gains.filter((g) => g > 0).sort((x, y) => y - x);
    const total = pos.reduce((s, g) => s + g, 0);
    if (!(total > 0)) return abstain(`no sector gained from the low ${dateAt(view, low)} to ${dateAt(view, t)}`);
    let lead = 0;
    for (let i = 0; i < Math.min(top, pos.length); i++) lead += pos[i]!;
    return scored(logistic(-(lead / total - center) * steep));
  },
});

export default narrowLeadership;
