/**
 * The universe section of the report, one block per universe: what was
 * pooled and how it is clustered, the pooled leaderboard (first), the
 * hygiene flags, then the group and member tables (collapsed). Its market
 * (the equal-weighted composite or an index file) is the universe's one
 * chart, in the price history section.
 */
import type { MetricsRow, UniverseSummary } from '../../../engine/results.ts';
import type { Episode } from '../../../engine/types.ts';
import { BASELINES } from '../vocabulary.ts';
import { ciText, clip, cmp, esc, fint, fpHtml, fpct, fx, num, sortKey, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { forestBar } from './forest-bar.ts';
import { headlineScheme, levelPercent, shownAucInterval } from '../../../engine/stats/interval-choice.ts';

/** The table's columns: label, sort type, title; `pct` is the run's level as the AUC label states it. */
const head = (pct: string): ReadonlyArray<readonly [string, string, string]> => [
  ['#', 'num', 'Default rank: AUC descending'],
  ['Rows of', 'text', 'The universe, a group of it, or a member'],
  ['Kind', 'text', ''],
  ['Criterion', 'text', ''],
  ['Params', 'text', ''],
  ['n', 'num', 'Episodes scored'],
  ['Members', 'num', 'Members with a scored episode'],
  ['Clusters', 'num', 'Clusters with a scored episode (calendar periods, or runs of them spanning the outcome horizon): the units of the cluster interval and p-value'],
  ['Base rate', 'num', 'Share of scored episodes that were durable'],
  [`AUC (${pct} CI)`, 'num', 'ROC AUC; bar: thick = the interval the row reports (pooled and group rows: cluster-robust, t quantile at the effective number of clusters; member rows: the kind\u2019s bootstrap interval), thin = the i.i.d. bootstrap (member rows of an i.i.d. kind: calendar-year blocks); dashed = 0.5'],
  ['p', 'num', 'One-sided p-value of AUC > 0.5: cluster permutation for pooled and group rows, i.i.d. permutation for member rows'],
  ['p i.i.d.', 'num', 'The i.i.d. permutation p-value (it ignores the clustering: shown for comparison)'],
  ['q', 'num', 'Benjamini-Hochberg q-value across all rows of the run'],
  ['Sample', 'text', 'Small-sample flag'],
];

function byAuc(a: MetricsRow, b: MetricsRow): number {
  const x = num(a.auc), y = num(b.auc);
  if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
  if (!Number.isNaN(x) && x !== y) return y - x;
  return cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.params), str(b.params)) || cmp(str(a.dataset), str(b.dataset));
}

function rowHtml(m: MetricsRow, i: number, pct: string): string {
  const p = m.pooled!;
  const small = str(m.smallSample) !== '';
  const crit = str(m.criterion);
  const who = p.scope === 'pooled' ? `${str(p.universe)} (pooled)` : p.scope === 'group' ? str(p.group) : str(m.dataset);
  const ci = shownAucInterval(m); // the row's headline interval
  const iid = headlineScheme(m) === 'iid';
  const thin = iid ? m.aucBlockCI : m.aucCI;
  let s = `<tr${small ? ' class="small"' : ''}><td class="n" data-v="${i + 1}">${i + 1}</td>`;
  s += `<td data-v="${esc(who)}">${esc(who)}</td><td data-v="${esc(m.kind)}">${esc(m.kind)}</td>`;
  s += `<td class="crit" data-v="${esc(crit)}">${esc(crit)}${BASELINES.has(crit) ? '<span class="badge">baseline</span>' : ''}</td>`;
  s += `<td class="par" data-v="${esc(m.params)}">${m.params ? `<code class="params" title="${esc(m.params)}">${esc(clip(str(m.params), 40))}</code>` : ''}</td>`;
  for (const v of [m.n, p.members, p.clusters]) s += `<td class="n" data-v="${sortKey(v)}">${fint(v)}</td>`;
  s += `<td class="n" data-v="${sortKey(m.baseRate)}">${fx(m.baseRate, 2)}</td>`;
  s += `<td class="n fbc" data-v="${sortKey(m.auc)}">${fx(m.auc, 3)}${forestBar('AUC', num(m.auc), ci, thin, small, pct, [headlineScheme(m) === 'cluster' ? 'cluster-robust' : 'bootstrap', iid ? 'year-block' : 'i.i.d.'])}<span class="ci">${ciText(ci, 2)}</span></td>`;
  for (const v of [m.pValue, p.pValueIid, m.qValue]) s += `<td class="n" data-v="${sortKey(v)}">${fpHtml(v)}</td>`;
  s += `<td class="flag" data-v="${esc(m.smallSample)}">${small ? `\u26a0 ${esc(m.smallSample)}` : ''}</td></tr>`;
  return s;
}

function table(rows: MetricsRow[], pct: string): string {
  if (rows.length === 0) return '<p class="muted">No rows.</p>';
  let s = '<div class="tablewrap"><table class="leaderboard sortable"><thead><tr>';
  head(pct).forEach(([label, type, title], i) => {
    s += `<th data-type="${type}"${title ? ` title="${esc(title)}"` : ''}${i === 9 ? ' aria-sort="descending"' : ''}>${esc(label)}</th>`;
  });
  return `${s}</tr></thead><tbody>${[...rows].sort(byAuc).map((m, i) => rowHtml(m, i, pct)).join('')}</tbody></table></div>`;
}

