import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, it, expect } from 'vitest';
import {
  SECTOR_LEAD_DEFAULTS, SECTOR_LEAD_VERSION, findSectorLeads, relativeStrengthHighs, sectorNames,
} from '../engine/episodes/sector-lead.ts';
import {
  compositeMarket, sectorDataset, sectorLevelsFromFrench, sectorLevelsFromPriceFiles, sectorLevelsFromReturns,
} from '../datasets/readers/sectors.ts';
import { returnsToLevels } from '../datasets/readers/french.ts';
import { ConfigError } from '../engine/errors.ts';
import { isoDate, parseIsoDay } from '../engine/calendar.ts';
import type { Dataset, Episode, Series } from '../engine/types.ts';
import { describeShared, shared } from './support/shared-data.ts';

const days = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => 18000 + i);

/** A dataset with `market` and `sector:<k>` columns from plain arrays. */
function dsOf(cols: Record<string, ArrayLike<number>>, id = 'T'): Dataset {
  const n = Object.values(cols)[0]!.length;
  const columns = new Map<string, Float64Array>();
  for (const [k, v] of Object.entries(cols)) columns.set(k === 'market' ? k : `sector:${k}`, Float64Array.from(v));
  return { id, dates: days(n), columns, meta: new Map() };
}

/** n values from f(i). */
const arr = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const flat = (n: number, v = 1): number[] => arr(n, () => v);
/** Rising 0.1% a close up to and including `until`, then g(i). */
const risingThen = (n: number, until: number, g: (i: number, top: number) => number): number[] =>
  arr(n, (i) => (i <= until ? 1.001 ** i : g(i, 1.001 ** until)));

/** Element-wise toBeCloseTo (NaN must match NaN). */
function near(got: ArrayLike<number>, want: number[], digits = 13): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Number.isNaN(w)) expect(Number.isNaN(got[i]!)).toBe(true);
    else expect(got[i]!).toBeCloseTo(w, digits);
  });
}

const H = 10;
const P = { horizon: H };

describe('relative-strength highs (brief v1)', () => {
  it('never before 252 earlier closes; ties count (>=)', () => {
    const rising = relativeStrengthHighs(Float64Array.from(arr(300, (i) => i)));
    expect(rising.indexOf(1)).toBe(252);
    expect(rising[251]).toBe(0);
    expect(Array.from(rising.subarray(252)).every((f) => f === 1)).toBe(true);
    const constant = relativeStrengthHighs(Float64Array.from(flat(260)));
    expect(constant.indexOf(1)).toBe(252); // RS[u] >= max of an equal window
  });
  it('the window is exactly u-252..u-1', () => {
    const rs = flat(400);
    rs[100] = 2;
    const f = relativeStrengthHighs(Float64Array.from(rs));
    expect(f[352]).toBe(0); // window 100..351 holds the 2
    expect(f[353]).toBe(1); // window 101..352 does not
    expect(f.indexOf(1)).toBe(353);
  });
  it('counts from the first known value (NaN = the sector does not exist yet)', () => {
    const rs = arr(500, (i) => (i < 100 ? NaN : i));
    expect(relativeStrengthHighs(Float64Array.from(rs)).indexOf(1)).toBe(352);
  });
});

