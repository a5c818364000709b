/**
 * THE LEAK TEST — the product's key guarantee (brief, "Non-negotiables").
 *
 * For every built-in criterion (default parameters) and every rebound episode
 * of GSPC on the full shared bundle (price, VIX, breadth, sectors, Shiller,
 * FRED), the score on the full dataset must equal the score on a dataset
 * REBUILT from every raw input series cut at the decision date (fresh
 * indicator cache, so every indicator is recomputed on truncated data). Any
 * look-ahead — in a criterion, an indicator, the as-of join or the view —
 * shows up as a difference.
 *
 * It also checks that each criterion actually scores the episodes its data
 * covers (a criterion that always abstains would pass the leak check
 * trivially), and prints a scored/abstained table.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadBundleSeries, type BundleSeries } from '../datasets/bundle.ts';
import { scored, withDefaults, type Criterion, type Params, type PointInTimeView } from '../engine/criterion.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import { findRebounds } from '../engine/episodes/rebound.ts';
import type { Dataset, DecisionPoint, Episode, ScoreResult, Series } from '../engine/types.ts';
import { createView, prepare, scoreAt, type PreparedDataset } from '../engine/data/view.ts';
import { BUILTIN_CRITERIA, getBuiltin } from '../strategies/registry.ts';
import { describeShared, ROOT } from './support/shared-data.ts';

const BUNDLE = join(ROOT, 'test', 'fixtures', 'shared-bundle.json');

/** How the engine lets `consensus` evaluate the other built-ins at the same decision. */
function evaluate(id: string, params: Params | undefined, view: PointInTimeView): ScoreResult {
  const c = getBuiltin(id);
  if (!c) return { abstain: `unknown criterion '${id}'` };
  return scoreAt(c, view, withDefaults(c, params));
}

function scoreAll(p: PreparedDataset, d: DecisionPoint): ScoreResult[] {
  return BUILTIN_CRITERIA.map((c) => {
    const view = createView(p, d, { copy: false, seed: `leak|${c.id}|${d.id}`, evaluate });
    return scoreAt(c, view, withDefaults(c));
  });
}

/** Count of dates <= day in a sorted calendar. */
function countUpTo(dates: Int32Array, day: number): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid]! <= day) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function cut(s: Series, day: number): Series {
  const k = countUpTo(s.dates, day);
  return { ...s, dates: s.dates.slice(0, k), values: s.values.slice(0, k) };
}

/** A dataset rebuilt from every raw series truncated at the decision date. */
function truncatedAt(raw: BundleSeries, day: number): Dataset {
  return buildDataset(raw.id, raw.price.map((s) => cut(s, day)), raw.extras.map((s) => cut(s, day)));
}

function same(a: ScoreResult, b: ScoreResult): boolean {
  if ('abstain' in a || 'abstain' in b) return 'abstain' in a && 'abstain' in b && a.abstain === b.abstain;
  return a.score === b.score || Math.abs(a.score - b.score) <= 1e-12;
}

const show = (r: ScoreResult): string => ('score' in r ? `score ${r.score}` : `abstain "${r.abstain}"`);

