/**
 * What happened after an episode's decision, day by day (hindsight by
 * design, like the outcome): the trading day of the first close strictly
 * below the reference low within the horizon (the rally's failure), how long
 * the episode was followed (the horizon, or fewer days when the data ends
 * first), and the cumulative return from the decision close on the fan days.
 *
 * The failure rule is the rebound/seasonal outcome rule (common.ts
 * judgeAgainstLow): a rebound or seasonal episode has a failure day exactly
 * when its outcome is `failed`. Sector-led episodes are followed on their
 * sector's levels against their reference level (the start of the advance),
 * which is stricter than their outcome rule (leadership lost), so their
 * survival curves answer "did the sector give back its whole advance".
 */
import type { Dataset, Episode } from '../types.ts';
import type { EpisodePath } from '../results.ts';

/** Trading days after the decision at which forward-return fans are drawn: every 5 days, then 252. */
export const FAN_DAYS: readonly number[] = [...Array.from({ length: 51 }, (_, i) => i * 5), 252];

/** The whole path of one episode on the closes `c` of its price column. */
export function episodePath(e: Episode, c: ArrayLike<number>): EpisodePath {
  const t = e.decisionIndex;
  // The data end at the column's last known close (a sector file can stop before the market's calendar does).
  let last = c.length - 1;
  while (last > t && !Number.isFinite(c[last]!)) last--;
  const followUp = Math.max(0, Math.min(e.horizon, last - t));
  let failureDay = NaN;
  for (let k = 1; k <= followUp; k++) {
    if (c[t + k]! < e.refLow) { failureDay = k; break; }
  }
  const base = c[t]!;
  const returns = FAN_DAYS.map((k) => {
    const x = t + k <= last ? c[t + k]! / base - 1 : NaN;
    return Number.isFinite(x) ? x : NaN;
  });
  return { id: e.id, failureDay, followUp, returns };
}

/** Whole paths of every episode, each on its dataset's column named by the episode (`priceColumn`). */
export function episodePaths(datasets: ReadonlyMap<string, Dataset>, episodes: readonly Episode[]): EpisodePath[] {
  return episodes.map((e) => {
    const c = datasets.get(e.market)?.columns.get(e.priceColumn);
    if (!c) throw new Error(`episode ${e.id}: dataset '${e.market}' has no '${e.priceColumn}' column`);
    return episodePath(e, c);
  });
}
