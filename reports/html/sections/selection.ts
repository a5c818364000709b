/**
 * Chosen, then tested: walk-forward selection over each parameter grid (the
 * procedure's out-of-sample AUC next to the in-sample best set, its
 * family-wise p and PBO; the set chosen at each step) and replication across
 * datasets (chosen on the discovery dataset, read with the same parameters
 * on every other). Present only when the run configures them.
 */
import type { RunSummary } from '../../../engine/results.ts';
import type { ReplicationCell, ReplicationRow, WalkForwardRow } from '../../../engine/selection-results.ts';
import { ciText, clip, cmp, esc, fint, fpHtml, fx, num, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { kindCmp } from '../vocabulary.ts';
import { kindLabel } from '../../../engine/definition-labels.ts';
import { levelPercent } from '../../../engine/stats/interval-choice.ts';

const MAX_STEP_TABLES = 30;
const MAX_REPLICATION_ROWS = 80;

const paramsCode = (p: unknown): string => (str(p) ? `<code class="params" title="${esc(p)}">${esc(clip(str(p), 40))}</code>` : '<span class="muted">\u2013</span>');

const byGrid = (a: WalkForwardRow, b: WalkForwardRow): number =>
  cmp(str(a.dataset), str(b.dataset)) || kindCmp(str(a.kind), str(b.kind)) || cmp(str(a.definition ?? ''), str(b.definition ?? '')) || cmp(str(a.criterion), str(b.criterion));

function walkForwardSummary(rows: readonly WalkForwardRow[], sm: RunSummary): string {
  const spec = sm.evaluation?.walkForward;
  const blocks = spec?.stepYears !== undefined ? `test blocks of ${fint(spec.stepYears)} calendar years` : `${fint(spec?.steps)} test blocks of near-equal size`;
  let s = '<h3>Walk-forward selection</h3>';
  s += `<p>For each criterion run with a parameter grid, the set was chosen by <b>${esc(spec?.objective)}</b>${spec?.threshold ? ' (and the call threshold by balanced accuracy)' : ''} `
    + `over ${blocks}, each step choosing on at least ${fint(spec?.minTrain)} episodes. Rule: ${esc(spec?.rule)}. `
    + 'The out-of-sample AUC measures the <i>procedure</i> (choose, then apply); the in-sample best row is the set a researcher reading the whole sweep would pick, '
    + 'with its family-wise p and the grid\u2019s probability of backtest overfitting. <i>Best on test</i> is that hindsight choice scored on the same test episodes.</p>';
  s += '<div class="tablewrap"><table><thead><tr><th>Dataset</th><th>Kind</th><th>Criterion</th><th class="n">Sets</th><th class="n">Steps</th>'
    + `<th class="n">OOS n</th><th class="n">OOS AUC (${esc(levelPercent(sm.statistics?.level))} CI)</th><th class="n">OOS p</th><th class="n">Distinct choices</th>`
    + '<th>In-sample best</th><th class="n">Its AUC</th><th class="n">Family-wise p</th><th class="n">PBO</th><th class="n">Best on test</th></tr></thead><tbody>';
  for (const r of rows) {
    s += `<tr><td>${esc(r.dataset)}</td><td>${esc(kindLabel(str(r.kind), r.definition))}</td><td>${esc(r.criterion)}</td><td class="n">${fint(r.sets)}</td><td class="n">${fint(r.steps.length)}</td>`;
    s += `<td class="n">${fint(r.oosN)}</td><td class="n"><b>${fx(r.oosAuc, 3)}</b> <span class="ci">${ciText(r.oosAucCI, 2)}</span></td><td class="n">${fpHtml(r.oosP)}</td><td class="n">${fint(r.distinctChoices)}</td>`;
    s += `<td>${paramsCode(r.bestParams)}</td><td class="n">${fx(r.bestAuc, 3)}</td><td class="n">${fpHtml(r.bestFamilyP)}</td><td class="n">${fx(r.pbo, 2)}</td><td class="n">${fx(r.bestOnTestAuc, 3)}</td></tr>`;
  }
  return `${s}</tbody></table></div>`;
}

function stepsTable(r: WalkForwardRow): string {
  let s = `<details><summary>${esc(r.dataset)} \u00b7 ${esc(kindLabel(str(r.kind), r.definition))} \u00b7 ${esc(r.criterion)}: the set chosen at each step</summary>`;
  s += '<div class="tablewrap"><table><thead><tr><th class="n">Step</th><th>Trained on (decisions)</th><th class="n">n</th><th>Tested on</th><th class="n">n</th><th>Chosen set</th>'
    + '<th class="n">Training objective</th><th class="n">Threshold</th><th class="n">Test AUC</th><th class="n">Test bal. acc.</th></tr></thead><tbody>';
  for (const st of r.steps) {
    s += `<tr><td class="n">${fint(st.step)}</td><td>${esc(st.trainFrom)}..${esc(st.trainTo)}</td><td class="n">${fint(st.trainN)}</td><td>${esc(st.testFrom)}..${esc(st.testTo)}</td><td class="n">${fint(st.testN)}</td>`;
    s += `<td>${paramsCode(st.chosenParams)}</td><td class="n">${fx(st.trainObjective, 3)}</td><td class="n">${fx(st.threshold, 3)}</td><td class="n">${fx(st.testAuc, 3)}</td><td class="n">${fx(st.testBalancedAccuracy, 3)}</td></tr>`;
  }
  return `${s}</tbody></table></div></details>`;
}

function cellHtml(c: ReplicationCell, discovery = false): string {
  if (!(c.n > 0)) return `<td class="n muted">${esc(c.status)}</td>`;
  const status = discovery ? '' : `<br><span class="rep ${esc(str(c.status).replace(/ /g, '-'))}">${esc(c.status)}</span>`;
  return `<td class="n" title="n ${fint(c.n)} (${fint(c.positives)} durable); two-sided p ${esc(fx(c.pValue, 3))}; one-sided p in the discovery direction ${esc(fx(c.pSame, 3))}">`
    + `${fx(c.auc, 3)} <span class="ci">${ciText(c.aucCI, 2)}</span>${status}</td>`;
}

/** A row's discovery q for sorting (undefined last). */
const qKey = (r: ReplicationRow): number => (Number.isFinite(num(r.discoveryQ)) ? num(r.discoveryQ) : 2);

function replicationTable(rows: readonly ReplicationRow[], sm: RunSummary): string {
  const spec = sm.evaluation?.replication;
  const sorted = [...rows].sort((a, b) => kindCmp(str(a.kind), str(b.kind)) || qKey(a) - qKey(b)
    || cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.discovery.dataset), str(b.discovery.dataset)));
  const byPeriod = sorted[0]?.discovery.period !== undefined;
  const where = (c: ReplicationCell): string => str(c.period ?? c.dataset);
  const targets = sorted[0]?.targets.map(where) ?? [];
  const count = (st: string): number => rows.reduce((k, r) => k + r.targets.filter((t) => t.status === st).length, 0);
  let s = `<h3>Replication across ${byPeriod ? 'periods' : 'datasets'}</h3><p>Each criterion\u2019s parameter set was chosen on <b>${esc(spec?.discovery)}</b>${byPeriod ? ' (per dataset)' : ''} by ${esc(spec?.objective)}, `
    + `then read with the same parameters on ${targets.map((t) => `<b>${esc(t)}</b>`).join(', ')}. Rule: ${esc(spec?.rule)}.</p>`;
  s += `<p>${['replicated', 'reversed', 'not replicated', 'not discovered', 'untested'].map((st) => `${fint(count(st))} ${esc(st)}`).join(', ')} (criterion \u00d7 ${byPeriod ? 'dataset \u00d7 period' : 'dataset'}).`
    + `${sorted.length > MAX_REPLICATION_ROWS ? ` The first ${MAX_REPLICATION_ROWS} of ${fint(sorted.length)} criteria are shown; all are in replication.csv.` : ''}</p>`;
  s += `<div class="tablewrap"><table><thead><tr>${byPeriod ? '<th>Dataset</th>' : ''}<th>Kind</th><th>Criterion</th><th>Chosen set</th><th class="n">${esc(spec?.discovery)} AUC (${esc(levelPercent(sm.statistics?.level))} CI)</th><th class="n">p (grid-honest)</th><th class="n">q</th>`;
  for (const t of targets) s += `<th class="n">${esc(t)}</th>`;
  s += '</tr></thead><tbody>';
  for (const r of sorted.slice(0, MAX_REPLICATION_ROWS)) {
    s += `<tr>${byPeriod ? `<td>${esc(r.discovery.dataset)}</td>` : ''}<td>${esc(r.kind)}</td><td>${esc(r.criterion)}${r.sets > 1 ? ` <span class="muted">(${fint(r.sets)} sets)</span>` : ''}</td><td>${paramsCode(r.params)}</td>`;
    s += `${cellHtml(r.discovery, true)}<td class="n">${fpHtml(r.discoveryP)}</td><td class="n">${fpHtml(r.discoveryQ)}</td>`;
    for (const t of r.targets) s += cellHtml(t);
    s += '</tr>';
  }
  return `${s}</tbody></table></div>`;
}

function hasAny(sm: RunSummary): boolean {
  return (sm.walkForward ?? []).length > 0 || (sm.replication ?? []).length > 0;
}

export const selectionSection: ReportSection<'selection'> = {
  id: 'selection',
  contents: (m) => (hasAny(m.summary) ? '<a href="#selection">Chosen, then tested</a>' : ''),
  render: (m) => {
    const sm = m.summary;
    if (!hasAny(sm)) return '';
    let s = '<section id="selection"><h2>Chosen, then tested</h2>';
    const wf = [...(sm.walkForward ?? [])].sort(byGrid);
    if (wf.length > 0) {
      s += walkForwardSummary(wf, sm);
      s += wf.slice(0, MAX_STEP_TABLES).map(stepsTable).join('');
      if (wf.length > MAX_STEP_TABLES) s += `<p class="muted">Steps of the first ${MAX_STEP_TABLES} of ${fint(wf.length)} grids are shown; all are in walk-forward.csv.</p>`;
    }
    if ((sm.replication ?? []).length > 0) s += replicationTable(sm.replication!, sm);
    return `${s}</section>`;
  },
};