describe('sector-lead decisions (brief v1)', () => {
  it('the first RS high with a 63-close advance is a decision; index 251 never is', () => {
    const s = risingThen(300, 299, () => 0);
    const e = findSectorLeads(dsOf({ A: s, market: flat(300) }), P);
    expect(e.map((x) => x.decisionIndex)).toEqual([252]); // 253..299 are highs inside the quiet period
    expect(e[0]!.refLowIndex).toBe(252 - 63);
    expect(e[0]!.refLow).toBeCloseTo(1.001 ** 189, 12);
    expect(e[0]!.peakIndex).toBe(252);
    expect(e[0]!.peak).toBeCloseTo(1.001 ** 252, 12);
  });
  it('the quiet period counts RS highs that were not decisions', () => {
    // Highs at 252 (a decision) and 253..260 (not decisions); the sector then drops to 1 and jumps to 1.3 at x.
    const build = (x: number) => risingThen(420, 260, (i) => (i < x ? 1 : 1.3));
    // x = 323: the last high (260, not a decision) is in 260..322: no decision.
    expect(findSectorLeads(dsOf({ A: build(323), market: flat(420) }), P).map((e) => e.decisionIndex)).toEqual([252]);
    // x = 324: no high in 261..323, and S[324]/S[261] = 1.3 > 1: a decision.
    expect(findSectorLeads(dsOf({ A: build(324), market: flat(420) }), P).map((e) => e.decisionIndex)).toEqual([252, 324]);
  });
  it('needs S_k[t] / S_k[t-63] > 1: an RS high made by a falling market is not a decision', () => {
    // RS = 1 up to 251; from 252 the market falls 1 %/close and the sector 0.5 %/close: RS highs every close,
    // but the sector is below its level 63 closes earlier.
    const m = arr(400, (i) => (i < 252 ? 1 : 0.99 ** (i - 251)));
    const s = arr(400, (i) => (i < 252 ? 1 : 0.995 ** (i - 251)));
    const f = relativeStrengthHighs(Float64Array.from(arr(400, (i) => s[i]! / m[i]!)));
    expect(f[252]).toBe(1);
    expect(findSectorLeads(dsOf({ A: s, market: m }), P)).toHaveLength(0);
    // Exactly 1 is not > 1: a flat sector against a flat market makes RS highs but no decision.
    expect(findSectorLeads(dsOf({ A: flat(400), market: flat(400) }), P)).toHaveLength(0);
  });
  describe('outcome at t+H (t = 252, H = 10)', () => {
    const n = 300;
    const run = (s: number[], m: number[]) => findSectorLeads(dsOf({ A: s, market: m }), P)[0]!;
    const st = 1.001 ** 252;
    // After t the sector and market are set explicitly at t+H = 262.
    const sect = (v: number) => risingThen(n, 252, (i) => (i === 262 ? v : st));
    const mkt = (v: number) => arr(n, (i) => (i === 262 ? v : 1));
    it('durable when both the sector and its relative strength rose', () => {
      expect(run(sect(st * 1.01), mkt(1)).outcome).toBe('durable');
      expect(run(sect(st * 1.01), mkt(1)).label).toBe(1);
    });
    it('failed when the sector rose but lost leadership (market rose more)', () => {
      expect(run(sect(st * 1.01), mkt(1.02)).outcome).toBe('failed');
    });
    it('failed when leadership rose but the sector fell (market fell more)', () => {
      expect(run(sect(st * 0.99), mkt(0.95)).outcome).toBe('failed');
    });
    it('failed when the sector is unchanged (both are strict)', () => {
      expect(run(sect(st), mkt(0.9)).outcome).toBe('failed');
      expect(run(sect(st), mkt(0.9)).label).toBe(0);
    });
    it('censored when t+H is past the data; not when t+H is the last close', () => {
      expect(findSectorLeads(dsOf({ A: sect(st * 1.01).slice(0, 262), market: flat(262) }), P)[0]!.outcome).toBe('censored');
      expect(findSectorLeads(dsOf({ A: sect(st * 1.01).slice(0, 263), market: mkt(1).slice(0, 263) }), P)[0]!.outcome).toBe('durable');
    });
  });
  it('a sector that starts late counts 252 closes from its first value', () => {
    const s = arr(500, (i) => (i < 100 ? NaN : 1.001 ** (i - 100)));
    const e = findSectorLeads(dsOf({ A: s, market: flat(500) }), P);
    expect(e.map((x) => x.decisionIndex)).toEqual([352]);
  });
  it('ids, fields, and ordering by decision index then sector name', () => {
    const s = risingThen(300, 299, () => 0);
    const e = findSectorLeads(dsOf({ Zeta: s, Alpha: s, market: flat(300) }, 'MKT'), P);
    expect(e.map((x) => x.id)).toEqual([`MKT:sector-lead:Alpha:${isoDate(18252)}`, `MKT:sector-lead:Zeta:${isoDate(18252)}`]);
    const a = e[0]!;
    expect(a.kind).toBe('sector-lead');
    expect(a.sector).toBe('Alpha');
    expect(a.priceColumn).toBe('sector:Alpha');
    expect(a.decisionDate).toBe(isoDate(18252));
    expect(a.peakDate).toBe(a.decisionDate);
    expect(a.refLowDate).toBe(isoDate(18189));
    expect(Number.isNaN(a.drawdown)).toBe(true); // not meaningful for this kind
    expect(Number.isNaN(a.daysPeakToLow)).toBe(true);
    expect(a.fwd21).toBeCloseTo(1.001 ** 21 - 1, 12); // the sector's forward return
    expect(a.horizon).toBe(H);
    expect(sectorNames(dsOf({ b: [1], a: [1], market: [1] }))).toEqual(['a', 'b']);
  });
  it('clear errors for a missing market, no sectors and bad parameters', () => {
    expect(() => findSectorLeads(dsOf({ A: flat(5) }), P)).toThrow(/no 'market' column/);
    expect(() => findSectorLeads(dsOf({ market: flat(5) }), P)).toThrow(/no sector columns/);
    expect(() => findSectorLeads(dsOf({ A: flat(5), market: flat(5) }), { horizon: 0 })).toThrow(/horizon must be a positive integer/);
    expect(SECTOR_LEAD_VERSION).toBe('sector-lead/v1');
    expect(SECTOR_LEAD_DEFAULTS).toEqual({ horizon: 126, lookback: 252, quiet: 63, advance: 63 });
  });
});

