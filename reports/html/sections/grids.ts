/**
 * Parameter grids: for each criterion run over a grid in which exactly two
 * parameters vary, its AUC as a heat map per dataset and kind. Nothing is
 * drawn for runs without such a grid.
 */
import type { MetricsRow } from '../../../engine/results.ts';
import { cmp, esc, fx, num, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { heatmap, twoParameterGrid } from '../parts/heatmap.ts';
import { SCORE_COLOURS, kindCmp, kindTitle } from '../vocabulary.ts';

function groups(m: ReportModel): Array<{ dataset: string; kind: string; criterion: string; rows: MetricsRow[] }> {
  const by = new Map<string, MetricsRow[]>();
  for (const r of m.metrics) {
    const k = JSON.stringify([str(r.dataset), str(r.kind), str(r.criterion)]);
    let l = by.get(k);
    if (!l) by.set(k, (l = []));
    l.push(r);
  }
  return [...by.entries()].map(([k, rows]) => {
    const [dataset, kind, criterion] = JSON.parse(k) as [string, string, string];
    return { dataset, kind, criterion, rows };
  }).sort((a, b) => kindCmp(a.kind, b.kind) || cmp(a.criterion, b.criterion) || cmp(a.dataset, b.dataset));
}

function gridFigures(m: ReportModel, alpha: number): string[] {
  return groups(m).flatMap((g) => {
    const grid = twoParameterGrid(g.rows);
    if (!grid) return [];
    return [`<figure class="sm heatfig"><figcaption><b>${esc(g.criterion)}</b> \u00b7 ${esc(kindTitle(g.kind))} \u00b7 ${esc(g.dataset)}${grid.fixed ? ` <span class="vp">${esc(grid.fixed)}</span>` : ''}</figcaption>${heatmap(grid, alpha)}</figure>`];
  });
}

function alphaOf(m: ReportModel): number {
  return num(m.summary.verdict?.alpha ?? 1 - num(m.summary.statistics?.level ?? 0.95));
}

function gridsHtml(m: ReportModel): string {
  const alpha = alphaOf(m);
  const figs = gridFigures(m, alpha);
  if (figs.length === 0) return '';
  const scale = SCORE_COLOURS.map((_, i) => `<span class="hs b${i}${i <= 1 || i >= 8 ? ' light' : ''}">${fx(0.25 + 0.05 * i, 2)}</span>`).join('');
  return `<section id="grids"><h2>Parameter grids</h2><p>AUC of every parameter set where exactly two parameters vary. Colour: AUC from below 0.30 (red) through 0.5 to 0.75 and above (blue); a dark ring marks q \u2264 ${fx(alpha, 2)}. Hover a cell for n and q. A lone bright cell among dull neighbours is more likely luck than a finding.</p><div class="legend hscale">${scale}</div><div class="smgrid">${figs.join('')}</div></section>`;
}

export const gridsSection: ReportSection<'grids'> = {
  id: 'grids',
  contents: (m) => (gridFigures(m, alphaOf(m)).length > 0 ? '<a href="#grids">Parameter grids</a>' : ''),
  render: gridsHtml,
};
