/** Statistical power per dataset and kind: the smallest AUC the episodes can reveal, and power at a few true AUCs. */
import type { PowerRow } from '../../../engine/results.ts';
import { cmp, esc, fint, fpct, fx, num, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { kindCmp, kindTitle } from '../vocabulary.ts';

/** A universe's set: its episodes cluster in time, and power is that of its effective sample. */
function clusteredText(r: PowerRow): string {
  const c = r.clustered;
  if (!c) return '';
  return ` They fall in ${fint(c.clusters)} clusters (${esc(c.by)}) with shared outcomes (intra-cluster correlation ${fx(c.icc, 2)}, design effect ${fx(c.designEffect, 1)}), worth about ${fint(num(c.effectivePositives) + num(c.effectiveNegatives))} independent episodes for a criterion whose score is shared within a cluster; power is computed for those.`;
}

function powerSentence(r: PowerRow): string {
  const mda = num(r.minDetectableAuc);
  const who = `<b>${esc(r.dataset)}</b>, ${esc(kindTitle(str(r.kind)).toLowerCase())}`;
  if (r.clustered) {
    return `<li>${who}: ${fint(r.n)} episodes (${fint(r.positives)} durable, ${fint(r.negatives)} not).${clusteredText(r)} ${Number.isFinite(mda) ? `Only AUC above ~${fx(mda, 2)} is detectable (80% power, \u03b1 = ${fx(r.alpha, 2)}).` : 'No AUC up to 0.99 is reliably detectable.'}</li>`;
  }
  return Number.isFinite(mda)
    ? `<li>${who}: with ${fint(r.n)} episodes (${fint(r.positives)} durable, ${fint(r.negatives)} not), only AUC above ~${fx(mda, 2)} is detectable (80% power, \u03b1 = ${fx(r.alpha, 2)}).</li>`
    : `<li>${who}: with ${fint(r.n)} episodes (${fint(r.positives)} durable, ${fint(r.negatives)} not), no AUC up to 0.99 is reliably detectable: every AUC here is anecdotal.</li>`;
}

export function power(rows: PowerRow[]): string {
  const sorted = [...rows].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || kindCmp(str(a.kind), str(b.kind)));
  const keys = [...new Set(sorted.flatMap((r) => Object.keys(r.power ?? {})))].sort((a, b) => Number(a) - Number(b) || cmp(a, b));
  let s = '<section id="power"><h2>Statistical power</h2><p>How large an AUC this many episodes can reveal: the minimum AUC the permutation test detects with 80% probability, and the power at a few true AUCs.</p>';
  s += `<ul class="power-sentences">${sorted.map(powerSentence).join('')}`;
  s += '</ul><div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th class="n">n</th><th class="n">Positives</th><th class="n">Negatives</th><th class="n">\u03b1</th><th class="n">Min. detectable AUC</th>';
  for (const k of keys) s += `<th class="n">Power at ${esc(k)}</th>`;
  s += '</tr></thead><tbody>';
  for (const r of sorted) {
    s += `<tr><td>${esc(r.dataset)}</td><td>${esc(r.kind)}</td><td class="n">${fint(r.n)}</td><td class="n">${fint(r.positives)}</td><td class="n">${fint(r.negatives)}</td><td class="n">${fx(r.alpha, 2)}</td><td class="n">${fx(r.minDetectableAuc, 2)}</td>`;
    for (const k of keys) s += `<td class="n">${fpct(r.power?.[k], 0)}</td>`;
    s += '</tr>';
  }
  s += '</tbody></table></div></section>';
  return s;
}

/** Shown only when the run computed power. */
export const powerSection: ReportSection<'power'> = {
  id: 'power',
  contents: (m) => ((m.summary.power ?? []).length > 0 ? '<a href="#power">Power</a>' : ''),
  render: (m) => ((m.summary.power ?? []).length > 0 ? power(m.summary.power) : ''),
};
