/**
 * A universe's episodes under one definition: every member's episodes, in
 * member order, as one episode set. An episode whose window (from its peak,
 * or the close before its seasonal window, to its decision plus the horizon)
 * holds a day the hygiene scan flagged says so in `flags`, and so does a
 * correction whose peak is the member's first price (the decline may have
 * begun before the file does). With "exclude-episodes" the episodes whose
 * window holds a flagged day are listed but not scored.
 *
 * Sector-lead episodes are found once for the universe, on its groups as
 * sectors (datasets/universe-groups.ts: each group's equal-weighted
 * composite against the universe's market); their market is the universe's
 * id and their sector the group. A universe without a membership file has no
 * groups, and sector-lead on it is refused.
 */
import { ConfigError } from '../errors.ts';
import type { EpisodeSpec } from '../config.ts';
import type { Episode } from '../types.ts';
import type { DefinitionInfo } from '../results.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import type { UniverseData, UniverseMember } from '../../datasets/universe.ts';

export interface UniverseEpisodes {
  /** Every member's episodes, flagged ones included. */
  all: Episode[];
  /** The episodes scored (all, or all but those excluded by hygiene). */
  scored: Episode[];
  definition: DefinitionInfo;
  counts: UniverseEpisodeCounts;
}

export interface UniverseEpisodeCounts {
  /** Episodes whose window holds a flagged day. */
  flagged: number;
  /** Of those, left out of scoring ("exclude-episodes"). */
  excluded: number;
  /** Corrections whose peak is the member's first price. */
  firstBarPeaks: number;
}

/** Calendar indices [from, to] of an episode's window. */
function windowOf(e: Episode): [number, number] {
  const from = e.kind === 'rebound' ? e.peakIndex : e.kind === 'seasonal' ? (e.windowStartIndex ?? e.decisionIndex) - 1 : e.refLowIndex;
  return [Math.min(from, e.decisionIndex), e.decisionIndex + e.horizon];
}

/** How an episode's flags begin to say its window holds a flagged day. */
export const HYGIENE_NOTE = 'window holds a likely';

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

/** The flags of one episode of a member ('' for none) and whether its window holds a flagged day. */
function episodeFlags(e: Episode, m: UniverseMember): { text: string; hygiene: boolean } {
  const k = m.dataset.priceStart ?? 0;
  const [from, to] = windowOf(e);
  const notes: string[] = [];
  for (const f of m.flags) {
    const i = f.index + k;
    if (i >= from && i <= to) notes.push(`${HYGIENE_NOTE} ${f.kind === 'bad-print' ? 'bad print' : 'unadjusted split or spin-off'} on ${f.date} (${pct(f.move)})`);
  }
  const hygiene = notes.length > 0;
  if (e.kind === 'rebound' && e.peakIndex === k) notes.push("peak is the price file's first bar (the decline may have begun earlier)");
  return { text: notes.join('; '), hygiene };
}

/** Sector-lead episodes of a universe: on its groups as sectors (module comment). */
function groupLeads(u: UniverseData, spec: EpisodeSpec): UniverseEpisodes {
  if (!u.groups) {
    throw new ConfigError(`${spec.key}.kind`, `sector-lead episodes in the universe '${u.id}' are found on its groups (each group's equal-weighted composite against the universe's market), and it has none: give the universe a "membership" file (member,group), or give a sectors file as a dataset entry of its own`);
  }
  const found = detectEpisodes(u.groups, spec);
  return { all: found.episodes, scored: found.episodes, definition: found.definition, counts: { flagged: 0, excluded: 0, firstBarPeaks: 0 } };
}

export function detectUniverseEpisodes(u: UniverseData, spec: EpisodeSpec): UniverseEpisodes {
  if (spec.kind === 'sector-lead') return groupLeads(u, spec);
  const all: Episode[] = [];
  const scored: Episode[] = [];
  const counts: UniverseEpisodeCounts = { flagged: 0, excluded: 0, firstBarPeaks: 0 };
  let definition: DefinitionInfo | undefined;
  for (const m of u.members) {
    const found = detectEpisodes(m.dataset, spec);
    definition ??= found.definition;
    for (const e of found.episodes) {
      const f = episodeFlags(e, m);
      const ep = f.text ? { ...e, flags: f.text } : e;
      if (f.hygiene) counts.flagged++;
      if (f.text.includes('first bar')) counts.firstBarPeaks++;
      all.push(ep);
      if (f.hygiene && u.options.hygiene === 'exclude-episodes') counts.excluded++;
      else scored.push(ep);
    }
  }
  return { all, scored, definition: definition!, counts };
}
