/** The trading backtest in the terminal summary: one line per dataset and kind, the best row by Sharpe (baselines aside, chosen in-sample) against both benchmarks. */
import type { RunResult } from '../results.ts';
import { isBaselineCriterion } from '../vocabulary.ts';
import { BUY_AND_HOLD, BUY_EVERY_RALLY, type TradingRow } from '../trading-results.ts';

function pct(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : '-';
}

function sharpe(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '-';
}

const show = (r: TradingRow | undefined): string => (r ? `Sharpe ${sharpe(r.stats.sharpe)}, ${pct(r.stats.annualReturn)} a year` : '-');

export function tradingLines(r: RunResult): string[] {
  const t = r.trading;
  if (!t || t.rows.length === 0) return [];
  const sets = new Map<string, TradingRow[]>();
  for (const x of t.rows) {
    const k = `${x.dataset} ${x.kind}`;
    sets.set(k, [...(sets.get(k) ?? []), x]);
  }
  const lines = [`trading (costs ${t.rules.costBp} + ${t.rules.slippageBp} bp per side; trades.csv, trading.csv):`];
  for (const [k, rows] of sets) {
    const best = rows.filter((x) => x.role === 'criterion' && !isBaselineCriterion(x.criterion) && Number.isFinite(x.stats.sharpe))
      .sort((a, b) => b.stats.sharpe - a.stats.sharpe || (a.criterion < b.criterion ? -1 : 1))[0];
    lines.push(`  ${k}: best ${best ? `${best.criterion} ${show(best)}` : '-'}; ${BUY_EVERY_RALLY} ${show(rows.find((x) => x.criterion === BUY_EVERY_RALLY && x.role === 'benchmark'))}; ${BUY_AND_HOLD} ${show(rows.find((x) => x.criterion === BUY_AND_HOLD && x.role === 'benchmark'))}`);
  }
  return lines;
}