const series = (name: string, dates: number[], values: number[]): Series => ({
  name, dates: Int32Array.from(dates), values: Float64Array.from(values), frequency: 'daily', lagDays: 0,
  source: null, stats: { rows: values.length, missing: 0, rejected: 0, notes: [] },
});

describe('composite market (equal-weighted sector returns)', () => {
  it('means the known returns, leaves missing ones out, and has return 0 on a day with none', () => {
    const d = [1, 2, 3, 4, 5];
    const m = compositeMarket([
      series('sector:A', d, [0.5, 0.01, NaN, NaN, 0.1]),
      series('sector:B', d, [0.5, 0.03, 0.04, NaN, -0.1]),
    ]);
    expect(m.name).toBe('market');
    // day 0: 1 (its return is not applied); day 1: mean 0.02; day 2: only B (0.04), not (0 + 0.04)/2;
    // day 3: no return at all, 0; day 4: mean 0.
    near(m.values, [1, 1.02, 1.02 * 1.04, 1.02 * 1.04, 1.02 * 1.04]);
    expect(m.stats.notes.join('; ')).toMatch(/3 missing sector returns left out/);
    expect(m.stats.notes.join('; ')).toMatch(/1 days with no sector return/);
  });
  it('aligns series on the union of their dates', () => {
    const m = compositeMarket([series('sector:A', [1, 2, 4], [0, 0.1, 0.1]), series('sector:B', [1, 3, 4], [0, 0.2, 0.3])]);
    expect(Array.from(m.dates)).toEqual([1, 2, 3, 4]);
    near(m.values, [1, 1.1, 1.1 * 1.2, 1.1 * 1.2 * 1.2]);
  });
  it('a single sector composite equals returnsToLevels of that sector', () => {
    const s = series('sector:A', [1, 2, 3, 4], [0.3, 0.01, -0.02, 0.005]);
    expect(Array.from(compositeMarket([s]).values)).toEqual(Array.from(returnsToLevels(s).values));
  });
  it('sector levels: NaN before the first return, 1 there, missing returns carry', () => {
    const s = series('sector:A', [1, 2, 3, 4, 5], [NaN, 0.2, 0.1, NaN, 0.1]);
    const l = sectorLevelsFromReturns(s);
    near(l.values, [NaN, 1, 1.1, 1.1, 1.1 * 1.1]);
    const full = series('sector:B', [1, 2, 3], [0.2, 0.1, NaN]);
    expect(Array.from(sectorLevelsFromReturns(full).values)).toEqual(Array.from(returnsToLevels(full).values));
  });
});

