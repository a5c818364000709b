/**
 * rally simulate: seeded synthetic markets in the real files' formats,
 * planted signals, truth.csv, and stationary-bootstrap paths of a price file.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunConfig } from '../engine/config.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { dayFromYmd, isoDate } from '../engine/calendar.ts';
import { readOhlcv } from '../datasets/readers/ohlcv.ts';
import { readBreadth } from '../datasets/readers/breadth.ts';
import { readFrench } from '../datasets/readers/french.ts';
import { readFred } from '../datasets/readers/fred.ts';
import { readShiller } from '../datasets/readers/shiller.ts';
import { sectorLevelsFromFrench } from '../datasets/readers/sectors.ts';
import { DEFAULT_LAGS } from '../datasets/readers/lags.ts';
import { simulateCommand } from '../engine/cli/simulate-command.ts';
import { simulateToDir, bootstrapToDir, type SimulateReport } from '../engine/run/simulate.ts';
import { checkSimulateOptions, FILES, simulateMarket } from '../datasets/simulate/market.ts';
import { plantableCriteria } from '../datasets/simulate/plant.ts';
import { PLANT_SCORING } from '../engine/run/plant-scoring.ts';

const PLANTABLE = plantableCriteria(PLANT_SCORING);
const plantable = (id: string) => PLANTABLE.find((p) => p.id === id);
import { outcomeOfLatent, type LatentState } from '../datasets/simulate/price.ts';
import { simCalendar } from '../datasets/simulate/calendar.ts';
import { bootstrapPath, stationaryIndices, type PriceSource } from '../datasets/simulate/bootstrap.ts';
import { Rng } from '../datasets/simulate/random.ts';
import { fixedText, TextBuilder } from '../datasets/simulate/text-builder.ts';
import { pct } from '../datasets/simulate/writers.ts';
import { getBuiltin } from '../strategies/registry.ts';
import { command } from './support/cli.ts';
import { describeShared, shared } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-sim-'));
const ALL_PLANTS = 'breadth-participation=0.75,volatility-compression=0.7,credit-spreads=0.65,yield-curve=0.8';
const known = (id: string): boolean => getBuiltin(id) !== undefined;

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = sha(join(dir, f));
  return out;
}

function simulate(dir: string, o: Record<string, unknown>): SimulateReport {
  return simulateToDir(checkSimulateOptions(o, known), join(tmp, dir));
}

/** Parse a CSV without quoted cells (truth.csv has none). */
function csvRows(file: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

/** `rally simulate ...` in this process, through the command's own flag parsing (test/support/cli.ts). */
const cli = (args: string[]) => command(simulateCommand, args);

describe('rally simulate: determinism', () => {
  it('the same seed writes byte-identical files (every file hashed twice); another seed writes different ones', async () => {
    const args = (dir: string, seed: string): string[] => ['simulate', '--seed', seed, '--years', '25', '--sectors', '6', '--stocks', '60', '--plant', ALL_PLANTS, '--out', join(tmp, dir)];
    const a = await cli(args('det-a', 'alpha'));
    expect(a.code, a.stderr).toBe(0);
    const b = await cli(args('det-b', 'alpha'));
    expect(b.code, b.stderr).toBe(0);
    const c = await cli(args('det-c', 'beta'));
    expect(c.code, c.stderr).toBe(0);
    const ha = hashes(join(tmp, 'det-a')), hb = hashes(join(tmp, 'det-b')), hc = hashes(join(tmp, 'det-c'));
    const expected = Object.values(FILES).sort();
    expect(Object.keys(ha)).toEqual(expected);
    expect(hb).toEqual(ha);
    for (const f of expected) expect(hc[f], `${f} should differ for another seed`).not.toBe(ha[f]);
    expect(a.stdout).toMatch(/planted breadth-participation: true AUC 0\.75/);
    expect(a.stdout).toMatch(/next: rally run --config /);
  });

  it('planting changes only the planted criteria\'s input files; options change only the files they concern', () => {
    const base = { seed: 'iso', years: 20, sectors: 5, stocks: 50 };
    const none = hashes(simulate('iso-none', base).dir);
    const bp = hashes(simulate('iso-bp', { ...base, plant: 'breadth-participation=0.8' }).dir);
    const cs = hashes(simulate('iso-cs', { ...base, plant: 'credit-spreads=0.8,yield-curve=0.6' }).dir);
    const more = hashes(simulate('iso-stocks', { ...base, stocks: 80 }).dir);
    const changed = (x: Record<string, string>): string[] => Object.keys(none).filter((f) => x[f] !== none[f]).sort();
    expect(changed(bp)).toEqual(['breadth.csv', 'run.json', 'truth.csv']);
    expect(changed(cs)).toEqual(['BAA10Y.csv', 'T10Y2Y.csv', 'run.json', 'truth.csv']);
    expect(changed(more)).toEqual(['breadth.csv', 'run.json']);
  });

  it('rendering only some files (as the planted-signal study does) renders them byte for byte as a full simulation does', () => {
    const o = checkSimulateOptions({ seed: 'subset', years: 12, sectors: 4, stocks: 20, plant: ALL_PLANTS }, known);
    const full = simulateMarket(o, PLANT_SCORING);
    expect(full.files.map((f) => f.name)).toEqual(Object.values(FILES).filter((f) => f !== FILES.truth));
    const some: string[] = [FILES.T10Y2Y, FILES.price, FILES.vix, FILES.breadth];
    const part = simulateMarket(o, PLANT_SCORING, { files: some });
    // In writing order, whatever the order asked for; the same bytes; the same episodes and planted signals.
    expect(part.files.map((f) => f.name)).toEqual(full.files.map((f) => f.name).filter((f) => some.includes(f)));
    for (const f of part.files) expect(f.text, f.name).toBe(full.files.find((g) => g.name === f.name)!.text);
    expect(part.rebounds).toEqual(full.rebounds);
    expect(part.plants).toEqual(full.plants);
    expect(simulateMarket(o, PLANT_SCORING, { files: [] }).files).toEqual([]);
  });
});

describe('rally simulate: the writers\' text builder', () => {
  it('writes numbers and dates exactly as fixed(), String(), pct() and isoDate() do', () => {
    const rng = new Rng('text-builder', 'values');
    const values = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-9, -1e-9, 0.0000005, -0.0000005, 999999.9999995, 123456789012.345678, 1e15, 1e300, -1e300, NaN, Infinity, -Infinity];
    for (let i = 0; i < 20000; i++) values.push((rng.uniform() < 0.2 ? -1 : 1) * Math.exp(40 * (rng.uniform() - 0.5)));
    const b = new TextBuilder(1); // grows as it goes
    const want: string[] = [];
    for (const x of values) {
      for (const d of [0, 1, 2, 4, 6, 9]) { b.fixed(x, d).char(44); want.push(fixedText(x, d), ','); }
      const whole = Math.round(Math.abs(x));
      b.int(whole).char(44); want.push(String(whole), ',');
    }
    for (const v of [-5, 2 ** 53, 0.5, NaN]) { b.int(v).char(44); want.push(String(v), ','); }
    for (let day = dayFromYmd(1799, 12, 25); day < dayFromYmd(2201, 1, 10); day += 13) { b.isoDate(day).char(10); want.push(isoDate(day), '\n'); }
    for (const day of [dayFromYmd(999, 12, 31), dayFromYmd(10000, 1, 1), dayFromYmd(1, 1, 1)]) { b.isoDate(day).char(10); want.push(isoDate(day), '\n'); }
    // The French layout's cells and dates: scaled(round(r 10^4), 2, 7) as pct(r), YYYYMMDD.
    for (const x of values) {
      const v = Math.round(x * 10000);
      if (Math.abs(v) <= 1e15) { b.scaled(v, 2, 7).char(44); want.push(pct(x), ','); }
    }
    for (let day = dayFromYmd(1799, 12, 25); day < dayFromYmd(2201, 1, 10); day += 29) { b.isoDate(day, false).char(10); want.push(isoDate(day).replaceAll('-', ''), '\n'); }
    for (const day of [dayFromYmd(999, 12, 31), dayFromYmd(10000, 1, 1)]) { b.isoDate(day, false).char(10); want.push(isoDate(day).replaceAll('-', ''), '\n'); }
    expect(b.text('end').toString()).toBe(`${want.join('')}end`);
    expect(fixedText(-0.0000004, 6)).toBe('0.000000');
  });
});

