/**
 * "Acting on the calls": the trading backtest. The rules and cost
 * assumptions first, then per dataset and kind the equity curves (log scale)
 * and underwater chart of the two benchmarks and the best rows by Sharpe,
 * and a table of every traded row against both benchmarks. Every trade is
 * in trades.csv, every row's statistics in trading.csv.
 */
import type { CurveStats, EquityCurveSet, TradingResult, TradingRow } from '../../../engine/trading-results.ts';
import { BUY_AND_HOLD, BUY_EVERY_RALLY } from '../../../engine/trading-results.ts';
import { clip, cmp, DASH, esc, fint, fpct, fx, num, str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { EQUITY_W, equityChart, seriesStyle } from '../parts/equity-chart.ts';
import { kindTitle } from '../vocabulary.ts';

function name(criterion: string, params: string): string {
  const p = params ? ` <span class="vp" title="${esc(params)}">${esc(clip(params, 36))}</span>` : '';
  return `${criterion === BUY_EVERY_RALLY || criterion === BUY_AND_HOLD ? `<i>${esc(criterion)}</i>` : `<b>${esc(criterion)}</b>`}${p}`;
}

/** The drawdown with its peak and trough months (full dates in the title and in trading.csv). */
function ddText(s: CurveStats): string {
  const peak = str(s.drawdownPeak), trough = str(s.drawdownTrough), back = str(s.drawdownRecovery);
  if (!peak) return fpct(s.maxDrawdown, 1);
  const title = `peak ${peak}, trough ${trough}, ${back ? `back at the peak ${back}` : 'not recovered'}`;
  return `<span title="${esc(title)}">${fpct(s.maxDrawdown, 1)} <span class="muted">${esc(peak.slice(0, 7))}\u2192${esc(trough.slice(0, 7))}${back ? '' : '*'}</span></span>`;
}

function diffText(r: TradingRow): string {
  if (r.role !== 'criterion') return DASH;
  const ci = Number.isFinite(num(r.differenceLo)) ? ` <span class="muted">[${fpct(r.differenceLo, 2, true)}, ${fpct(r.differenceHi, 2, true)}]</span>` : '';
  return `${fpct(r.episodeDifference, 2, true)}${ci}`;
}

function tableRow(r: TradingRow): string {
  const s = r.stats;
  const td = (x: string): string => `<td class="n">${x}</td>`;
  return `<tr${r.role === 'benchmark' ? ' class="muted"' : ''}><th>${name(str(r.criterion), str(r.params))}</th>${td(fpct(s.annualReturn, 1, true))}${td(fpct(s.volatility, 1))}${td(fx(s.sharpe, 2))}${td(fx(s.sortino, 2))}`
    + `<td>${ddText(s)}</td>${td(fpct(s.exposure, 0))}${td(`${fint(s.trades)}${num(s.skipped) > 0 ? ` <span class="muted">(+${fint(s.skipped)} skipped)</span>` : ''}`)}${td(fpct(s.hitRate, 0))}`
    + `${td(`${fpct(s.avgWin, 1, true)} / ${fpct(s.avgLoss, 1, true)}`)}${td(diffText(r))}${td(r.role === 'criterion' ? fpct(r.annualDifference, 1, true) : DASH)}</tr>`;
}

const HEAD = '<thead><tr><th>strategy</th><th class="n">annual return</th><th class="n">volatility</th><th class="n">Sharpe</th><th class="n">Sortino</th><th>max drawdown <span class="muted">(* not recovered)</span></th><th class="n">exposure</th><th class="n">trades</th><th class="n">hit rate</th><th class="n">avg win / loss</th><th class="n">vs buy-every-rally, per episode [interval]</th><th class="n">annual return vs buy-every-rally</th></tr></thead>';

function bySharpe(a: TradingRow, b: TradingRow): number {
  const x = num(a.stats?.sharpe), y = num(b.stats?.sharpe);
  if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
  return (Number.isNaN(x) ? 0 : y - x) || cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.params), str(b.params));
}

function legend(set: EquityCurveSet): string {
  let k = 0;
  return `<div class="legend">${(set.series ?? []).map((s) => {
    const bench = str(s.criterion) === BUY_AND_HOLD || str(s.criterion) === BUY_EVERY_RALLY;
    const st = seriesStyle(str(s.criterion), bench ? 0 : k++);
    return `<span><span class="sw" style="background:${st.stroke}"></span>${name(str(s.criterion), str(s.params))}</span>`;
  }).join('')}</div>`;
}

