/**
 * The verdict's AUC bar: the chance band (where random rankings of the same
 * n and durable count fall) as a grey box, 0.5 dashed, the AUC's bootstrap
 * interval as a line and the AUC as a dot, green when the row beats chance.
 */
import type { Interval } from '../../../engine/results.ts';
import { ciText, esc, fx, num } from '../format.ts';
import { c, linearScale } from '../svg.ts';

const W = 150;
const H = 18;

/** `pct`: the interval's level as its label says it (engine/stats/interval-choice.ts levelPercent). */
export function chanceBar(auc: number, ci: Interval, band: Interval, beats: boolean, pct: string): string {
  const x = linearScale(0, 1, 4, W - 4);
  const clamp = (t: number): number => Math.min(1, Math.max(0, t));
  let s = `<svg class="cb${beats ? ' win' : ''}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">`;
  s += `<title>AUC ${fx(auc, 3)}, ${esc(pct)} interval ${ciText(ci)}; chance band ${ciText(band)}</title>`;
  s += `<path class="axis" d="M4 ${H - 2.5}H${W - 4}"/>`;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) s += `<path class="axis" d="M${c(x(t))} ${H - 5}V${H - 2.5}"/>`;
  const lo = num(band.lo), hi = num(band.hi);
  if (Number.isFinite(lo) && Number.isFinite(hi)) s += `<rect class="chb" x="${c(x(clamp(lo)))}" y="2" width="${c(x(clamp(hi)) - x(clamp(lo)))}" height="${H - 7}"/>`;
  s += `<path class="half" d="M${c(x(0.5))} 1V${H - 4}"/>`;
  const a = num(ci?.lo), b = num(ci?.hi);
  if (Number.isFinite(a) && Number.isFinite(b)) s += `<path class="ci" d="M${c(x(clamp(a)))} ${(H - 5) / 2 + 1}H${c(x(clamp(b)))}"/>`;
  if (Number.isFinite(auc)) s += `<circle class="pt" cx="${c(x(clamp(auc)))}" cy="${(H - 5) / 2 + 1}" r="3.6"/>`;
  return `${s}</svg>`;
}

/** The legend under the verdict tables, drawn with the same marks. */
export function chanceLegend(pct: string): string {
  return `<span class="cbl"><svg width="26" height="12" aria-hidden="true"><rect class="cbband" x="1" y="1" width="24" height="10"/></svg> chance band</span>`
    + `<span class="cbl"><svg width="26" height="12" aria-hidden="true"><path class="cbci" d="M2 6H24"/><circle class="cbpt" cx="13" cy="6" r="3.4"/></svg> AUC and its ${esc(pct)} interval</span>`
    + `<span class="cbl"><svg width="12" height="12" aria-hidden="true"><path class="cbhalf" d="M6 0V12"/></svg> AUC 0.5 (ticks at 0, 0.25, 0.5, 0.75, 1)</span>`;
}
