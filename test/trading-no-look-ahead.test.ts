/**
 * THE LEAK TEST, for the trade rules: a trade may use only what is known
 * when it acts. For every GSPC rebound episode and several cut sessions D
 * after its decision (the entry session, a few sessions in, past a typical
 * stop, and the session its trade exits at), the data are REBUILT from every raw input series (prices with opens,
 * highs and lows, and the DGS3MO risk-free series) truncated at D's date, and
 * the trades and the buy-every-rally equity curve are recomputed:
 *  - every trade entered strictly after its decision (by index and by date);
 *  - a trade that ended by D on the full data is the same trade on the cut
 *    data (same sessions, fills, prices, reason, net return);
 *  - a trade still open at D is, on the cut data, the same entry held to D's
 *    close (end-of-data), so no exit decision used a later price;
 *  - the equity curve up to the session before D is the same to the bit;
 *  - seen at D's open (D's close unknown), a trade filled at D's open, entering
 *    or exiting, is the same trade: the close that triggered an exit was an
 *    earlier one.
 * Run with targets on too (rules with every exit type).
 */
import { beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadBundleSeries, type BundleSeries } from '../datasets/bundle.ts';
import { buildDataset } from '../engine/data/dataset.ts';
import { findRebounds } from '../engine/episodes/rebound.ts';
import type { Dataset, Episode, Series } from '../engine/types.ts';
import { DEFAULT_TRADING_RULES, type TradingRules } from '../engine/trading-spec.ts';
import { tradingMarket, type TradingMarket } from '../engine/trading/market.ts';
import { simulateTrade, type Trade } from '../engine/trading/trades.ts';
import { equityCurve } from '../engine/trading/portfolio.ts';
import { describeShared, ROOT } from './support/shared-data.ts';

const BUNDLE = join(ROOT, 'test', 'fixtures', 'shared-bundle.json');
const RULES: TradingRules[] = [{ ...DEFAULT_TRADING_RULES }, { ...DEFAULT_TRADING_RULES, target: 0.05, riskFree: 'DGS3MO' }];
/** Cut sessions after each decision. */
const CUTS = [1, 7, 40];
/** Sessions before a cut whose decisions are compared there (earlier ones were compared at earlier cuts). */
const WINDOW = 300;

function cut(s: Series, day: number): Series {
  let k = 0;
  while (k < s.dates.length && s.dates[k]! <= day) k++;
  return { ...s, dates: s.dates.slice(0, k), values: s.values.slice(0, k) };
}

const rf = (r: TradingRules): string => (r.riskFree === 'DGS3MO' ? 'DGS3MO' : '');

function tradesOn(m: TradingMarket, eps: readonly Episode[], r: TradingRules): Array<Trade | null> {
  return eps.map((e) => simulateTrade(m, { episode: e.id, decisionDate: e.decisionDate, decisionIndex: e.decisionIndex, column: 'close', refLow: e.refLow, horizon: e.horizon }, r));
}

const key = (t: Trade): unknown[] => [t.entry, t.entryFill, t.entryPrice, t.exit, t.exitFill, t.exitPrice, t.reason, t.net];

