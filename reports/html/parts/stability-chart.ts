/**
 * Stability over time as a heat map: one line per metrics row, one cell per
 * decade of decisions, coloured by that decade's AUC (blue above 0.5, red
 * below, grey when undefined), with the decade's n and AUC in each cell's title.
 */
import type { StabilityRow } from '../../../engine/results.ts';
import { cmp, esc, fint, fx, num, str } from '../format.ts';
import { c } from '../svg.ts';

/** Diverging colour of an AUC: 0.5 white, 1 dark blue, 0 dark red. */
function aucColour(auc: number): string {
  if (!Number.isFinite(auc)) return '#d4d4d4';
  const t = Math.max(-1, Math.min(1, (auc - 0.5) * 2));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * Math.abs(t));
  const [r, g, b] = t >= 0 ? [mix(255, 33), mix(255, 102), mix(255, 172)] : [mix(255, 178), mix(255, 24), mix(255, 43)];
  return `rgb(${r},${g},${b})`;
}

export interface StabilityLine {
  label: string;
  cells: StabilityRow[];
}

/** The heat map of some rows of one (dataset, kind). */
export function stabilityChart(lines: readonly StabilityLine[]): string {
  const decades = [...new Set(lines.flatMap((l) => l.cells.map((r) => num(r.decade))))].sort((a, b) => a - b);
  if (decades.length === 0 || lines.length === 0) return '';
  const cw = 34, ch = 14, left = 270, top = 16;
  const W = left + decades.length * cw + 4, H = top + lines.length * ch + 4;
  let s = `<svg class="stab" width="${W}" height="${H}" role="img" aria-label="AUC by decade">`;
  decades.forEach((d, j) => { s += `<text x="${c(left + j * cw + cw / 2)}" y="11" text-anchor="middle" font-size="10">${fint(d)}s</text>`; });
  lines.forEach((l, i) => {
    const y = top + i * ch;
    s += `<text x="${left - 4}" y="${c(y + ch - 3)}" text-anchor="end" font-size="10">${esc(l.label.length > 46 ? `${l.label.slice(0, 45)}\u2026` : l.label)}</text>`;
    const byDecade = new Map(l.cells.map((r) => [num(r.decade), r] as const));
    decades.forEach((d, j) => {
      const r = byDecade.get(d);
      if (!r) return;
      s += `<rect x="${c(left + j * cw)}" y="${c(y)}" width="${cw - 1}" height="${ch - 1}" fill="${aucColour(num(r.auc))}"><title>${esc(l.label)}, ${fint(d)}s: n ${fint(r.n)} (${fint(r.positives)} durable), AUC ${fx(r.auc, 2)}, balanced accuracy ${fx(r.balancedAccuracy, 2)}</title></rect>`;
    });
  });
  return `${s}</svg>`;
}

/** Sort key of stability rows: dataset, kind, criterion, params. */
export function stabilityKey(r: Pick<StabilityRow, 'dataset' | 'kind' | 'criterion' | 'params'>): string {
  return JSON.stringify([str(r.dataset), str(r.kind), str(r.criterion), str(r.params)]);
}

export function byDecade(a: StabilityRow, b: StabilityRow): number {
  return cmp(stabilityKey(a), stabilityKey(b)) || num(a.decade) - num(b.decade);
}
