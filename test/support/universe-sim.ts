/**
 * Simulated universes under the null, for the calibration of pooled
 * inference (test/universe-calibration.test.ts, test/bench/universe.ts).
 *
 * Episodes, labels and scores are simulated directly (no price paths), with
 * the dependence a real universe has: `months` calendar months, `members`
 * members sharing a market factor. Each month has
 *  - a selloff factor s: each member has a rebound decided that month with
 *    probability Phi(-2 + 0.9 s), so a market-wide selloff makes many
 *    episodes at once (cluster sizes are heavy-tailed, as in real data);
 *  - an outcome factor f shared by that month's episodes: an episode is
 *    durable when 0.6 f - 0.3 s + 0.74 e > 0.3 (shared outcomes, and more
 *    failures after bigger selloffs);
 *  - a market state a that the criterion reads: its score is
 *    Phi(0.7 a + 0.71 u), so scores are shared within a month too.
 * The criterion carries no information (a is independent of f, s and e) —
 * unless `informative` > 0, when the score reads `informative` x f as well
 * (a planted signal, for the power check).
 *
 * Factors persisting across months (`overlap` > 1 or `persistence` > 0, for
 * outcome windows that overlap neighbouring months): the outcome factor of
 * month k is the market's path over months k .. k + overlap - 1,
 * f_k = (r_k + ... + r_{k+overlap-1}) / sqrt(overlap), as when each
 * episode's outcome is decided over the next `overlap` months; the market
 * state the criterion reads is an AR(1), a_k = persistence a_{k-1} +
 * sqrt(1 - persistence^2) z_k. Both come from a stream of their own, so the
 * default universes are unchanged.
 */
import type { Episode, Prediction } from '../../engine/types.ts';
import { dayFromYmd, isoDate } from '../../engine/calendar.ts';
import { makeRng } from '../../engine/stats/index.ts';
import { normalCdf } from '../../engine/stats/normal.ts';
import { normal } from './stats-data.ts';

export interface SimUniverse {
  episodes: Episode[];
  predictions: Prediction[];
}

export interface SimOptions {
  months?: number;
  members?: number;
  informative?: number;
  /** Months each outcome window spans (1: none shared across months). */
  overlap?: number;
  /** AR(1) coefficient of the market state the criterion reads (0: independent months). */
  persistence?: number;
}

/** The persistent outcome and state factors of each month (SimOptions.overlap, .persistence). */
function persistentFactors(seed: string, months: number, overlap: number, rho: number): { f: number[]; a: number[] } {
  const rng = makeRng(`universe-sim/${seed}/persistent`);
  const r = Array.from({ length: months + overlap - 1 }, () => normal(rng));
  const f = Array.from({ length: months }, (_, k) => r.slice(k, k + overlap).reduce((x, y) => x + y, 0) / Math.sqrt(overlap));
  const a: number[] = [];
  for (let k = 0; k < months; k++) a.push(rho * (a[k - 1] ?? normal(rng)) + Math.sqrt(1 - rho * rho) * normal(rng));
  return { f, a };
}

function episode(member: number, day: number, label: 0 | 1): Episode {
  const date = isoDate(day);
  const market = `M${member}`;
  return {
    id: `${market}:rebound:${date}`, market, kind: 'rebound', decisionIndex: 0, decisionDate: date, refLowIndex: 0, refLowDate: date,
    refLow: 1, peakIndex: 0, peakDate: date, peak: 1, priceColumn: 'close', outcome: label ? 'durable' : 'failed', label,
    drawdown: 0.1, daysPeakToLow: 0, fwd21: NaN, fwd63: NaN, fwd126: NaN, fwd252: NaN, mae: NaN, daysToRegainPeak: NaN, horizon: 126,
  };
}

export function simulateUniverse(seed: string, opts: SimOptions = {}): SimUniverse {
  const months = opts.months ?? 60, members = opts.members ?? 100, info = opts.informative ?? 0;
  const rng = makeRng(`universe-sim/${seed}`);
  const overlap = opts.overlap ?? 1, rho = opts.persistence ?? 0;
  const persistent = overlap > 1 || rho > 0 ? persistentFactors(seed, months, overlap, rho) : null;
  const episodes: Episode[] = [];
  const predictions: Prediction[] = [];
  for (let k = 0; k < months; k++) {
    const s = normal(rng);
    let f = normal(rng), a = normal(rng);
    if (persistent) { f = persistent.f[k]!; a = persistent.a[k]!; }
    const p = normalCdf(-2 + 0.9 * s);
    const y0 = 2013 + Math.floor(k / 12), m0 = (k % 12) + 1;
    for (let i = 0; i < members; i++) {
      if (rng() >= p) continue;
      const day = dayFromYmd(y0, m0, 1 + Math.floor(rng() * 28));
      const label = 0.6 * f - 0.3 * s + 0.74 * normal(rng) > 0.3 ? 1 : 0;
      const e = episode(i, day, label);
      const score = normalCdf(0.7 * a + info * f + 0.71 * normal(rng));
      episodes.push(e);
      predictions.push({ episodeId: e.id, criterion: 'sim', params: '', score, call: score >= 0.5 ? 1 : 0, abstainReason: '', error: '' });
    }
  }
  return { episodes, predictions };
}
