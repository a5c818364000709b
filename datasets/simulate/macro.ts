/**
 * The index's bars and the other market and macro series.
 *
 *  - Index bars: the open gaps from the previous close by a fraction of the
 *    day's volatility, high/low extend beyond open/close, volume grows 5% a
 *    year and rises with volatility.
 *  - VIX: 100 * sqrt(252 * next-day variance forecast) made at each close
 *    (the path's own volatility state, so it spikes in crashes and decays
 *    after), times a persistent premium factor.
 *  - FEDFUNDS: a policy rate moved by 25-75 bp steps at meetings every 30
 *    trading days in easing / hold / tightening cycles (a monthly Markov
 *    chain leaning toward easing when rates are high and tightening when low);
 *    the monthly file holds the month's average effective rate.
 *  - CPIAUCSL: a price index whose annualised monthly inflation is an AR(1)
 *    around 3.2%, scaled to end near 300.
 *  - DGS10: 1.4 + a slow average of the policy rate + a mean-reverting term
 *    premium. T10Y2Y: mean-reverting around 0.95 pp, flatter while the Fed
 *    tightens. BAA10Y: mean-reverting around 1.9 pp, widening with the
 *    index's drawdown and volatility.
 *  - Shiller monthly: SP500 = the month's average close; trailing earnings
 *    follow the price with a lag (error correction toward P/E 17);
 *    dividends are 45% of smoothed earnings; CPI is CPIAUCSL; the long rate
 *    the month's average DGS10; real series in the latest month's dollars;
 *    PE10 = real price / 10-year average real earnings (0.0 = missing for the
 *    first ten years); the last three months' earnings, dividends and PE10
 *    are not published yet (0.0), as in the real file.
 *
 * FEDFUNDS, CPIAUCSL, DGS10 and T10Y2Y are generated independently of the
 * index; BAA10Y, VIX and the Shiller series depend only on the index up to
 * their date. None of them sees a latent state before its decision.
 */
import { ymdOf } from '../../engine/calendar.ts';
import { roundTo, type Rng } from './random.ts';

const CALM_VOL = 0.0078;

export interface Bars { open: Float64Array; high: Float64Array; low: Float64Array; volume: Float64Array }

export function indexBars(close: Float64Array, variance: Float64Array, rng: Rng): Bars {
  const n = close.length;
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), volume = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const sd = Math.sqrt(variance[t]!);
    const c = close[t]!;
    const o = t === 0 ? c : roundTo(close[t - 1]! * Math.exp(0.15 * sd * rng.normal()), 2);
    const hi = roundTo(Math.max(o, c) * Math.exp(0.5 * sd * Math.abs(rng.normal())), 2);
    const lo = roundTo(Math.min(o, c) * Math.exp(-0.5 * sd * Math.abs(rng.normal())), 2);
    open[t] = o;
    high[t] = Math.max(hi, o, c);
    low[t] = Math.max(0.01, Math.min(lo, o, c));
    volume[t] = Math.round(3e9 * Math.exp((0.05 * (t - n + 1)) / 252) * Math.exp(0.25 * rng.normal()) * (sd / CALM_VOL) ** 0.8);
  }
  return { open, high, low, volume };
}

export interface Ohlc { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array }

/** VIX closes from the index's variance forecasts. */
export function simulateVix(forecast: Float64Array, rng: Rng): Float64Array {
  const n = forecast.length;
  const close = new Float64Array(n);
  let w = 0;
  for (let t = 0; t < n; t++) {
    w = 0.92 * w + 0.06 * rng.normal();
    const raw = 100 * Math.sqrt(252 * forecast[t]!) * Math.exp(0.12 + w);
    close[t] = roundTo(Math.sqrt(raw * raw + 64), 6); // a soft floor near 8
  }
  return close;
}

/** Open/high/low around the (final, possibly planted) VIX closes. */
export function vixBars(close: Float64Array, rng: Rng): Ohlc {
  const n = close.length;
  const open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const c = close[t]!;
    const o = t === 0 ? c : roundTo(close[t - 1]! * Math.exp(0.025 * rng.normal()), 6);
    open[t] = o;
    high[t] = roundTo(Math.max(o, c) * Math.exp(0.02 * Math.abs(rng.normal())), 6);
    low[t] = roundTo(Math.min(o, c) * Math.exp(-0.02 * Math.abs(rng.normal())), 6);
  }
  return { open, high, low, close };
}

