/**
 * Breadth from constituents (engine/data/constituent-breadth.ts) against a
 * brute-force count, its causality (members cut at a day give the same
 * values up to that day) and the rule that a member counts only while it
 * trades; the equal-weighted composite; cluster periods and the cluster
 * permutation's edge cases (engine/stats/cluster.ts).
 */
import { describe, expect, it } from 'vitest';
import { constituentBreadth, equalWeightComposite, type MemberBars } from '../engine/data/constituent-breadth.ts';
import { clusterPermutationPValue, clusterPermutationTest, periodOf, periodStart } from '../engine/stats/cluster.ts';
import { rankPrepare } from '../engine/stats/ranking.ts';
import { dayFromYmd, isoDate } from '../engine/calendar.ts';
import { makeRng } from '../engine/stats/index.ts';

const N = 400;
const CAL = Int32Array.from({ length: N }, (_, i) => 20000 + i);

/** A member trading on calendar days [from, to) except every `gap`-th day. */
function member(seed: string, from: number, to: number, gap = 0): MemberBars {
  const rng = makeRng(seed);
  const days: number[] = [];
  const close: number[] = [];
  let x = 20;
  for (let i = from; i < to; i++) {
    if (gap && i % gap === 0) continue;
    x *= 1 + (rng() - 0.5) * 0.04;
    if (rng() < 0.05) x = close[close.length - 1] ?? x; // some unchanged days
    days.push(CAL[i]!);
    close.push(x);
  }
  return { dates: Int32Array.from(days), close: Float64Array.from(close), volume: Float64Array.from(close, (_, k) => 100 + k) };
}

const MEMBERS = [member('a', 0, N), member('b', 30, N, 7), member('c', 0, 250), member('d', 120, 390, 11)];

/** Brute force for one calendar day i. */
function brute(i: number): Record<string, number> {
  let adv = 0, dec = 0, unch = 0, advVol = 0, counted = 0, a50 = 0, n50 = 0, a200 = 0, n200 = 0, hi = 0, lo = 0, nYear = 0;
  for (const m of MEMBERS) {
    const k = Array.from(m.dates).indexOf(CAL[i]!);
    if (k < 0) continue;
    const c = Array.from(m.close);
    if (k >= 1) {
      counted++;
      if (c[k]! > c[k - 1]!) { adv++; advVol += m.volume![k]!; } else if (c[k]! < c[k - 1]!) dec++; else unch++;
    }
    const avg = (w: number): number => c.slice(k - w + 1, k + 1).reduce((s, v) => s + v, 0) / w;
    if (k >= 49) { n50++; if (c[k]! > avg(50)) a50++; }
    if (k >= 199) { n200++; if (c[k]! > avg(200)) a200++; }
    if (k >= 251) {
      nYear++;
      const prior = c.slice(k - 251, k);
      if (c[k]! > Math.max(...prior)) hi++;
      else if (c[k]! < Math.min(...prior)) lo++;
    }
  }
  const or = (den: number, v: number): number => (den > 0 ? v : NaN);
  return {
    adv: or(counted, adv), dec: or(counted, dec), unch: or(counted, unch), adv_volume: or(counted, advVol), adv_minus_dec: or(counted, adv - dec),
    above_50d: or(n50, a50 / n50), above_200d: or(n200, a200 / n200), new_highs: or(nYear, hi), new_lows: or(nYear, lo),
    highs_minus_lows: or(nYear, hi - lo), breadth_members: or(counted, counted),
  };
}

