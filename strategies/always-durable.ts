/**
 * always-durable — baseline.
 *
 * Claim: every rally is durable. Its precision is the base rate; any criterion
 * worth using must beat it.
 * Parameters: none.
 * Score: always 1 (every episode called durable). All scores tie, so its ROC
 * AUC is 0.5 by construction.
 */
import { defineCriterion, scored } from '../engine/criterion.ts';

export const alwaysDurable = defineCriterion({
  id: 'always-durable',
  claim: 'Baseline: every rally is durable (its precision is the base rate).',
  needs: ['none'],
  scoring: 'Always 1 (every episode called durable); all scores tie, so its AUC is 0.5.',
  params: {},
  score: () => scored(1),
});

export default alwaysDurable;
