/**
 * Combined criteria (runs with a `combine` key): per dataset and kind, the
 * combined row out of sample next to its members' own rows, each member's
 * incremental value (AUC change when the model is refitted without it, with
 * its paired bootstrap interval, drawn as a forest plot), and the walk-forward
 * steps with their training counts and coefficients.
 */
import type { CombineSet, CombineSummary } from '../../../engine/combine-spec.ts';
import type { MetricsRow, RunSummary } from '../../../engine/results.ts';
import { levelPercent, shownAucInterval } from '../../../engine/stats/interval-choice.ts';
import { ciText, clip, esc, fint, fpHtml, fx, num, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { c, linearScale } from '../svg.ts';

const COMBINED = 'combined';

/** A horizontal interval on a symmetric axis around 0 (the AUC change). */
function changeBar(delta: number, lo: number, hi: number, span: number): string {
  const W = 160;
  const x = linearScale(-span, span, 4, W - 4);
  const clamp = (t: number): number => Math.min(span, Math.max(-span, t));
  let s = `<svg class="fb" width="${W}" height="16" role="img"><title>AUC change ${fx(delta, 3)} [${fx(lo, 3)}, ${fx(hi, 3)}]</title>`;
  s += `<line class="ref" x1="${c(x(0))}" y1="1" x2="${c(x(0))}" y2="15"/>`;
  if (Number.isFinite(lo) && Number.isFinite(hi)) s += `<line class="iid" x1="${c(x(clamp(lo)))}" y1="8" x2="${c(x(clamp(hi)))}" y2="8"/>`;
  if (Number.isFinite(delta)) s += `<circle class="pt" cx="${c(x(clamp(delta)))}" cy="8" r="3"/>`;
  return `${s}</svg>`;
}

function rowCells(m: MetricsRow | undefined): string {
  if (!m) return '<td class="n">\u2013</td><td class="n">\u2013</td><td class="n">\u2013</td><td class="n">\u2013</td>';
  return `<td class="n">${fint(m.n)} <span class="muted">(${fint(m.abstentions)} abst.)</span></td><td class="n">${fx(m.auc, 3)} <span class="ci">${ciText(shownAucInterval(m), 2)}</span></td>`
    + `<td class="n">${fpHtml(m.pValue)}</td><td class="n">${fpHtml(m.qValue)}</td>`;
}

/** A member's own AUC for the finding: on the combined row's episodes (its incremental-value record) when known, else its whole in-sample row. */
export interface MemberAuc {
  label: string;
  auc: number;
  /** 'the same episodes' or 'in sample'. */
  basis: string;
}

/**
 * What the numbers say of the question a combined row tests (does the
 * combination predict durability better than any one member alone?): a yes
 * only when its out-of-sample interval excludes 0.5 and its AUC is above
 * every member's own; otherwise why not.
 */
export function combinedFinding(combined: MetricsRow | undefined, members: readonly MemberAuc[]): string {
  const tested = 'Tested: does the combination predict durability better than any one member alone?';
  const auc = num(combined?.auc);
  if (!combined || !Number.isFinite(auc)) return `${tested} No answer: the combined row has no out-of-sample AUC.`;
  const ci = shownAucInterval(combined);
  const own = `the combined AUC ${fx(auc, 3)} [${fx(ci.lo, 3)}, ${fx(ci.hi, 3)}] out of sample`;
  const best = members.filter((m) => Number.isFinite(m.auc)).reduce<MemberAuc | undefined>((b, m) => (!b || m.auc > b.auc ? m : b), undefined);
  const bestText = best ? `${best.label} alone (${fx(best.auc, 3)}, ${best.basis})` : '';
  if (best && auc <= best.auc) return `${tested} Not supported: ${own} is not above ${bestText}.`;
  if (!(ci.lo > 0.5)) return `${tested} Not supported: ${own} holds 0.5, so it is not shown to beat chance${best ? ` (best member: ${bestText})` : ''}.`;
  return `${tested} Consistent with it: ${own} excludes 0.5${best ? ` and is above every member alone (best: ${bestText})` : ''}; each member's incremental value below says what it adds.`;
}

function setHtml(set: CombineSet, sm: RunSummary, settings: CombineSummary['settings']): string {
  const rowOf = (criterion: string, params: string): MetricsRow | undefined =>
    sm.metrics.find((m) => m.dataset === set.dataset && m.kind === set.kind && m.criterion === criterion && m.params === params && m.period === undefined);
  const combined = rowOf(COMBINED, set.params);
  let s = `<h3>${esc(set.dataset)} \u00b7 ${esc(set.kind)}</h3>`;
  s += `<p>${fint(set.predicted)} episodes got a combined score; ${fint(set.unpredicted)} did not (before the first step, a step without a model, or censored episodes count among the row\u2019s abstentions or censored).`;
  if (set.notes.length) s += ` Left out: ${set.notes.map((n) => esc(n)).join('; ')}.`;
  const pct = esc(levelPercent(sm.statistics?.level));
  s += `</p><div class="tablewrap"><table><thead><tr><th>Row</th><th class="n">n</th><th class="n">AUC (shown ${pct} CI)</th><th class="n">p</th><th class="n">q</th></tr></thead><tbody>`;
  s += `<tr><td><b>combined</b> <span class="muted">(out of sample)</span></td>${rowCells(combined)}</tr>`;
  const members = set.members.map((label) => {
    const member = settings.members.find((m) => m.label === label);
    return { label, row: member ? rowOf(member.id, member.params) : undefined };
  });
  for (const { label, row } of members) s += `<tr><td>${esc(label)} <span class="muted">(in sample, alone)</span></td>${rowCells(row)}</tr>`;
  s += '</tbody></table></div>';
  const aucs = members.map(({ label, row }): MemberAuc => {
    const alone = num(set.increments.find((i) => i.member === label)?.aucAlone);
    return Number.isFinite(alone) ? { label, auc: alone, basis: 'the same episodes' } : { label, auc: num(row?.auc), basis: 'in sample' };
  });
  s += `<p class="finding">${esc(combinedFinding(combined, aucs))}</p>`;
  const span = Math.max(0.1, ...set.increments.flatMap((i) => [Math.abs(num(i.lo)), Math.abs(num(i.hi)), Math.abs(num(i.delta))]).filter(Number.isFinite));
  s += `<h4>Incremental value: AUC change when a member is dropped</h4><div class="tablewrap"><table><thead><tr><th>Member</th><th class="n">AUC combined</th><th class="n">AUC without it</th><th class="n">Member alone, same episodes</th><th class="n">Change (${pct} CI)</th><th>\u2212${fx(span, 2)} \u2026 0 \u2026 +${fx(span, 2)}</th><th class="n">n</th><th>Resampling</th></tr></thead><tbody>`;
  for (const i of set.increments) {
    s += `<tr><td>${esc(i.member)}</td><td class="n">${fx(i.aucFull, 3)}</td><td class="n">${fx(i.aucWithout, 3)}</td><td class="n">${fx(i.aucAlone, 3)}</td><td class="n">${fx(i.delta, 3)} <span class="ci">[${fx(i.lo, 3)}, ${fx(i.hi, 3)}]</span></td>`;
    s += `<td>${changeBar(num(i.delta), num(i.lo), num(i.hi), span)}</td><td class="n">${fint(i.n)}</td><td>${i.interval === 'year-block' ? 'calendar years' : 'episodes'}</td></tr>`;
  }
  s += '</tbody></table></div>';
  s += `<details><summary>Walk-forward steps (${fint(set.folds.length)}): training counts and coefficients</summary><div class="tablewrap"><table><thead><tr><th class="n">Step</th><th>Test block</th><th class="n">Test n</th><th class="n">Fitted on (durable)</th><th class="n">Purged</th><th class="n">Intercept</th>`;
  for (const label of set.members) s += `<th class="n">${esc(clip(label, 24))}</th>`;
  s += '<th>Note</th></tr></thead><tbody>';
  for (const f of set.folds) {
    s += `<tr><td class="n">${fint(f.step)}</td><td>${esc(f.testFrom)}..${esc(f.testTo)}</td><td class="n">${fint(f.testN)}</td><td class="n">${fint(f.trainN)} (${fint(f.trainPositives)})</td><td class="n">${fint(f.trainPurged)}</td><td class="n">${fx(f.intercept, 2)}</td>`;
    for (const t of f.terms) s += `<td class="n">${fx(t.coefficient, 2)}</td>`;
    s += `<td class="muted">${esc(f.note)}${f.converged || !Number.isFinite(num(f.intercept)) ? '' : ' (not converged)'}</td></tr>`;
  }
  return `${s}</tbody></table></div></details>`;
}

function hasAny(sm: RunSummary): boolean {
  return (sm.combine?.sets ?? []).length > 0 || (sm.combine?.skipped ?? []).length > 0;
}

export const combineSection: ReportSection<'combine'> = {
  id: 'combine',
  contents: (m) => (hasAny(m.summary) ? '<a href="#combine">Combined criteria</a>' : ''),
  render: (m) => {
    const sm = m.summary;
    if (!hasAny(sm)) return '';
    const cs = sm.combine!;
    const st = cs.settings;
    let s = '<section id="combine"><h2>Combined criteria (out of sample)</h2>';
    s += `<p>${esc(st.method)}</p><p>Members: ${st.members.map((x) => `<b>${esc(x.label)}</b>`).join(', ')}; L2 penalty ${fx(st.penalty, 3)}; ${fint(st.steps)} walk-forward steps after ${fint(st.minTrain)} known outcomes; `;
    s += st.missing === 'mean'
      ? 'a missing member score is set to its training mean (counted per step in combine.csv). '
      : 'an episode with a missing member score is left out of training and gets no combined score (counted). ';
    s += 'The <b>combined</b> row is in metrics.csv and predictions.csv like any other row and joins the q-values; the members\u2019 own rows are in-sample figures, so compare them with care. '
      + 'A member\u2019s change is AUC(combined) \u2212 AUC(combined refitted without it) on the same episodes; the interval resamples episodes (or whole calendar years, for kinds whose episodes overlap in time), the same resamples for every member. '
      + 'The combined row\u2019s p-value and intervals, and these intervals, take the out-of-sample predictions as given: the walk-forward fits are not redone per resample. Every step and coefficient is in combine.csv.</p>';
    for (const set of cs.sets ?? []) s += setHtml(set, sm, st);
    if ((cs.skipped ?? []).length) s += `<p class="muted">No combined row: ${cs.skipped!.map((x) => esc(str(x))).join('; ')}.</p>`;
    return `${s}</section>`;
  },
};
