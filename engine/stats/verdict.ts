/**
 * Out-of-sample verdicts: did a finding of the discovery period (the first
 * evaluation period) hold in a later one? The rule, at level 0.05:
 *   - discovered: the discovery row's q-value (Benjamini-Hochberg of the
 *     two-sided p, across the discovery period's rows) is below 0.05; its
 *     direction is the side of 0.5 its AUC lies on;
 *   - confirmed: discovered, and the later period's one-sided permutation
 *     p-value in the same direction is below 0.05;
 *   - reversed: discovered, and the later period's one-sided p-value in the
 *     opposite direction is below 0.05;
 *   - not confirmed: discovered, and neither (including a later period
 *     with too few episodes to test);
 *   - not discovered: the discovery q-value is 0.05 or more;
 *   - untested: the discovery row has no p-value (no episodes, or one class).
 * Only the discovery period is corrected for the number of rows: a
 * confirmation tests one pre-specified hypothesis per row.
 */
import type { MetricsRow } from '../results.ts';

export const VERDICT_LEVEL = 0.05;
export const VERDICTS = ['confirmed', 'not confirmed', 'reversed', 'not discovered', 'untested'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_RULE = `confirmed = discovery q < ${VERDICT_LEVEL} (BH across the discovery rows, two-sided p) and the later period's one-sided p < ${VERDICT_LEVEL} in the same direction (AUC above or below 0.5); `
  + `reversed = discovery q < ${VERDICT_LEVEL} and the later period's one-sided p < ${VERDICT_LEVEL} in the opposite direction; `
  + `not confirmed = discovery q < ${VERDICT_LEVEL} and neither; not discovered = discovery q >= ${VERDICT_LEVEL}; untested = no discovery p-value (no episodes or one class)`;

type Row = Pick<MetricsRow, 'auc' | 'qValue' | 'pAbove' | 'pBelow'>;

export function verdictOf(discovery: Row, later: Row): Verdict {
  if (!Number.isFinite(discovery.qValue)) return 'untested';
  if (!(discovery.qValue < VERDICT_LEVEL)) return 'not discovered';
  const up = discovery.auc > 0.5;
  const same = up ? later.pAbove : later.pBelow;
  const opposite = up ? later.pBelow : later.pAbove;
  if (same < VERDICT_LEVEL) return 'confirmed';
  if (opposite < VERDICT_LEVEL) return 'reversed';
  return 'not confirmed';
}