describe('rally simulate: the files are the real formats and run end to end', () => {
  let rep: SimulateReport;
  const dir = (): string => rep.dir;

  it('writes every file; each loads through the project\'s own readers', () => {
    rep = simulate('full', { seed: 'formats', years: 30, sectors: 8, stocks: 80, plant: ALL_PLANTS });
    const d = dir();
    const cal = simCalendar(1995, 2024);
    // Yahoo index: calendar = business days without holidays, Adj Close used as close.
    const price = readOhlcv(join(d, FILES.price));
    const close = price.find((s) => s.name === 'close')!;
    expect(Array.from(close.dates)).toEqual(Array.from(cal.days));
    expect(price.map((s) => s.name).sort()).toEqual(['close', 'close_raw', 'high', 'low', 'open', 'volume']);
    expect(close.stats.missing + close.stats.rejected).toBe(0);
    const hi = price.find((s) => s.name === 'high')!.values, lo = price.find((s) => s.name === 'low')!.values;
    expect(close.values.filter((c, i) => !(hi[i]! >= c && lo[i]! <= c)).length, 'days whose close is outside [low, high]').toBe(0);
    // No weekend, and the holidays are not trading days (e.g. Christmas 2023, July 4th 2024).
    const iso = new Set(Array.from(close.dates, isoDate));
    expect(iso.has('2023-12-25') || iso.has('2024-07-04')).toBe(false);
    expect(iso.has('2024-07-05')).toBe(true);
    // VIX, breadth.
    const vix = readOhlcv(join(d, FILES.vix)).find((s) => s.name === 'close')!;
    expect(vix.values.length).toBe(close.values.length);
    expect(Math.min(...vix.values)).toBeGreaterThan(7);
    expect(Math.max(...vix.values)).toBeLessThan(150);
    const breadth = readBreadth(join(d, FILES.breadth));
    const byName = new Map(breadth.map((s) => [s.name, s.values] as const));
    expect([...byName.keys()].sort()).toEqual(['adv', 'adv_volume', 'dec', 'dec_volume', 'unch', 'unch_volume']);
    for (let i = 0; i < byName.get('adv')!.length; i++) {
      expect(byName.get('adv')![i]! + byName.get('dec')![i]! + byName.get('unch')![i]!).toBe(80);
    }
    // Ken French layout: CRLF, preamble, two sections, YYYYMMDD, space-padded percents.
    const text = readFileSync(join(d, FILES.sectors), 'utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(2 * (cal.days.length - 1));
    expect(/[^\r]\n/.test(text), 'only CRLF line endings').toBe(false);
    expect(text.startsWith('This file was created by')).toBe(true);
    expect(text.includes('\r\n  Average Value Weighted Returns -- Daily\r\nDate,NoDur,Durbl,Manuf,Enrgy,HiTec,Telcm,Shops,Hlth \r\n19950104,')).toBe(true);
    expect(text.includes('\r\n  Average Equal Weighted Returns -- Daily\r\nDate,')).toBe(true);
    expect(/\r\n19950104(, {1,3}-?\d+\.\d\d){8}\r\n/.test(text)).toBe(true);
    const vw = readFrench(join(d, FILES.sectors));
    const ew = readFrench(join(d, FILES.sectors), { section: 'Equal Weighted' });
    expect(vw.map((s) => s.name)).toEqual(['NoDur', 'Durbl', 'Manuf', 'Enrgy', 'HiTec', 'Telcm', 'Shops', 'Hlth'].map((n) => `sector:${n}`));
    expect(ew[0]!.values[5]).not.toBe(vw[0]!.values[5]);
    expect(vw[0]!.dates.length).toBe(cal.days.length - 1);
    expect(vw[0]!.frequency).toBe('daily');
    const levels = sectorLevelsFromFrench(join(d, FILES.sectors));
    expect(levels.sectors).toHaveLength(8);
    // FRED: daily files list every weekday with '.' on holidays; monthly files are dated the 1st.
    for (const id of ['DGS10', 'BAA10Y', 'T10Y2Y']) {
      const s = readFred(join(d, `${id}.csv`));
      expect(s.name).toBe(id);
      expect(s.frequency).toBe('daily');
      expect(s.lagDays).toBe(DEFAULT_LAGS[id]);
      expect(s.dates.length).toBe(cal.days.length + s.stats.missing);
      expect(s.stats.missing).toBeGreaterThan(8 * 29);
    }
    for (const id of ['FEDFUNDS', 'CPIAUCSL']) {
      const s = readFred(join(d, `${id}.csv`));
      expect(s.frequency).toBe('monthly');
      expect(s.lagDays).toBe(DEFAULT_LAGS[id]);
      expect(s.dates.length).toBe(30 * 12);
      expect(isoDate(s.dates[0]!)).toBe('1995-01-01');
      expect(s.stats.missing).toBe(0);
    }
    const ff = readFred(join(d, 'FEDFUNDS.csv')).values;
    expect(Math.min(...ff)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ff)).toBeLessThan(17);
    // Shiller: PE10 missing (0.0) for the first ten years, earnings not yet published for the last 3 months.
    const sh = new Map(readShiller(join(d, FILES.shiller)).map((s) => [s.name, s] as const));
    expect(sh.get('shiller.PE10')!.stats.rejected).toBe(119 + 3);
    expect(sh.get('shiller.Earnings')!.stats.rejected).toBe(3);
    expect(sh.get('shiller.SP500')!.stats.rejected).toBe(0);
    expect(sh.get('shiller.Earnings')!.lagDays).toBe(120);
    const pe = Array.from(sh.get('shiller.PE10')!.values).filter(Number.isFinite);
    expect(Math.min(...pe)).toBeGreaterThan(3);
    expect(Math.max(...pe)).toBeLessThan(80);
    // run.json names the files by role with relative paths.
    const cfg = JSON.parse(readFileSync(join(d, FILES.config), 'utf8')) as { datasets: Array<Record<string, unknown>>; episodes: unknown; criteria: unknown };
    expect(cfg.datasets[0]).toMatchObject({ price: 'index.csv', vix: 'vix.csv', breadth: 'breadth.csv', sectors: 'sectors.csv', shiller: 'shiller.csv' });
    expect(cfg.episodes).toEqual([{ kind: 'rebound' }, { kind: 'sector-lead' }, { kind: 'seasonal' }]);
    expect(cfg.criteria).toEqual(['all']);
  });

  it('run.json runs through executeRun; truth.csv matches its episodes; planted scores follow the signals exactly', async () => {
    const cfg = readRunConfig(join(dir(), FILES.config));
    const parts = await executeRun({ ...cfg, statistics: { ...cfg.statistics, bootstrap: 50, permutations: 20 } }, { workers: 0 });
    const result = assemble(parts);
    expect(result.summary.failures).toEqual([]);
    const kinds = new Set(result.episodes.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['rebound', 'seasonal', 'sector-lead']);
    // Every criterion scored rebounds (none abstains for lack of data, except where its own rule needs more history).
    for (const m of result.summary.metrics.filter((r) => r.kind === 'rebound')) {
      expect(m.n, m.criterion).toBeGreaterThan(m.criterion === 'valuation' ? 0 : 0.9 * (m.n + m.abstentions));
    }
    // truth.csv: one row per episode of the run, same order, same facts.
    const truth = csvRows(join(dir(), FILES.truth));
    expect(truth.map((r) => r.id)).toEqual(result.episodes.map((e) => e.id));
    result.episodes.forEach((e, i) => {
      const r = truth[i]!;
      expect([r.kind, r.decision_date, Number(r.decision_index), r.outcome]).toEqual([e.kind, e.decisionDate, e.decisionIndex, e.outcome]);
      expect(r.label).toBe(e.label === null ? '' : String(e.label));
      if (e.kind === 'rebound') {
        expect(['recovery', 'chop', 'relapse']).toContain(r.latent);
        if (e.outcome !== 'censored') expect(e.outcome).toBe(outcomeOfLatent(r.latent as LatentState));
      } else expect(['calm', 'correction', 'bear', 'recovery', 'chop', 'relapse']).toContain(r.latent);
    });
    // Planted criteria: the engine's score (read from the files) is the planted measure's score, monotone in the signal.
    for (const p of PLANTABLE) {
      const rows = truth.filter((r) => r.kind === 'rebound');
      const preds = new Map(result.predictions.filter((x) => x.criterion === p.id).map((x) => [x.episodeId, x.score] as const));
      const pairs = rows.map((r) => ({ s: Number(r[`signal:${p.id}`]), m: Number(r[`measure:${p.id}`]), score: preds.get(r.id)! }));
      expect(pairs.length).toBeGreaterThan(5);
      for (const x of pairs) {
        expect(Number.isFinite(x.s)).toBe(true);
        expect(x.score, p.id).toBeCloseTo(p.score(x.m), 8);
      }
      const sorted = [...pairs].sort((a, b) => a.s - b.s);
      for (let k = 1; k < sorted.length; k++) expect(sorted[k]!.score, `${p.id} monotone in s`).toBeGreaterThan(sorted[k - 1]!.score - 1e-4);
      // Sector-lead and seasonal rows carry no planted signal.
      expect(truth.filter((r) => r.kind !== 'rebound').every((r) => r[`signal:${p.id}`] === '')).toBe(true);
    }
    // The planted measure matches the planting rule: u = s - d/2.
    for (const plant of rep.market.plants) {
      const p = plantable(plant.id)!;
      rep.market.rebounds.forEach((_, i) => {
        const target = p.measure(plant.signals[i]! - plant.d / 2);
        if (Number.isFinite(plant.measures[i]!)) expect(Math.abs(plant.measures[i]! - target), plant.id).toBeLessThan(plant.id === 'breadth-participation' ? 2e-3 : 2e-4);
      });
    }
  });

  it('a 50-year market has realistic episode counts, a mix of outcomes, and a fat-tailed, volatility-clustered index', () => {
    const counts: number[] = [];
    for (const seed of ['50y-1', '50y-2', '50y-3']) {
      const m = simulateMarket(checkSimulateOptions({ seed, years: 50, sectors: 3, stocks: 10 }), PLANT_SCORING, { files: [] });
      const eps = m.rebounds;
      counts.push(eps.length);
      const by = (o: string): number => eps.filter((e) => e.outcome === o).length;
      expect(eps.length).toBeGreaterThanOrEqual(15);
      expect(eps.length).toBeLessThanOrEqual(90);
      expect(by('durable')).toBeGreaterThanOrEqual(3);
      expect(by('failed')).toBeGreaterThanOrEqual(3);
      // Drawdowns at the low look like corrections and bear markets.
      const dd = eps.map((e) => e.drawdown).sort((a, b) => a - b);
      expect(dd[0]).toBeGreaterThanOrEqual(0.1);
      expect(dd[dd.length - 1]).toBeLessThan(0.9);
      // Yearly returns: fat-tailed, volatility clustered (|r| autocorrelated), annual vol 10-30%.
      const c = m.index.close;
      const r: number[] = [];
      for (let i = 1; i < c.length; i++) r.push(Math.log(c[i]! / c[i - 1]!));
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length);
      expect(sd * Math.sqrt(252)).toBeGreaterThan(0.1);
      expect(sd * Math.sqrt(252)).toBeLessThan(0.3);
      const kurt = r.reduce((a, b) => a + (b - mean) ** 4, 0) / r.length / sd ** 4;
      expect(kurt).toBeGreaterThan(4);
      const ab = r.map((x) => Math.abs(x - mean));
      const am = ab.reduce((a, b) => a + b, 0) / ab.length;
      let num = 0, den = 0;
      for (let i = 0; i < ab.length; i++) { den += (ab[i]! - am) ** 2; if (i > 0) num += (ab[i]! - am) * (ab[i - 1]! - am); }
      expect(num / den).toBeGreaterThan(0.1);
    }
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeGreaterThan(20);
  });

  it('rebound outcomes are their latent states, drawn independently of everything known at the decision', () => {
    // Pool rebounds of several markets: features of the path up to the decision must not correlate with the label.
    const rows: Array<{ label: number; dd: number; days: number; vol: number; mom: number; latent: string }> = [];
    for (let s = 1; s <= 6; s++) {
      const m = simulateMarket(checkSimulateOptions({ seed: `indep-${s}`, years: 50, sectors: 3, stocks: 10, baseRate: 0.5 }), undefined, { files: [] });
      const c = m.index.close;
      m.rebounds.forEach((e, i) => {
        expect(m.index.events[i]!.decisionIndex).toBe(e.decisionIndex);
        if (e.label === null) return;
        const t = e.decisionIndex;
        let v = 0;
        for (let k = Math.max(1, t - 19); k <= t; k++) v += Math.log(c[k]! / c[k - 1]!) ** 2;
        rows.push({ label: e.label, dd: e.drawdown, days: e.daysPeakToLow, vol: Math.sqrt(v / 20), mom: t >= 63 ? c[t]! / c[t - 63]! : 1, latent: m.index.events[i]!.latent });
      });
    }
    expect(rows.length).toBeGreaterThan(200);
    for (const r of rows) expect(r.label).toBe(r.latent === 'recovery' ? 1 : 0);
    const corr = (x: number[], y: number[]): number => {
      const mx = x.reduce((a, b) => a + b, 0) / x.length, my = y.reduce((a, b) => a + b, 0) / y.length;
      let sxy = 0, sxx = 0, syy = 0;
      x.forEach((xi, i) => { sxy += (xi - mx) * (y[i]! - my); sxx += (xi - mx) ** 2; syy += (y[i]! - my) ** 2; });
      return sxy / Math.sqrt(sxx * syy);
    };
    const y = rows.map((r) => r.label);
    // About 3.5 standard errors with ~300 episodes.
    for (const f of ['dd', 'days', 'vol', 'mom'] as const) expect(Math.abs(corr(rows.map((r) => r[f]), y)), f).toBeLessThan(0.2);
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    expect(rate).toBeGreaterThan(0.4);
    expect(rate).toBeLessThan(0.6);
  });
});

