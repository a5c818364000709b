/**
 * The report's fixed vocabulary: the order and titles of episode kinds, the
 * outcomes and their colours, the score palette of the call grid, and which
 * criteria are baselines. Constants only, nothing from the run.
 */
import type { Outcome } from '../../engine/types.ts';
import { cmp } from './format.ts';

const KIND_ORDER: readonly string[] = ['rebound', 'sector-lead', 'seasonal'];
const KIND_TITLE: Record<string, string> = {
  rebound: 'Post-correction rebounds',
  'sector-lead': 'Sector-led advances',
  seasonal: 'Seasonal windows',
};

export const OUTCOMES: readonly Outcome[] = ['durable', 'stalled', 'failed', 'censored'];

/** Paul Tol's colour-blind-safe "bright" scheme. */
export const OUTCOME_COLOUR: Record<Outcome, string> = {
  durable: '#228833',
  stalled: '#CCBB44',
  failed: '#EE6677',
  censored: '#AAAAAA',
};

/** Score buckets 0..9 ([0,0.1) ... [0.9,1]): Paul Tol's "sunset", red = not durable, blue = durable. */
export const SCORE_COLOURS = ['#A50026', '#DD3D2D', '#F67E4B', '#FDB366', '#FEDA8B', '#C2E4EF', '#98CAE1', '#6EA6CD', '#4A7BB7', '#364B9A'];
export const ABSTAIN_COLOUR = '#D4D4D4';
export const FAILED_COLOUR = '#1F1F1F';

/** Criteria every other criterion should beat; the leaderboard badges them. */
export const BASELINES: ReadonlySet<string> = new Set(['always-durable', 'coin-flip']);

/** Section title of an episode kind (unknown kinds get a generic one). */
export function kindTitle(kind: string): string {
  return KIND_TITLE[kind] ?? `Episodes of kind \u201c${kind}\u201d`;
}

/** The CSS outcome class of an outcome; anything unknown is drawn as censored. */
export function outcomeClass(o: string): string {
  return (OUTCOMES as readonly string[]).includes(o) ? o : 'censored';
}

/** Known kinds in their fixed order, then unknown kinds in code-point order. */
export function kindCmp(a: string, b: string): number {
  const ia = KIND_ORDER.indexOf(a);
  const ib = KIND_ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || cmp(a, b);
}
