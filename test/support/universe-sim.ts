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
  const episodes: Episode[] = [];
  const predictions: Prediction[] = [];
  for (let k = 0; k < months; k++) {
    const s = normal(rng), f = normal(rng), a = normal(rng);
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
