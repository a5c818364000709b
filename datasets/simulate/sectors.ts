/**
 * Sector (industry) returns for the Ken French-style file. Sector k's daily
 * simple return is
 *     r_k = beta_k * r_m + alpha_k + s_k * sqrt(vol ratio) * eta
 * where r_m is the index's return, beta_k in [0.7, 1.3], alpha_k a slowly
 * mean-reverting leadership drift (an AR(1) with a half-life of about six
 * months and a spread of about 12% a year between sectors: leaders persist,
 * then fade, which is what sector-led advances are made of), and the
 * idiosyncratic noise scales with the square root of the market's volatility
 * relative to calm. The equal-weighted section adds small-cap noise to the
 * value-weighted returns.
 */
import type { Rng } from './random.ts';

export const FRENCH_NAMES = ['NoDur', 'Durbl', 'Manuf', 'Enrgy', 'HiTec', 'Telcm', 'Shops', 'Hlth ', 'Utils', 'Other'];

export function sectorNames(k: number): string[] {
  return Array.from({ length: k }, (_, i) => (i < FRENCH_NAMES.length ? FRENCH_NAMES[i]! : `Ind${i + 1}`));
}

export interface SectorReturns {
  /** Header names as written (the French file has `Hlth ` with a trailing space). */
  names: string[];
  beta: Float64Array;
  /** Value-weighted daily simple returns per sector; index 0 (no market return yet) is NaN. */
  returns: Float64Array[];
  /** Equal-weighted section returns. */
  equalWeighted: Float64Array[];
  /** r_k - beta_k r_m: the sector's own component (used by the stock panel). */
  residual: Float64Array[];
}

const CALM_VOL = 0.0078;

export function simulateSectors(close: Float64Array, variance: Float64Array, k: number, rng: Rng): SectorReturns {
  const n = close.length;
  const names = sectorNames(k);
  const beta = new Float64Array(k);
  const idio = new Float64Array(k);
  const alpha = new Float64Array(k);
  const phi = Math.exp(-1 / 180);
  const alphaSd = 0.12 / 252;
  const innov = alphaSd * Math.sqrt(1 - phi * phi);
  for (let j = 0; j < k; j++) {
    beta[j] = 0.7 + 0.6 * rng.uniform();
    idio[j] = 0.004 + 0.004 * rng.uniform();
    alpha[j] = alphaSd * rng.normal();
  }
  const returns = names.map(() => new Float64Array(n).fill(NaN));
  const equalWeighted = names.map(() => new Float64Array(n).fill(NaN));
  const residual = names.map(() => new Float64Array(n));
  for (let t = 1; t < n; t++) {
    const rm = close[t]! / close[t - 1]! - 1;
    const scale = Math.sqrt(Math.sqrt(variance[t]!) / CALM_VOL);
    for (let j = 0; j < k; j++) {
      alpha[j] = phi * alpha[j]! + innov * rng.normal();
      const own = alpha[j]! + idio[j]! * scale * rng.normal();
      const r = Math.max(-0.9, beta[j]! * rm + own);
      returns[j]![t] = r;
      residual[j]![t] = own;
      equalWeighted[j]![t] = Math.max(-0.9, r + 0.003 * scale * rng.normal());
    }
  }
  return { names, beta, returns, equalWeighted, residual };
}
