/**
 * The report's combined-row text states the question the row tests and the
 * answer only as far as the numbers carry it (it used to read "predicts
 * durability better than any one of them" beside a combined AUC of 0.366).
 */
import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '../engine/results.ts';
import { combinedFinding } from '../reports/html/sections/combine.ts';

const combined = (auc: number, lo: number, hi: number): MetricsRow => ({ auc, aucCI: { lo, hi }, interval: 'iid' }) as unknown as MetricsRow;
const members = [{ label: 'macro-confirmation', auc: 0.678, basis: 'the same episodes' }, { label: 'valuation', auc: 0.55, basis: 'the same episodes' }];

describe('the combined row\'s finding', () => {
  it('asks the question, and says "not supported" when the combined AUC is below a member alone', () => {
    const t = combinedFinding(combined(0.366, 0.2, 0.5), members);
    expect(t).toBe('Tested: does the combination predict durability better than any one member alone? Not supported: the combined AUC 0.366 [0.200, 0.500] out of sample is not above macro-confirmation alone (0.678, the same episodes).');
  });

  it('says "not supported" when it is above every member but its interval holds 0.5', () => {
    expect(combinedFinding(combined(0.7, 0.45, 0.9), members)).toContain('Not supported: the combined AUC 0.700 [0.450, 0.900] out of sample holds 0.5, so it is not shown to beat chance (best member: macro-confirmation alone (0.678, the same episodes)).');
  });

  it('says "consistent with it" only when the interval excludes 0.5 and it is above every member', () => {
    expect(combinedFinding(combined(0.75, 0.6, 0.88), members)).toContain('Consistent with it: the combined AUC 0.750 [0.600, 0.880] out of sample excludes 0.5 and is above every member alone');
  });

  it('gives no answer without a combined AUC', () => {
    expect(combinedFinding(combined(NaN, NaN, NaN), members)).toMatch(/No answer: the combined row has no out-of-sample AUC\.$/);
    expect(combinedFinding(undefined, members)).toMatch(/No answer/);
  });
});