/** Month key (y*12 + m-1) of each trading day, and the distinct months in order. */
export function monthsOf(days: Int32Array): { key: Int32Array; months: number[] } {
  const key = new Int32Array(days.length);
  const months: number[] = [];
  for (let t = 0; t < days.length; t++) {
    const { y, m } = ymdOf(days[t]!);
    key[t] = y * 12 + m - 1;
    if (months.length === 0 || months[months.length - 1] !== key[t]) months.push(key[t]!);
  }
  return { key, months };
}

/** Monthly averages of a daily series (by trading-day month). */
function monthlyMean(x: Float64Array, key: Int32Array, months: number[]): Float64Array {
  const out = new Float64Array(months.length);
  let j = 0, s = 0, k = 0;
  for (let t = 0; t < x.length; t++) {
    if (key[t] !== months[j]) { out[j] = s / k; j++; s = 0; k = 0; }
    s += x[t]!; k++;
  }
  out[j] = s / k;
  return out;
}

export interface Macro {
  /** Monthly (one per month of the calendar). */
  fedfunds: Float64Array;
  cpi: Float64Array;
  /** Daily on trading days. */
  dgs10: Float64Array;
  t10y2y: Float64Array;
  baa10y: Float64Array;
}

export function simulateMacro(days: Int32Array, close: Float64Array, variance: Float64Array, streams: {
  fed: Rng; cpi: Rng; rates: Rng; curve: Rng; credit: Rng;
}): Macro {
  const n = days.length;
  const { key, months } = monthsOf(days);
  // Policy rate, stance cycles.
  const fed = streams.fed;
  let rate = roundTo(2 + 4 * fed.uniform(), 2), stance = 0;
  const policy = new Float64Array(n), stanceOf = new Int8Array(n), effective = new Float64Array(n);
  const offset = fed.int(30);
  for (let t = 0; t < n; t++) {
    if (t === 0 || key[t] !== key[t - 1]) {
      const u = fed.uniform();
      if (stance === 0) {
        const up = rate < 3 ? 0.08 : 0.035, down = rate > 6 ? 0.08 : 0.035;
        stance = u < up ? 1 : u < up + down ? -1 : 0;
      } else if (u < 0.07 + (stance > 0 ? (rate > 8 ? 0.1 : 0) : rate < 1 ? 0.15 : 0)) stance = 0;
    }
    if ((t + offset) % 30 === 0 && stance !== 0) {
      const u = fed.uniform();
      const stepSize = stance > 0 ? (u < 0.75 ? 0.25 : u < 0.85 ? 0.5 : 0) : u < 0.6 ? 0.25 : u < 0.9 ? 0.5 : 0.75;
      rate = Math.min(16, Math.max(0.1, roundTo(rate + stance * stepSize, 2)));
    }
    policy[t] = rate;
    stanceOf[t] = stance;
    effective[t] = Math.max(0.03, rate + 0.02 * fed.normal());
  }
  const fedfunds = monthlyMean(effective, key, months).map((v) => roundTo(v, 2));

  // CPI.
  const cr = streams.cpi;
  const cpiRaw = new Float64Array(months.length);
  let infl = 2 + 3 * cr.uniform(), level = 100;
  for (let m = 0; m < months.length; m++) {
    infl = 3.2 + 0.985 * (infl - 3.2) + 0.35 * cr.normal();
    level *= 1 + infl / 1200 + 0.0012 * cr.normal();
    cpiRaw[m] = level;
  }
  const scale = 300 / cpiRaw[months.length - 1]!;
  const cpi = cpiRaw.map((v) => roundTo(v * scale, 3));

  // 10-year yield.
  const rr = streams.rates;
  const dgs10 = new Float64Array(n);
  let slow = policy[0]!, term = 0.5 * rr.normal();
  const phiT = Math.exp(-1 / 250);
  for (let t = 0; t < n; t++) {
    slow += (policy[t]! - slow) / 500;
    term = phiT * term + 0.05 * rr.normal();
    dgs10[t] = roundTo(Math.max(0.25, 1.4 + 0.85 * slow + term + 0.03 * rr.normal()), 4);
  }

  // 10y-2y spread.
  const cu = streams.curve;
  const t10y2y = new Float64Array(n);
  let sp = 0.95 + 0.5 * cu.normal();
  const phiC = Math.exp(-1 / 150);
  for (let t = 0; t < n; t++) {
    const mean = 0.95 - 0.5 * stanceOf[t]!;
    sp = mean + phiC * (sp - mean) + 0.06 * cu.normal();
    t10y2y[t] = roundTo(sp + 0.02 * cu.normal(), 4);
  }

  // BAA - 10y credit spread.
  const cs = streams.credit;
  const baa10y = new Float64Array(n);
  let peak = close[0]!, spread = 1.9;
  const phiB = Math.exp(-1 / 40);
  for (let t = 0; t < n; t++) {
    peak = Math.max(peak, close[t]!);
    const dd = 1 - close[t]! / peak;
    const target = 1.9 + 2.2 * dd + Math.max(0, 40 * (Math.sqrt(variance[t]!) - CALM_VOL));
    spread = phiB * spread + (1 - phiB) * target + 0.03 * cs.normal();
    baa10y[t] = roundTo(Math.max(0.5, spread), 4);
  }
  return { fedfunds, cpi, dgs10, t10y2y, baa10y };
}

