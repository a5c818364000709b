/**
 * The leaderboard's forest-plot bar: point estimate, a thick and a thin
 * interval, 0.5 reference. `names` say which intervals they are (for the
 * tooltip: e.g. "bootstrap" and "year-block"), `pct` their level
 * (engine/stats/interval-choice.ts levelPercent).
 */
import type { Interval } from '../../../engine/results.ts';
import { ciText, esc, fx, num } from '../format.ts';
import { c, linearScale } from '../svg.ts';

export function forestBar(label: string, v: number, ci: Interval | undefined, block: Interval | undefined, small: boolean,
  pct: string, names: readonly [string, string]): string {
  const W = 80;
  const x = linearScale(0, 1, 3, W - 3);
  const clamp = (t: number): number => Math.min(1, Math.max(0, t));
  let s = `<svg class="fb${small ? ' small' : ''}" width="${W}" height="16" role="img">`;
  s += `<title>${esc(label)} ${fx(v, 3)}; ${esc(pct)} ${esc(names[0])} ${ciText(ci)}; ${esc(names[1])} ${ciText(block)}${small ? '; small sample' : ''}</title>`;
  s += `<line class="ref" x1="${c(x(0.5))}" y1="1" x2="${c(x(0.5))}" y2="15"/>`;
  if (block && Number.isFinite(num(block.lo)) && Number.isFinite(num(block.hi))) {
    s += `<line class="blk" x1="${c(x(clamp(num(block.lo))))}" y1="12.5" x2="${c(x(clamp(num(block.hi))))}" y2="12.5"/>`;
  }
  if (ci && Number.isFinite(num(ci.lo)) && Number.isFinite(num(ci.hi))) {
    s += `<line class="iid" x1="${c(x(clamp(num(ci.lo))))}" y1="7" x2="${c(x(clamp(num(ci.hi))))}" y2="7"/>`;
  }
  if (Number.isFinite(v)) s += `<circle class="pt" cx="${c(x(clamp(v)))}" cy="7" r="3"/>`;
  return `${s}</svg>`;
}