function part(t: TradingResult, set: EquityCurveSet | undefined, rows: TradingRow[], multi: boolean): string {
  const r0 = rows[0]!;
  const def = r0.definition === undefined ? '' : ` <span class="muted">\u00b7 definition ${esc(str(r0.definition))}</span>`;
  let s = `<h3>${esc(kindTitle(str(r0.kind)))}${def}${multi ? ` <span class="muted">\u00b7 ${esc(str(r0.dataset))}</span>` : ''}</h3>`;
  s += `<p class="muted">${esc(str(r0.stats.start))} to ${esc(str(r0.stats.end))}, ${fint(r0.episodes)} episodes that could be traded.</p>`;
  if (set && (set.series ?? []).length) {
    let k = 0;
    const index = new Map((set.series ?? []).map((x) => [JSON.stringify([str(x.criterion), str(x.params)]), str(x.criterion) === BUY_AND_HOLD || str(x.criterion) === BUY_EVERY_RALLY ? 0 : k++] as const));
    const costs = `costs ${t.rules.costBp} bp + slippage ${t.rules.slippageBp} bp per side, overlapping signals ${t.rules.overlap === 'share' ? 'share capital' : 'skipped'}, ${t.rules.size === 'call' ? 'durable calls fully sized' : 'sized by score'}`;
    s += `<figure class="sm" style="width:${EQUITY_W + 8}px"><figcaption>Growth of 1 (log scale) and fall from the running peak \u00b7 ${esc(costs)}</figcaption>${legend(set)}${equityChart(set, (c, p) => index.get(JSON.stringify([c, p])) ?? 0)}</figure>`;
  }
  const sorted = [...rows.filter((r) => r.role === 'benchmark'), ...rows.filter((r) => r.role === 'criterion').sort(bySharpe)];
  return `${s}<div class="scroll"><table class="trading-bt">${HEAD}<tbody>${sorted.map(tableRow).join('')}</tbody></table></div>`;
}

function tradingHtml(m: ReportModel): string {
  const t = m.trading;
  let s = '<section id="trading"><h2>Acting on the calls</h2>';
  if (!t) return `${s}<p class="muted">No trading backtest in this result (a shard\u2019s output, or turned off with <code>"trading": false</code>).</p></section>`;
  s += `<p>What acting on each criterion\u2019s calls would have earned, after costs, against two benchmarks on the same episodes and span: <i>${BUY_EVERY_RALLY}</i> (every episode traded, as if always called durable) and <i>${BUY_AND_HOLD}</i> (the market held over the whole span). `
    + 'The per-episode difference is the mean over episodes of the row\u2019s net return minus buy-every-rally\u2019s (0 where a strategy did not trade), with its calendar-year block-bootstrap interval. '
    + 'The charts show the benchmarks and the three best rows by Sharpe, chosen after the fact on the same sample: expect them to do worse on new data. Every trade is in <code>trades.csv</code>, every row in <code>trading.csv</code>.</p>';
  s += `<p><b>Rules and costs:</b> ${esc(t.rulesText)}.</p><ul class="muted">${(t.notes ?? []).map((n) => `<li>${esc(n)}</li>`).join('')}`
    + ((t.rows ?? []).some((r) => str(r.kind) === 'sector-lead') ? '<li>Sector-led episodes are traded on their sector\u2019s index (a total-return portfolio when it comes from the Fama\u2013French file), and their buy-and-hold is an equal-weighted basket of the sectors traded, rebalanced at each close, on the same basis (not the market\u2019s price index, which leaves dividends out).</li>' : '')
    + ((m.summary.universes ?? []).length ? '<li>A universe\u2019s rows are not traded.</li>' : '') + '</ul>';
  const groups = new Map<string, TradingRow[]>();
  for (const r of t.rows ?? []) {
    const k = JSON.stringify([str(r.dataset), str(r.kind), r.definition ?? null]);
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(r);
  }
  const multi = new Set((t.rows ?? []).map((r) => str(r.dataset))).size > 1;
  for (const [k, rows] of groups) {
    const set = (t.curves ?? []).find((c) => JSON.stringify([str(c.dataset), str(c.kind), c.definition ?? null]) === k);
    s += part(t, set, rows, multi);
  }
  return `${s}</section>`;
}

export const tradingSection: ReportSection<'trading'> = {
  id: 'trading',
  contents: () => '<a href="#trading">Acting on the calls</a>',
  render: tradingHtml,
};
