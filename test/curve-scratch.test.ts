// A job's equity curve in reused buffers (CurveScratch) is the same curve as in fresh arrays,
// also when the buffers hold a longer, earlier curve's values.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRADING_RULES } from '../engine/trading-spec.ts';
import type { TradingMarket } from '../engine/trading/market.ts';
import { simulateTrade, type TradeSignal } from '../engine/trading/trades.ts';
import { applyOverlap, CurveScratch, equityCurve } from '../engine/trading/portfolio.ts';
import { FastRng } from '../engine/stats/random.ts';

function market(n: number): TradingMarket {
  const rng = new FastRng('scratch');
  const closes: number[] = [100];
  for (let i = 1; i < n; i++) closes.push(closes[i - 1]! * (1 + (rng.uniform() - 0.5) * 0.04));
  return {
    dataset: 'S', offset: 0, dates: closes.map((_, i) => `d${i}`), days: closes.map((_, i) => 18000 + i), closes: { close: closes },
    opens: closes.map((c, i) => (i === 0 ? NaN : c * 1.001)), cash: closes.map(() => 0.0001), riskFree: '', notes: [],
  };
}

describe('CurveScratch', () => {
  it('gives the curve fresh arrays give, after a longer curve used the buffers', () => {
    const m = market(400);
    const sig = (t: number): TradeSignal => ({ episode: `e${t}`, decisionDate: m.dates[t]!, decisionIndex: t, column: 'close', refLow: 0, horizon: 30 });
    const trades = [10, 25, 60, 200, 330].map((t) => ({ trade: simulateTrade(m, sig(t), DEFAULT_TRADING_RULES)!, size: 1 }));
    const taken = applyOverlap(trades, 'share').taken;
    const scratch = new CurveScratch();
    equityCurve(m, taken, 0, 399, DEFAULT_TRADING_RULES, scratch); // fills the buffers
    for (const [from, to] of [[5, 250], [0, 399], [100, 120]] as const) {
      const fresh = equityCurve(m, taken, from, to, DEFAULT_TRADING_RULES);
      const reused = equityCurve(m, taken, from, to, DEFAULT_TRADING_RULES, scratch);
      expect(Array.from(reused.equity)).toEqual(Array.from(fresh.equity));
      expect(Array.from(reused.returns)).toEqual(Array.from(fresh.returns));
      expect(Array.from(reused.excess)).toEqual(Array.from(fresh.excess));
      expect(reused.exposure).toBe(fresh.exposure);
    }
  });
});
