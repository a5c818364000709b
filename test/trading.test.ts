/**
 * The trading backtest (issue 18): trades by hand on a tiny market (fills,
 * stop, target, costs, shared and skipped overlap), three GSPC trades checked
 * by hand against the file's prices, the `trading` config key, and
 * byte-identical trades.csv / trading.csv / report.html for 0, 1 and 2
 * workers and for shards merged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../engine/errors.ts';
import { runConfigHash } from '../engine/config.ts';
import { DEFAULT_TRADING_RULES, type TradingRules } from '../engine/trading-spec.ts';
import type { TradingMarket } from '../engine/trading/market.ts';
import { tradingMarket } from '../engine/trading/market.ts';
import { holdTrade, simulateTrade, type TradeSignal } from '../engine/trading/trades.ts';
import { applyOverlap, equityCurve } from '../engine/trading/portfolio.ts';
import { maxDrawdown } from '../engine/trading/curve-stats.ts';
import { findRebounds } from '../engine/episodes/rebound.ts';
import { loadBundle } from '../datasets/bundle.ts';
import type { Dataset } from '../engine/types.ts';
import type { TradingResult } from '../engine/trading-results.ts';
import { tradingResult } from '../engine/run/trading.ts';
import { episodePath } from '../engine/episodes/whole-path.ts';
import type { Episode, Prediction } from '../engine/types.ts';
import type { MetricsRow } from '../engine/results.ts';
import { tradesCsv, tradingCsv } from '../reports/trading-csv.ts';
import { tradingSection } from '../reports/html/sections/trading.ts';
import type { ReportModel } from '../reports/html/model.ts';
import { consecutiveDays, dataset, thrown } from './support/builders.ts';
import { describeShared, shared } from './support/shared-data.ts';
import { outputFiles, runConfig, runResult, shardedResult, SMALL_STATISTICS, type OutputFiles } from './support/runs.ts';

const RULES: TradingRules = { ...DEFAULT_TRADING_RULES };
/** Costs 5 bp + slippage 5 bp per side. */
const K = 0.001;

/** Six sessions; opens NaN on the first. */
function tiny(): TradingMarket {
  const closes = [100, 101, 99, 102, 104, 103];
  return {
    dataset: 'T', offset: 0, dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08'],
    days: [18262, 18263, 18264, 18267, 18268, 18269], closes: { close: closes }, opens: [NaN, 100.5, 101, 98, 103, 104],
    cash: [0, 0, 0, 0, 0, 0], riskFree: '', notes: [],
  };
}

const signal = (episode: string, t: number, refLow: number, horizon: number): TradeSignal => ({
  episode, decisionDate: tiny().dates[t]!, decisionIndex: t, column: 'close', refLow, horizon,
});

