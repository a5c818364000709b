/** The terminal's null-worlds lines: episode counts real vs null, and the rows whose real AUC ranks high among the null worlds. */
import type { NullWorldsInfo } from '../results.ts';
import { kindLabel } from '../definition-labels.ts';
import { levelPercent } from '../stats/interval-choice.ts';

const BASELINES = new Set(['always-durable', 'coin-flip']);

/** `level`: the run's statistics.level; a real AUC ranks high when its rank p is at most 1 - level. */
export function nullWorldsLines(n: NullWorldsInfo | undefined, level: number): string[] {
  if (!n) return [];
  const f = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const counts = n.counts.map((c) => `${c.dataset} ${kindLabel(c.kind, c.definition)} ${c.realEpisodes} vs ${f(c.nullMean, 1)} [${c.nullMin}–${c.nullMax}]`).join('; ');
  const tested = n.rows.filter((r) => !BASELINES.has(r.criterion) && Number.isFinite(r.rankP));
  const alpha = Math.round((1 - level) * 1e9) / 1e9;
  const high = tested.filter((r) => r.rankP <= alpha);
  const lines = ['', `NULL WORLDS — ${n.paths} (${n.scheme === 'years' ? 'whole years resampled' : `stationary bootstrap, mean block ${n.block} days`}); episodes real vs null mean [min–max]: ${counts}`];
  lines.push(`  real AUC at or above ${levelPercent(level)} of its null worlds (rank p ≤ ${alpha}): ${high.length} of ${tested.length} rows${high.length ? `: ${high.slice(0, 8).map((r) => `${r.criterion} ${kindLabel(r.kind, r.definition)} ${f(r.realAuc, 3)} (p ${f(r.rankP, 3)})`).join('; ')}` : ''} — every row in null-worlds.csv`);
  return lines;
}