export interface Shiller {
  months: number[];
  sp500: Float64Array;
  dividend: Float64Array;
  earnings: Float64Array;
  cpi: Float64Array;
  longRate: Float64Array;
  realPrice: Float64Array;
  realDividend: Float64Array;
  realEarnings: Float64Array;
  pe10: Float64Array;
}

/** Months at the end of the file whose earnings, dividends and PE10 are not published yet (0.0). */
export const SHILLER_UNPUBLISHED = 3;

export function simulateShiller(days: Int32Array, close: Float64Array, cpiMonthly: Float64Array, dgs10: Float64Array, rng: Rng): Shiller {
  const { key, months } = monthsOf(days);
  const M = months.length;
  const sp500 = monthlyMean(close, key, months).map((v) => roundTo(v, 2));
  const longRate = monthlyMean(dgs10, key, months).map((v) => roundTo(v, 2));
  const cpi = cpiMonthly.map((v) => roundTo(v, 2));
  const earnings = new Float64Array(M), dividend = new Float64Array(M);
  let logE = Math.log(sp500[0]! / 17), smooth = Math.exp(logE);
  for (let m = 0; m < M; m++) {
    const p = sp500[Math.max(0, m - 2)]!;
    logE += (0.5 / 12) * (Math.log(p) - logE - Math.log(17)) + 0.012 * rng.normal();
    const e = Math.exp(logE);
    smooth += (e - smooth) / 12;
    earnings[m] = roundTo(e, 2);
    dividend[m] = roundTo(0.45 * smooth, 2);
  }
  const last = cpi[M - 1]!;
  const realPrice = sp500.map((v, m) => roundTo((v * last) / cpi[m]!, 2));
  const realDividend = dividend.map((v, m) => roundTo((v * last) / cpi[m]!, 2));
  const realEarnings = earnings.map((v, m) => roundTo((v * last) / cpi[m]!, 2));
  const pe10 = new Float64Array(M);
  let sum = 0;
  for (let m = 0; m < M; m++) {
    sum += realEarnings[m]!;
    if (m >= 120) sum -= realEarnings[m - 120]!;
    pe10[m] = m >= 119 ? roundTo(realPrice[m]! / (sum / 120), 2) : 0;
  }
  for (let m = Math.max(0, M - SHILLER_UNPUBLISHED); m < M; m++) {
    earnings[m] = 0; dividend[m] = 0; realEarnings[m] = 0; realDividend[m] = 0; pe10[m] = 0;
  }
  return { months, sp500, dividend, earnings, cpi, longRate, realPrice, realDividend, realEarnings, pe10 };
}
