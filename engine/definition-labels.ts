/**
 * Labelled episode definitions: one run may hold several definitions of one
 * kind (rebound horizons 63, 126 and 252; drawdowns 7%, 10% and 15%), each
 * named by a label. A label is required when a kind repeats, unique within
 * the run, and a safe name (letters, digits, `.`, `_`, `-`; up to 40
 * characters), because it becomes part of episode ids and row identities:
 *
 *   episode id   `GSPC:rebound@h63:1990-10-31` (unlabelled: `GSPC:rebound:1990-10-31`)
 *   row / set    dataset GSPC, kind rebound, definition h63
 *
 * An unlabelled definition keeps exactly the ids and keys it always had.
 * A kind given once may go unlabelled.
 */
import { ConfigError } from './errors.ts';
import type { Episode, EpisodeKind } from './types.ts';

/** What a row, an episode set's power or a table line carries: its definition's label when labelled (absent otherwise). */
export interface DefinitionTagged {
  definition?: string;
}

export const LABEL_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/i;

/** Why `label` is not a usable definition label, or null when it is. */
export function labelProblem(label: unknown): string | null {
  if (typeof label !== 'string') return `expected a short name (a string), got ${JSON.stringify(label)}`;
  if (!LABEL_PATTERN.test(label)) return `'${label}' is not a safe name: 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit`;
  return null;
}

/** Episodes of a labelled definition: ids carry the label after the kind, and `definition` names it. */
export function labelEpisodes(episodes: readonly Episode[], label: string | undefined): Episode[] {
  if (label === undefined) return [...episodes];
  return episodes.map((e) => {
    const plain = `${e.market}:${e.kind}:`;
    const id = e.id.startsWith(plain) ? `${e.market}:${e.kind}@${label}:${e.id.slice(plain.length)}` : `${e.id}@${label}`;
    return { ...e, id, definition: label };
  });
}

/** The identity of one episode set (a dataset's episodes under one definition): keys rows, power and derived analyses. */
export function setIdentity(dataset: string, kind: EpisodeKind | string, definition?: string): string {
  return definition === undefined ? `${dataset}|${kind}` : `${dataset}|${kind}@${definition}`;
}

/** `{definition}` of something labelled, else nothing: rows, sets and records of an unlabelled definition keep their shape. */
export function definitionOf(x: { definition?: string }): { definition?: string } {
  return x.definition === undefined ? {} : { definition: x.definition };
}

/** A kind with its definition's label, as tables show it: `rebound` or `rebound@h63`. */
export function kindLabel(kind: EpisodeKind | string, definition?: string): string {
  return definition === undefined ? kind : `${kind}@${definition}`;
}

export interface LabelledSpec {
  kind: EpisodeKind;
  key: string;
  label?: string;
}

/** Throws a ConfigError naming `episodes[i].label` (or `.kind`) when labels are missing, unsafe or repeated. */
export function checkDefinitionLabels(specs: readonly LabelledSpec[], src: string): void {
  const perKind = new Map<EpisodeKind, number>();
  for (const s of specs) perKind.set(s.kind, (perKind.get(s.kind) ?? 0) + 1);
  const seen = new Map<string, string>();
  for (const s of specs) {
    if (s.label === undefined) {
      if (perKind.get(s.kind)! > 1) {
        throw new ConfigError(`${s.key}.label`, `${perKind.get(s.kind)} '${s.kind}' definitions: give each a "label" (e.g. "h63") so their episodes and rows stay apart`, src);
      }
      continue;
    }
    const bad = labelProblem(s.label);
    if (bad) throw new ConfigError(`${s.key}.label`, bad, src);
    const prev = seen.get(s.label.toLowerCase());
    if (prev) throw new ConfigError(`${s.key}.label`, `duplicate label '${s.label}' (also ${prev}): labels must be unique in a run (case-insensitive)`, src);
    seen.set(s.label.toLowerCase(), s.key);
  }
}