describe('trades on a tiny market, by hand', () => {
  const m = tiny();
  const a = simulateTrade(m, signal('A', 0, 90, 3), RULES)!;
  const b = simulateTrade(m, signal('B', 1, 100, 3), RULES)!;

  it('enters at the next open; exits at the horizon close, or at the open after the close that broke the reference low', () => {
    expect([a.entry, a.entryFill, a.entryPrice, a.exit, a.exitFill, a.exitPrice, a.reason]).toEqual([1, 'open', 100.5, 3, 'close', 102, 'horizon']);
    expect(a.net).toBeCloseTo((102 * (1 - K)) / (100.5 * (1 + K)) - 1, 15);
    // B enters at 101 (open of session 2); session 2 closes at 99 < 100: out at the next open, 98.
    expect([b.entry, b.entryPrice, b.exit, b.exitFill, b.exitPrice, b.reason]).toEqual([2, 101, 3, 'open', 98, 'stop']);
    expect(b.net).toBeCloseTo((98 * (1 - K)) / (101 * (1 + K)) - 1, 15);
  });

  it('a target is hit on a close and acted on at the next open; entry "close" fills at closes', () => {
    const t = simulateTrade(m, signal('A', 0, 90, 3), { ...RULES, target: 0.004 })!; // 100.5 x 1.004 = 100.902 <= 101 (close 1)
    expect([t.exit, t.exitFill, t.exitPrice, t.reason]).toEqual([2, 'open', 101, 'target']);
    const c = simulateTrade(m, signal('B', 1, 100, 3), { ...RULES, entry: 'close' })!;
    // Entry at close 2 (99), already below the reference low (100): that close is checked too, as an open fill's session
    // close is, so the trade is stopped at the next session (its close, under entry "close"), not held on.
    expect([c.entry, c.entryFill, c.entryPrice, c.exit, c.exitPrice, c.reason]).toEqual([2, 'close', 99, 3, 102, 'stop']);
    // Above the reference low at the entry close: closes from the entry on are checked; none below 98 before the horizon.
    const d = simulateTrade(m, signal('D', 1, 98, 3), { ...RULES, entry: 'close' })!;
    expect([d.entry, d.entryPrice, d.exit, d.exitPrice, d.reason]).toEqual([2, 99, 4, 104, 'horizon']);
  });

  it('no session after the decision: no trade; a horizon past the data: out at the last close', () => {
    expect(simulateTrade(m, signal('Z', 5, 90, 3), RULES)).toBeNull();
    const e = simulateTrade(m, signal('E', 3, 90, 10), RULES)!;
    expect([e.entry, e.entryPrice, e.exit, e.exitPrice, e.reason]).toEqual([4, 103, 5, 103, 'end-of-data']);
  });

  it('overlap "share": open trades split the capital; "skip": one trade at a time', () => {
    const sized = [{ trade: a, size: 1 }, { trade: b, size: 1 }];
    const share = equityCurve(m, applyOverlap(sized, 'share').taken, 0, 5, RULES);
    const day1 = 101 / (100.5 * (1 + K));
    const day2 = 0.5 * (99 / 101) + 0.5 * (99 / (101 * (1 + K)));
    const day3 = 0.5 * ((102 * (1 - K)) / 99) + 0.5 * ((98 * (1 - K)) / 99);
    expect(share.equity[5]).toBeCloseTo(day1 * day2 * day3, 14);
    expect(share.exposure).toBeCloseTo(3 / 5, 15);
    const skip = applyOverlap(sized, 'skip');
    expect(skip.skipped.map((t) => t.trade.signal.episode)).toEqual(['B']);
    expect(equityCurve(m, skip.taken, 0, 5, RULES).equity[5]).toBeCloseTo(1 + a.net, 14);
    // Sized by score: half the capital in A at every close (rebalanced), the rest in cash (earning nothing here).
    const half = (g: number): number => 0.5 + 0.5 * g;
    expect(equityCurve(m, [{ trade: a, size: 0.5 }], 0, 5, RULES).equity[5]).toBeCloseTo(half(day1) * half(99 / 101) * half((102 * (1 - K)) / 99), 14);
  });

  it('buy-and-hold and the drawdown dates', () => {
    const h = holdTrade(m, 0, 5, RULES)!;
    expect([h.entryPrice, h.exitPrice, h.reason]).toEqual([100.5, 103, 'end-of-span']);
    expect(maxDrawdown([1, 1.2, 0.9, 1.1, 1.2, 1.3])).toEqual({ depth: 0.9 / 1.2 - 1, peak: 1, trough: 2, recovery: 4 });
  });
});

describe('buy-and-hold on the basis the set trades on', () => {
  // The market's close (a price index) and two sectors (total-return levels): a sector-lead set trades the sectors.
  const m: TradingMarket = { ...tiny(), closes: { close: [100, 101, 99, 102, 104, 103], s1: [10, 11, 12, 11, 12, 13], s2: [20, 19, 20, 22, 21, 22] } };
  const episode = (id: string, kind: Episode['kind'], t: number, column: string): Episode => ({
    id, market: 'T', kind, decisionIndex: t, decisionDate: m.dates[t]!, priceColumn: column, refLow: 0, horizon: 3, outcome: 'durable', label: 1,
  }) as unknown as Episode;
  const result = tradingResult({ rules: RULES, markets: [m] }, [], [episode('a', 'sector-lead', 0, 's1'), episode('b', 'sector-lead', 1, 's2'), episode('c', 'rebound', 0, 'close')], [],
    { bootstrap: 0, level: 0.95 }, 'seed');
  const held = (kind: string) => result.rows.find((r) => r.kind === kind && r.criterion === 'buy-and-hold')!;

  it("a set trading the market's close holds the close", () => {
    const h = holdTrade(m, 0, 3, RULES)!;
    expect(held('rebound').stats.trades).toBe(1);
    expect(held('rebound').stats.totalReturn).toBeCloseTo(h.net, 12);
  });

  it('a set trading other columns (sector-lead) holds an equal-weighted basket of them, rebalanced at each close, not the price index', () => {
    // Span: from the first decision (0) to the last exit (session 4); in at the close of session 1 (no opens for sectors).
    const k = K;
    const day = (i: number): number => ((m.closes.s1![i]! / m.closes.s1![i - 1]!) + (m.closes.s2![i]! / m.closes.s2![i - 1]!)) / 2;
    const first = ((m.closes.s1![2]! / (m.closes.s1![1]! * (1 + k))) + (m.closes.s2![2]! / (m.closes.s2![1]! * (1 + k)))) / 2;
    const last = ((m.closes.s1![4]! * (1 - k) / m.closes.s1![3]!) + (m.closes.s2![4]! * (1 - k) / m.closes.s2![3]!)) / 2;
    const row = held('sector-lead');
    expect(row.stats.trades).toBe(2);
    expect(row.stats.totalReturn).toBeCloseTo(first * day(3) * last - 1, 12);
  });
});

