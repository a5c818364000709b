/** The terminal's null-worlds lines: episode counts real vs null, and the rows whose real AUC ranks high among the null worlds. */
import type { NullWorldsInfo } from '../results.ts';
import { kindLabel } from '../definition-labels.ts';

const BASELINES = new Set(['always-durable', 'coin-flip']);

export function nullWorldsLines(n: NullWorldsInfo | undefined): string[] {
  if (!n) return [];
  const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const counts = n.counts.map((c) => `${c.dataset} ${kindLabel(c.kind, c.definition)} ${c.realEpisodes} vs ${f(c.nullMean, 1)} [${c.nullMin}–${c.nullMax}]`).join('; ');
  const tested = n.rows.filter((r) => !BASELINES.has(r.criterion) && Number.isFinite(r.rankP));
  const high = tested.filter((r) => r.rankP <= 0.05);
  const lines = ['', `NULL WORLDS — ${n.paths} (${n.scheme === 'years' ? 'whole years resampled' : `stationary bootstrap, mean block ${n.block} days`}); episodes real vs null mean [min–max]: ${counts}`];
  lines.push(`  real AUC at or above 95% of its null worlds (rank p ≤ 0.05): ${high.length} of ${tested.length} rows${high.length ? `: ${high.slice(0, 8).map((r) => `${r.criterion} ${kindLabel(r.kind, r.definition)} ${f(r.realAuc, 3)} (p ${f(r.rankP, 3)})`).join('; ')}` : ''} — every row in null-worlds.csv`);
  return lines;
}
