/**
 * Equity curves of one dataset and kind: the two benchmarks and the best
 * rows, on a log scale (growth of 1), and beneath them the underwater chart
 * (each curve's fall from its running peak). Min/max-decimated to the plot's
 * pixel width; colours are SVG presentation attributes.
 */
import type { EquityCurveSet } from '../../../engine/trading-results.ts';
import { BUY_AND_HOLD, BUY_EVERY_RALLY } from '../../../engine/trading-results.ts';
import { esc, fpct, num, str } from '../format.ts';
import { c, decimateMinMax, linePath, linearScale, logScale, logTicks, tickLabel } from '../svg.ts';

export const EQUITY_W = 620;
const M = { left: 46, right: 10, top: 8 };
const PH = 190;
const UH = 80;
const GAP = 22;
const PLOT_W = EQUITY_W - M.left - M.right;
const H = M.top + PH + GAP + UH + 26;

/** Line style per series: benchmarks grey and black, rows in Okabe-Ito colours. */
const ROW_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];

export function seriesStyle(criterion: string, i: number): { stroke: string; dash: string } {
  if (criterion === BUY_AND_HOLD) return { stroke: '#9aa1ab', dash: '' };
  if (criterion === BUY_EVERY_RALLY) return { stroke: '#222222', dash: '4 3' };
  return { stroke: ROW_COLOURS[i % ROW_COLOURS.length]!, dash: '' };
}

function underwater(eq: readonly number[]): number[] {
  let peak = -Infinity;
  return eq.map((v) => { peak = Math.max(peak, v); return v / peak - 1; });
}

function line(xs: readonly number[], ys: readonly number[], x: (i: number) => number, y: (v: number) => number): string {
  const keep = decimateMinMax(xs, ys, PLOT_W / 2);
  return linePath(keep.map((i) => (i < 0 ? [NaN, NaN] : [x(i), y(ys[i]!)]) as [number, number]));
}

/** Year ticks: about six, at the first session of a year. */
function yearTicks(dates: readonly string[]): Array<{ i: number; label: string }> {
  const first = Number(str(dates[0]).slice(0, 4)), last = Number(str(dates[dates.length - 1]).slice(0, 4));
  const step = [1, 2, 5, 10, 20, 25, 50].find((s) => (last - first) / s <= 6) ?? 100;
  const out: Array<{ i: number; label: string }> = [];
  let prev = '';
  dates.forEach((d, i) => {
    const y = str(d).slice(0, 4);
    if (y !== prev && i > 0 && Number(y) % step === 0) out.push({ i, label: y });
    prev = y;
  });
  return out;
}

/** The two stacked charts as one SVG. */
export function equityChart(set: EquityCurveSet, rowIndex: (criterion: string, params: string) => number): string {
  const dates = set.dates ?? [];
  const n = dates.length;
  const xs = dates.map((_, i) => i);
  const x = linearScale(0, Math.max(1, n - 1), M.left, M.left + PLOT_W);
  const all = (set.series ?? []).map((s) => (s.equity ?? []).map(num));
  // Loops, not Math.min(...spread): a long history's curves are far more values than a call may take as arguments.
  let lo = 1, hi = 1;
  for (const eq of all) for (const v of eq) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const y = logScale(lo / 1.05, hi * 1.05, M.top + PH, M.top);
  const uws = all.map(underwater);
  let deepest = -0.05;
  for (const uw of uws) for (const v of uw) if (Number.isFinite(v)) deepest = Math.min(deepest, v);
  const u0 = M.top + PH + GAP;
  const yu = linearScale(deepest, 0, u0 + UH, u0);
  let s = `<svg class="equity" width="${EQUITY_W}" height="${H}" viewBox="0 0 ${EQUITY_W} ${H}" role="img"><title>${esc(`${set.dataset} ${set.kind}`)}: growth of 1 (log scale) and fall from the running peak, benchmarks and best rows</title>`;
  s += `<rect class="ax" x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PH}"/><rect class="ax" x="${M.left}" y="${u0}" width="${PLOT_W}" height="${UH}"/>`;
  for (const t of logTicks(lo / 1.05, hi * 1.05)) s += `<path class="grid" d="M${M.left} ${c(y(t))}H${M.left + PLOT_W}"/><text x="${M.left - 4}" y="${c(y(t) + 3)}" text-anchor="end">${esc(tickLabel(t))}</text>`;
  for (const v of [0, deepest / 2, deepest]) s += `<path class="grid" d="M${M.left} ${c(yu(v))}H${M.left + PLOT_W}"/><text x="${M.left - 4}" y="${c(yu(v) + 3)}" text-anchor="end">${esc(fpct(v, 0))}</text>`;
  for (const t of yearTicks(dates)) s += `<text x="${c(x(t.i))}" y="${u0 + UH + 12}" text-anchor="middle">${esc(t.label)}</text>`;
  s += `<text x="${M.left + 2}" y="${u0 - 4}">fall from the running peak</text>`;
  (set.series ?? []).forEach((ser, k) => {
    const st = seriesStyle(str(ser.criterion), rowIndex(str(ser.criterion), str(ser.params)));
    const attrs = `fill="none" stroke="${st.stroke}" stroke-width="1.3"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}`;
    const name = esc(`${str(ser.criterion)}${str(ser.params) ? ` ${str(ser.params)}` : ''}`);
    s += `<path ${attrs} d="${line(xs, all[k]!, x, y)}"><title>${name}</title></path>`;
    s += `<path ${attrs} d="${line(xs, uws[k]!, x, yu)}"><title>${name}</title></path>`;
  });
  return `${s}</svg>`;
}