function hygieneHtml(u: UniverseSummary): string {
  const h = u.hygiene;
  const mode = h.mode === 'warn' ? 'flagged days are reported; episodes whose window holds one are still scored (set "hygiene": "exclude-episodes" or "exclude-member" to leave them out)'
    : h.mode === 'exclude-episodes' ? `episodes whose window holds a flagged day are listed but not scored (${fint(h.excludedEpisodes)} left out)`
      : `flagged members are left out of the run (${h.excludedMembers.map(esc).join(', ') || 'none'})`;
  let s = `<h3>Data hygiene</h3><p>Mode <code>${esc(h.mode)}</code>: ${mode}. ${fint(h.flags.length)} flagged days; ${fint(h.flaggedEpisodes)} episodes have a flagged day in their window (marked in episodes.csv); ${fint(h.firstBarPeaks)} corrections peak at a member's first price (the decline may have begun before the file starts). A <i>likely bad print</i> is a one-day move of at least 8 times the member's own robust daily volatility that the next day takes back; a <i>likely unadjusted split or spin-off</i> is such a move that does not reverse and is near a simple split ratio, or a fall of a third or more. They are likely, not certain: check them against another source.</p>`;
  if (h.flags.length === 0) return `${s}<p class="muted">No day was flagged.</p>`;
  s += '<div class="tablewrap"><table class="sortable"><thead><tr><th data-type="text">Member</th><th data-type="text">Date</th><th data-type="text">Kind</th><th data-type="num">Move</th><th data-type="num">Next day</th><th data-type="text">Note</th></tr></thead><tbody>';
  for (const f of h.flags) {
    s += `<tr><td data-v="${esc(f.member)}">${esc(f.member)}</td><td data-v="${esc(f.date)}">${esc(f.date)}</td><td data-v="${esc(f.kind)}">${esc(f.kind === 'bad-print' ? 'likely bad print' : 'likely unadjusted split or spin-off')}</td>`;
    s += `<td class="n" data-v="${sortKey(f.move)}">${fpct(f.move, 1, true)}</td><td class="n" data-v="${sortKey(f.next)}">${fpct(f.next, 1, true)}</td><td data-v="${esc(f.note)}">${esc(f.note)}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function universeBlock(u: UniverseSummary, metrics: MetricsRow[], episodes: Episode[], index: number, pct: string): string {
  const rows = metrics.filter((m) => m.pooled && str(m.pooled.universe) === str(u.id));
  const ids = new Set([...u.members.map((m) => str(m.id)), str(u.id)]); // the universe's own id: sector-lead episodes on its groups
  const eps = episodes.filter((e) => ids.has(str(e.market)));
  const of = (scope: string): MetricsRow[] => rows.filter((m) => m.pooled!.scope === scope);
  let s = `<div class="universe" id="universe-${index}"><h3>${esc(u.id)}: ${fint(u.members.length)} members${u.groups.length ? ` in ${fint(u.groups.length)} groups` : ''}</h3>`;
  s += `<p>${esc(u.start)} to ${esc(u.end)} (${fint(u.bars)} trading days), ${fint(eps.length)} episodes of its members. <b>Pooled rows</b> take every member's episodes together. Members' episodes cluster in time (a market-wide selloff makes many rebounds at once, with shared outcomes), so their intervals and p-values treat the episodes decided in the same <b>${esc(u.clusterText)}</b> as one cluster${u.overlap === 'merge' ? ' (outcome windows of neighbouring months overlap, so a cluster spans the outcome horizon: only neighbouring clusters share outcome days)' : ''}: the thick bar is a cluster-robust interval (variance from whole clusters, t quantile at the effective number of clusters, which unequal cluster sizes make far fewer than the clusters) and p permutes the outcomes of whole clusters among clusters of similar size (cluster permutation). The i.i.d. interval (thin bar) and p-value are shown beside them: where they are much narrower or smaller, the episodes were not independent evidence. Breadth: ${u.breadth === 'members' ? 'computed from the members (share above their 50- and 200-day averages, advancers and decliners, new 52-week highs and lows; a member counts only while it trades)' : 'from the breadth file'}. Market: ${esc(u.market)} (the chart in the price history).</p>`;
  s += `<h3>Pooled leaderboard</h3>${table(of('pooled'), pct)}`;
  s += hygieneHtml(u);
  const groups = of('group');
  if (groups.length) s += `<details><summary>Rows per group (${fint(groups.length)})</summary>${table(groups, pct)}</details>`;
  const members = of('member');
  if (members.length) s += `<details><summary>Rows per member (${fint(members.length)}; each on few episodes \u2014 read the pooled rows first)</summary>${table(members, pct)}</details>`;
  return `${s}</div>`;
}

export const universeSection: ReportSection<'universe'> = {
  id: 'universe',
  contents: (m: ReportModel) => ((m.summary.universes ?? []).length ? '<a href="#universes">Universes</a>' : ''),
  render: (m: ReportModel) => {
    const list = m.summary.universes ?? [];
    if (list.length === 0) return '';
    return `<section id="universes"><h2>Universes: pooled results</h2>${list.map((u, i) => universeBlock(u, m.metrics, m.episodes, i, levelPercent(m.summary.statistics?.level))).join('')}</section>`;
  },
};
