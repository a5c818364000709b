/**
 * Null worlds: how the alternate histories were made, their episode counts
 * beside the real history's, and each criterion's real AUC ranked in its
 * null distribution (a box of the null quantiles with the real figure
 * marked). Shown only for a run with null worlds.
 */
import type { NullWorldRow, NullWorldsInfo } from '../../../engine/results.ts';
import { kindLabel } from '../../../engine/definition-labels.ts';
import { c, linearScale } from '../svg.ts';
import { cmp, esc, fint, fp, fx, num, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { BASELINES, kindCmp } from '../vocabulary.ts';

function box(r: NullWorldRow): string {
  const w = 180, h = 16;
  const x = linearScale(0, 1, 4, w - 4);
  const real = num(r.realAuc);
  let s = `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="null AUCs and the real AUC">`;
  s += `<line x1="${c(x(0.5))}" x2="${c(x(0.5))}" y1="0" y2="${h}" stroke="#bbb" stroke-dasharray="2 2"/>`;
  if (Number.isFinite(num(r.q05))) {
    s += `<line x1="${c(x(num(r.q05)))}" x2="${c(x(num(r.q95)))}" y1="${h / 2}" y2="${h / 2}" stroke="#999"/>`;
    s += `<rect x="${c(x(num(r.q25)))}" y="4" width="${c(Math.max(1, x(num(r.q75)) - x(num(r.q25))))}" height="8" fill="#ddd" stroke="#999"/>`;
  }
  if (Number.isFinite(real)) s += `<circle cx="${c(x(real))}" cy="${h / 2}" r="3.5" fill="${num(r.rankP) <= 0.05 ? '#1a7f37' : '#333'}"/>`;
  return `${s}</svg>`;
}

function countsTable(n: NullWorldsInfo): string {
  let s = '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th class="n">Real episodes</th><th class="n">Null mean [min\u2013max]</th><th class="n">Real share durable</th><th class="n">Null share durable</th></tr></thead><tbody>';
  for (const k of n.counts) {
    s += `<tr><td>${esc(k.dataset)}</td><td>${esc(kindLabel(str(k.kind), k.definition))}</td><td class="n">${fint(k.realEpisodes)}</td><td class="n">${fx(k.nullMean, 1)} [${fint(k.nullMin)}\u2013${fint(k.nullMax)}]</td><td class="n">${fx(k.realDurableShare, 2)}</td><td class="n">${fx(k.nullDurableShare, 2)}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function rowsTable(n: NullWorldsInfo): string {
  const rows = n.rows.filter((r) => !BASELINES.has(str(r.criterion)) && Number.isFinite(num(r.realAuc)))
    .sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || kindCmp(str(a.kind), str(b.kind)) || cmp(str(a.definition ?? ''), str(b.definition ?? '')) || num(a.rankP) - num(b.rankP) || cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.params), str(b.params)));
  let s = '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th>Criterion</th><th class="n">Real AUC</th><th>Null 5\u201325\u201375\u201395% and real</th><th class="n">Null median</th><th class="n">Share \u2265 real</th><th class="n">Rank p</th><th class="n">Two-sided</th></tr></thead><tbody>';
  for (const r of rows) {
    s += `<tr><td>${esc(r.dataset)}</td><td>${esc(kindLabel(str(r.kind), r.definition))}</td><td>${esc(r.criterion)}${r.params ? ` <code class="params">${esc(r.params)}</code>` : ''}</td>`;
    s += `<td class="n">${fx(r.realAuc, 3)}</td><td>${box(r)}</td><td class="n">${fx(r.median, 3)}</td><td class="n">${fx(r.shareAtOrAbove, 2)}</td><td class="n">${esc(fp(r.rankP))}</td><td class="n">${esc(fp(r.rankPTwoSided))}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

export function nullWorldsHtml(n: NullWorldsInfo): string {
  let s = `<section id="null-worlds"><h2>Null worlds</h2><p>${esc(n.method)} A criterion that reads the market should rank its real AUC high among the null worlds\u2019 AUCs; rank p = (1 + null worlds at or above the real AUC) / (1 + worlds), so ${fint(n.paths)} worlds cannot give less than ${fx(1 / (n.paths + 1), 4)}. Inside a resampled year (or block) the past still leads to the future, so a criterion that reads the market\u2019s general texture (volatility regimes, trends within a year) scores away from 0.5 in the null worlds too: the rank asks whether the real history gives it more than that texture does. Every row is in <code>null-worlds.csv</code>.</p>`;
  s += `<h3>Episodes: real history and null worlds</h3>${countsTable(n)}<h3>Real AUC in the null distribution</h3>${rowsTable(n)}`;
  return `${s}</section>`;
}

export const nullWorldsSection: ReportSection<'null-worlds'> = {
  id: 'null-worlds',
  contents: (m) => (m.summary.nullWorlds ? '<a href="#null-worlds">Null worlds</a>' : ''),
  render: (m) => (m.summary.nullWorlds ? nullWorldsHtml(m.summary.nullWorlds) : ''),
};
