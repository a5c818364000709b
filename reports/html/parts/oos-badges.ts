/** Badges of a leaderboard row: inverted (its shown AUC interval lies below 0.5), and its out-of-sample verdict. */
import type { MetricsRow } from '../../../engine/results.ts';
import { esc, str } from '../format.ts';

const VERDICT_CLASS: Record<string, string> = { confirmed: 'badge ok', reversed: 'badge warn', 'not confirmed': 'badge' };

export function rowBadges(row: MetricsRow): string {
  let s = '';
  if (row.inverted === true) s += '<span class="badge warn" title="the AUC interval lies entirely below 0.5: durable rallies scored LOWER">\u21c5 inverted</span>';
  const v = str(row.verdict);
  if (VERDICT_CLASS[v]) s += `<span class="${VERDICT_CLASS[v]}" title="out of sample: the discovery period's finding, checked in the later period">${esc(v)}</span>`;
  return s;
}
