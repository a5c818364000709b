/**
 * One row's time to failure: Kaplan-Meier step curves of the episodes called
 * durable and of those called not durable, censoring ticks, and the numbers
 * at risk under the axis; the log-rank test and the restricted-mean
 * difference in the caption.
 */
import type { SurvivalGroup, SurvivalRow, SurvivalStep } from '../../../engine/results.ts';
import { esc, fint, fp, fx, num } from '../format.ts';
import { c, linePath, linearScale } from '../svg.ts';

export const SURV_W = 300;
const M = { left: 44, right: 12, top: 8 };
const PH = 150;
const PLOT_W = SURV_W - M.left - M.right;
/** Lines of numbers at risk under the x axis. */
const RISK_Y = M.top + PH + 30;
const H = RISK_Y + 30;

/** The two groups and their colours (classes in styles.ts). */
export const SURVIVAL_GROUPS = [
  { key: 'called', label: 'called durable', cls: 'sg-yes' },
  { key: 'notCalled', label: 'called not durable', cls: 'sg-no' },
] as const;

/** Step path of a curve from (0, 1): flat to each step's time, then down to its survival. */
function stepPoints(steps: readonly SurvivalStep[], x: (t: number) => number, y: (s: number) => number, tau: number): Array<[number, number]> {
  const pts: Array<[number, number]> = [[x(0), y(1)]];
  let s = 1;
  for (const st of steps) {
    const t = Math.min(num(st.time), tau);
    pts.push([x(t), y(s)]);
    s = num(st.survival);
    pts.push([x(t), y(s)]);
  }
  const last = steps.length ? Math.min(num(steps[steps.length - 1]!.time), tau) : 0;
  pts.push([x(last), y(s)]);
  return pts;
}

/** Short vertical ticks where episodes stopped being followed without failing. */
function censorTicks(steps: readonly SurvivalStep[], x: (t: number) => number, y: (s: number) => number): string {
  let d = '';
  for (const st of steps) if (num(st.censored) > 0) d += `M${c(x(num(st.time)))} ${c(y(num(st.survival)) - 3)}v6`;
  return d;
}

function atRisk(g: SurvivalGroup, t: number): number {
  for (const st of g.steps) if (num(st.time) >= t) return num(st.atRisk);
  return 0;
}

function axes(horizon: number, ticks: readonly number[], x: (t: number) => number, y: (s: number) => number): string {
  let s = `<rect class="ax" x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PH}"/>`;
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    s += `<path class="grid" d="M${M.left} ${c(y(v))}H${M.left + PLOT_W}"/><text x="${M.left - 4}" y="${c(y(v) + 3)}" text-anchor="end">${v}</text>`;
  }
  for (const t of ticks) s += `<text x="${c(x(t))}" y="${M.top + PH + 12}" text-anchor="middle">${fint(t)}</text>`;
  s += `<text x="${M.left + PLOT_W}" y="${M.top + PH + 23}" text-anchor="end">trading days after the decision (horizon ${fint(horizon)})</text>`;
  return s;
}

/** Caption: log-rank test and restricted-mean survival of the two groups. */
export function survivalCaption(r: SurvivalRow): string {
  const lr = Number.isFinite(num(r.logRankChiSquare)) ? `log-rank \u03c7\u00b2 ${fx(r.logRankChiSquare, 2)}, p ${esc(fp(r.logRankP))}` : 'log-rank: needs failures in both groups';
  const d = num(r.rmstDifference);
  const rm = Number.isFinite(d)
    ? `mean failure-free days to ${fint(r.tau)}: ${fx(r.called.rmst, 1)} called vs ${fx(r.notCalled.rmst, 1)} not (<b>${d > 0 ? '+' : ''}${fx(d, 1)}</b>)`
    : 'restricted mean: needs both groups';
  return `${lr} \u00b7 ${rm}`;
}

export function survivalChart(r: SurvivalRow, title: string): string {
  const horizon = Math.max(1, num(r.horizon) || 1);
  const x = linearScale(0, horizon, M.left, M.left + PLOT_W);
  const y = linearScale(0, 1, M.top + PH, M.top);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * horizon));
  let s = `<svg class="surv" width="${SURV_W}" height="${H}" viewBox="0 0 ${SURV_W} ${H}" role="img"><title>${esc(title)}: share of episodes not yet failed (no close below the reference low) by trading day</title>`;
  s += axes(horizon, ticks, x, y);
  for (const g of SURVIVAL_GROUPS) {
    const grp = r[g.key];
    if (!grp || num(grp.n) === 0) continue;
    s += `<path class="km ${g.cls}" d="${linePath(stepPoints(grp.steps ?? [], x, y, horizon))}"/>`;
    const ticksD = censorTicks(grp.steps ?? [], x, y);
    if (ticksD) s += `<path class="cens ${g.cls}" d="${ticksD}"/>`;
  }
  // Numbers at risk under the axis, one line per group.
  s += `<text x="2" y="${RISK_Y - 2}" class="risk-h">at risk</text>`;
  SURVIVAL_GROUPS.forEach((g, i) => {
    const grp = r[g.key];
    const yy = RISK_Y + 10 + i * 11;
    s += `<text x="2" y="${yy}" class="${g.cls}t">${i === 0 ? 'called' : 'not'}</text>`;
    for (const t of ticks) s += `<text x="${c(x(t))}" y="${yy}" text-anchor="middle" class="${g.cls}t">${grp ? fint(atRisk(grp, t)) : '0'}</text>`;
  });
  return `${s}</svg>`;
}
