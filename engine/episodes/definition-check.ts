/**
 * The config rule for several definitions of one episode kind: each needs a
 * `label` (a safe, unique name), so that its episodes and rows stay apart.
 * A kind given once may go unlabelled (its ids and keys are unchanged).
 */
import { ConfigError } from '../errors.ts';
import type { EpisodeKind } from '../types.ts';
import { labelProblem } from './definition-label.ts';

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
