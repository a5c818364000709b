/**
 * Default knowledge lags (calendar days from a value's date until it is
 * known). A value dated d is visible from the first trading day >= d + lag.
 * Monthly FRED and Shiller rows are dated the first of their month, so a lag
 * counts from the month's start. Override any of these per series in the
 * run config (`lagDays`).
 */
import type { Frequency } from '../../engine/types.ts';

/**
 * A null-prototype object: a series named `constructor` or `__proto__` finds no
 * lag here (never Object.prototype's members). Look names up with knownLag.
 */
export const DEFAULT_LAGS: Readonly<Record<string, number>> = Object.freeze(Object.assign(Object.create(null) as Record<string, number>, {
  // Same-day closes.
  close: 0, open: 0, high: 0, low: 0, volume: 0, vix: 0,
  // Daily FRED series are published the next business day.
  DGS10: 1, DGS2: 1, DGS3MO: 1, BAA10Y: 1, T10Y2Y: 1,
  // Monthly averages dated the 1st: known after the month ends (+1 day);
  // CPI about 15 days after the month ends; unemployment the first Friday after.
  FEDFUNDS: 32,
  CPIAUCSL: 46,
  UNRATE: 38,
  // Shiller monthly: prices/rates are monthly averages (known at month end);
  // CPI as above; earnings and dividends about a quarter after; PE10 contains
  // recent earnings, so it takes the longest lag of its parts.
  'shiller.SP500': 32,
  'shiller.LongInterestRate': 32,
  'shiller.ConsumerPriceIndex': 46,
  'shiller.Dividend': 120,
  'shiller.Earnings': 120,
  'shiller.PE10': 120,
}));

/** The default lag of a series named in the table, else undefined (own entries only). */
export function knownLag(name: string): number | undefined {
  return Object.hasOwn(DEFAULT_LAGS, name) ? DEFAULT_LAGS[name] : undefined;
}

/** Published economic series (FRED and the like) appear the next business day at the earliest. */
export const DAILY_PUBLICATION_LAG = 1;

/** Lag for a series name, falling back to a frequency-based default. */
export function defaultLag(name: string, frequency: Frequency): number {
  const hit = knownLag(name);
  if (hit !== undefined) return hit;
  switch (frequency) {
    case 'daily': return 0;
    case 'weekly': return 7;
    case 'monthly': return 46;
    case 'quarterly': return 120;
    case 'annual': return 400;
    default: return 0;
  }
}

/** Infer the frequency from the median gap between dates. */
export function inferFrequency(dates: Int32Array): Frequency {
  if (dates.length < 3) return 'irregular';
  const n = Math.min(dates.length - 1, 400);
  const gaps = new Int32Array(n);
  for (let i = 0; i < n; i++) gaps[i] = dates[dates.length - n + i]! - dates[dates.length - n + i - 1]!;
  gaps.sort();
  const g = gaps[n >> 1]!;
  if (g <= 4) return 'daily';
  if (g <= 8) return 'weekly';
  if (g <= 32) return 'monthly';
  if (g <= 95) return 'quarterly';
  if (g <= 370) return 'annual';
  return 'irregular';
}
