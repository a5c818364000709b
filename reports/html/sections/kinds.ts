/**
 * One section per episode kind: its definition, outcome counts, the
 * leaderboard, every row in detail and the call grid.
 */
import type { StatisticsSettings } from '../../../engine/results.ts';
import { esc, paramList, str } from '../format.ts';
import type { KindPart, ReportSection } from '../model.ts';
import { callGrid } from '../parts/call-grid.ts';
import { criterionDetails } from '../parts/criterion-details.ts';
import { leaderboard } from '../parts/leaderboard.ts';
import { outcomeCounts } from '../parts/outcome-counts.ts';
import { kindTitle } from '../vocabulary.ts';
import { levelPercent } from '../../../engine/stats/interval-choice.ts';

function leaderboardIntro(part: KindPart, statistics: StatisticsSettings | undefined): string {
  const flagged = part.rows.filter((r) => str(r.row.smallSample) !== '').length;
  return `<h3>Leaderboard</h3><p class="muted">${part.rows.length} rows (criterion \u00d7 parameters \u00d7 dataset), ordered by AUC; click a header to sort. Bars: \u25cf point estimate, thick line = ${esc(levelPercent(statistics?.level))} bootstrap interval, thin line = calendar-year block interval, dashed = 0.5; amber bars and \u26a0 mark small samples.${part.rows.some((r) => r.row.pooled) ? ' A universe\u2019s pooled rows (see Universes) pool every member\u2019s episodes: their thin line is a cluster-robust interval over clusters of episodes decided in the same calendar period (or run of periods spanning the outcome horizon) and their p is the larger of the cluster-robust t test\u2019s and a permutation of whole clusters.' : ''}${flagged > 0 ? ` <b class="badge warn">\u26a0 ${flagged} small-sample row${flagged === 1 ? '' : 's'}</b>` : ''}</p>`;
}

export function kindSection(part: KindPart, statistics: StatisticsSettings | undefined): string {
  const { kind, rows } = part;
  let s = `<section class="kind" id="kind-${part.index}" data-kind="${esc(kind)}"><h2>${esc(kindTitle(kind))}</h2>`;
  for (const d of part.definitions) s += `<p class="muted">Definition <code>${esc(d.kind)}</code> (${esc(d.version)}): ${paramList(d.params)}</p>`;
  s += part.episodes.length > 0 ? outcomeCounts(part.episodes) : '<p class="muted">No episodes of this kind.</p>';
  s += leaderboardIntro(part, statistics);
  s += rows.length > 0 ? leaderboard(rows, statistics?.level) : '<p class="muted">No scored rows for this kind.</p>';
  if (rows.length > 0) s += `<h3>Criteria in detail</h3><div class="toolbar" hidden></div>${rows.map((r) => criterionDetails(r, statistics?.level)).join('')}`;
  s += `<h3>Call grid</h3>${callGrid(part.episodes, part.predictions, part.index)}`;
  return `${s}</section>`;
}

export const kindsSection: ReportSection<'kinds'> = {
  id: 'kinds',
  contents: (m) => m.kinds.map((k) => `<a href="#kind-${k.index}">${esc(kindTitle(k.kind))}</a>`).join(''),
  render: (m) => m.kinds.map((k) => kindSection(k, m.summary.statistics)).join(''),
};
