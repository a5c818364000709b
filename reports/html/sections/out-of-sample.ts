/**
 * Out of sample and over time: the discovery / confirmation table with each
 * row's verdict (when the run has evaluation periods), the sweep-honest
 * figures of every parameter grid (family-wise p, probability of backtest
 * overfitting), and AUC by decade as a heat map.
 */
import type { FamilyRow, MetricsRow, RunSummary, StabilityRow } from '../../../engine/results.ts';
import { levelPercent, shownAucInterval } from '../../../engine/stats/interval-choice.ts';
import { ciText, clip, cmp, esc, fint, fpHtml, fx, num, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { kindCmp } from '../vocabulary.ts';
import { byDecade, stabilityChart, stabilityKey, type StabilityLine } from '../parts/stability-chart.ts';

const MAX_ROWS = 60;
const MAX_LINES = 30;
const VERDICT_ORDER = ['confirmed', 'reversed', 'not confirmed', 'not discovered', 'untested', ''];

const rowKey = (m: Pick<MetricsRow, 'dataset' | 'kind' | 'criterion' | 'params'>): string =>
  JSON.stringify([str(m.dataset), str(m.kind), str(m.criterion), str(m.params)]);

function periodsTable(sm: RunSummary): string {
  const periods = sm.evaluation?.periods ?? [];
  const byRow = new Map<string, MetricsRow[]>();
  for (const p of sm.periodMetrics ?? []) byRow.set(rowKey(p), [...(byRow.get(rowKey(p)) ?? []), p]);
  const rows = [...sm.metrics].filter((m) => byRow.has(rowKey(m))).sort((a, b) =>
    VERDICT_ORDER.indexOf(str(a.verdict)) - VERDICT_ORDER.indexOf(str(b.verdict))
    || num(byRow.get(rowKey(a))![0]!.pValue) - num(byRow.get(rowKey(b))![0]!.pValue) || cmp(rowKey(a), rowKey(b)));
  const counts = VERDICT_ORDER.filter(Boolean).map((v) => `${fint(rows.filter((r) => str(r.verdict) === v).length)} ${esc(v)}`).join(', ');
  let s = `<h3>Discovery and confirmation</h3><p>Periods by decision date: ${periods.map((p) => `<b>${esc(p.name)}</b> ${esc(p.from ?? '')}..${esc(p.to ?? '')}`).join(', ')}. `;
  s += `Every row is scored again on each period's episodes; q-values are Benjamini\u2013Hochberg within a period. Verdict rule: ${esc(str(sm.evaluation?.verdictRule))}.</p>`;
  s += `<p>Verdicts: ${counts}.${rows.length > MAX_ROWS ? ` The first ${MAX_ROWS} of ${fint(rows.length)} rows are shown (by verdict, then discovery p); all are in metrics.csv (column <code>period</code>).` : ''}</p>`;
  s += '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th>Criterion</th><th>Params</th>';
  for (const p of periods) s += `<th class="n">${esc(p.name)} n</th><th class="n">AUC (${esc(levelPercent(sm.statistics?.level))} CI)</th><th class="n">p</th><th class="n">q</th>`;
  s += '<th>Verdict</th></tr></thead><tbody>';
  for (const m of rows.slice(0, MAX_ROWS)) {
    s += `<tr><td>${esc(m.dataset)}</td><td>${esc(m.kind)}</td><td>${esc(m.criterion)}</td><td>${m.params ? `<code class="params" title="${esc(m.params)}">${esc(clip(str(m.params), 40))}</code>` : ''}</td>`;
    for (const p of byRow.get(rowKey(m))!) {
      s += `<td class="n">${fint(p.n)}</td><td class="n">${fx(p.auc, 3)} <span class="ci">${ciText(shownAucInterval(p), 2)}</span></td><td class="n">${fpHtml(p.pValue)}</td><td class="n">${fpHtml(p.qValue)}</td>`;
    }
    s += `<td>${esc(m.verdict)}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function familiesTable(families: readonly FamilyRow[]): string {
  const rows = [...families].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || kindCmp(str(a.kind), str(b.kind)) || cmp(str(a.criterion), str(b.criterion)));
  let s = '<h3>Parameter grids: sweep-honest p and overfitting</h3><p>For a criterion run with several parameter sets, the best set\u2019s own p-value measures the sweep\u2019s luck as much as the signal. ';
  s += 'The <b>family-wise p</b> compares the best |AUC\u22120.5| with the best of the whole grid on shuffled labels (the same shuffle for every set; max-statistic permutation). ';
  s += 'The <b>probability of backtest overfitting</b> (CSCV, Bailey et al.) is how often the in-sample best set lands below the median out of sample, over every split of 8 or 10 decision-date blocks into halves; about 0.5 means choosing the best set carries no information. ';
  s += 'Label shuffles treat episodes as exchangeable, which clustered ones are not: for sector-lead and seasonal grids (and a universe\u2019s pooled and group rows) each row\u2019s family-wise p is the larger of this and its Holm-adjusted own p, never below its own p.</p>';
  s += '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th>Criterion</th><th class="n">Sets</th><th>Best set</th><th class="n">Best AUC</th><th class="n">Its own p</th><th class="n">Family-wise p</th><th class="n">PBO</th><th>CSCV</th></tr></thead><tbody>';
  for (const f of rows) {
    const cscv = Number.isFinite(num(f.pbo)) ? `${fint(f.pboBlocks)} blocks, ${fint(f.pboSplits)} splits` : esc(f.pboNote);
    s += `<tr><td>${esc(f.dataset)}</td><td>${esc(f.kind)}</td><td>${esc(f.criterion)}</td><td class="n">${fint(f.sets)}</td><td><code class="params">${esc(clip(str(f.bestParams), 40))}</code></td>`;
    s += `<td class="n">${fx(f.bestAuc, 3)}</td><td class="n">${fpHtml(f.bestP)}</td><td class="n">${fpHtml(f.familyP)}</td><td class="n">${fx(f.pbo, 2)}</td><td class="muted">${cscv}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function stabilityCharts(m: ReportModel, stability: readonly StabilityRow[]): string {
  const cells = new Map<string, StabilityRow[]>();
  for (const r of [...stability].sort(byDecade)) cells.set(stabilityKey(r), [...(cells.get(stabilityKey(r)) ?? []), r]);
  let s = '<h3>Stability over time</h3><p>AUC of each row within each decade of decisions (blue above 0.5, red below, grey undefined; hover a cell for n and balanced accuracy). A decade holds a handful of episodes: read drift, not significance. Every row and decade is in stability.csv.</p>';
  for (const part of m.kinds) {
    const datasets = [...new Set(part.rows.map((r) => str(r.row.dataset)))].sort(cmp);
    for (const ds of datasets) {
      const lines: StabilityLine[] = part.rows.filter((r) => str(r.row.dataset) === ds && num(r.row.n) > 0)
        .map((r) => ({ label: `${str(r.row.criterion)}${r.row.params ? ` (${str(r.row.params)})` : ''}`, cells: cells.get(rowKey(r.row)) ?? [] }))
        .filter((l) => l.cells.length > 0);
      if (lines.length === 0) continue;
      s += `<h4>${esc(ds)} \u00b7 ${esc(part.kind)}${lines.length > MAX_LINES ? ` <span class="muted">(the first ${MAX_LINES} of ${fint(lines.length)} rows by AUC)</span>` : ''}</h4>`;
      s += `<div class="tablewrap">${stabilityChart(lines.slice(0, MAX_LINES))}</div>`;
    }
  }
  return s;
}

function hasAny(sm: RunSummary): boolean {
  return (sm.periodMetrics ?? []).length > 0 || (sm.families ?? []).length > 0 || (sm.stability ?? []).length > 0;
}

export const outOfSampleSection: ReportSection<'out-of-sample'> = {
  id: 'out-of-sample',
  contents: (m) => (hasAny(m.summary) ? '<a href="#oos">Out of sample</a>' : ''),
  render: (m) => {
    const sm = m.summary;
    if (!hasAny(sm)) return '';
    let s = '<section id="oos"><h2>Out of sample and over time</h2>';
    if ((sm.periodMetrics ?? []).length > 0) s += periodsTable(sm);
    if ((sm.families ?? []).length > 0) s += familiesTable(sm.families!);
    if ((sm.stability ?? []).length > 0) s += stabilityCharts(m, sm.stability!);
    return `${s}</section>`;
  },
};
