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
import { abstain, logistic, scored, type Criterion, type ParamSpec } from '../engine/criterion.ts';
import { ParamReader } from './_shared.ts';

/** The directional built-ins (every built-in but the baselines and consensus itself). */
export const DIRECTIONAL_IDS: readonly string[] = [
  'breadth-participation', 'breadth-thrust', 'narrow-leadership', 'golden-cross', 'above-200-day',
  'follow-through-day', 'oversold-bounce', 'volatility-compression', 'policy-shift', 'macro-confirmation',
  'earnings-confirmation', 'credit-spreads', 'yield-curve', 'valuation', 'flow-stability', 'seasonality',
];

/** A member agrees when its score reaches the run's call threshold (view.callThreshold); this is the default. */
export const AGREE_AT = 0.5;

const EXCLUDED = new Set(['consensus', 'always-durable', 'coin-flip']);

const PARAMS: ParamSpec[] = [
  { name: 'k', type: 'integer', default: 6, min: 1, max: 50, description: 'members that must call the rally durable' },
  { name: 'members', type: 'string', default: DIRECTIONAL_IDS.join(','), description: 'comma-separated criterion ids that vote (default params)' },
  { name: 'steepness', type: 'number', default: 1.5, min: 0.01, max: 100, description: 'logistic steepness per member above/below k' },
];

/** Parse and check the member list (throws on a baseline, itself, duplicates or an empty list). */
export function parseMembers(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) throw new Error('consensus: members is empty');
  const seen = new Set<string>();
  for (const id of ids) {
    if (EXCLUDED.has(id)) throw new Error(`consensus: '${id}' cannot be a member (baselines and consensus itself are excluded)`);
    if (seen.has(id)) throw new Error(`consensus: member '${id}' is listed twice`);
    seen.add(id);
  }
  return ids;
}

export const consensus: Criterion = {
  id: 'consensus',
  claim: 'A rally is durable when k or more of the directional criteria call it durable (signals align).',
  needs: ['others\' scores'],
  scoring: 'n = members scoring >= 0.5 (abstainers do not vote): logistic(1.5*(n-k+0.5)), above 0.5 iff n >= k.',
  params: PARAMS,
  validate(p) {
    try {
      const members = parseMembers(String(p.members));
      return Number(p.k) > members.length ? `k (${String(p.k)}) exceeds the number of members (${members.length})` : null;
    } catch (e) {
      return (e as Error).message;
    }
  },
  score(view, params) {
    const r = new ParamReader(PARAMS, params);
    const k = r.num('k');
    const members = parseMembers(r.str('members'));
    if (k > members.length) throw new Error(`consensus: k (${k}) exceeds the number of members (${members.length})`);
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
    return scored(logistic(agree - k + 0.5, 0, r.num('steepness')));
  },
};

export default consensus;
