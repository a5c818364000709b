/**
 * Interval coverage and test level per episode kind on null histories
 * (test/support/null-histories.ts): the share of null rows whose 95% AUC
 * interval excludes 0.5 — i.i.d. and calendar-year block bootstrap — and
 * whose two-sided permutation p is below 0.05. Nominal: 5% each.
 * Standalone: `node --import tsx test/bench/interval-coverage.ts [histories] [scores per history] [half-life] [years]`.
 * Printed, never asserted (test/interval-coverage.test.ts asserts a smaller study).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageStudy, NULL_KINDS } from '../support/null-histories.ts';
import { SHOWN_INTERVAL } from '../../engine/stats/interval-choice.ts';

function pct(k: number, n: number): string {
  const p = k / n;
  const se = Math.sqrt((0.05 * 0.95) / n);
  return `${(100 * p).toFixed(1).padStart(5)}% (${((p - 0.05) / se).toFixed(1).padStart(5)} se)`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const histories = Number(process.argv[2] ?? 100);
  const scoresPerHistory = Number(process.argv[3] ?? 4);
  const halfLife = Number(process.argv[4] ?? 60);
  const years = Number(process.argv[5] ?? 60);
  const t0 = performance.now();
  const r = coverageStudy({ seed: 'coverage', histories, years, scoresPerHistory, halfLife, bootstrap: 500, permutations: 500 });
  console.log(`${histories} simulated ${years}-year markets x ${scoresPerHistory} null scores (AR(1) half-life ${halfLife} days); 500 resamples, 500 permutations`);
  console.log(`share of null rows whose 95% AUC interval excludes 0.5 / whose two-sided p < 0.05 (nominal 5%; shown: ${JSON.stringify(SHOWN_INTERVAL)})`);
  console.log('kind         rows  mean n   iid interval        block interval      permutation test    block-bootstrap test  larger p of the two');
  for (const k of NULL_KINDS) {
    const c = r[k];
    console.log(`${k.padEnd(12)} ${String(c.rows).padStart(4)}  ${c.meanEpisodes.toFixed(0).padStart(6)}   ${pct(c.iidExcludes, c.rows)}   ${pct(c.blockExcludes, c.rows)}   ${pct(c.permutationRejects, c.rows)}   ${pct(c.blockTestRejects, c.rows)}   ${pct(c.combinedRejects, c.rows)}`);
  }
  console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
