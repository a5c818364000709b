/**
 * The gate's episode-by-episode comparison of one row: the baseline stores
 * every episode's score and call, so a check compares them, paired by
 * episode id, on the episodes both runs hold with the same outcome (an
 * episode added, removed or with a changed outcome is the episode check's).
 * An episode differs when
 *  - it was scored in one run only (abstained, failed or errored in the other);
 *  - its call flipped;
 *  - its score moved by more than the score tolerance. Scores are written with
 *    10 decimals, so floating-point noise moves one by at most ~1e-10; the
 *    default tolerance (1e-6) is far above that and far below any real change.
 * Aggregates can hide such changes (a monotone rescaling of every score keeps
 * AUC and the calls, hence balanced accuracy, while the Brier score and the
 * calibration change): this comparison cannot.
 */
import type { BaselineRow } from './baseline.ts';

/** One episode whose score or call differs (null: not scored in that run). */
export interface ScoreChange {
  id: string;
  baseline: number | null;
  current: number | null;
  /** '1', '0' or '-' (not scored). */
  baselineCall: string;
  currentCall: string;
}

export interface ScoreComparison {
  /** Episodes compared: in both runs' sets with the same outcome, not censored. */
  compared: number;
  /** The episodes that differ, in the baseline's order. */
  changed: ScoreChange[];
  /** The largest |current - baseline| over the episodes scored in both runs (0 when none). */
  largest: number;
}

/** The baseline's default score tolerance: far above floating-point noise, far below a real change. */
export const SCORE_TOLERANCE = 1e-6;

export function compareScores(
  b: BaselineRow, bEps: ReadonlyArray<readonly [string, string]>,
  c: BaselineRow, cEps: ReadonlyArray<readonly [string, string]>,
  tolerance: number,
): ScoreComparison {
  const cur = new Map(cEps.map(([id, o], i) => [id, { o, s: c.scores[i] ?? null, call: c.calls[i] ?? '-' }] as const));
  const changed: ScoreChange[] = [];
  let compared = 0, largest = 0;
  bEps.forEach(([id, o], i) => {
    const x = cur.get(id);
    if (!x || x.o !== o || o === 'censored') return;
    compared++;
    const s = b.scores[i] ?? null, call = b.calls[i] ?? '-';
    const d = s !== null && x.s !== null ? Math.abs(x.s - s) : 0;
    largest = Math.max(largest, d);
    if ((s === null) !== (x.s === null) || call !== x.call || d > tolerance) {
      changed.push({ id, baseline: s, current: x.s, baselineCall: call, currentCall: x.call });
    }
  });
  return { compared, changed, largest };
}