describe('rally simulate: flag validation', () => {
  const bad = async (args: string[], pattern: RegExp): Promise<void> => {
    const r = await cli(['simulate', ...args]);
    expect(r.code, `${args.join(' ')} → ${r.stderr}`).toBe(2);
    expect(r.stderr).toMatch(pattern);
  };
  const out = (): string[] => ['--out', join(tmp, 'never')];

  it('rejects bad options with a one-line error naming the flag (exit 2)', async () => {
    await bad(['--seed', '1', ...out()], /--years: required/);
    await bad(['--years', '1', ...out()], /--years: expected a whole number from 2 to 150, got 1/);
    await bad(['--years', '500', ...out()], /--years/);
    await bad(['--years', '2.5', ...out()], /--years/);
    await bad(['--years', 'many', ...out()], /--years: expected a number, got 'many'/);
    await bad(['--years', '10', '--sectors', '2', ...out()], /--sectors: expected a whole number from 3 to 49/);
    await bad(['--years', '10', '--stocks', '5', ...out()], /--stocks: expected a whole number from 10 to 5000/);
    await bad(['--years', '10', '--base-rate', '0.95', ...out()], /--base-rate: expected the durable share/);
    await bad(['--years', '10'], /--out: required/);
    await bad(['--years', '10', '--paths', '3', ...out()], /--paths: applies only with --bootstrap/);
    await bad(['--years', '10', '--frobnicate', '1', ...out()], /frobnicate/i);
    await bad(['--years', '10', 'extra', ...out()], /extra/i);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('--plant: unknown ids, unplantable criteria (named) and AUCs outside (0.5, 1)', async () => {
    await bad(['--years', '10', '--plant', 'breath-participation=0.7', ...out()], /unknown criterion 'breath-participation'.*plantable: breadth-participation, credit-spreads, volatility-compression, yield-curve/);
    await bad(['--years', '10', '--plant', 'golden-cross=0.7', ...out()], /criterion 'golden-cross' cannot be planted: its input is the index path/);
    await bad(['--years', '10', '--plant', 'policy-shift=0.7', ...out()], /criterion 'policy-shift' cannot be planted: its input is a monthly series/);
    await bad(['--years', '10', '--plant', 'breadth-participation=0.5', ...out()], /strictly between 0\.5 and 1, got '0\.5'/);
    await bad(['--years', '10', '--plant', 'breadth-participation=1', ...out()], /strictly between 0\.5 and 1/);
    await bad(['--years', '10', '--plant', 'breadth-participation=high', ...out()], /got 'high'/);
    await bad(['--years', '10', '--plant', 'breadth-participation', ...out()], /expected id=auc/);
    await bad(['--years', '10', '--plant', 'yield-curve=0.6,yield-curve=0.7', ...out()], /'yield-curve' is planted twice/);
    // Repeated --plant flags and comma lists combine.
    expect(checkSimulateOptions({ years: 5, plant: ['yield-curve=0.6', 'credit-spreads=0.7,breadth-participation=0.8'] }).plant.map((p) => p.id))
      .toEqual(['yield-curve', 'credit-spreads', 'breadth-participation']);
  });

  it('--bootstrap: needs --paths, a readable price file, sane blocks, and no synthetic-market flags', async () => {
    const src = join(tmp, 'det-a', FILES.price);
    await bad(['--bootstrap', src, ...out()], /--paths: required with --bootstrap/);
    await bad(['--bootstrap', src, '--paths', '0', ...out()], /--paths: expected a whole number from 1/);
    await bad(['--bootstrap', src, '--paths', '2', '--block', '0.5', ...out()], /--block: expected a mean block length/);
    await bad(['--bootstrap', src, '--paths', '2', '--years', '5', ...out()], /--years: applies to synthetic markets/);
    await bad(['--bootstrap', join(tmp, 'missing.csv'), '--paths', '2', ...out()], /missing\.csv:0:0: file not found/);
    await bad(['--bootstrap', join(tmp, 'det-a', FILES.sectors), '--paths', '2', ...out()], /returns file \(Ken French layout\)/);
  });

  it('--help lists the options with examples', async () => {
    const r = await cli(['simulate', '--help']);
    expect(r.stdout).toMatch(/--plant/);
    expect(r.stdout).toMatch(/--bootstrap/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/breadth-participation/);
  });
});

describe('rally simulate --bootstrap: alternate histories', () => {
  const src = (): string => join(tmp, 'boot-src', FILES.price);

  it('writes P paths on the source calendar, byte-identical for a seed, different across paths and seeds', async () => {
    simulate('boot-src', { seed: 'boot', years: 20, sectors: 3, stocks: 10 });
    const run = (dir: string, seed: string) => cli(['simulate', '--bootstrap', src(), '--paths', '4', '--block', '20', '--seed', seed, '--out', join(tmp, dir)]);
    const a = await run('boot-a', '9');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/bootstrapped 4 paths/);
    expect((await run('boot-b', '9')).code).toBe(0);
    expect((await run('boot-c', '10')).code).toBe(0);
    const ha = hashes(join(tmp, 'boot-a')), hb = hashes(join(tmp, 'boot-b')), hc = hashes(join(tmp, 'boot-c'));
    expect(Object.keys(ha)).toEqual(['path-001.csv', 'path-002.csv', 'path-003.csv', 'path-004.csv', 'run.json']);
    expect(hb).toEqual(ha);
    for (const f of ['path-001.csv', 'path-002.csv']) expect(hc[f]).not.toBe(ha[f]);
    expect(new Set(Object.values(ha)).size).toBe(5);
    const source = readOhlcv(src()).find((s) => s.name === 'close')!;
    for (const p of [1, 2, 3, 4]) {
      const series = readOhlcv(join(tmp, 'boot-a', `path-00${p}.csv`));
      const c = series.find((s) => s.name === 'close')!;
      expect(Array.from(c.dates)).toEqual(Array.from(source.dates));
      expect(c.values[0]).toBe(source.values[0]);
      const vol = series.find((s) => s.name === 'volume')!;
      expect(vol.stats.rejected).toBeLessThan(5);
    }
  });

  it('preserves the return distribution and resamples blocks of mean length B from the source returns', () => {
    const series = readOhlcv(src());
    const get = (n: string): Float64Array => series.find((s) => s.name === n)!.values;
    const close = get('close');
    const source: PriceSource = { days: series[0]!.dates, close, open: get('open'), high: get('high'), low: get('low'), volume: get('volume') };
    const r0: number[] = [];
    for (let i = 1; i < close.length; i++) r0.push(Math.log(close[i]! / close[i - 1]!));
    const stats = (r: number[]): { m: number; s: number } => {
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      return { m, s: Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length) };
    };
    const src0 = stats(r0);
    const pooled: number[] = [];
    let runs = 0, steps = 0;
    // Every step's log return is its source day's (steps that are not: counted, one assertion).
    let unlike = 0;
    for (let p = 0; p < 30; p++) {
      const path = bootstrapPath(source, 20, new Rng('dist', String(p)));
      for (let k = 1; k < close.length; k++) {
        const r = Math.log(path.close[k]! / path.close[k - 1]!);
        if (!(Math.abs(r - r0[path.from[k]!]!) < 1e-12)) unlike++;
        pooled.push(r);
        if (k === 1 || path.from[k] !== (path.from[k - 1]! + 1) % r0.length) runs++;
        steps++;
      }
      expect(path.close[close.length - 1]).not.toBe(close[close.length - 1]);
    }
    expect(unlike).toBe(0);
    const boot = stats(pooled);
    expect(Math.abs(boot.s / src0.s - 1)).toBeLessThan(0.03);
    expect(Math.abs(boot.m - src0.m)).toBeLessThan((4 * src0.s) / Math.sqrt(pooled.length / 20));
    expect(steps / runs).toBeGreaterThan(17);
    expect(steps / runs).toBeLessThan(23);
    // The stationary bootstrap's index draws: uniform coverage of the source positions.
    const idx = stationaryIndices(1000, 200_000, 5, new Rng('cover', 'x'));
    const hits = new Int32Array(1000);
    for (const j of idx) hits[j]!++;
    expect(Math.min(...hits)).toBeGreaterThan(100);
    expect(Math.max(...hits)).toBeLessThan(330);
  });

  it('the bootstrap run.json runs through the engine, one dataset per path', async () => {
    const r = bootstrapToDir({ file: src(), paths: 2, block: 10, seed: 'run' }, join(tmp, 'boot-run'));
    expect(r.files).toEqual(['path-001.csv', 'path-002.csv', 'run.json']);
    const cfg = readRunConfig(join(tmp, 'boot-run', FILES.config));
    const parts = await executeRun({ ...cfg, criteria: [{ type: 'builtin', id: 'golden-cross', grid: [{}], key: 'c' }], statistics: { ...cfg.statistics, bootstrap: 20, permutations: 0 } }, { workers: 0 });
    expect(parts.summaryBase.datasets.map((d) => d.id)).toEqual(['path-001', 'path-002']);
    expect(parts.jobs.every((j) => j.failure === null)).toBe(true);
    expect(parts.episodes.length).toBeGreaterThan(0);
  });
});

