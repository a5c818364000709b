/**
 * The `definition` column: a run with labelled episode definitions (several
 * definitions of one kind, engine/episodes/definition-label.ts) adds, last, a
 * column naming each line's definition; a run without labels writes its
 * tables exactly as before.
 */
import type { Cell } from './csv.ts';

/** The header and lines of a table whose items may carry a definition label (one item may give several lines). */
export function withDefinition<T extends { definition?: string }>(header: readonly string[], items: readonly T[],
  lines: (item: T) => Cell[][]): [string[], Cell[][]] {
  if (!items.some((x) => x.definition !== undefined)) return [[...header], items.flatMap(lines)];
  return [[...header, 'definition'], items.flatMap((x) => lines(x).map((l) => [...l, x.definition ?? '']))];
}
