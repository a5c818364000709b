/**
 * One metrics row in detail, in a closed <details>: ROC and calibration
 * charts, the confusion matrix, every metric with its intervals, the trading
 * view, abstention reasons and the claim tested.
 */
import type { Interval, MetricsRow } from '../../../engine/results.ts';
import { ciText, cmp, esc, fint, fpHtml, fx, num, str } from '../format.ts';
import type { RowRef } from '../model.ts';
import { calibrationSvg, rocSvg } from './mini-charts.ts';
import { tradingTable } from './trading.ts';
import { rowBadges } from './oos-badges.ts';
import { levelPercent, shownAucInterval } from '../../../engine/stats/interval-choice.ts';

function confusionTable(row: MetricsRow): string {
  return `<table class="cm"><caption class="muted">Confusion matrix (call = score \u2265 threshold)</caption><thead><tr><th></th><th>called durable</th><th>called not</th></tr></thead><tbody><tr><th>durable</th><td>${fint(row.tp)} <span class="muted">TP</span></td><td>${fint(row.fn)} <span class="muted">FN</span></td></tr><tr><th>not durable</th><td>${fint(row.fp)} <span class="muted">FP</span></td><td>${fint(row.tn)} <span class="muted">TN</span></td></tr></tbody></table>`;
}

function metricWithCi(label: string, v: number, ci: Interval | undefined, block: Interval | undefined, pct: string, digits = 3, cluster?: Interval): string {
  return `<tr><th>${label}</th><td class="n">${fx(v, digits)}</td><td class="ci">${esc(pct)} ${ciText(ci, digits)}; block ${ciText(block, digits)}${cluster ? `; cluster-robust ${ciText(cluster, digits)}` : ''}</td></tr>`;
}

function metricsTable(row: MetricsRow, pct: string): string {
  const p = row.pooled;
  let s = '<table class="kv"><tbody>';
  s += `<tr><th>scored / durable / not</th><td class="n">${fint(row.n)} / ${fint(row.positives)} / ${fint(row.negatives)}</td><td class="ci">abstained ${fint(row.abstentions)}, failed ${fint(row.failed)}, censored ${fint(row.censored)}</td></tr>`;
  s += metricWithCi('AUC', num(row.auc), row.aucCI, row.aucBlockCI, pct, 3, p?.aucClusterCI);
  s += metricWithCi('balanced accuracy', num(row.balancedAccuracy), row.balancedAccuracyCI, row.balancedAccuracyBlockCI, pct, 3, p?.balancedAccuracyClusterCI);
  s += metricWithCi('Brier', num(row.brier), row.brierCI, row.brierBlockCI, pct, 3, p?.brierClusterCI);
  s += `<tr><th>precision / recall / specificity</th><td class="n">${fx(row.precision, 3)} / ${fx(row.recall, 3)} / ${fx(row.specificity, 3)}</td><td></td></tr>`;
  s += `<tr><th>F1 / accuracy / MCC</th><td class="n">${fx(row.f1, 3)} / ${fx(row.accuracy, 3)} / ${fx(row.mcc, 3)}</td><td></td></tr>`;
  s += `<tr><th>PR AUC / base rate / lift</th><td class="n">${fx(row.prAuc, 3)} / ${fx(row.baseRate, 3)} / ${fx(row.lift, 2)}</td><td></td></tr>`;
  s += `<tr><th>p two-sided / q</th><td class="n">${fpHtml(row.pValue)} / ${fpHtml(row.qValue)}</td><td class="ci">one-sided: AUC &gt; 0.5 ${fpHtml(row.pAbove)}, AUC &lt; 0.5 ${fpHtml(row.pBelow)}${Number.isFinite(num(row.familyP)) ? `; family-wise (parameter grid) ${fpHtml(row.familyP)}` : ''}</td></tr>`;
  return `${s}</tbody></table>`;
}

function abstainSummary(reasons: Map<string, number> | undefined): string {
  if (!reasons || reasons.size === 0) return '';
  const list = [...reasons.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const shown = list.slice(0, 4).map(([w, k]) => `${esc(w)} <span class="muted">(${k})</span>`);
  return `<p><b>Abstention reasons:</b> ${shown.join('; ')}${list.length > 4 ? `; and ${list.length - 4} more` : ''}</p>`;
}

/** `level`: the run's statistics.level, which the interval labels state. */
export function criterionDetails(ref: RowRef, level: unknown): string {
  const row = ref.row;
  const small = str(row.smallSample) !== '';
  let s = `<details class="crit" id="${ref.anchor}"><summary><b>${esc(row.criterion)}</b> ${row.params ? `<code class="params">${esc(row.params)}</code> ` : ''}<span class="muted">\u00b7 ${esc(row.dataset)}${row.definition === undefined ? '' : ` \u00b7 ${esc(row.definition)}`} \u00b7 n ${fint(row.n)} \u00b7 AUC ${fx(row.auc, 3)} [${ciText(shownAucInterval(row), 2)}]</span>${rowBadges(row)}${small ? ` <span class="badge warn">\u26a0 small sample: ${esc(row.smallSample)}</span>` : ''}</summary><div class="crit-body">`;
  s += `<figure class="mini">${rocSvg(row)}<figcaption>ROC (diagonal = chance; \u25cb = the call)</figcaption></figure>`;
  s += `<figure class="mini">${calibrationSvg(row)}<figcaption>Calibration (dot area \u221d n; dotted = base rate)</figcaption></figure>`;
  s += `<div>${confusionTable(row)}${metricsTable(row, levelPercent(level))}</div>`;
  s += `<div>${tradingTable(row)}${abstainSummary(ref.abstainReasons)}${ref.claim ? `<p class="muted">Claim tested: ${esc(ref.claim)}</p>` : ''}</div>`;
  s += '</div></details>';
  return s;
}
