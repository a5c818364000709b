/**
 * Universes in a config and on disk: validation naming the key; a glob, a
 * folder and a long-format file with a ticker column; member ids from the
 * ticker column or the file name; the membership file; history before the
 * first price for lookbacks; episode flags from hygiene; real-data flags.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InputError } from '../engine/errors.ts';
import { checkBundleSpec } from '../engine/config.ts';
import { dayFromYmd, isoDate } from '../engine/calendar.ts';
import { loadBundle } from '../datasets/bundle.ts';
import { loadUniverse } from '../datasets/universe.ts';
import { detectUniverseEpisodes } from '../engine/run/universe-episodes.ts';
import { readPriceSeries } from '../datasets/load.ts';
import { scanPrices } from '../engine/data/hygiene.ts';
import { describeShared, shared } from './support/shared-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-universe-load-'));

/** Weekdays from 2015-01-05 on. */
function weekdays(n: number, from = dayFromYmd(2015, 1, 5)): string[] {
  const out: string[] = [];
  for (let d = from; out.length < n; d++) if (![0, 6].includes(new Date(d * 864e5).getUTCDay())) out.push(isoDate(d));
  return out;
}

/** A price path with a 20% correction and a rebound, optionally a one-day bad print at `bad`. */
function closes(n: number, seed: number, bad = -1): number[] {
  const out: number[] = [];
  let x = 50 + seed;
  for (let i = 0; i < n; i++) {
    x *= 1 + (i > 100 && i < 130 ? -0.008 : 0.003) + 0.004 * Math.sin(i * 0.7 + seed);
    out.push(i === bad ? x * 1.3 : x);
  }
  return out;
}

function write(file: string, header: string, rows: string[]): string {
  writeFileSync(join(dir, file), `${header}\n${rows.join('\n')}\n`);
  return file;
}

function memberRows(days: string[], c: number[], ticker?: string): string[] {
  return days.map((d, i) => `${d},${c[i]!.toFixed(4)},${c[i]!.toFixed(4)},${c[i]!.toFixed(4)},${c[i]!.toFixed(4)},1000${ticker ? `,${ticker}` : ''}`);
}

function configError(fn: () => unknown): ConfigError {
  try { fn(); } catch (e) { if (e instanceof ConfigError) return e; throw e; }
  throw new Error('expected a ConfigError');
}