describe('breadth from constituents', () => {
  const b = constituentBreadth(CAL, MEMBERS);

  it('matches a brute-force count on every day (members starting late, ending early, with gaps)', () => {
    for (let i = 0; i < N; i += 3) {
      const want = brute(i);
      for (const [name, v] of Object.entries(want)) {
        const got = b.get(name as never)![i]!;
        if (Number.isNaN(v)) expect(got, `${name} @ ${i}`).toBeNaN();
        else expect(got, `${name} @ ${i}`).toBeCloseTo(v, 9);
      }
    }
  });

  it('a member counts only while it trades (c ends at day 250: it is never counted after)', () => {
    const withoutC = constituentBreadth(CAL, MEMBERS.filter((_, j) => j !== 2));
    for (let i = 251; i < N; i++) expect(b.get('breadth_members')![i]).toBe(withoutC.get('breadth_members')![i]);
    expect(b.get('breadth_members')![100]).toBe(withoutC.get('breadth_members')![100]! + 1);
  });

  it('is causal: members cut at a day give the same values up to that day', () => {
    for (const t of [60, 217, 333]) {
      const cut = MEMBERS.map((m) => {
        const k = m.dates.findIndex((d) => d > CAL[t]!);
        const end = k < 0 ? m.dates.length : k;
        return { dates: m.dates.slice(0, end), close: m.close.slice(0, end), volume: m.volume!.slice(0, end) };
      });
      const part = constituentBreadth(CAL.slice(0, t + 1), cut.filter((m) => m.dates.length > 0));
      for (const [name, col] of part) for (let i = 0; i <= t; i++) expect(Object.is(col[i], b.get(name)![i]) || col[i] === b.get(name)![i], `${name} @ ${i} cut at ${t}`).toBe(true);
    }
  });

  it('the equal-weighted composite compounds the mean of the members\' daily returns', () => {
    const level = equalWeightComposite(CAL, MEMBERS);
    let want = 100;
    for (let i = 0; i < N; i++) {
      const r: number[] = [];
      for (const m of MEMBERS) {
        const k = Array.from(m.dates).indexOf(CAL[i]!);
        if (k >= 1) r.push(m.close[k]! / m.close[k - 1]! - 1);
      }
      if (r.length) want *= 1 + r.reduce((s, v) => s + v, 0) / r.length;
      expect(level[i]).toBeCloseTo(want, 9);
    }
  });
});

describe('clusters', () => {
  it('periods: calendar months, quarters, years, Monday weeks and fixed windows', () => {
    const d = dayFromYmd(2016, 2, 29);
    expect(periodOf(d, 'month')).toBe(2016 * 12 + 1);
    expect(isoDate(periodStart(periodOf(d, 'month'), 'month'))).toBe('2016-02-01');
    expect(isoDate(periodStart(periodOf(d, 'quarter'), 'quarter'))).toBe('2016-01-01');
    expect(isoDate(periodStart(periodOf(d, 'year'), 'year'))).toBe('2016-01-01');
    expect(isoDate(periodStart(periodOf(d, 'week'), 'week'))).toBe('2016-02-29'); // a Monday
    expect(periodOf(dayFromYmd(2016, 3, 6), 'week')).toBe(periodOf(d, 'week')); // the Sunday after
    expect(periodOf(d, { days: 10 })).toBe(Math.floor(d / 10));
  });

  it('the cluster permutation p-value is in (0, 1], seeded, NaN with one class, and small for a perfect ranking', () => {
    const scores = Float64Array.from({ length: 60 }, (_, i) => i / 60);
    const labels = Float64Array.from({ length: 60 }, (_, i) => (i >= 30 ? 1 : 0));
    const clusters = Int32Array.from({ length: 60 }, (_, i) => i % 20);
    const r = rankPrepare(scores, labels, 't');
    const p = clusterPermutationPValue(r, clusters, 200, 's');
    expect(p).toBe(clusterPermutationPValue(r, clusters, 200, 's'));
    expect(p).toBeLessThan(0.02);
    const flat = rankPrepare(scores, new Float64Array(60).fill(1), 't');
    expect(clusterPermutationPValue(flat, clusters, 50, 's')).toBeNaN();
    // One cluster: only the outcomes inside it are shuffled (a within-cluster permutation).
    const one = clusterPermutationPValue(r, new Int32Array(60), 200, 's');
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThanOrEqual(1);
  });

  it('the cluster permutation test is two-sided, with each one-sided p from the same permutations', () => {
    const scores = Float64Array.from({ length: 60 }, (_, i) => i / 60);
    const clusters = Int32Array.from({ length: 60 }, (_, i) => i % 20);
    // A criterion pointing the wrong way: AUC 0. Small two-sided and lower-tail p, upper-tail p 1.
    const wrong = rankPrepare(scores, Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? 1 : 0)), 't');
    const t = clusterPermutationTest(wrong, clusters, 200, 's');
    expect(t.twoSided).toBeLessThan(0.02);
    expect(t.below).toBeLessThan(0.02);
    expect(t.above).toBe(1);
    expect(clusterPermutationPValue(wrong, clusters, 200, 's')).toBe(t.above);
    // The two-sided count holds the permutations extreme on either side: at least each one-sided count, at most both.
    const right = rankPrepare(scores, Float64Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0)), 't');
    const u = clusterPermutationTest(right, clusters, 400, 's');
    expect(u.twoSided).toBeGreaterThanOrEqual(Math.min(u.above, u.below));
    expect(u.twoSided).toBeLessThanOrEqual(Math.min(1, u.above + u.below));
  });
});
