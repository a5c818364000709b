/**
 * consensus
 *
 * Claim: a rally is durable when several signals align — k or more of the
 * directional built-in criteria call it durable.
 *
 * Measure: every member (default: all directional built-ins; baselines and
 * consensus itself are excluded) is evaluated at the same decision with its
 * default parameters through view.evaluate. A member agrees when it calls the
 * rally durable, i.e. its score is >= 0.5 (the engine's default call
 * threshold); abstaining members do not vote. n = number agreeing.
 * Score: logistic(steepness * (n - k + 0.5)), steepness 1.5: above 0.5 exactly
 * when n >= k (n = k -> 0.68, n = k + 2 -> 0.95, n = k - 1 -> 0.32).
 * Abstains when fewer than k members scored (k agreeing was impossible).
 * Defaults: k = 6, members = the 16 directional built-ins.
 */
import { abstain, defineCriterion, logistic, scored } from '../engine/criterion.ts';

/** The directional built-ins (every built-in but the baselines and consensus itself). */
export const DIRECTIONAL_IDS: readonly string[] = [
  'breadth-participation', 'breadth-thrust', 'narrow-leadership', 'golden-cross', 'above-200-day',
  'follow-through-day', 'oversold-bounce', 'volatility-compression', 'policy-shift', 'macro-confirmation',
  'earnings-confirmation', 'credit-spreads', 'yield-curve', 'valuation', 'flow-stability', 'seasonality',
];

/** A member agrees when its score reaches the run's call threshold (view.callThreshold); this is the default. */
export const AGREE_AT = 0.5;

const EXCLUDED = new Set(['consensus', 'always-durable', 'coin-flip']);

/** The member ids of a comma-separated list, or what is wrong with it (a baseline, itself, a duplicate, empty). */
function membersOf(text: string): string[] | string {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) return 'members is empty';
  const seen = new Set<string>();
  for (const id of ids) {
    if (EXCLUDED.has(id)) return `'${id}' cannot be a member (baselines and consensus itself are excluded)`;
    if (seen.has(id)) return `member '${id}' is listed twice`;
    seen.add(id);
  }
  return ids;
}

/** Parse and check the member list (throws on a baseline, itself, duplicates or an empty list). */
export function parseMembers(text: string): string[] {
  const ids = membersOf(text);
  if (typeof ids === 'string') throw new Error(`consensus: ${ids}`);
  return ids;
}

export const consensus = defineCriterion({
  id: 'consensus',
  claim: 'A rally is durable when k or more of the directional criteria call it durable (signals align).',
  needs: ['others\' scores'],
  scoring: 'n = members scoring >= 0.5 (abstainers do not vote): logistic(1.5*(n-k+0.5)), above 0.5 iff n >= k.',
  params: {
    k: { type: 'integer', default: 6, min: 1, max: 50, description: 'members that must call the rally durable' },
    members: { type: 'string', default: DIRECTIONAL_IDS.join(','), description: 'comma-separated criterion ids that vote (default params)' },
    steepness: { type: 'number', default: 1.5, min: 0.01, max: 100, description: 'logistic steepness per member above/below k' },
  },
  reaches(p) {
    const members = membersOf(p.members);
    return typeof members === 'string' ? [] : members;
  },
  validate(p) {
    const members = membersOf(p.members);
    if (typeof members === 'string') return members;
    return p.k > members.length ? `k (${p.k}) exceeds the number of members (${members.length})` : null;
  },
  score(view, { k, members: list, steepness }) {
    const members = parseMembers(list);
    let voted = 0, agree = 0;
    const silent: string[] = [];
    for (const id of members) {
      const res = view.evaluate(id);
      if ('score' in res) {
        voted++;
        if (res.score >= (view.callThreshold ?? AGREE_AT)) agree++;
      } else silent.push(id);
    }
    if (voted < k) {
      return abstain(`only ${voted} of ${members.length} members scored (needs k = ${k}); abstained: ${silent.join(', ')}`);
    }
    return scored(logistic(agree - k + 0.5, 0, steepness));
  },
});

export default consensus;
