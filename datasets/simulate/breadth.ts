/**
 * Advance/decline breadth from a panel of N synthetic stocks. Stock i belongs
 * to sector i mod K and returns
 *     r_i = beta_i r_m + 0.8 * (sector k's own component) + sigma_i sqrt(vol ratio) eps
 * each day; it advances when r_i > 0.2%, declines when r_i < -0.2%, and is
 * otherwise unchanged (a stock that moved less than its tick). Its volume is
 * a lognormal base times market-volatility and growth factors and a daily
 * log-uniform factor; the file's
 * volumes are in thousands of shares, summed over the advancing, declining
 * and unchanged stocks. Day 0 has no returns and is not written.
 */
import type { Rng } from './random.ts';

export interface Breadth {
  adv: Int32Array;
  dec: Int32Array;
  unch: Int32Array;
  advVolume: Float64Array;
  decVolume: Float64Array;
  unchVolume: Float64Array;
  stocks: number;
}

const CALM_VOL = 0.0078;
const UNCHANGED = 0.002;

export function simulateBreadth(close: Float64Array, variance: Float64Array, sectorResidual: Float64Array[], stocks: number,
  rng: Rng): Breadth {
  const n = close.length;
  const k = sectorResidual.length;
  const beta = new Float64Array(stocks), sigma = new Float64Array(stocks), baseVol = new Float64Array(stocks);
  for (let i = 0; i < stocks; i++) {
    beta[i] = 0.6 + 0.8 * rng.uniform();
    sigma[i] = 0.010 + 0.015 * rng.uniform();
    baseVol[i] = 400 * Math.exp(0.8 * rng.normal());
  }
  const sectorOf = Int32Array.from({ length: stocks }, (_, i) => i % k);
  const own = new Float64Array(k);
  const adv = new Int32Array(n), dec = new Int32Array(n), unch = new Int32Array(n);
  const advVolume = new Float64Array(n), decVolume = new Float64Array(n), unchVolume = new Float64Array(n);
  for (let t = 1; t < n; t++) {
    const rm = close[t]! / close[t - 1]! - 1;
    const ratio = Math.sqrt(variance[t]!) / CALM_VOL;
    const sc = Math.sqrt(ratio);
    const volFactor = ratio ** 0.7 * Math.exp((0.03 * (t - n)) / 252);
    for (let j = 0; j < k; j++) own[j] = 0.8 * sectorResidual[j]![t]!;
    let a = 0, d = 0, u = 0, av = 0, dv = 0, uv = 0;
    for (let i = 0; i < stocks; i++) {
      const r = beta[i]! * rm + own[sectorOf[i]!]! + sigma[i]! * sc * rng.normal();
      const v = baseVol[i]! * volFactor * Math.exp(1.2 * (rng.uniform() - 0.5));
      if (r > UNCHANGED) { a++; av += v; } else if (r < -UNCHANGED) { d++; dv += v; } else { u++; uv += v; }
    }
    adv[t] = a; dec[t] = d; unch[t] = u;
    advVolume[t] = Math.round(av); decVolume[t] = Math.round(dv); unchVolume[t] = Math.round(uv);
  }
  return { adv, dec, unch, advVolume, decVolume, unchVolume, stocks };
}