describe("a column's data end", () => {
  it('a trade on a column whose data stop before the calendar exits at its last known close (end-of-data), not on carried closes', () => {
    const d = dataset(consecutiveDays(8), {
      close: [100, 101, 102, 103, 104, 105, 106, 107], s1: [10, 11, 12, 13, NaN, NaN, NaN, NaN],
    });
    const m = tradingMarket(d, ['close', 's1'], 0, 7, '');
    expect(m.dataEnds).toEqual({ close: 7, s1: 3 });
    const t = simulateTrade(m, { episode: 'x', decisionDate: m.dates[1]!, decisionIndex: 1, column: 's1', refLow: 0, horizon: 5 }, RULES)!;
    expect([t.entry, t.exit, t.exitPrice, t.reason]).toEqual([2, 3, 13, 'end-of-data']);
  });

  it("an episode's whole path is followed up to its column's last known close, then censored", () => {
    const e = { id: 'x', decisionIndex: 1, horizon: 5, refLow: 0 } as unknown as Episode;
    expect(episodePath(e, [10, 11, 12, 13, NaN, NaN, NaN, NaN]).followUp).toBe(2);
    expect(episodePath(e, [10, 11, 12, 13, 14, 15, 16, 17]).followUp).toBe(5);
  });
});

describe('an open that repeats the previous close is not a usable open', () => {
  it("^GSPC's copied Open field (most days of 1982-2006): the fill moves to the session's close, as for a missing open", () => {
    const d = dataset(consecutiveDays(4), {
      close: [100, 102, 101, 103], open: [99.5, 100, 101.5, 101], high: [101, 103, 102, 104], low: [99, 99.8, 100.5, 100.9],
    });
    const m = tradingMarket(d, ['close'], 0, 3, '');
    // Session 1 opens at 100 = close 0 (a copy), session 3 at 101 = close 2 (a copy): unusable; session 2's 101.5 is a print.
    expect(m.opens.map((x) => (Number.isFinite(x) ? x : null))).toEqual([99.5, null, 101.5, null]);
    expect(m.notes[0]).toMatch(/a copy of the previous close/);
  });
});

describe('a row that scored no episode is not traded', () => {
  it('no trading row for it (it would restate buy-every-rally with the sign flipped), the benchmarks kept', () => {
    const m = tiny();
    const e = { id: 'a', market: 'T', kind: 'rebound', decisionIndex: 0, decisionDate: m.dates[0]!, priceColumn: 'close', refLow: 0, horizon: 3, outcome: 'durable', label: 1 } as unknown as Episode;
    const abstained = { dataset: 'T', kind: 'rebound', criterion: 'silent', params: '', n: 0, abstentions: 1 } as unknown as MetricsRow;
    const pred: Prediction = { episodeId: 'a', criterion: 'silent', params: '', score: NaN, call: null, abstainReason: 'no data', error: '' };
    const result = tradingResult({ rules: RULES, markets: [m] }, [abstained], [e], [pred], { bootstrap: 0, level: 0.95 }, 'seed');
    expect(result.rows.map((r) => r.criterion).sort()).toEqual(['buy-and-hold', 'buy-every-rally']);
  });
});

