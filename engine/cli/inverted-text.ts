/** The terminal's INVERTED line: rows whose AUC interval lies entirely below 0.5, each named by criterion, kind and (several datasets) dataset. */
import { kindLabel } from '../definition-labels.ts';
import type { MetricsRow } from '../results.ts';
import { shownAucInterval } from '../stats/interval-choice.ts';

/** Inverted rows listed. */
const MAX_LISTED = 10;

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');

/** The line, or none when no row is inverted; `multi`: the run has several datasets (or universes), so each row names its own. */
export function invertedLine(rows: readonly MetricsRow[], multi: boolean): string | undefined {
  const inverted = rows.filter((m) => m.inverted);
  if (inverted.length === 0) return undefined;
  const listed = inverted.slice(0, MAX_LISTED).map((m) => {
    const ci = shownAucInterval(m);
    const where = multi ? ` on ${m.dataset}${m.pooled?.scope === 'pooled' ? ' pooled' : ''}` : '';
    return `${m.criterion}${m.params && inverted.length > 1 ? `(${m.params})` : ''} ${kindLabel(m.kind, m.definition)}${where} ${f3(m.auc)} [${f3(ci.lo)}, ${f3(ci.hi)}]`;
  });
  const more = inverted.length > MAX_LISTED ? `; … ${inverted.length - MAX_LISTED} more` : '';
  return `INVERTED (AUC interval entirely below 0.5: durable rallies scored lower): ${listed.join('; ')}${more}`;
}
