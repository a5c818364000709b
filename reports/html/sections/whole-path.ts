/**
 * Whole-path evidence for the top rows of each kind (the rows the verdict
 * shows): time to failure (Kaplan-Meier curves, called durable vs not) and
 * forward-return fans (by call and by score quintile). Every row's curves are
 * in survival.csv and fans.csv.
 */
import type { FanRow, SurvivalRow } from '../../../engine/results.ts';
import { clip, esc, fint, num, str } from '../format.ts';
import type { KindPart, ReportModel, ReportSection } from '../model.ts';
import { FAN_W, QUINTILE_COLOURS, fanByCall, fanByQuintile } from '../parts/fan-chart.ts';
import { SURVIVAL_GROUPS, SURV_W, survivalCaption, survivalChart } from '../parts/survival-chart.ts';
import { BASELINES, kindTitle } from '../vocabulary.ts';

/** Rows drawn per kind. */
const TOP = 4;

function key(dataset: unknown, kind: unknown, criterion: unknown, params: unknown): string {
  return JSON.stringify([str(dataset), str(kind), str(criterion), str(params)]);
}

/** The keys of a kind's top rows: the verdict's rows, else the best non-baseline rows by AUC. */
function topKeys(m: ReportModel, part: KindPart): string[] {
  const kv = m.summary.verdict?.kinds?.find((k) => str(k.kind) === part.kind);
  const keys = kv
    ? kv.rows.map((r) => key(r.dataset, part.kind, r.criterion, r.params))
    : part.rows.filter((r) => !BASELINES.has(str(r.row.criterion)) && num(r.row.n) > 0).map((r) => key(r.row.dataset, part.kind, r.row.criterion, r.row.params));
  return keys.slice(0, TOP);
}

function rowTitle(r: { dataset: string; criterion: string; params: string }, multi: boolean): string {
  const p = str(r.params) ? ` <span class="vp" title="${esc(r.params)}">${esc(clip(str(r.params), 40))}</span>` : '';
  return `<b>${esc(r.criterion)}</b>${multi ? ` <span class="muted">\u00b7 ${esc(r.dataset)}</span>` : ''}${p}`;
}

function multiDataset(m: ReportModel): boolean {
  return new Set(m.metrics.map((x) => str(x.dataset))).size > 1;
}

function survivalFigure(r: SurvivalRow, multi: boolean): string {
  const n = `${fint(r.called?.n)} called (${fint(r.called?.events)} failed) \u00b7 ${fint(r.notCalled?.n)} not (${fint(r.notCalled?.events)} failed)`;
  return `<figure class="sm" style="width:${SURV_W + 8}px"><figcaption>${rowTitle(r, multi)}<br>${n}</figcaption>${survivalChart(r, `${str(r.criterion)} ${str(r.params)}`)}<figcaption class="st2">${survivalCaption(r)}</figcaption></figure>`;
}

function survivalHtml(m: ReportModel): string {
  const byKey = new Map(m.survival.map((r) => [key(r.dataset, r.kind, r.criterion, r.params), r] as const));
  let s = '<section id="survival"><h2>Time to failure</h2>';
  s += `<p>How long rallies held: the share of episodes whose price has not yet closed below the reference low, day by day after the decision (Kaplan\u2013Meier), for the episodes a criterion called durable and those it did not. Episodes are followed to the horizon or to the end of the data (a tick marks one that stopped being followed without failing); numbers at risk under each chart. The log-rank test asks whether the two curves differ; the restricted mean is the expected number of failure-free days up to the horizon. Top rows of each kind shown; every row is in <code>survival.csv</code>.</p>`;
  s += `<div class="legend">${SURVIVAL_GROUPS.map((g) => `<span><span class="sw ${g.cls}s"></span>${g.label}</span>`).join('')}</div>`;
  if (m.survival.length === 0) return `${s}<p class="muted">No survival curves in this result (a shard\u2019s output, or nothing scored).</p></section>`;
  const multi = multiDataset(m);
  for (const part of m.kinds) {
    const figs = topKeys(m, part).flatMap((k) => (byKey.has(k) ? [survivalFigure(byKey.get(k)!, multi)] : []));
    if (figs.length) s += `<h3>${esc(kindTitle(part.kind))}</h3><div class="smgrid">${figs.join('')}</div>`;
  }
  return `${s}</section>`;
}

function fanFigure(r: FanRow, multi: boolean): string {
  const t = `${str(r.criterion)} ${str(r.params)}`;
  const n = `${fint(r.called?.n)} called \u00b7 ${fint(r.notCalled?.n)} not`;
  return `<figure class="sm" style="width:${2 * FAN_W + 16}px"><figcaption>${rowTitle(r, multi)} \u00b7 ${n}</figcaption><div class="pair">${fanByCall(r, t)}${fanByQuintile(r, t)}</div></figure>`;
}

function fansHtml(m: ReportModel): string {
  const byKey = new Map(m.fans.map((r) => [key(r.dataset, r.kind, r.criterion, r.params), r] as const));
  let s = '<section id="fans"><h2>Forward returns by call</h2>';
  s += '<p>Cumulative return from the decision close over the next 252 trading days: the median (line) and the interquartile range (band) of the episodes called durable and of those called not durable (left), and the medians of the five score quintiles (right; tied scores share a quintile). Every row\u2019s fans at 21, 63, 126, 189 and 252 days are in <code>fans.csv</code>.</p>';
  s += `<div class="legend"><span><span class="sw fg-yess"></span>called durable</span><span><span class="sw fg-nos"></span>called not durable</span>${QUINTILE_COLOURS.map((_, i) => `<span><span class="sw fq${i}s"></span>Q${i + 1}</span>`).join('')}</div>`;
  if (m.fans.length === 0) return `${s}<p class="muted">No forward-return fans in this result (a shard\u2019s output, or nothing scored).</p></section>`;
  const multi = multiDataset(m);
  for (const part of m.kinds) {
    const figs = topKeys(m, part).flatMap((k) => (byKey.has(k) ? [fanFigure(byKey.get(k)!, multi)] : []));
    if (figs.length) s += `<h3>${esc(kindTitle(part.kind))}</h3><div class="smgrid">${figs.join('')}</div>`;
  }
  return `${s}</section>`;
}

export const survivalSection: ReportSection<'survival'> = {
  id: 'survival',
  contents: () => '<a href="#survival">Time to failure</a>',
  render: survivalHtml,
};

export const fansSection: ReportSection<'fans'> = {
  id: 'fans',
  contents: () => '<a href="#fans">Forward returns</a>',
  render: fansHtml,
};
