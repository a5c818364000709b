/**
 * Why rows are flagged as small samples, counted by reason, so that the
 * report's caveat names the actual reason: a universe's pooled row over
 * 2,000 episodes is flagged for its few clusters, not for fewer than 30
 * episodes. The flags are the texts of engine/stats/descriptive.ts
 * smallSampleFlag ("n=12 < 30", "only 3 durable", "only 4 not durable"),
 * engine/stats/scoring.ts ("only 180 of 200 resamples usable") and
 * engine/run/pooled.ts ("only 11 clusters"), joined by '; '.
 */
import { fint } from '../format.ts';

interface Reason {
  /** What the reason says, given the numbers found in its flags. */
  text: (numbers: number[]) => string;
  match: RegExp;
}

const span = (xs: number[]): string => {
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return lo === hi ? fint(lo) : `${fint(lo)}\u2013${fint(hi)}`;
};

/** In the order the caveat lists them. */
const REASONS: readonly Reason[] = [
  { match: /^n=(\d+) < 30$/, text: () => 'fewer than 30 scored episodes' },
  { match: /^only (\d+) (?:not )?durable$/, text: () => 'fewer than 5 episodes of a class' },
  { match: /^only (\d+) clusters$/, text: (k) => `only ${span(k)} clusters of episodes, the independent units of a universe\u2019s pooled or group row whatever its n` },
  { match: /^only (\d+) of \d+ resamples usable$/, text: () => 'too few usable bootstrap resamples' },
];

/** "19 rows: only 9–11 clusters …; 3 rows: fewer than 30 scored episodes": each reason with the rows it flags (a row may have several). */
export function smallSampleReasons(flags: readonly string[]): string {
  const rows = REASONS.map(() => 0);
  const numbers: number[][] = REASONS.map(() => []);
  const other = new Map<string, number>();
  for (const flag of flags) {
    const seen = new Set<number>();
    for (const part of flag.split('; ').filter(Boolean)) {
      const i = REASONS.findIndex((r) => r.match.test(part));
      if (i < 0) { other.set(part, (other.get(part) ?? 0) + 1); continue; }
      numbers[i]!.push(Number(REASONS[i]!.match.exec(part)![1]));
      if (!seen.has(i)) rows[i]!++;
      seen.add(i);
    }
  }
  const rowsText = (k: number): string => `${fint(k)} row${k === 1 ? '' : 's'}`;
  const parts = REASONS.flatMap((r, i) => (rows[i]! > 0 ? [`${rowsText(rows[i]!)}: ${r.text(numbers[i]!)}`] : []));
  for (const [text, k] of other) parts.push(`${rowsText(k)}: ${text}`);
  return parts.join('; ');
}
