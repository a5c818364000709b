/**
 * The small per-row charts of a criterion's details: ROC curve and
 * calibration plot. Their axes, grid and labels are drawn once in hidden
 * <defs> (chartFrames) and reused with <use>, so thousands of rows stay light.
 */
import type { MetricsRow } from '../../../engine/results.ts';
import { fint, fx, num } from '../format.ts';
import { c, linePath, linearScale, simplifyAxisRuns } from '../svg.ts';

/** Width of a mini chart (also its figure's width in the CSS). */
export const MINI_W = 184;

const MINI = { size: MINI_W, left: 38, top: 8, plot: 136 };

/** The axes, grid, diagonal and labels shared by every ROC / calibration chart (drawn once, reused with <use>). */
function miniFrame(id: string, xLabel: string, yLabel: string): string {
  const { left, top, plot } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  let grid = '';
  for (const t of [0.25, 0.5, 0.75]) grid += `M${c(x(t))} ${top}V${top + plot}M${left} ${c(y(t))}H${left + plot}`;
  let s = `<g id="${id}" font-size="10" fill="#3b4250"><path d="${grid}" stroke="#e6e9ef" fill="none"/>`;
  s += `<rect x="${left}" y="${top}" width="${plot}" height="${plot}" stroke="#8c95a3" fill="none"/>`;
  s += `<path d="M${left} ${top + plot}L${left + plot} ${top}" stroke="#9aa3b2" stroke-dasharray="3 3" fill="none"/>`;
  for (const t of [0, 0.5, 1]) {
    s += `<text x="${c(x(t))}" y="${top + plot + 12}" text-anchor="middle">${t}</text>`;
    s += `<text x="${left - 4}" y="${c(y(t) + 3)}" text-anchor="end">${t}</text>`;
  }
  s += `<text x="${left + plot / 2}" y="${top + plot + 25}" text-anchor="middle">${xLabel}</text>`;
  s += `<text transform="translate(10 ${top + plot / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text></g>`;
  return s;
}

/** Hidden SVG holding the shared chart frames. */
export function chartFrames(): string {
  return `<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false"><defs>${miniFrame('f-roc', 'false positive rate', 'true positive rate')}${miniFrame('f-cal', 'mean score', 'observed durable rate')}</defs></svg>`;
}

export function rocSvg(row: MetricsRow): string {
  const { left, top, plot, size } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  const fpr = row.roc?.fpr ?? [];
  const tpr = row.roc?.tpr ?? [];
  let s = `<svg width="${size}" height="${size + 6}" viewBox="0 0 ${size} ${size + 6}" role="img" aria-label="ROC curve"><title>ROC curve (diagonal = chance). AUC ${fx(row.auc, 3)}</title>`;
  s += '<use href="#f-roc"/>';
  const n = Math.min(fpr.length, tpr.length);
  if (n >= 2) {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) pts.push([x(num(fpr[i])), y(num(tpr[i]))]);
    s += `<path class="roc" d="${linePath(simplifyAxisRuns(pts))}"/>`;
    // The operating point of the binary call (score >= threshold), from the confusion matrix.
    const opF = num(row.fp) / (num(row.fp) + num(row.tn));
    const opT = num(row.tp) / (num(row.tp) + num(row.fn));
    if (Number.isFinite(opF) && Number.isFinite(opT)) {
      s += `<circle cx="${c(x(opF))}" cy="${c(y(opT))}" r="3.2" fill="#fff" stroke="#d55e00" stroke-width="1.6"><title>call threshold: FPR ${fx(opF, 2)}, TPR ${fx(opT, 2)}</title></circle>`;
    }
    s += `<text x="${left + plot - 4}" y="${top + plot - 6}" text-anchor="end">AUC ${fx(row.auc, 3)}</text>`;
  } else {
    s += `<text x="${left + plot / 2}" y="${top + plot / 2}" text-anchor="middle">no curve: one class empty</text>`;
  }
  return `${s}</svg>`;
}

export function calibrationSvg(row: MetricsRow): string {
  const { left, top, plot, size } = MINI;
  const x = linearScale(0, 1, left, left + plot);
  const y = linearScale(0, 1, top + plot, top);
  const bins = (row.calibration ?? []).filter((b) => num(b.n) > 0 && Number.isFinite(num(b.meanScore)) && Number.isFinite(num(b.observedRate)));
  const maxN = bins.reduce((m, b) => Math.max(m, num(b.n)), 0);
  let s = `<svg width="${size}" height="${size + 6}" viewBox="0 0 ${size} ${size + 6}" role="img" aria-label="Calibration plot"><title>Calibration: observed durable rate against mean score per bin; dot area proportional to episodes; dashed diagonal = perfect calibration</title>`;
  s += '<use href="#f-cal"/>';
  const br = num(row.baseRate);
  if (Number.isFinite(br)) s += `<path class="grid" style="stroke:#c9a227;stroke-dasharray:1 2" d="M${left} ${c(y(br))}H${left + plot}"/>`;
  for (const b of bins) {
    const r = 1.8 + 6 * Math.sqrt(num(b.n) / (maxN || 1));
    s += `<circle class="cal" cx="${c(x(num(b.meanScore)))}" cy="${c(y(num(b.observedRate)))}" r="${c(r)}"><title>${fx(b.lo, 1)}\u2013${fx(b.hi, 1)}: n ${fint(b.n)}, mean ${fx(b.meanScore, 2)}, observed ${fx(b.observedRate, 2)}</title></circle>`;
  }
  if (bins.length === 0) s += `<text x="${left + plot / 2}" y="${top + plot / 2}" text-anchor="middle">no scored episodes</text>`;
  return `${s}</svg>`;
}
