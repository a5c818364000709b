/**
 * Out-of-sample keys a universe cannot take. Parameter grids' family-wise p
 * and PBO, walk-forward selection and combined rows act on an episode set of
 * the run's own (a plain dataset's, or a universe's sector-lead episodes,
 * found on its groups); a universe's rebound and seasonal rows (pooled,
 * group, member) pool its members' episodes inside its job and are no such
 * set, so they get none. A run that has nothing for walk-forward or combine
 * to act on is refused (exit 2, naming the key), as `nullWorlds` on a
 * universe is; otherwise they act on what they can, and the terminal and
 * report say the universe's other rows are left out
 * (engine/cli/universe-text.ts, reports/html/sections/caveats.ts).
 */
import { ConfigError } from './errors.ts';
import type { RunSummary } from './results.ts';

type DatasetEntry = { spec: { id?: string; universe?: { rows?: string } } };

/**
 * Refuse `evaluation.walkForward` and `combine` when no dataset of the run is
 * a plain one and no kind is sector-lead, and `combine.datasets` naming only
 * universes when no kind is sector-lead.
 */
export function checkUniverseOutOfSample(datasets: readonly DatasetEntry[], kinds: readonly string[],
  keys: { walkForward: boolean; periods?: boolean; combine?: { datasets?: readonly string[] } }, src: string): void {
  const universes = datasets.filter((d) => d.spec.universe !== undefined);
  // A universe job's period rows are its pooled row's (engine/run/pooled.ts universePeriodRows): with "rows": "members" it reports
  // no pooled rebound or seasonal row for them to stand beside (sector-lead on its groups always has one).
  const membersOnly = universes.find((d) => d.spec.universe?.rows === 'members');
  if (keys.periods && membersOnly && kinds.some((k) => k !== 'sector-lead')) {
    throw new ConfigError('evaluation.periods', `universe '${membersOnly.spec.id ?? 'universe'}' reports member rows only ("rows": "members"), and a universe's rows per period are its pooled rows: use "rows": "pooled" or "both", or leave the periods out`, src);
  }
  if (universes.length === 0 || kinds.includes('sector-lead')) return;
  const names = universes.map((d) => `'${d.spec.id ?? 'universe'}'`).join(', ');
  const plain = datasets.length > universes.length;
  const why = `a universe's rebound and seasonal rows (${names}) pool its members' episodes and are not one episode set`;
  if (keys.walkForward && !plain) {
    throw new ConfigError('evaluation.walkForward', `walk-forward selection needs a plain dataset: ${why}, so it would choose nothing; add a plain dataset or leave the key out`, src);
  }
  if (keys.combine && !plain) {
    throw new ConfigError('combine', `combined rows need a plain dataset: ${why}, so there would be none; add a plain dataset or leave the key out`, src);
  }
  const ids = new Set(universes.flatMap((d) => (d.spec.id === undefined ? [] : [d.spec.id])));
  const named = keys.combine?.datasets;
  if (named && named.length > 0 && named.every((d) => ids.has(d))) {
    throw new ConfigError('combine.datasets', `names only universes (${names}): ${why}; name a plain dataset`, src);
  }
}

/**
 * The run-level inference a universe's rebound and seasonal rows went
 * without, as one sentence (terminal and report), or undefined when the run
 * asked for none of it: family-wise p and PBO for a grid of 2+ sets,
 * walk-forward choice, a combined row.
 */
export function universeInferenceNote(s: Pick<RunSummary, 'metrics' | 'evaluation' | 'combine'>): string | undefined {
  const rows = s.metrics.filter((m) => m.pooled !== undefined && m.kind !== 'sector-lead');
  if (rows.length === 0) return undefined;
  const sets = new Map<string, Set<string>>();
  for (const m of rows) {
    const k = `${m.dataset}|${m.kind}|${m.definition ?? ''}|${m.criterion}`;
    sets.set(k, (sets.get(k) ?? new Set()).add(m.params));
  }
  const missing = [
    ...([...sets.values()].some((p) => p.size >= 2) ? ['no family-wise p or PBO for their parameter grids'] : []),
    ...(s.evaluation?.walkForward ? ['no walk-forward choice'] : []),
    ...(s.combine ? ['no combined row'] : []),
  ];
  if (missing.length === 0) return undefined;
  const universes = [...new Set(rows.map((m) => m.pooled!.universe))];
  const ids = `universe${universes.length > 1 ? 's' : ''} ${universes.map((u) => `'${u}'`).join(', ')}`;
  const list = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]!}`;
  return `the rebound and seasonal rows of the ${ids} (pooled, group and member) get ${list}: these act only on plain datasets and on sector-lead episodes found on a universe's groups`;
}
