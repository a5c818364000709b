/**
 * What a run carries for its trading backtest (engine/run/trading.ts): the
 * rules and, per plain dataset with episodes, its TradingMarket cut to the
 * bars the episodes can trade on. A universe's members are not traded.
 */
import { ConfigError } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import type { Episode } from '../types.ts';
import type { PreparedDataset } from '../data/view.ts';
import { AUTO_RISK_FREE, DEFAULT_TRADING_RULES, type TradingRules } from '../trading-spec.ts';
import { tradingMarket } from '../trading/market.ts';
import type { RunData } from './data.ts';
import type { TradingInput } from './trading.ts';

/** The risk-free column of a dataset the rules name ('' for none); a named series the dataset lacks is a config error. */
function riskFreeColumn(rules: TradingRules, columns: ReadonlyMap<string, unknown>, dataset: string): string {
  if (rules.riskFree === 'none') return '';
  if (rules.riskFree === 'auto') return columns.has(AUTO_RISK_FREE) ? AUTO_RISK_FREE : '';
  if (!columns.has(rules.riskFree)) {
    throw new ConfigError('trading.riskFree', `dataset '${dataset}' has no series '${rules.riskFree}' (give it under "series", or use "auto" or "none")`);
  }
  return rules.riskFree;
}

/** The backtest's input, or undefined when the config turns it off. */
export function tradingInput(cfg: RunConfig, prepared: ReadonlyMap<string, PreparedDataset>, episodes: readonly Episode[], universes: RunData['universes']): TradingInput | undefined {
  const t = cfg.trading ?? { enabled: true as const, rules: { ...DEFAULT_TRADING_RULES } };
  if (!t.enabled) return undefined;
  const members = new Set(universes.flatMap((u) => u.members.map((m) => m.id)));
  const markets = [...prepared.values()].filter(({ dataset: d }) => !members.has(d.id)).flatMap(({ dataset: d }) => {
    const eps = episodes.filter((e) => e.market === d.id);
    if (eps.length === 0) return [];
    const from = Math.min(...eps.map((e) => e.decisionIndex));
    const to = Math.max(...eps.map((e) => e.decisionIndex + (t.rules.holdDays ?? e.horizon)));
    return [tradingMarket(d, [...new Set(eps.map((e) => e.priceColumn))], from, to, riskFreeColumn(t.rules, d.columns, d.id))];
  });
  return { rules: t.rules, markets };
}
