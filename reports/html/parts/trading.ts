/** The trading view of a metrics row: forward returns of the episodes called durable, called not, and all. */
import type { MetricsRow, ReturnGroup } from '../../../engine/results.ts';
import { esc, fint, fpct, num } from '../format.ts';

export function tradingTable(row: MetricsRow): string {
  const tv = row.trading;
  if (!tv) return '';
  const hs = (tv.horizons ?? []).map((h) => String(h));
  const line = (label: string, g: ReturnGroup | undefined): string => {
    if (!g) return '';
    const cells = hs.map((h) => `<td class="n">${fpct(g.mean?.[h], 1, true)}</td>`).join('') + hs.map((h) => `<td class="n">${fpct(g.median?.[h], 1, true)}</td>`).join('');
    return `<tr><th>${label}</th><td class="n">${fint(g.n)}</td>${cells}</tr>`;
  };
  const head = hs.map((h) => `<th class="n">mean ${esc(h)}d</th>`).join('') + hs.map((h) => `<th class="n">median ${esc(h)}d</th>`).join('');
  return `<table class="trading"><caption class="muted">Trading view: forward returns from the decision close</caption><thead><tr><th></th><th class="n">n</th>${head}</tr></thead><tbody>${line('called durable', tv.calledDurable)}${line('called not durable', tv.calledNot)}${line('all scored (buy every episode)', tv.all)}</tbody></table>`;
}

/** Mean forward return of episodes called durable minus that of all scored ones, at 63 days (else the first horizon). */
export function excessForwardReturn(row: MetricsRow): number {
  const tv = row.trading;
  if (!tv) return NaN;
  const hs = (tv.horizons ?? []).map(String);
  const h = hs.includes('63') ? '63' : (hs[0] ?? '');
  return num(tv.calledDurable?.mean?.[h]) - num(tv.all?.mean?.[h]);
}
