/**
 * coin-flip — seeded random baseline.
 *
 * Claim: none — a random call, the floor every criterion's AUC must beat.
 * Parameters: p = 0.5 [0..1], the probability of calling an episode durable.
 * Score: one seeded uniform draw u in [0,1) from view.random() (the seed
 * derives from run seed, criterion, parameters and episode, so reruns agree),
 * mapped piecewise-linearly and decreasingly so that u = 0 -> 1, u = p -> 0.5,
 * u -> 1 -> 0: the score is above 0.5 with probability p. With p = 0.5 the
 * score is 1 - u, uniform on (0,1].
 */
import { defineCriterion, scored } from '../engine/criterion.ts';

/** The piecewise-linear map of a uniform draw (exported for tests). */
export function coinScore(u: number, p: number): number {
  return u < p ? 1 - (0.5 * u) / p : (0.5 * (1 - u)) / (1 - p);
}

export const coinFlip = defineCriterion({
  id: 'coin-flip',
  claim: 'Baseline: a seeded coin flip; no criterion is useful unless it beats this.',
  needs: ['none'],
  scoring: 'A seeded uniform draw mapped so that the score exceeds 0.5 with probability p (p = 0.5: uniform).',
  params: {
    p: { type: 'number', default: 0.5, min: 0, max: 1, description: 'probability that the score is above 0.5 (a durable call)' },
  },
  score: (view, { p }) => scored(coinScore(view.random(), p)),
});

export default coinFlip;
