/**
 * Interval coverage and test level per episode kind on null histories
 * (test/support/null-histories.ts: simulated markets, a criterion whose score
 * carries no information but moves smoothly over time like a real one's).
 * For every kind, the share of rows whose shown 95% AUC interval excludes 0.5,
 * and the share whose reported test rejects at 0.05, must be within binomial
 * error of 5%. The i.i.d. interval is not honest for seasonal windows (a
 * January's windows share their outcome), which is why the reports show the
 * calendar-year block interval there (engine/stats/interval-choice.ts).
 * A larger version prints its table: test/bench/interval-coverage.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageStudy, NULL_KINDS, type CoverageCount } from './support/null-histories.ts';
import { binomCdf } from './support/stats-data.ts';
import { SHOWN_INTERVAL } from '../engine/stats/interval-choice.ts';

/** k of n is inside the two-sided 99% acceptance region of Binomial(n, 0.05). */
function withinBinomialError(k: number, n: number): boolean {
  const below = binomCdf(k, n, 0.05); // P(X <= k)
  const above = 1 - (k > 0 ? binomCdf(k - 1, n, 0.05) : 0); // P(X >= k)
  return below > 0.005 && above > 0.005;
}

const shown = (c: CoverageCount, kind: keyof typeof SHOWN_INTERVAL): { excludes: number; rejects: number } =>
  SHOWN_INTERVAL[kind] === 'iid'
    ? { excludes: c.iidExcludes, rejects: c.permutationRejects }
    : { excludes: c.blockExcludes, rejects: c.combinedRejects };

describe('interval coverage and test level on null histories', () => {
  let study: Record<(typeof NULL_KINDS)[number], CoverageCount>;
  beforeAll(() => {
    study = coverageStudy({ seed: 'coverage-test', histories: 120, years: 40, scoresPerHistory: 2, halfLife: 60, bootstrap: 200, permutations: 200, sectors: 6 });
  });

  it.each(NULL_KINDS)('%s: the shown interval excludes 0.5, and the test rejects, in about 5% of null rows', (kind) => {
    const c = study[kind];
    expect(c.rows).toBeGreaterThan(200);
    const s = shown(c, kind);
    const report = `${kind}: ${c.rows} rows, shown (${SHOWN_INTERVAL[kind]}) interval excludes 0.5 in ${s.excludes}, test rejects in ${s.rejects}; `
      + `iid ${c.iidExcludes}, block ${c.blockExcludes}, permutation ${c.permutationRejects}, block test ${c.blockTestRejects}, larger of both ${c.combinedRejects}`;
    expect(withinBinomialError(s.excludes, c.rows), report).toBe(true);
    expect(withinBinomialError(s.rejects, c.rows), report).toBe(true);
  });

  it('seasonal windows: the i.i.d. interval and label permutations reject more often than the block bootstrap', () => {
    const c = study.seasonal;
    expect(c.iidExcludes).toBeGreaterThan(c.blockExcludes);
    expect(c.permutationRejects).toBeGreaterThan(c.blockTestRejects);
  });
});