describeShared('three GSPC rebound trades checked by hand against sp500/GSPC.csv (default rules: 5 + 5 bp a side)', () => {
  let d: Dataset;
  let market: TradingMarket;
  const trade = (date: string) => {
    const e = findRebounds(d).find((x) => x.decisionDate === date)!;
    return { e, t: simulateTrade(market, { episode: e.id, decisionDate: e.decisionDate, decisionIndex: e.decisionIndex, column: 'close', refLow: e.refLow, horizon: e.horizon }, RULES)! };
  };
  const net = (entry: number, exit: number): number => (exit * (1 - K)) / (entry * (1 + K)) - 1;

  beforeAll(() => {
    d = loadBundle({ id: 'GSPC', price: shared('sp500', 'GSPC.csv') }, '/').dataset;
    market = tradingMarket(d, ['close'], 0, d.dates.length - 1, '');
  });

  it('1929-10-30 (close-only bars before 1962): in at the 1929-10-31 close, stopped by the 1929-11-11 close, out at the 1929-11-12 close', () => {
    // 1929-10-29 close 20.43 is the reference low; 1929-10-31 close 24.15; closes 22.88, 20.61, 21.37, 21.18 stay above it; 1929-11-11 closes at 19.86.
    const { e, t } = trade('1929-10-30');
    expect(e.refLow).toBeCloseTo(20.43, 5);
    expect([market.dates[t.entry], t.entryFill, market.dates[t.exit], t.exitFill, t.reason]).toEqual(['1929-10-31', 'close', '1929-11-12', 'close', 'stop']);
    expect(t.entryPrice).toBeCloseTo(24.15, 5);
    expect(t.exitPrice).toBeCloseTo(18.73, 5);
    expect(t.net).toBeCloseTo(net(24.15, 18.73), 6); // -0.22598
    expect(t.net).toBeCloseTo(-0.225980, 5);
  });

  it('1970-05-27 (Open=0 in 1962-1982): in at the 1970-05-28 close, out at the horizon close on 1970-11-23', () => {
    const { e, t } = trade('1970-05-27');
    expect(e.horizon).toBe(126);
    expect([market.dates[t.entry], t.entryFill, market.dates[t.exit], t.exitFill, t.reason]).toEqual(['1970-05-28', 'close', '1970-11-23', 'close', 'horizon']);
    expect(t.exit - (e.decisionIndex - market.offset)).toBe(126);
    expect(t.entryPrice).toBeCloseTo(74.61, 5);
    expect(t.exitPrice).toBeCloseTo(84.24, 5);
    expect(t.net).toBeCloseTo(net(74.61, 84.24), 6); // +0.12682
    expect(t.net).toBeCloseTo(0.126815, 5);
  });

  it('2020-03-13: in at the 2020-03-16 open, whose close broke the 2020-03-12 low; out at the 2020-03-17 open', () => {
    // Reference low 2480.64 (2020-03-12 close); 2020-03-16 opens 2508.59 and closes 2386.13; 2020-03-17 opens 2425.66.
    const { e, t } = trade('2020-03-13');
    expect(e.refLow).toBeCloseTo(2480.64, 2);
    expect([market.dates[t.entry], t.entryFill, market.dates[t.exit], t.exitFill, t.reason]).toEqual(['2020-03-16', 'open', '2020-03-17', 'open', 'stop']);
    expect(t.entryPrice).toBeCloseTo(2508.59, 2);
    expect(t.exitPrice).toBeCloseTo(2425.66, 2);
    expect(t.net).toBeCloseTo(net(2508.59, 2425.66), 5); // -0.03499
    expect(t.net).toBeCloseTo(-0.034990, 5);
  });

  it('says which opens were unusable', () => {
    expect(market.notes[0]).toMatch(/^GSPC: \d+ of \d+ sessions have no usable open .* the first usable open is 1982-04-20/);
  });
});

describe('the trading config key', () => {
  const base = { datasets: [{ id: 'SP500-2000', price: '@embedded' }] };

  it('names the key of a bad value', () => {
    expect(thrown(ConfigError, () => runConfig({ ...base, trading: { costBp: -1 } })).message).toMatch(/trading\.costBp/);
    expect(thrown(ConfigError, () => runConfig({ ...base, trading: { overlap: 'half' } })).message).toMatch(/trading\.overlap.*"share", "skip"/);
    expect(thrown(ConfigError, () => runConfig({ ...base, trading: { stops: 'none' } })).message).toMatch(/trading\.stops.*unknown key/);
    expect(thrown(ConfigError, () => runConfig({ ...base, trading: 3 })).message).toMatch(/trading/);
  });

  it('the defaults leave the recorded config (and its hash) as it was; other rules are recorded', () => {
    expect(runConfigHash(runConfig({ ...base, trading: {} }))).toBe(runConfigHash(runConfig(base)));
    expect(runConfig({ ...base, trading: { costBp: 5, overlap: 'skip' } }).trading).toEqual({ enabled: true, rules: { ...DEFAULT_TRADING_RULES, overlap: 'skip' } });
    expect(runConfigHash(runConfig({ ...base, trading: { overlap: 'skip' } }))).not.toBe(runConfigHash(runConfig(base)));
    expect(runConfig({ ...base, trading: false }).trading).toEqual({ enabled: false });
  });
});

