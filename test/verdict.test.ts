/**
 * The verdict (engine/run/verdict.ts): statuses follow the rule (q <= alpha
 * and AUC above the chance band), the sentence says plainly when nothing beat
 * chance and over how many tests, and the chance band is the permutation null.
 */
import { describe, expect, it } from 'vitest';
import { runVerdict } from '../engine/run/verdict.ts';
import { nullAucBand, SIMULATE_UP_TO } from '../engine/stats/null-band.ts';
import { verdictText } from '../engine/cli/verdict-text.ts';
import { rocAuc } from '../engine/stats/auc.ts';
import { FastRng } from '../engine/stats/random.ts';
import type { RunSummary } from '../engine/results.ts';
import { fakeRun } from './support/fake-run.ts';

describe('the verdict', () => {
  const run = fakeRun({ episodes: 160, criteria: 24, seed: 5 });
  const v = runVerdict(run.summary);

  it('counts the tests, and every status follows the rule', () => {
    expect(v.tests).toBe(run.summary.metrics.filter((m) => Number.isFinite(m.pValue)).length);
    expect(v.alpha).toBe(0.05);
    for (const k of v.kinds) {
      for (const r of k.rows) {
        const beats = r.qValue <= v.alpha && r.auc > r.nullBand.hi;
        expect(r.status === 'beats-chance').toBe(beats);
        expect(r.nullBand.lo).toBeLessThan(0.5);
        expect(r.nullBand.hi).toBeGreaterThan(0.5);
      }
      expect(k.rows.length).toBeLessThanOrEqual(5);
      const winners = run.summary.metrics.filter((m) => m.kind === k.kind && m.qValue <= 0.05 && m.auc > nullAucBand(m.n, m.positives, 0.95, run.summary.seed).hi).length;
      expect(k.winners).toBe(winners);
      if (winners > 0) expect(k.sentence).toMatch(new RegExp(`^${winners} criterion rows? predicted .* better than chance after correction for ${v.tests} tests; strongest evidence: `));
    }
    expect(v.kinds.some((k) => k.winners > 0)).toBe(true);
  });

  it('says plainly when nothing beat chance, with the smallest q', () => {
    const none: RunSummary = { ...run.summary, metrics: run.summary.metrics.map((m) => ({ ...m, qValue: Number.isFinite(m.pValue) ? Math.max(m.qValue, 0.2) : m.qValue })) };
    const nv = runVerdict(none);
    for (const k of nv.kinds) {
      expect(k.winners).toBe(0);
      expect(k.sentence).toMatch(new RegExp(`^No criterion predicted durable [a-z -]+ better than chance after correction for ${nv.tests} tests \\(smallest q = 0\\.\\d{3}, [^)]+\\)\\.$`));
    }
    const text = verdictText(nv, 2).join('\n');
    expect(text.startsWith('VERDICT')).toBe(true);
    expect(text).toContain(`adjusted over the ${nv.tests} rows with a p-value`);
  });

  it('the chance band is where random rankings fall', () => {
    // 2000 random rankings of 40 items (10 durable): about 95% of their AUCs inside the band.
    const band = nullAucBand(40, 10, 0.95, 'check');
    const rng = new FastRng('independent');
    const labels = Array.from({ length: 40 }, (_, i) => (i < 10 ? 1 : 0));
    let inside = 0;
    for (let b = 0; b < 2000; b++) {
      const auc = rocAuc(labels.map(() => rng.uniform()), labels);
      if (auc >= band.lo && auc <= band.hi) inside++;
    }
    expect(inside / 2000).toBeGreaterThan(0.93);
    expect(inside / 2000).toBeLessThan(0.975);
    // The simulated band and the normal approximation agree where one takes over from the other.
    const sim = nullAucBand(3 * SIMULATE_UP_TO, SIMULATE_UP_TO, 0.95, 's');
    const nor = nullAucBand(3 * SIMULATE_UP_TO + 3, SIMULATE_UP_TO + 1, 0.95, 's');
    expect(Math.abs(sim.lo - nor.lo)).toBeLessThan(0.006);
    expect(Math.abs(sim.hi - nor.hi)).toBeLessThan(0.006);
  });
});