describeShared('rally simulate --bootstrap on the real S&P 500 (../shared/data)', () => {
  it('keeps the calendar, handles the file\'s quirks (close-only rows, Open = 0, Volume = 0) and loads back', () => {
    const r = bootstrapToDir({ file: shared('sp500', 'GSPC.csv'), paths: 2, block: 20, seed: 'gspc' }, join(tmp, 'gspc'));
    expect(r.source.closes).toBe(24_114);
    const src = readOhlcv(shared('sp500', 'GSPC.csv')).find((s) => s.name === 'close')!;
    for (const f of ['path-001.csv', 'path-002.csv']) {
      const series = readOhlcv(join(tmp, 'gspc', f));
      const c = series.find((s) => s.name === 'close')!;
      expect(Array.from(c.dates)).toEqual(Array.from(src.dates));
      expect(c.stats.missing).toBe(0);
      // Volume is unknown before 1950 (written as 0, as Yahoo does); later days have it unless their
      // return was drawn from before 1950 (about a fifth of them).
      const v = series.find((s) => s.name === 'volume')!.values;
      const i1940 = Array.from(c.dates).findIndex((d) => isoDate(d) >= '1940-01-02');
      const i2000 = Array.from(c.dates).findIndex((d) => isoDate(d) >= '2000-01-03');
      expect(Number.isNaN(v[i1940]!)).toBe(true);
      expect(v.subarray(i2000).filter(Number.isFinite).length).toBeGreaterThan(0.65 * (v.length - i2000));
    }
  });
});
