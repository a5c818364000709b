/**
 * Definition sensitivity: per dataset and kind with two or more labelled
 * definitions, a chart of each criterion's AUC across the definitions (in
 * config order: the analogue of an information-coefficient decay curve) and
 * a table of AUC [interval] per definition. Shown only when the run has them.
 */
import { definitionSensitivity, type DefinitionSensitivityRow } from '../../../engine/stats/definition-sensitivity.ts';
import { c, linearScale } from '../svg.ts';
import { cmp, esc, fx, num, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { BASELINES, kindCmp, kindTitle } from '../vocabulary.ts';

interface Panel {
  dataset: string;
  kind: string;
  labels: string[];
  params: string[];
  /** One line per criterion × parameters, its rows in definition order. */
  lines: Array<{ criterion: string; params: string; rows: DefinitionSensitivityRow[] }>;
}

function panels(rows: readonly DefinitionSensitivityRow[]): Panel[] {
  const out = new Map<string, Panel>();
  for (const r of rows) {
    const pk = JSON.stringify([r.dataset, r.kind]);
    let p = out.get(pk);
    if (!p) out.set(pk, (p = { dataset: r.dataset, kind: r.kind, labels: [], params: [], lines: [] }));
    if (!p.labels.includes(r.definition)) { p.labels[r.order - 1] = r.definition; p.params[r.order - 1] = r.definitionParams; }
    let line = p.lines.find((l) => l.criterion === r.criterion && l.params === r.params);
    if (!line) p.lines.push((line = { criterion: r.criterion, params: r.params, rows: [] }));
    line.rows.push(r);
  }
  return [...out.values()].sort((a, b) => cmp(a.dataset, b.dataset) || kindCmp(a.kind, b.kind))
    .map((p) => ({ ...p, lines: p.lines.filter((l) => !BASELINES.has(l.criterion)).sort((a, b) => cmp(a.criterion, b.criterion) || cmp(a.params, b.params)) }));
}

const W = 560, H = 240, L = 44, R = 150, T = 12, B = 34;

function chart(p: Panel): string {
  const x = linearScale(0, Math.max(1, p.labels.length - 1), L, W - R);
  const y = linearScale(0, 1, H - B, T);
  let s = `<svg class="defchart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="AUC across definitions">`;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    s += `<line x1="${L}" x2="${W - R}" y1="${c(y(t))}" y2="${c(y(t))}" stroke="#ccc"${t === 0.5 ? ' stroke-dasharray="4 3"' : ''}/><text x="${L - 6}" y="${c(y(t) + 4)}" text-anchor="end" font-size="11">${fx(t, 2)}</text>`;
  }
  p.labels.forEach((l, i) => { s += `<text x="${c(x(i))}" y="${H - B + 16}" text-anchor="middle" font-size="11">${esc(l)}</text>`; });
  p.lines.forEach((line, li) => {
    const pts = line.rows.filter((r) => Number.isFinite(num(r.auc))).map((r) => [x(r.order - 1), y(num(r.auc))] as const);
    if (pts.length === 0) return;
    const hue = (li * 47) % 360;
    const name = `${line.criterion}${line.params ? ` (${line.params})` : ''}`;
    s += `<g><title>${esc(name)}: ${line.rows.map((r) => `${esc(r.definition)} ${fx(r.auc, 3)}`).join(', ')}</title>`;
    s += `<polyline fill="none" stroke="hsl(${hue},60%,42%)" stroke-width="1.5" points="${pts.map(([a, b]) => `${c(a)},${c(b)}`).join(' ')}"/>`;
    for (const [a, b] of pts) s += `<circle cx="${c(a)}" cy="${c(b)}" r="2.5" fill="hsl(${hue},60%,42%)"/>`;
    const [lx, ly] = pts[pts.length - 1]!;
    s += `<text x="${c(lx + 6)}" y="${c(ly + 4)}" font-size="10" fill="hsl(${hue},60%,32%)">${esc(line.criterion.slice(0, 24))}</text></g>`;
  });
  return `${s}</svg>`;
}

function table(p: Panel): string {
  let s = '<div class="tablewrap"><table><thead><tr><th>Criterion</th><th>Params</th>';
  p.labels.forEach((l, i) => { s += `<th class="n" title="${esc(p.params[i] ?? '')}">${esc(l)}</th>`; });
  s += '<th class="n">Change (last \u2212 first)</th></tr></thead><tbody>';
  for (const line of p.lines) {
    s += `<tr><td>${esc(line.criterion)}</td><td>${line.params ? `<code>${esc(line.params)}</code>` : ''}</td>`;
    for (let i = 0; i < p.labels.length; i++) {
      const r = line.rows.find((x) => x.order === i + 1);
      s += r ? `<td class="n">${fx(r.auc, 3)} <span class="ci">[${fx(r.aucLo, 2)}, ${fx(r.aucHi, 2)}]</span></td>` : '<td class="n muted">\u2013</td>';
    }
    const last = line.rows[line.rows.length - 1];
    s += `<td class="n">${last && last.order > 1 ? fx(num(last.aucChange), 3) : '\u2013'}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

export function definitionsHtml(m: ReportModel): string {
  const rows = definitionSensitivity(m.summary.definitions ?? [], m.summary.metrics ?? []);
  if (rows.length === 0) return '';
  const tests = m.summary.verdict?.tests;
  let s = '<section id="definitions"><h2>Definition sensitivity</h2><p>Each criterion\u2019s AUC under the labelled definitions of one episode kind, in the order the config gives them (hover a line for its values; intervals are the ones the leaderboard shows). A criterion whose AUC holds across definitions measures something about rallies; one that peaks at a single definition may be fitted to it.';
  s += ` The q-values of these rows are adjusted over every row of the run, all definitions together${tests === undefined ? '' : ` (${num(tests)} tests)`}: choosing a definition is part of the search. Every line is in <code>definitions.csv</code>.</p>`;
  for (const p of panels(rows)) s += `<h3>${esc(kindTitle(p.kind))} \u00b7 ${esc(str(p.dataset))}</h3>${chart(p)}${table(p)}`;
  return `${s}</section>`;
}

export const definitionsSection: ReportSection<'definitions'> = {
  id: 'definitions',
  contents: (m) => (definitionSensitivity(m.summary.definitions ?? [], m.summary.metrics ?? []).length ? '<a href="#definitions">Definitions</a>' : ''),
  render: definitionsHtml,
};