describe('universe config', () => {
  it('validates keys and choices, naming the key', () => {
    expect(checkBundleSpec({ universe: 'stocks/' }, 'd').universe).toEqual({ prices: 'stocks/' });
    expect(configError(() => checkBundleSpec({ universe: { prices: 'x/', rows: 'all' } }, 'datasets[0]')).message)
      .toMatch(/datasets\[0\]\.universe\.rows: expected one of "pooled", "members", "both"/);
    expect(configError(() => checkBundleSpec({ universe: { prices: 'x/', cluster: { days: 0 } } }, 'd')).message).toMatch(/d\.universe\.cluster\.days/);
    expect(configError(() => checkBundleSpec({ universe: { prices: 'x/', hygiene: 'drop' } }, 'd')).message).toMatch(/d\.universe\.hygiene/);
    expect(configError(() => checkBundleSpec({ universe: { prices: 'x/', tickers: 'Name' } }, 'd')).message).toMatch(/d\.universe\.tickers: unknown key/);
    expect(configError(() => checkBundleSpec({ universe: 'x/', price: 'p.csv' }, 'd')).message).toMatch(/d\.price: a universe's price files are its members/);
    expect(configError(() => checkBundleSpec({ price: 'p.csv', lookbackYears: -1 }, 'd')).message).toMatch(/d\.lookbackYears/);
  });
});

describe('loading a universe', () => {
  const days = weekdays(300);
  mkdirSync(join(dir, 'per'), { recursive: true });
  write('per/AAA_data.csv', 'date,open,high,low,close,volume,Name', memberRows(days, closes(300, 1), 'AAA'));
  write('per/BBB_data.csv', 'date,open,high,low,close,volume,Name', memberRows(days.slice(40), closes(260, 2, 150), 'BBB'));
  write('per/CCC_data.csv', 'date,open,high,low,close,volume,Name', memberRows(days, closes(300, 3), 'CCC'));
  write('per/notes.txt', 'not', ['a price file']);
  write('long.csv', 'date,open,high,low,close,volume,ticker', [
    ...memberRows(days, closes(300, 1), 'XX'), ...memberRows(days.slice(10), closes(290, 2), 'YY'),
  ]);
  write('groups.csv', 'Symbol,Sector', ['AAA,Tech', 'BBB,Energy', 'ZZZ,Tech']);

  it('a glob: ids from the ticker column, members in id order, one provenance entry per file; groups from the membership file', () => {
    const u = loadUniverse(checkBundleSpec({ universe: { prices: 'per/*_data.csv', membership: 'groups.csv' } }, 'd'), dir, 'd');
    expect(u.id).toBe('per');
    expect(u.members.map((m) => `${m.id}:${m.group ?? '-'}`)).toEqual(['AAA:Tech', 'BBB:Energy', 'CCC:-']);
    expect(u.files.filter((f) => f.role === 'member').map((f) => f.file)).toEqual(['per/AAA_data.csv', 'per/BBB_data.csv', 'per/CCC_data.csv']);
    expect(u.calendar.length).toBe(300);
    // BBB starts 40 days later: the universe's earlier days are its history, its prices start at priceStart.
    const bbb = u.members[1]!.dataset;
    expect(bbb.priceStart).toBe(40);
    expect(Number.isNaN(bbb.columns.get('close')![39]!)).toBe(true);
    expect(bbb.columns.get('close')![40]).toBeCloseTo(closes(260, 2, 150)[0]!, 4);
    expect(Number.isFinite(bbb.columns.get('adv')![39]!)).toBe(true); // breadth of the universe is known before BBB lists
  });

  it('a folder reads its .csv files; "ids": "file" names members after their files', () => {
    const u = loadUniverse(checkBundleSpec({ id: 'F', universe: { prices: 'per', ids: 'file' } }, 'd'), dir, 'd');
    expect(u.members.map((m) => m.id)).toEqual(['AAA_data', 'BBB_data', 'CCC_data']);
  });

  it('a long-format file is split by its ticker column; its errors point at the original line', () => {
    const u = loadUniverse(checkBundleSpec({ universe: 'long.csv' }, 'd'), dir, 'd');
    expect(u.id).toBe('long');
    expect(u.members.map((m) => m.id)).toEqual(['XX', 'YY']);
    expect(u.files).toHaveLength(1);
    write('bad-long.csv', 'date,open,high,low,close,volume,ticker', [...memberRows(days.slice(0, 5), closes(5, 1), 'XX'), '2015-01-05,1,1,1,oops,5,YY']);
    let err: unknown;
    try { loadUniverse(checkBundleSpec({ universe: 'bad-long.csv' }, 'd'), dir, 'd'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(7);
    expect((err as InputError).detail).toMatch(/member YY/);
  });

  it('refuses a pattern that matches nothing and members with the same id', () => {
    expect(configError(() => loadUniverse(checkBundleSpec({ universe: 'per/*.json' }, 'd'), dir, 'd')).message).toMatch(/no file in 'per' matches/);
    mkdirSync(join(dir, 'dup'), { recursive: true });
    write('dup/a.csv', 'date,close,Name', days.slice(0, 5).map((d) => `${d},10,AAA`));
    write('dup/b.csv', 'date,close,Name', days.slice(0, 5).map((d) => `${d},11,AAA`));
    expect(configError(() => loadUniverse(checkBundleSpec({ universe: 'dup/' }, 'd'), dir, 'd')).message).toMatch(/two members named 'AAA'/);
  });

  it('marks episodes whose window holds a flagged day, and leaves them out with "exclude-episodes"', () => {
    const spec = { kind: 'rebound' as const, params: {}, key: 'episodes[0]' };
    const warn = loadUniverse(checkBundleSpec({ universe: 'per/*_data.csv' }, 'd'), dir, 'd');
    expect(warn.members[1]!.flags.map((f) => f.kind)).toEqual(['bad-print']);
    const w = detectUniverseEpisodes(warn, spec);
    const flagged = w.all.filter((e) => e.flags?.includes('bad print'));
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((e) => e.market === 'BBB')).toBe(true);
    expect(w.scored).toHaveLength(w.all.length);
    const ex = detectUniverseEpisodes(loadUniverse(checkBundleSpec({ universe: { prices: 'per/*_data.csv', hygiene: 'exclude-episodes' } }, 'd'), dir, 'd'), spec);
    expect(ex.scored.map((e) => e.id)).toEqual(w.all.filter((e) => !e.flags?.includes('bad print')).map((e) => e.id));
    const em = loadUniverse(checkBundleSpec({ universe: { prices: 'per/*_data.csv', hygiene: 'exclude-member' } }, 'd'), dir, 'd');
    expect(em.members.map((m) => m.id)).toEqual(['AAA', 'CCC']);
    expect(em.excluded.map((m) => m.id)).toEqual(['BBB']);
    expect(() => detectUniverseEpisodes(warn, { kind: 'sector-lead', params: {}, key: 'episodes[1]' })).toThrow(/found on its groups .* give the universe a "membership" file/);
  });
});

describe('history before the first price (lookbacks are not cut there)', () => {
  it('a series with earlier history is on the calendar before the first price; episodes are decided on the prices only', () => {
    const early = weekdays(600, dayFromYmd(2013, 1, 7));
    write('early-series.csv', 'DATE,X', early.map((d, i) => `${d},${(1 + i / 100).toFixed(2)}`));
    const days = weekdays(300);
    write('late-price.csv', 'Date,Close', days.map((d, i) => `${d},${closes(300, 5)[i]!.toFixed(4)}`));
    const spec = checkBundleSpec({ price: 'late-price.csv', series: { X: 'early-series.csv' } }, 'd');
    const { dataset } = loadBundle(spec, dir, 'd');
    const k = dataset.priceStart!;
    expect(isoDate(dataset.dates[k]!)).toBe(days[0]);
    expect(isoDate(dataset.dates[0]!)).toBe('2013-01-07'); // the series' first observation (known a day later: lag 1)
    expect(Number.isNaN(dataset.columns.get('X')![0]!)).toBe(true);
    expect(Number.isFinite(dataset.columns.get('X')![k - 250]!)).toBe(true);
    expect(Number.isNaN(dataset.columns.get('close')![k - 1]!)).toBe(true);
    const none = loadBundle({ ...spec, lookbackYears: 0 }, dir, 'd').dataset;
    expect(none.priceStart).toBeUndefined();
    expect(none.dates.length).toBe(300);
  });
});

describeShared('hygiene on the real stocks-5yr files (checked by hand against the raw rows)', () => {
  const flags = (t: string) => {
    const c = readPriceSeries(shared('stocks-5yr', `${t}_data.csv`)).find((s) => s.name === 'close')!;
    return scanPrices(c.dates, c.values).map((f) => `${f.date} ${f.kind}`);
  };
  it('MRK 2017-09-14 (every price of the day about 14% low, back the next day) is a bad print', () => {
    expect(flags('MRK')).toEqual(['2017-09-14 bad-print']);
  });
  it('DISCA 2014-08-07 (a share dividend halving the price) and EBAY 2015-07-20 (the PayPal spin-off) do not reverse', () => {
    expect(flags('DISCA')).toEqual(['2014-08-07 split-or-spin-off']);
    expect(flags('EBAY')).toEqual(['2015-07-20 split-or-spin-off']);
  });
  it('a member without such days has no flag', () => {
    expect(flags('AAL')).toEqual([]);
  });
});
