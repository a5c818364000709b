/** The terminal lines of a run's universes: members, clustering, breadth and market, hygiene flags, the run-level inference their rows go without. */
import type { Episode } from '../types.ts';
import type { RunResult, UniverseSummary } from '../results.ts';
import { OUTCOMES } from '../vocabulary.ts';
import { universeInferenceNote } from '../universe-oos-spec.ts';

/** Flags listed in the terminal (all are in summary.json and the report). */
const MAX_FLAGS = 20;

function outcomeCounts(eps: readonly Episode[]): string {
  return OUTCOMES.map((o) => `${eps.filter((e) => e.outcome === o).length} ${o}`).join(', ');
}

function hygieneLines(u: UniverseSummary): string[] {
  const h = u.hygiene;
  const members = new Set(h.flags.map((f) => f.member)).size;
  const action = h.mode === 'warn' ? 'still scored; "hygiene": "exclude-episodes" leaves them out'
    : h.mode === 'exclude-episodes' ? `${h.excludedEpisodes} left out of scoring` : `flagged members left out: ${h.excludedMembers.join(', ')}`;
  const lines = [`  hygiene (${h.mode}): ${h.flags.length} flagged days in ${members} members; ${h.flaggedEpisodes} episodes' windows hold one (${action}); ${h.firstBarPeaks} corrections peak at a price file's first bar`];
  for (const f of h.flags.slice(0, MAX_FLAGS)) {
    lines.push(`    ${f.member.padEnd(8)} ${f.date}  ${f.kind === 'bad-print' ? 'likely bad print' : 'likely unadjusted split or spin-off'}: ${f.note}`);
  }
  if (h.flags.length > MAX_FLAGS) lines.push(`    … ${h.flags.length - MAX_FLAGS} more in summary.json and report.html`);
  return lines;
}

/** Lines for each universe of the run (none without one). */
export function universeLines(r: RunResult): string[] {
  const lines: string[] = [];
  for (const u of r.summary.universes ?? []) {
    const ids = new Set(u.members.map((m) => m.id));
    const eps = r.episodes.filter((e) => ids.has(e.market));
    const groups = u.groups.length ? `, ${u.groups.length} groups` : '';
    lines.push(`${u.id}: universe of ${u.members.length} members${groups}, ${u.start}..${u.end} (${u.bars} bars): ${eps.length} episodes — ${outcomeCounts(eps)}`);
    lines.push(`  rows: ${u.rows}; pooled rows' intervals are cluster-robust and their p is the larger of the cluster-robust t test's and a permutation of whole clusters of episodes decided in the same ${u.clusterText}; breadth from ${u.breadth === 'members' ? 'the members' : 'the breadth file'}; market: ${u.market}`);
    lines.push(...hygieneLines(u));
  }
  const note = universeInferenceNote(r.summary);
  if (note) lines.push(`  note: ${note}`);
  return lines;
}
