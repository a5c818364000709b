/**
 * A parameter grid's AUC as a heat map: one cell per parameter set of one
 * criterion on one dataset and kind, when exactly two parameters vary (the
 * others fixed). Cells are coloured on a diverging scale around 0.5 (red
 * below, blue above) and print the AUC; a ring marks q <= alpha.
 */
import type { MetricsRow } from '../../../engine/results.ts';
import { cmp, esc, fp, fx, num, str } from '../format.ts';

/** A params key ("a=1;b=2") as a map. */
export function parseParams(key: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of str(key).split(';')) {
    const i = part.indexOf('=');
    if (i > 0) m.set(part.slice(0, i), part.slice(i + 1));
  }
  return m;
}

function valueCmp(a: string, b: string): number {
  const x = Number(a), y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : cmp(a, b);
}

export interface Grid {
  xKey: string;
  yKey: string;
  xs: string[];
  ys: string[];
  /** The fixed parameters, as text. */
  fixed: string;
  cell: Map<string, MetricsRow>;
}

/** The two varying parameters of a criterion's rows and their values, or null when not exactly two vary. */
export function twoParameterGrid(rows: readonly MetricsRow[]): Grid | null {
  if (rows.length < 4) return null;
  const parsed = rows.map((r) => parseParams(r.params));
  const keys = [...new Set(parsed.flatMap((p) => [...p.keys()]))].sort(cmp);
  const values = new Map(keys.map((k) => [k, [...new Set(parsed.map((p) => p.get(k) ?? ''))].sort(valueCmp)] as const));
  const varying = keys.filter((k) => values.get(k)!.length > 1);
  if (varying.length !== 2) return null;
  const [xKey, yKey] = varying as [string, string];
  const cell = new Map<string, MetricsRow>();
  rows.forEach((r, i) => cell.set(`${parsed[i]!.get(xKey)}|${parsed[i]!.get(yKey)}`, r));
  const fixed = keys.filter((k) => !varying.includes(k)).map((k) => `${k}=${values.get(k)![0]}`).join(';');
  return { xKey, yKey, xs: values.get(xKey)!, ys: values.get(yKey)!, fixed, cell };
}

function colourIndex(auc: number): number {
  return Math.max(0, Math.min(9, Math.floor((auc - 0.25) / 0.05)));
}

/** The heat map table of one grid. */
export function heatmap(g: Grid, alpha: number): string {
  let s = `<table class="heat"><thead><tr><th class="corner">${esc(g.yKey)} \\ ${esc(g.xKey)}</th>${g.xs.map((x) => `<th>${esc(x)}</th>`).join('')}</tr></thead><tbody>`;
  for (const y of [...g.ys].reverse()) {
    s += `<tr><th>${esc(y)}</th>`;
    for (const x of g.xs) {
      const r = g.cell.get(`${x}|${y}`);
      const auc = num(r?.auc);
      if (!r || !Number.isFinite(auc)) {
        s += '<td class="empty">\u2013</td>';
        continue;
      }
      const k = colourIndex(auc);
      const sig = num(r.qValue) <= alpha;
      s += `<td class="hc b${k}${k <= 1 || k >= 8 ? ' light' : ''}${sig ? ' sig' : ''}" title="${esc(`${g.xKey}=${x}, ${g.yKey}=${y}: AUC ${fx(auc, 3)}, n ${fx(r.n, 0)}, q ${fp(r.qValue)}`)}">${fx(auc, 2)}</td>`;
    }
    s += '</tr>';
  }
  return `${s}</tbody></table>`;
}