describe('sector files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rally-sectors-'));
  const write = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

  it('Ken French layout: levels, composite market with a -99.99 return, and the dataset', () => {
    const f = write('ff.csv', [
      'This file was created by a test.', '', '  Average Value Weighted Returns -- Daily',
      'Date,Aaa ,Bbb',
      '20200102,   1.00,  -99.99', '20200103,   2.00,   4.00', '20200106,  -99.99,   1.00', '20200107,   1.00,   3.00', '',
    ].join('\r\n'));
    const built = sectorLevelsFromFrench(f);
    expect(built.marketFrom).toBe('composite');
    expect(built.sectors.map((s) => s.name)).toEqual(['sector:Aaa', 'sector:Bbb']);
    const [a, b] = built.sectors;
    near(a!.values, [1, 1.02, 1.02, 1.02 * 1.01]); // -99.99 on 01-06 carries the level
    near(b!.values, [NaN, 1, 1.01, 1.01 * 1.03]); // Bbb has no return on its first row: starts on the second
    // market: 1; mean(2%, 4%) = 3%; only Bbb (1%); mean(1%, 3%) = 2%
    near(built.market.values, [1, 1.03, 1.03 * 1.01, 1.03 * 1.01 * 1.02]);
    const ds = sectorDataset('FF', built);
    expect([...ds.columns.keys()].sort()).toEqual(['close', 'market', 'sector:Aaa', 'sector:Bbb']);
    expect(Array.from(ds.columns.get('close')!)).toEqual(Array.from(built.market.values));
    expect(Array.from(ds.columns.get('sector:Aaa')!)).toEqual(Array.from(a!.values));
    expect(Number.isNaN(ds.columns.get('sector:Bbb')![0]!)).toBe(true);
    expect(ds.meta.get('sector:Bbb')!.firstKnownIndex).toBe(1);
    expect(Array.from(ds.dates).map(isoDate)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);
  });

  it('per-sector price files on different dates: union calendar and composite of daily returns', () => {
    const files = {
      Tech: write('tech.csv', 'Date,Close\n2020-01-02,100\n2020-01-03,110\n2020-01-06,121\n2020-01-07,121\n'),
      // Energy lacks 2020-01-03: its return on 01-06 spans both days.
      Energy: write('energy.csv', 'Date,Close\n2020-01-02,50\n2020-01-06,60\n2020-01-07,66\n'),
    };
    const built = sectorLevelsFromPriceFiles(files);
    expect(built.marketFrom).toBe('composite');
    expect(Array.from(built.market.dates).map(isoDate)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07']);
    // 01-03: Tech +10 % only; 01-06: mean(+10 %, +20 %) = 15 %; 01-07: mean(0, +10 %) = 5 %
    near(built.market.values, [1, 1.1, 1.1 * 1.15, 1.1 * 1.15 * 1.05]);
    const ds = sectorDataset('SEC', built);
    expect(ds.dates.length).toBe(4);
    expect(Array.from(ds.columns.get('sector:Energy')!)).toEqual([50, 50, 60, 66]); // carried over 01-03
    expect(Array.from(ds.columns.get('sector:Tech')!)).toEqual([100, 110, 121, 121]);
  });

  it('with a market file, its close is the market (as-of joined onto the sectors\' calendar)', () => {
    const files = { Tech: write('t2.csv', 'Date,Close\n2020-01-02,100\n2020-01-03,110\n2020-01-06,121\n') };
    const mkt = write('m.csv', 'Date,Adj Close,Close\n2020-01-01,9,9\n2020-01-02,10,10\n2020-01-06,12,12\n');
    const built = sectorLevelsFromPriceFiles(files, mkt);
    expect(built.marketFrom).toBe('file');
    const ds = sectorDataset('SEC', built);
    expect(Array.from(ds.dates).map(isoDate)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    expect(Array.from(ds.columns.get('market')!)).toEqual([10, 10, 12]);
    expect(Array.from(ds.columns.get('close')!)).toEqual([10, 10, 12]);
  });

  it('config errors name the key', () => {
    expect(() => sectorLevelsFromPriceFiles({}, undefined, 'datasets[0].sectors')).toThrow(ConfigError);
    expect(() => sectorLevelsFromPriceFiles({}, undefined, 'datasets[0].sectors')).toThrow(/datasets\[0\]\.sectors: no sector files/);
    expect(() => sectorLevelsFromPriceFiles({ 'a:b': 'x.csv' }, undefined, 'datasets[0].sectors')).toThrow(/datasets\[0\]\.sectors\.a:b: invalid sector name/);
  });
});