describe('determinism: trades.csv, trading.csv and report.html for 0, 1, 2 workers and 2 shards', () => {
  const cfg = runConfig({
    seed: 5, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }], criteria: ['all'], statistics: SMALL_STATISTICS,
    trading: { overlap: 'skip', size: 'score', target: 0.1, riskFree: 'none' },
  });
  const FILES = ['trades.csv', 'trading.csv', 'report.html'] as const;
  let main: OutputFiles;

  beforeAll(async () => {
    main = await outputFiles(await runResult(cfg, { workers: 0 }));
  });

  it('the run trades, skips and sizes', () => {
    const lines = main['trades.csv'].trim().split('\n');
    expect(lines.some((l) => l.includes(',skipped-overlap,'))).toBe(true);
    expect(lines.some((l) => l.includes(',target,'))).toBe(true);
    expect(main['trading.csv'].split('\n').filter((l) => l.includes(',criterion,')).length).toBeGreaterThan(10);
  });

  it("each row's trades in decision order (date, then episode), the skipped ones among the taken", () => {
    const [head, ...lines] = main['trades.csv'].trim().split('\n');
    const col = (name: string): number => head!.split(',').indexOf(name);
    const [row, episode, date, reason] = [['dataset', 'kind', 'criterion', 'params'].map(col), col('episode'), col('decision_date'), col('exit_reason')];
    const byRow = new Map<string, string[][]>();
    for (const l of lines) {
      const f = l.split(','); // no field of these rows holds a comma
      const k = row.map((i) => f[i]).join('|');
      byRow.set(k, [...(byRow.get(k) ?? []), f]);
    }
    let mixed = 0;
    for (const rs of byRow.values()) {
      const keys = rs.map((f) => `${f[date]}|${f[episode]}`);
      expect(keys).toEqual([...keys].sort());
      if (rs.some((f) => f[reason] === 'skipped-overlap') && rs.some((f, i) => i > 0 && f[reason] !== 'skipped-overlap' && rs[i - 1]![reason] === 'skipped-overlap')) mixed++;
    }
    expect(mixed).toBeGreaterThan(0); // skipped trades fall between taken ones: the order really interleaves the two lists
  });

  it.each([1, 2])('%i worker(s) write the same files', async (workers) => {
    const files = await outputFiles(await runResult(cfg, { workers }));
    for (const f of FILES) expect(files[f], f).toBe(main[f]);
  });

  it('2 shards merged (out of order) write the same files', async () => {
    const files = await outputFiles(await shardedResult(cfg, 2, { workers: 0 }, [2, 1]));
    for (const f of FILES) expect(files[f], f).toBe(main[f]);
  });
});

describe('trading outputs escape names', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const stats = {
    start: '2020-01-01', end: '2020-01-08', sessions: 5, totalReturn: 0.01, annualReturn: 0.5, volatility: 0.1, sharpe: 1, sortino: 1, maxDrawdown: -0.02,
    drawdownPeak: '2020-01-02', drawdownTrough: '2020-01-03', drawdownRecovery: '', exposure: 0.6, trades: 1, skipped: 0, hitRate: 1, avgWin: 0.01, avgLoss: NaN, closeFills: 0,
  };
  const result: TradingResult = {
    rules: RULES, rulesText: 'rules', notes: [evil],
    rows: [{ dataset: 'T', kind: 'rebound', criterion: `=${evil}`, params: `+${evil}`, role: 'criterion', stats, episodes: 1, episodeDifference: 0, differenceLo: 0, differenceHi: 0, annualDifference: 0 }],
    trades: [{ dataset: 'T', kind: 'rebound', criterion: '=cmd', params: '+x', episode: '@e', decisionDate: '2020-01-01', column: 'close', size: 1, entryDate: '2020-01-02',
      entryFill: 'open', entryPrice: 100.5, exitDate: '2020-01-06', exitFill: 'close', exitPrice: 102, exitReason: 'horizon', grossReturn: 0.015, netReturn: 0.013, sessions: 2 }],
    curves: [{ dataset: 'T', kind: 'rebound', dates: tiny().dates, series: [{ criterion: evil, params: evil, equity: [1, 1.01, 0.99, 1.02, 1.03, 1.01] }] }],
  };

  it('report: names and notes are escaped text', () => {
    const html = tradingSection.render({ trading: result, summary: {} } as unknown as ReportModel);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('CSV: cells starting with = + - @ are neutralised', async () => {
    const trades = await tradesCsv(result);
    expect(trades.split('\n')[1]).toMatch(/^T,rebound,'=cmd,'\+x,'@e,/);
    expect((await tradingCsv(result)).split('\n')[1]).toMatch(/^T,rebound,"?'=<img/);
  });
});
