/**
 * One row's forward-return fans: the median cumulative return from the
 * decision close and its interquartile band, for the episodes called durable
 * and those called not durable; and, beside it, the medians of the five score
 * quintiles (Q1 lowest scores, Q5 highest).
 */
import type { FanBand, FanRow } from '../../../engine/results.ts';
import { esc, fint, fpct, num } from '../format.ts';
import { c, linePath, linearScale } from '../svg.ts';

export const FAN_W = 300;
const M = { left: 40, right: 8, top: 8 };
const PH = 140;
const PLOT_W = FAN_W - M.left - M.right;
const H = M.top + PH + 28;

/** Quintile colours: Paul Tol's "sunset" ends and middle, low scores red, high blue. */
export const QUINTILE_COLOURS = ['#A50026', '#F67E4B', '#B8B8B8', '#6EA6CD', '#364B9A'];

interface Frame {
  x: (d: number) => number;
  y: (v: number) => number;
  lo: number;
  hi: number;
  maxDay: number;
}

/** Shared y range over the bands drawn (the 5th-95th of their quartiles would hide nothing useful; use their extremes). */
function frame(days: readonly number[], bands: readonly FanBand[], useQuartiles: boolean): Frame {
  let lo = 0, hi = 0;
  for (const b of bands) {
    const ls = useQuartiles ? [b.q25, b.median, b.q75] : [b.median];
    for (const l of ls) for (const v of l ?? []) if (Number.isFinite(num(v))) { lo = Math.min(lo, num(v)); hi = Math.max(hi, num(v)); }
  }
  if (hi - lo < 0.02) { hi += 0.01; lo -= 0.01; }
  const pad = (hi - lo) * 0.06;
  const maxDay = Math.max(1, ...days.map(num).filter(Number.isFinite));
  return { x: linearScale(0, maxDay, M.left, M.left + PLOT_W), y: linearScale(lo - pad, hi + pad, M.top + PH, M.top), lo: lo - pad, hi: hi + pad, maxDay };
}

function yTicks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5].find((s) => span / s <= 5) ?? 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

function axes(f: Frame): string {
  let s = `<rect class="ax" x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PH}"/>`;
  for (const v of yTicks(f.lo, f.hi)) {
    s += `<path class="${v === 0 ? 'zero' : 'grid'}" d="M${M.left} ${c(f.y(v))}H${M.left + PLOT_W}"/><text x="${M.left - 4}" y="${c(f.y(v) + 3)}" text-anchor="end">${esc(fpct(v, 0, true))}</text>`;
  }
  for (const d of [0, 63, 126, 189, 252]) if (d <= f.maxDay) s += `<text x="${c(f.x(d))}" y="${M.top + PH + 12}" text-anchor="middle">${d}</text>`;
  s += `<text x="${M.left + PLOT_W}" y="${M.top + PH + 23}" text-anchor="end">trading days after the decision</text>`;
  return s;
}

function bandArea(days: readonly number[], b: FanBand, f: Frame): string {
  const up: Array<[number, number]> = [];
  const down: Array<[number, number]> = [];
  days.forEach((d, i) => {
    const a = num(b.q75?.[i]), z = num(b.q25?.[i]);
    if (Number.isFinite(a) && Number.isFinite(z)) { up.push([f.x(d), f.y(a)]); down.push([f.x(d), f.y(z)]); }
  });
  if (up.length < 2) return '';
  return `${linePath([...up, ...down.reverse()])}Z`;
}

function medianLine(days: readonly number[], b: FanBand, f: Frame): string {
  return linePath(days.map((d, i) => [f.x(d), f.y(num(b.median?.[i]))] as [number, number]));
}

/** Called vs not called: IQR bands and medians. */
export function fanByCall(r: FanRow, title: string): string {
  const days = (r.days ?? []).map(num);
  const groups = [[r.called, 'fg-yes'], [r.notCalled, 'fg-no']] as const;
  const present = groups.filter(([b]) => b && num(b.n) > 0);
  const f = frame(days, present.map(([b]) => b), true);
  let s = `<svg class="fan" width="${FAN_W}" height="${H}" viewBox="0 0 ${FAN_W} ${H}" role="img"><title>${esc(title)}: median cumulative return and interquartile band, called durable vs not</title>`;
  s += axes(f);
  for (const [b, cls] of present) {
    const area = bandArea(days, b, f);
    if (area) s += `<path class="iqr ${cls}" d="${area}"/>`;
  }
  for (const [b, cls] of present) s += `<path class="med ${cls}" d="${medianLine(days, b, f)}"/>`;
  if (present.length === 0) s += `<text x="${M.left + PLOT_W / 2}" y="${M.top + PH / 2}" text-anchor="middle">no called episodes</text>`;
  return `${s}</svg>`;
}

/** Medians by score quintile. */
export function fanByQuintile(r: FanRow, title: string): string {
  const days = (r.days ?? []).map(num);
  const qs = (r.quintiles ?? []).filter((b) => num(b.n) > 0);
  const f = frame(days, qs, false);
  let s = `<svg class="fan" width="${FAN_W}" height="${H}" viewBox="0 0 ${FAN_W} ${H}" role="img"><title>${esc(title)}: median cumulative return by score quintile (Q1 lowest scores, Q5 highest)</title>`;
  s += axes(f);
  (r.quintiles ?? []).forEach((b, i) => {
    if (num(b.n) > 0) s += `<path class="med fq${i}" d="${medianLine(days, b, f)}"><title>${esc(b.group)}: ${fint(b.n)} episodes</title></path>`;
  });
  if (qs.length === 0) s += `<text x="${M.left + PLOT_W / 2}" y="${M.top + PH / 2}" text-anchor="middle">scores take fewer than 5 values</text>`;
  return `${s}</svg>`;
}
