/** "Reading these numbers honestly": small samples, what the intervals, p- and q-values mean, baselines. */
import type { MetricsRow, RunSummary } from '../../../engine/results.ts';
import type { UnscoredForData } from '../../../engine/data-needs.ts';
import { appliesFromPredictions, missingDataText, unscoredForData } from '../../../engine/data-needs.ts';
import { esc, fint, fx, num, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { levelPercent } from '../../../engine/stats/interval-choice.ts';
import { universeInferenceNote } from '../../../engine/universe-oos-spec.ts';

/** Criteria not scored for want of data, each with the roles and files that would supply it. */
function wantingData(sm: RunSummary, lacking: readonly UnscoredForData[]): string {
  if (lacking.length === 0) return '';
  const multi = new Set(lacking.map((u) => u.dataset)).size > 1 || sm.datasets.length > 1;
  const items = lacking.map((u) => `<li>${esc(u.criterion)}${multi ? ` on ${esc(u.dataset)}` : ''} (${esc(u.kinds.join(', '))}): ${esc(missingDataText(u.missing))}</li>`).join('');
  return `<li><b>Not scored for want of data</b> (name the file under that role of the dataset in a run config): <ul>${items}</ul></li>`;
}

/**
 * Why rows are flagged as small samples, counted by reason, so that the
 * report's caveat names the actual reason: a universe's pooled row over
 * 2,000 episodes is flagged for its few clusters, not for fewer than 30
 * episodes. The flags are the texts of engine/stats/descriptive.ts
 * smallSampleFlag ("n=12 < 30", "only 3 durable", "only 4 not durable"),
 * engine/stats/scoring.ts ("only 180 of 200 resamples usable") and
 * engine/run/pooled.ts ("only 11 clusters"), joined by '; '.
 */
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

export function caveats(sm: RunSummary, metrics: MetricsRow[], lacking: readonly UnscoredForData[] = []): string {
  const st = sm.statistics;
  const flagged = metrics.filter((m) => str(m.smallSample) !== '').length;
  const tested = metrics.filter((m) => Number.isFinite(num(m.pValue))).length;
  const level = levelPercent(st?.level);
  let s = '<section class="notes" id="notes"><h2>Reading these numbers honestly</h2><ul>';
  if (metrics.length === 0) s += '<li><b>No result rows:</b> nothing was scored in this run.</li>';
  else if (flagged > 0) {
    const reasons = smallSampleReasons(metrics.map((m) => str(m.smallSample)).filter(Boolean));
    s += `<li><b>\u26a0 ${flagged} of ${metrics.length} result rows have a small sample</b> (${esc(reasons)}). They are flagged \u26a0 in every table: their intervals are wide and their point estimates should not be trusted.</li>`;
  } else s += `<li>No result row is flagged as a small sample (every row has at least 30 scored episodes and 5 of each class).</li>`;
  s += `<li><b>Intervals</b> are ${esc(level)} bootstrap <i>percentile</i> intervals${st ? ` from ${fint(st.bootstrap)} resamples` : ''}, drawn with the run seed. The thick bar resamples episodes independently; the thin bar is a <i>block</i> bootstrap that resamples whole calendar years of decisions, so episodes clustered in one year move together. When the two disagree, trust the wider one.</li>`;
  s += `<li><b>p-values</b> are two-sided tests of AUC = 0.5 (a criterion that ranks durable rallies <i>lower</i> counts as evidence too, and is marked \u21c5 <b>inverted</b> when its interval lies below 0.5): label permutations${st ? ` (${fint(st.permutations)} shuffles)` : ''} for rebounds; for sector-lead and seasonal episodes, which cluster in time, the larger of the calendar-year block-bootstrap p (p &lt; 0.05 when the block interval excludes 0.5) and the permutation p (exact when a handful of episodes make a bootstrap degenerate). <b>q-values</b> are Benjamini\u2013Hochberg adjusted across the ${tested} rows with a p-value${tested !== metrics.length ? ` (of ${metrics.length} rows; a row with no scored episode or one class only has no p-value)` : ''}. With many criteria some p &lt; 0.05 arise by chance alone: read q.</li>`;
  const pooled = metrics.some((m) => m.pooled && m.pooled.scope !== 'member') ? ' A universe\u2019s pooled and group rows report their cluster-robust interval instead, and the verdict reads every row by the interval it reports.' : '';
  s += `<li><b>Which interval counts.</b> On simulated null histories, the i.i.d. interval of seasonal rows excludes 0.5 about twice as often as it should (a January\u2019s windows share their outcome) and that of sector-lead rows too often (sectors lead together); the calendar-year block interval, widened for a small number of years, holds its level. So the figures and the inverted flag use the i.i.d. interval for rebounds and the block interval for sector-lead and seasonal rows (test/interval-coverage.test.ts).${pooled}</li>`;
  s += `<li>Durable = 1; stalled and failed = 0. A criterion <i>calls</i> durable when its score \u2265 ${st ? fx(st.threshold, 2) : 'the threshold'}. Censored episodes are listed but never scored; abstentions and failed jobs are left out of n. Compare every criterion with the <b>baselines</b>: always-durable, and chance \u2014 the coin-flip row is one random draw that can land anywhere in the chance band, so the verdict compares with the band instead.</li>`;
  const note = universeInferenceNote(sm);
  if (note) s += `<li><b>Universes and run-level inference.</b> ${esc(note.charAt(0).toUpperCase() + note.slice(1))}.</li>`;
  s += wantingData(sm, lacking);
  s += '</ul></section>';
  return s;
}

export const caveatsSection: ReportSection<'caveats'> = {
  id: 'caveats',
  contents: () => '<a href="#notes">Reading the numbers</a>',
  render: (m) => caveats(m.summary, m.metrics, unscoredForData(m.summary, appliesFromPredictions(m.episodes, m.kinds.flatMap((k) => k.predictions)))),
};
