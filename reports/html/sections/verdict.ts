/**
 * The verdict: the report's first screen. Per episode kind, one plain
 * sentence (which criteria predicted durable episodes better than chance
 * after correction, or that none did) and the rows behind it: n, AUC with
 * its interval against the chance band, q, and the comparison with
 * always-durable (precision of the durable calls vs the base rate, and the
 * 63-day return of the called episodes vs all of them).
 */
import { rowWhere, VERDICT_STATUS_SHORT, VERDICT_STATUS_TEXT, type KindVerdict, type Verdict, type VerdictRow } from '../../../engine/results.ts';
import { clip, esc, fint, fp, fpct, fx, num, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { chanceBar, chanceLegend } from '../parts/chance-bar.ts';
import { kindTitle } from '../vocabulary.ts';
import { levelPercent } from '../../../engine/stats/interval-choice.ts';

/** What the intro says of rows whose episodes are dependent ('' when every shown row is i.i.d.). */
function dependenceNote(v: Verdict): string {
  const schemes = new Set(v.kinds.flatMap((k) => k.rows.map((r) => str(r.interval))));
  const own = [schemes.has('cluster') ? 'cluster-robust for a universe\u2019s pooled and group rows' : '', schemes.has('year-block') ? 'calendar-year blocks for sector-lead and seasonal rows' : ''].filter(Boolean);
  return own.length ? ` Each row\u2019s interval is the one its leaderboard row reports (${own.join('; ')}); where episodes are dependent the chance band is widened by the same factor as that interval is over the i.i.d. one, and a row whose interval holds 0.5 is within chance.` : '';
}

function criterionCell(r: VerdictRow, anchors: ReadonlyMap<string, string>): string {
  const key = JSON.stringify([str(r.dataset), str(r.criterion), str(r.params)]);
  const anchor = anchors.get(key);
  const name = `${anchor ? `<a href="#${anchor}">${esc(r.criterion)}</a>` : esc(r.criterion)}${r.definition === undefined ? '' : ` <span class="vp">${esc(str(r.definition))}</span>`}`;
  const params = str(r.params) ? `<span class="vp" title="${esc(r.params)}">${esc(clip(str(r.params), 44))}</span>` : '';
  return `<td class="vc">${name}${params}</td>`;
}

function vsAlwaysDurable(r: VerdictRow): string {
  const prec = num(r.precision);
  const base = num(r.baseRate);
  if (!Number.isFinite(prec)) return `<td class="n muted" title="no episode called durable">none called</td>`;
  const better = prec > base;
  return `<td class="n" title="precision of the durable calls ${fx(prec, 3)}; always-durable's precision is the base rate ${fx(base, 3)}"><b class="${better ? 'up' : 'down'}">${fx(prec, 2)}</b> <span class="muted">(${fx(base, 2)})</span></td>`;
}

function row(r: VerdictRow, multi: boolean, oos: boolean, anchors: ReadonlyMap<string, string>, pct: string): string {
  const win = r.status === 'beats-chance';
  let s = `<tr class="${esc(r.status)}">`;
  s += criterionCell(r, anchors);
  if (multi) s += `<td>${esc(rowWhere(r, true))}</td>`;
  s += `<td class="n">${fint(r.n)} <span class="muted">(${fint(r.positives)})</span></td>`;
  s += `<td class="n auc">${fx(r.auc, 3)} <span class="ci">${fx(r.aucCI?.lo, 2)}\u2013${fx(r.aucCI?.hi, 2)}</span></td>`;
  s += `<td class="bar">${chanceBar(num(r.auc), r.aucCI, r.nullBand, win, pct)}</td>`;
  s += `<td class="n ci vx">${fx(r.nullBand?.lo, 2)}\u2013${fx(r.nullBand?.hi, 2)}</td>`;
  s += `<td class="n${win ? ' strong' : ''}">${esc(fp(r.qValue))}</td>`;
  s += vsAlwaysDurable(r);
  s += `<td class="n vr">${fpct(r.excessReturn63, 1, true)}</td>`;
  if (oos) s += `<td>${esc(r.outOfSample) || '<span class="muted">\u2013</span>'}</td>`;
  s += `<td class="st"><span class="vs ${esc(r.status)}" title="${esc(VERDICT_STATUS_TEXT[r.status] ?? '')}">${esc(VERDICT_STATUS_SHORT[r.status] ?? r.status)}</span>${str(r.smallSample) ? ` <span class="badge warn" title="small sample: ${esc(r.smallSample)}">\u26a0</span>` : ''}</td>`;
  return `${s}</tr>`;
}

function kindBlock(k: KindVerdict, m: ReportModel, anchors: ReadonlyMap<string, string>, pct: string): string {
  const universe = k.rows.some((r) => r.scope !== undefined); // a universe's rows are named: pooled, group or member
  const multi = universe || new Set(m.metrics.filter((x) => str(x.kind) === str(k.kind)).map((x) => str(x.dataset))).size > 1;
  const oos = k.rows.some((r) => str(r.outOfSample) !== '');
  const kindIndex = m.kinds.findIndex((p) => p.kind === k.kind);
  let s = `<div class="vk ${k.winners > 0 ? 'yes' : 'no'}"><h3>${esc(kindTitle(k.kind))}</h3><p class="vsent">${esc(k.sentence)}</p>`;
  if (k.rows.length > 0) {
    const cols = ['vc', ...(multi ? ['vd'] : []), 'vn', 'va', 'vb', 'vx', 'vq', 'vpr', 'vr', ...(oos ? ['vo'] : []), 'vst'];
    s += `<table class="verdict"><colgroup>${cols.map((c) => `<col class="${c}">`).join('')}</colgroup><thead><tr><th>Criterion</th>`;
    if (multi) s += universe ? '<th title="a universe\u2019s pooled row, one of its groups or one member; or a dataset">Rows of</th>' : '<th>Dataset</th>';
    s += `<th class="n" title="scored episodes (durable)">n (durable)</th><th class="n" title="the interval the row reports: i.i.d., calendar-year blocks or cluster-robust">AUC [${pct} CI]</th><th title="axis 0 to 1">AUC vs chance band</th><th class="n vx" title="central ${pct} of the AUCs of random rankings with this n and durable count (widened where episodes are dependent)">chance band</th><th class="n" title="Benjamini-Hochberg q-value">q</th>`;
    s += '<th class="n" title="precision of the durable calls vs always-durable (whose precision is the base rate)">precision vs always-durable</th><th class="n vr" title="mean 63-day return of the episodes called durable minus that of all scored episodes (always-durable buys them all)">\u0394 63-day return</th>';
    if (oos) s += '<th>out of sample</th>';
    s += '<th>standing</th></tr></thead><tbody>';
    s += k.rows.map((r) => row(r, multi, oos, anchors, pct)).join('');
    s += '</tbody></table>';
  }
  const hidden = k.winners - k.rows.filter((r) => r.status === 'beats-chance').length;
  const where = kindIndex >= 0 ? `<a href="#kind-${kindIndex}">leaderboard</a>` : 'leaderboard';
  const rowsText = `${fint(k.more)} more row${k.more === 1 ? '' : 's'}`;
  if (k.more > 0) s += `<p class="vmore">${hidden > 0 ? `<b>${fint(hidden)} more beat chance</b> \u2014 ${rowsText} in all` : `${rowsText} (baselines, unscored rows, rows too small to judge, lower AUC)`} in the ${where}.</p>`;
  return `${s}</div>`;
}

export function verdictHtml(v: Verdict | undefined, m: ReportModel): string {
  let s = '<section id="verdict" class="verdict-sec"><h2>Verdict</h2>';
  if (!v) {
    const why = m.summary.shard !== undefined ? 'this is one shard\u2019s output: merge the shards (rally merge) for the verdict' : 'this run\u2019s summary has no verdict';
    return `${s}<p class="muted">No verdict: ${esc(why)}.</p></section>`;
  }
  const anchors = new Map<string, string>();
  for (const part of m.kinds) for (const r of part.rows) anchors.set(JSON.stringify([str(r.row.dataset), str(r.row.criterion), str(r.row.params)]), r.anchor);
  const pct = levelPercent(v.level);
  s += `<p class="vintro"><b>Beats chance</b> = q \u2264 ${fx(v.alpha, 2)} <i>and</i> AUC above the <b>chance band</b> (the central ${esc(pct)} of the AUCs of random rankings with the same n and durable count: the permutation null, not one coin-flip draw). q-values adjusted over the <b>${fint(v.tests)} rows with a p-value</b>${m.metrics.length !== v.tests ? ` (of ${fint(m.metrics.length)})` : ''}.${dependenceNote(v)}</p>`;
  s += v.kinds.map((k) => kindBlock(k, m, anchors, pct)).join('');
  s += `<div class="legend vleg">${chanceLegend(pct)}</div>`;
  return `${s}</section>`;
}

export const verdictSection: ReportSection<'verdict'> = {
  id: 'verdict',
  contents: () => '<a href="#verdict">Verdict</a>',
  render: (m) => verdictHtml(m.summary.verdict, m),
};
