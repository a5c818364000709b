/**
 * The leaderboard of one episode kind: one sortable row per criterion x
 * parameters x dataset, with forest-plot bars for AUC and balanced accuracy.
 * Sort keys go in data-v; the inline script sorts from them.
 */
import { BASELINES } from '../vocabulary.ts';
import { ciText, clip, esc, fint, fpHtml, fpct, fx, num, sortKey, str } from '../format.ts';
import type { RowRef } from '../model.ts';
import { forestBar } from './forest-bar.ts';
import { excessForwardReturn } from './trading.ts';
import { levelPercent, shownAucInterval, shownBalancedAccuracyInterval } from '../../../engine/stats/interval-choice.ts';
import { rowBadges } from './oos-badges.ts';

/** Stands in a column label for the run's level ("95%"). */
const LEVEL = '{level}';

/**
 * label, sort type, class, title. The columns in class `o1` (then `o2`) give
 * way on narrow screens (styles.ts), so that p and q stay in view at 1,000 px;
 * they are all in metrics.csv and in each row's details.
 */
const COLUMNS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['#', 'num', 'n', 'Default rank: AUC descending, ties by criterion id'],
  ['Dataset', 'text', '', ''],
  ['Criterion', 'text', '', ''],
  ['Params', 'text', '', ''],
  ['n', 'num', 'n', 'Episodes scored (not censored, abstained or failed)'],
  ['Abst.', 'num', 'n o1', 'Abstentions (and episodes lost to failed jobs)'],
  ['Base', 'num', 'n', 'Base rate: share of scored episodes that were durable'],
  [`AUC (${LEVEL} CI)`, 'num', '', 'ROC AUC; bar: thick = bootstrap interval resampling episodes, thin = resampling calendar years (a universe\u2019s pooled row: cluster-robust); dashed = 0.5. The interval in figures is the one the row reports: its kind\u2019s (i.i.d. for rebounds, calendar-year blocks for sector-lead and seasonal), cluster-robust for a universe\u2019s pooled rows'],
  ['p', 'num', 'n', 'Two-sided p-value of AUC = 0.5 (label permutations for rebounds; for sector-lead and seasonal, the larger of the calendar-year block-bootstrap p and the permutation p)'],
  ['q', 'num', 'n', 'Benjamini-Hochberg q-value across the rows of the run with a p-value'],
  [`Bal. acc. (${LEVEL} CI)`, 'num', 'o2', 'Balanced accuracy; bar and interval in figures as for AUC'],
  ['MCC', 'num', 'n o1', 'Matthews correlation coefficient'],
  ['Brier', 'num', 'n o1', 'Brier score (lower is better)'],
  ['Lift', 'num', 'n o1', 'Precision / base rate'],
  ['\u0394 fwd', 'num', 'n o2', 'Mean forward return (63 days) of episodes called durable minus that of all scored episodes'],
  ['Sample', 'text', '', 'Small-sample flag'],
];
/** The column the rows arrive sorted by. */
const AUC_COLUMN = COLUMNS.findIndex(([label]) => label === `AUC (${LEVEL} CI)`);

/** `level`: the run's statistics.level, which the interval labels state. */
/** The forest bar's two lines, as its tooltip names them. */
function thinNames(row: RowRef['row']): readonly [string, string] {
  return ['bootstrap', row.pooled?.aucClusterCI ? 'cluster-robust' : 'year-block'];
}

export function leaderboard(rows: RowRef[], level: unknown): string {
  const pct = levelPercent(level);
  let s = '<div class="tablewrap"><table class="leaderboard sortable"><thead><tr>';
  COLUMNS.forEach(([label, type, cls, title], i) => {
    s += `<th data-type="${type}"${cls ? ` class="${cls}"` : ''}${title ? ` title="${esc(title)}"` : ''}${i === AUC_COLUMN ? ' aria-sort="descending"' : ''}>${esc(label.replace(LEVEL, pct))}</th>`;
  });
  s += '</tr></thead><tbody>';
  rows.forEach(({ row, anchor }, i) => {
    const small = str(row.smallSample) !== '';
    const crit = str(row.criterion);
    const excess = excessForwardReturn(row);
    s += `<tr data-i="${i}"${small ? ' class="small"' : ''}>`;
    s += `<td class="n" data-v="${i + 1}">${i + 1}</td>`;
    const where = row.definition === undefined ? str(row.dataset) : `${str(row.dataset)} \u00b7 ${str(row.definition)}`; // a labelled definition's row names it
    s += `<td data-v="${esc(where)}">${esc(where)}</td>`;
    s += `<td class="crit" data-v="${esc(crit)}"><a href="#${anchor}">${esc(crit)}</a>${BASELINES.has(crit) ? '<span class="badge">baseline</span>' : ''}${rowBadges(row)}</td>`;
    // Long parameter lists (e.g. consensus members) are clipped in the table; the full text is in the title.
    s += `<td class="par" data-v="${esc(row.params)}">${row.params ? `<code class="params" title="${esc(row.params)}">${esc(clip(row.params, 48))}</code>` : ''}</td>`;
    s += `<td class="n" data-v="${sortKey(row.n)}">${fint(row.n)}</td>`;
    const failed = num(row.failed);
    s += `<td class="n o1" data-v="${sortKey(row.abstentions)}">${fint(row.abstentions)}${failed > 0 ? ` <span class="badge warn" title="episodes lost to failed jobs">+${fint(failed)} failed</span>` : ''}</td>`;
    s += `<td class="n" data-v="${sortKey(row.baseRate)}">${fx(row.baseRate, 2)}</td>`;
    // A universe's pooled row: the thin line is its cluster-robust interval (parts/universe.ts), not the calendar-year one.
    const names = thinNames(row);
    s += `<td data-v="${sortKey(row.auc)}" class="n fbc">${fx(row.auc, 3)}${forestBar('AUC', num(row.auc), row.aucCI, row.pooled?.aucClusterCI ?? row.aucBlockCI, small, pct, names)}<span class="ci">${ciText(shownAucInterval(row), 2)}</span></td>`;
    s += `<td class="n" data-v="${sortKey(row.pValue)}">${fpHtml(row.pValue)}</td>`;
    s += `<td class="n" data-v="${sortKey(row.qValue)}">${fpHtml(row.qValue)}</td>`;
    s += `<td data-v="${sortKey(row.balancedAccuracy)}" class="n fbc o2">${fx(row.balancedAccuracy, 3)}${forestBar('Balanced accuracy', num(row.balancedAccuracy), row.balancedAccuracyCI, row.pooled?.balancedAccuracyClusterCI ?? row.balancedAccuracyBlockCI, small, pct, names)}<span class="ci">${ciText(shownBalancedAccuracyInterval(row), 2)}</span></td>`;
    s += `<td class="n o1" data-v="${sortKey(row.mcc)}">${fx(row.mcc, 3)}</td>`;
    s += `<td class="n o1" data-v="${sortKey(row.brier)}">${fx(row.brier, 3)}</td>`;
    s += `<td class="n o1" data-v="${sortKey(row.lift)}">${fx(row.lift, 2)}</td>`;
    s += `<td class="n o2" data-v="${sortKey(excess)}">${fpct(excess, 1, true)}</td>`;
    s += `<td class="flag" data-v="${esc(row.smallSample)}">${small ? `\u26a0 ${esc(row.smallSample)}` : ''}</td>`;
    s += '</tr>';
  });
  s += '</tbody></table></div>';
  return s;
}