describeShared('sector-led advances in the Ken French 10 industries (daily, 1926-07-01 .. 2021-08-31)', () => {
  const file = shared('famafrench', '10_Industry_Portfolios_Daily.csv');
  // Loaded in beforeAll: a skipped suite's body still runs, and must not touch the absent files.
  let eps!: Episode[];
  let ds!: Dataset;
  // Independent recomputation straight from the file's lines: levels, composite market, RS.
  let dates!: string[];
  let names!: string[];
  let S!: Float64Array[];
  let M!: Float64Array;
  beforeAll(() => {
    ds = sectorDataset('FF10', sectorLevelsFromFrench(file));
    eps = findSectorLeads(ds, { horizon: 126 });
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    names = lines.find((l) => l.startsWith('Date,'))!.split(',').slice(1).map((x) => x.trim());
    dates = [];
    const R: number[][] = [];
    for (const l of lines) {
      if (!/^\d{8},/.test(l)) continue;
      const c = l.split(',');
      dates.push(c[0]!);
      R.push(c.slice(1).map((x) => { const v = Number(x.trim()); return v === -99.99 || v === -999 ? NaN : v / 100; }));
    }
    const n = dates.length;
    S = names.map((_, k) => {
      const s = new Float64Array(n);
      s[0] = 1;
      for (let i = 1; i < n; i++) s[i] = s[i - 1]! * (Number.isNaN(R[i]![k]!) ? 1 : 1 + R[i]![k]!);
      return s;
    });
    M = new Float64Array(n);
    M[0] = 1;
    for (let i = 1; i < n; i++) {
      let sum = 0, cnt = 0;
      for (const r of R[i]!) if (!Number.isNaN(r)) { sum += r; cnt++; }
      M[i] = M[i - 1]! * (cnt > 0 ? 1 + sum / cnt : 1);
    }
  });
  const rs = (k: number, i: number): number => S[k]![i]! / M[i]!;
  /** Straightforward RS-high test: 252 earlier closes, RS >= each of them. */
  const isHigh = (k: number, u: number): boolean => {
    if (u < 252) return false;
    for (let j = u - 252; j < u; j++) if (rs(k, j) > rs(k, u)) return false;
    return true;
  };

  it('hand-checked: HiTec on 2019-03-20 (durable)', () => {
    // File line 24455 (20190320) is close t = 24444 of the calendar.
    const k = names.indexOf('HiTec'), t = dates.indexOf('20190320');
    expect(t).toBe(24444);
    // RS high: RS[t] = 0.998971 >= max(RS[t-252..t-1]) = 0.995147 (on 2018-08-31).
    let mx = -Infinity;
    for (let j = t - 252; j < t; j++) mx = Math.max(mx, rs(k, j));
    expect(rs(k, t)).toBeCloseTo(0.9989712138718219, 12);
    expect(mx).toBeCloseTo(0.9951465636302665, 12);
    expect(rs(k, t) >= mx).toBe(true);
    // Quiet: the previous RS high was 2018-09-04 (t-135), so none in t-63..t-1.
    let prev = -1;
    for (let u = t - 1; u >= 0 && prev < 0; u--) if (isHigh(k, u)) prev = u;
    expect(dates[prev]).toBe('20180904');
    expect(t - prev).toBe(135);
    for (let u = t - 63; u < t; u++) expect(isHigh(k, u)).toBe(false);
    // Advance: S[t] = 12502.43 > S[t-63] = 10571.77 (2018-12-17).
    expect(dates[t - 63]).toBe('20181217');
    expect(S[k]![t]).toBeCloseTo(12502.42754662035, 6);
    expect(S[k]![t - 63]).toBeCloseTo(10571.76513743907, 6);
    // Outcome at t+126 = 2019-09-18: S = 13538.88 > 12502.43 and RS = 1.024184 > 0.998971: durable.
    expect(dates[t + 126]).toBe('20190918');
    expect(S[k]![t + 126]).toBeCloseTo(13538.8794579515, 6);
    expect(rs(k, t + 126)).toBeCloseTo(1.0241842064883793, 12);
    const e = eps.find((x) => x.id === 'FF10:sector-lead:HiTec:2019-03-20')!;
    expect(e).toBeDefined();
    expect(e.decisionIndex).toBe(t);
    expect(e.refLowDate).toBe('2018-12-17');
    expect(e.refLow).toBeCloseTo(S[k]![t - 63]!, 9);
    expect(e.peak).toBeCloseTo(S[k]![t]!, 9);
    expect(e.outcome).toBe('durable');
  });

  it('every episode matches an independent scan of all sectors', () => {
    const want: Array<[string, string]> = [];
    const n = dates.length;
    for (let k = 0; k < names.length; k++) {
      let last = -Infinity;
      for (let t = 252; t < n; t++) {
        if (!isHigh(k, t)) continue;
        const quiet = t - last > 63;
        last = t;
        if (!quiet || !(S[k]![t]! / S[k]![t - 63]! > 1)) continue;
        const d = dates[t]!;
        const outcome = t + 126 > n - 1 ? 'censored'
          : S[k]![t + 126]! > S[k]![t]! && rs(k, t + 126) > rs(k, t) ? 'durable' : 'failed';
        want.push([`FF10:sector-lead:${names[k]}:${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, outcome]);
      }
    }
    expect(new Map(eps.map((e) => [e.id, e.outcome as string]))).toEqual(new Map(want));
    // Regression pins (sector-lead/v1, H = 126, composite market).
    const count = eps.reduce<Record<string, number>>((a, e) => ({ ...a, [e.outcome]: (a[e.outcome] ?? 0) + 1 }), {});
    expect(count).toEqual({ durable: 227, failed: 255, censored: 2 });
    for (let i = 1; i < eps.length; i++) {
      const a = eps[i - 1]!, b = eps[i]!;
      expect(a.decisionIndex < b.decisionIndex || (a.decisionIndex === b.decisionIndex && a.sector! < b.sector!)).toBe(true);
    }
  });

  it('the dataset carries the composite market as close, so rebounds can run on it', () => {
    expect(ds.dates[0]).toBe(parseIsoDay('1926-07-01'));
    expect(ds.columns.get('close')![ds.dates.length - 1]).toBeCloseTo(M[M.length - 1]!, 6);
    expect(ds.columns.get('market')![1]).toBeCloseTo(M[1]!, 15);
  });
});