describeShared('leak test: every built-in on data truncated at the decision gives the same result', () => {
  let raw: BundleSeries;
  let full: PreparedDataset;
  let episodes: Episode[];
  let fullResults: ScoreResult[][];

  beforeAll(() => {
    raw = loadBundleSeries(JSON.parse(readFileSync(BUNDLE, 'utf8')), dirname(BUNDLE), 'shared-bundle');
    const ds = buildDataset(raw.id, raw.price, raw.extras);
    full = prepare(ds);
    episodes = findRebounds(ds);
    fullResults = episodes.map((e) => scoreAll(full, e));
  });

  it('the full bundle has every data role (including sectors)', () => {
    const cols = [...full.dataset.columns.keys()];
    for (const c of ['close', 'volume', 'vix', 'adv', 'dec', 'adv_volume', 'dec_volume', 'market', 'shiller.PE10',
      'shiller.Earnings', 'FEDFUNDS', 'CPIAUCSL', 'DGS10', 'BAA10Y', 'T10Y2Y']) expect(cols).toContain(c);
    expect(cols.filter((c) => c.startsWith('sector:')).length).toBeGreaterThanOrEqual(5);
    expect(episodes.length).toBeGreaterThan(50);
  });

  it('rebound episodes on GSPC: full-data score == truncated-data score, for every criterion', () => {
    const started = Date.now();
    const diffs: string[] = [];
    for (let k = 0; k < episodes.length; k++) {
      const e = episodes[k]!;
      const t = e.decisionIndex;
      const day = full.dataset.dates[t]!;
      const ds = truncatedAt(raw, day);
      // The rebuilt calendar is exactly the full calendar's prefix up to the decision.
      expect(ds.dates.length).toBe(t + 1);
      expect(ds.dates[t]).toBe(day);
      const cutResults = scoreAll(prepare(ds), e);
      BUILTIN_CRITERIA.forEach((c, j) => {
        const a = fullResults[k]![j]!, b = cutResults[j]!;
        if (!same(a, b)) diffs.push(`${c.id} @ ${e.decisionDate}: full ${show(a)} vs truncated ${show(b)}`);
      });
    }
    console.log(`leak test: ${BUILTIN_CRITERIA.length} criteria x ${episodes.length} episodes compared in ${Date.now() - started} ms`);
    expect(diffs).toEqual([]);
  });

  it('the comparison has teeth: a criterion that peeks past t through the zero-copy buffer is caught', () => {
    // Built-ins get zero-copy subarrays (copy:false). A criterion reaching for the
    // underlying buffer would see the future on the full dataset but not on the
    // truncated one, so the same comparison must flag it.
    const peek: Criterion = {
      id: 'peek', claim: 'test only', needs: ['price'], scoring: 'test only', params: [],
      score(view) {
        const c = view.series('close');
        const all = new Float64Array(c.buffer, c.byteOffset);
        const next = all[view.t + 1];
        return scored(next !== undefined && next > c[view.t]! ? 1 : 0);
      },
    };
    let caught = 0;
    for (const e of episodes.slice(0, 20)) {
      const run = (p: PreparedDataset): ScoreResult => scoreAt(peek, createView(p, e, { copy: false, seed: 's' }), {});
      const a = run(full);
      const b = run(prepare(truncatedAt(raw, full.dataset.dates[e.decisionIndex]!)));
      if (!same(a, b)) caught++;
    }
    expect(caught).toBeGreaterThan(0);
  });

  it('synthetic sector-lead and seasonal decisions on the same data are leak-free too', () => {
    const sectors = [...full.dataset.columns.keys()].filter((c) => c.startsWith('sector:'));
    const dates = full.dataset.dates;
    const decisions: DecisionPoint[] = [];
    const iso = (i: number): string => new Date(dates[i]! * 86_400_000).toISOString().slice(0, 10);
    // Every ~3 years: a sector-lead decision (rotating sectors) and a first-five-days window.
    for (let t = 400, n = 0; t < dates.length; t += 757, n++) {
      const col = sectors[n % sectors.length]!;
      const level = full.dataset.columns.get(col)!;
      if (Number.isFinite(level[t]!) && Number.isFinite(level[t - 63]!)) {
        decisions.push({ id: `GSPC:sector-lead:${iso(t)}`, market: 'GSPC', kind: 'sector-lead', decisionIndex: t, decisionDate: iso(t),
          refLowIndex: t - 63, refLowDate: iso(t - 63), refLow: level[t - 63]!, peakIndex: t - 63, peakDate: iso(t - 63), peak: level[t - 63]!,
          priceColumn: col, sector: col.slice('sector:'.length) });
      }
      // The first trading day of the next January at or after t.
      let s = t;
      while (s < dates.length && !(iso(s).slice(5, 7) === '01' && iso(s - 1).slice(5, 7) === '12')) s++;
      if (s + 4 < dates.length) {
        const close = full.dataset.columns.get('close')!;
        decisions.push({ id: `GSPC:seasonal:${iso(s + 4)}`, market: 'GSPC', kind: 'seasonal', decisionIndex: s + 4, decisionDate: iso(s + 4),
          refLowIndex: s - 1, refLowDate: iso(s - 1), refLow: close[s - 1]!, peakIndex: s - 1, peakDate: iso(s - 1), peak: close[s - 1]!,
          priceColumn: 'close', window: 'first-five-days', windowStartIndex: s });
      }
    }
    expect(decisions.length).toBeGreaterThan(40);
    const diffs: string[] = [];
    let scoredCount = 0;
    for (const d of decisions) {
      const a = scoreAll(full, d);
      const b = scoreAll(prepare(truncatedAt(raw, dates[d.decisionIndex]!)), d);
      BUILTIN_CRITERIA.forEach((c, j) => {
        if ('score' in a[j]!) scoredCount++;
        if (!same(a[j]!, b[j]!)) diffs.push(`${c.id} @ ${d.id}: full ${show(a[j]!)} vs truncated ${show(b[j]!)}`);
      });
    }
    expect(scoredCount).toBeGreaterThan(decisions.length * 5);
    expect(diffs).toEqual([]);
  });

  it('each criterion scores every episode its data covers (prints the scored/abstained table)', () => {
    const iso = (e: Episode): string => e.decisionDate;
    const between = (a: string, b: string) => (e: Episode): boolean => iso(e) >= a && iso(e) <= b;
    // Where the shared data lets each criterion score (with warm-up), by decision date.
    // Sectors (Ken French) end 2021-08; NYSE breadth 1965-03..2015-11; GSPC volume from 1950;
    // FEDFUNDS from 1954-07 (+lag, +6 months); DGS10 1962..2021-01; BAA10Y 1986..2017-11;
    // T10Y2Y 1976-06..2017-11; the GSPC calendar (so every moving average and the PE10
    // median) starts 1927-12-30.
    const covers: Record<string, (e: Episode) => boolean> = {
      'always-durable': () => true,
      'coin-flip': () => true,
      'breadth-participation': between('1928-04-01', '2021-08-31'),
      'breadth-thrust': between('1965-04-01', '2015-11-11'),
      'narrow-leadership': between('1928-01-01', '2021-08-31'),
      'golden-cross': between('1928-12-01', '9999'),
      'above-200-day': between('1928-12-01', '9999'),
      'follow-through-day': between('1950-01-20', '9999'),
      'oversold-bounce': between('1928-12-01', '9999'),
      'volatility-compression': () => true,
      'policy-shift': between('1955-03-01', '2023-12-31'),
      'macro-confirmation': between('1963-08-01', '2021-01-04'),
      'earnings-confirmation': between('1929-01-01', '2023-11-30'),
      'credit-spreads': between('1986-02-05', '2017-11-03'),
      'yield-curve': between('1976-09-01', '2017-11-03'),
      'valuation': between('1933-01-01', '2023-11-30'),
      'flow-stability': between('1950-02-01', '9999'),
      'seasonality': () => true,
      'consensus': between('1928-12-01', '9999'),
    };
    const lines: string[] = [];
    const missed: string[] = [];
    lines.push(`${'criterion'.padEnd(24)} scored abstained  covered-but-abstained   first scored .. last scored`);
    BUILTIN_CRITERIA.forEach((c, j) => {
      const cover = covers[c.id];
      expect(cover, `coverage expectation for ${c.id}`).toBeDefined();
      let sc = 0, ab = 0, bad = 0, first = '', last = '';
      episodes.forEach((e, k) => {
        const r = fullResults[k]![j]!;
        if ('score' in r) {
          sc++;
          first ||= e.decisionDate;
          last = e.decisionDate;
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
        } else {
          ab++;
          expect(r.abstain.length).toBeGreaterThan(10);
          if (cover!(e)) { bad++; missed.push(`${c.id} @ ${e.decisionDate}: ${r.abstain}`); }
        }
      });
      lines.push(`${c.id.padEnd(24)} ${String(sc).padStart(6)} ${String(ab).padStart(9)}  ${String(bad).padStart(21)}   ${first} .. ${last}`);
    });
    console.log(`scored/abstained on ${episodes.length} GSPC rebound episodes (${episodes[0]!.decisionDate}..${episodes.at(-1)!.decisionDate}):\n${lines.join('\n')}`);
    expect(missed).toEqual([]);
  });

  it('formula criteria are leak-free too (series values, indicators, lags, changes, episode facts)', async () => {
    const { makeExpressionCriterion } = await import('../strategies/expression.ts');
    const formulas = [
      'sma(close, 50) > sma(close, 200)',
      'BAA10Y < 3',
      'logistic(change(close, 21) * 10)',
      'lag(FEDFUNDS, 126) > FEDFUNDS',
      'shiller_PE10 < 20 and vix < 30',
      'logistic((close / refLow - 1) * 5 - drawdownDepth)',
    ].map((expr, i) => makeExpressionCriterion({ id: `f${i}`, expr, key: `criteria[${i}]` }));
    const diffs: string[] = [];
    let scoredCount = 0;
    for (const e of episodes) {
      const cutDs = prepare(truncatedAt(raw, full.dataset.dates[e.decisionIndex]!));
      for (const f of formulas) {
        const a = scoreAt(f, createView(full, e, { copy: false, seed: 's' }), {});
        const b = scoreAt(f, createView(cutDs, e, { copy: false, seed: 's' }), {});
        if ('score' in a) scoredCount++;
        if (!same(a, b)) diffs.push(`${f.claim} @ ${e.decisionDate}: ${show(a)} vs ${show(b)}`);
      }
    }
    expect(diffs).toEqual([]);
    expect(scoredCount).toBeGreaterThan(episodes.length * 2);
  });

  it('real sector-lead and seasonal decisions from the detectors are leak-free for every built-in', async () => {
    const { findSectorLeads } = await import('../engine/episodes/sector-lead.ts');
    const { findSeasonal, SEASONAL_DEFAULTS } = await import('../engine/episodes/seasonal.ts');
    const leads = findSectorLeads(full.dataset, { horizon: 126 });
    const seasonal = findSeasonal(full.dataset, SEASONAL_DEFAULTS);
    // Every 8th decision of each kind keeps the test quick while spanning the whole history.
    const sample = [...leads.filter((_, i) => i % 8 === 0), ...seasonal.filter((_, i) => i % 8 === 0)];
    expect(sample.length).toBeGreaterThan(60);
    const diffs: string[] = [];
    for (const e of sample) {
      const a = scoreAll(full, e);
      const b = scoreAll(prepare(truncatedAt(raw, full.dataset.dates[e.decisionIndex]!)), e);
      BUILTIN_CRITERIA.forEach((c, j) => {
        if (!same(a[j]!, b[j]!)) diffs.push(`${c.id} @ ${e.id}: ${show(a[j]!)} vs ${show(b[j]!)}`);
      });
    }
    expect(diffs).toEqual([]);
  });
});