describeShared('leak test for the trade rules: trades on data cut after the decision', () => {
  let raw: BundleSeries;
  let full: Dataset;
  let episodes: Episode[];

  beforeAll(() => {
    const spec = JSON.parse(readFileSync(BUNDLE, 'utf8')) as { id: string; price: string; series: Record<string, string> };
    raw = loadBundleSeries({ id: spec.id, price: spec.price, series: { DGS3MO: spec.series.DGS3MO! } }, dirname(BUNDLE), 'shared-bundle');
    full = buildDataset(raw.id, raw.price, raw.extras);
    episodes = findRebounds(full);
  });

  it('the bundle has opens, highs, lows and the risk-free series; the episodes span eras with and without opens', () => {
    for (const c of ['open', 'high', 'low', 'close', 'DGS3MO']) expect([...full.columns.keys()]).toContain(c);
    expect(episodes.length).toBeGreaterThan(50);
  });

  it('every rule set: trades and the equity curve before each cut are the same on the cut data', () => {
    const fullMarkets = RULES.map((r) => tradingMarket(full, ['close'], 0, full.dates.length - 1, rf(r)));
    const fullTrades = RULES.map((r, j) => new Map(episodes.map((x, i) => [x.id, tradesOn(fullMarkets[j]!, episodes, r)[i]!] as const)));
    const problems: string[] = [];
    let compared = 0;
    for (const e of episodes) {
      // The cut sessions: a few after the decision, and the session each rule set's trade exits at.
      const cuts = new Set([...CUTS.map((k) => e.decisionIndex + k), ...fullTrades.map((t) => t.get(e.id)?.exit ?? -1)]);
      for (const D of [...cuts].sort((a, b) => a - b)) {
        const k = D - e.decisionIndex;
        if (D >= full.dates.length || k < 1) continue;
        const ds = buildDataset(raw.id, raw.price.map((s) => cut(s, full.dates[D]!)), raw.extras.map((s) => cut(s, full.dates[D]!)));
        expect(ds.dates.length).toBe(D + 1);
        const offset = Math.max(0, D - WINDOW);
        const before = episodes.filter((x) => x.decisionIndex < D && x.decisionIndex >= offset);
        RULES.forEach((r, j) => compareAt({ ds, D, offset, before, r, fullMarket: fullMarkets[j]!, fullTrades: fullTrades[j]! }, `${e.id} +${k}`, problems));
        compared++;
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(300);
  });
});

interface Cut {
  ds: Dataset;
  D: number;
  offset: number;
  before: readonly Episode[];
  r: TradingRules;
  fullMarket: TradingMarket;
  fullTrades: ReadonlyMap<string, Trade | null>;
}

/** One cut session D: the cut data's trades and curve against the full data's (problems appended). */
function compareAt(c: Cut, what: string, problems: string[]): void {
  const { D, offset, before, r, fullMarket } = c;
  const m = tradingMarket(c.ds, ['close'], offset, D, rf(r));
  const cutTrades = tradesOn(m, before, r);
  // Market indices: the full market starts at 0, the cut one at `offset`.
  before.forEach((x, i) => {
    const f = c.fullTrades.get(x.id)!, t = cutTrades[i]!;
    if (!(f.entry > x.decisionIndex && fullMarket.dates[f.entry]! > x.decisionDate)) problems.push(`${x.id}: entry not after the decision`);
    const shift = (u: Trade): unknown[] => [u.entry + (u === t ? offset : 0), u.entryFill, u.entryPrice, u.exit + (u === t ? offset : 0), u.exitFill, u.exitPrice, u.reason, u.net];
    const ended = f.exit <= D && f.reason !== 'end-of-data';
    const got = ended ? shift(t) : shift(t).slice(0, 4).concat(shift(t)[6]);
    const want = ended ? shift(f) : [f.entry, f.entryFill, f.entryPrice, D, 'end-of-data'];
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${x.id} cut at ${fullMarket.dates[D]} (${what}): full ${JSON.stringify(shift(f))} vs cut ${JSON.stringify(shift(t))}`);
  });
  atTheOpen(c, m, what, problems);
  if (before.length === 0) return;
  const from = before[0]!.decisionIndex;
  const a = equityCurve(fullMarket, before.map((x) => ({ trade: c.fullTrades.get(x.id)!, size: 1 })), from, D, r).equity;
  const b = equityCurve(m, cutTrades.map((t) => ({ trade: t!, size: 1 })), from - offset, D - offset, r).equity;
  for (let i = 0; i < D - from; i++) if (a[i] !== b[i]) { problems.push(`${what}: equity differs at ${fullMarket.dates[from + i]}`); break; }
}

/**
 * The same cut seen at D's open: D's close unknown (NaN). A trade filled at
 * D's open (entering, or exiting on a stop or target triggered by an earlier
 * close) must be the same trade: its choice used no close of D.
 */
function atTheOpen(c: Cut, m: TradingMarket, what: string, problems: string[]): void {
  const last = c.D - c.offset;
  const closes = [...m.closes.close!];
  closes[last] = NaN;
  const open: TradingMarket = { ...m, closes: { close: closes } };
  const trades = tradesOn(open, c.before, c.r);
  c.before.forEach((x, i) => {
    const f = c.fullTrades.get(x.id)!, t = trades[i]!;
    const entered = f.entry === c.D && f.entryFill === 'open';
    const exited = f.exit === c.D && f.exitFill === 'open';
    if (entered && (t.entry + c.offset !== f.entry || t.entryPrice !== f.entryPrice)) problems.push(`${x.id} (${what}): entry at the open of ${c.fullMarket.dates[c.D]} depends on its close`);
    if (exited && (t.exit + c.offset !== f.exit || t.exitPrice !== f.exitPrice || t.reason !== f.reason || t.net !== f.net)) {
      problems.push(`${x.id} (${what}): exit at the open of ${c.fullMarket.dates[c.D]} depends on its close`);
    }
  });
}
