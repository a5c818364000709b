/**
 * Out-of-sample keys a universe cannot take. Walk-forward selection and
 * combined rows act on a plain dataset's own episode set; a universe's rows
 * (pooled, group, member) are made inside its job and are not such sets, so
 * both would silently produce nothing for it. A run whose datasets are all
 * universes is refused (exit 2, naming the key), as `nullWorlds` on a
 * universe is; a run that also has plain datasets gets them on those alone
 * (the report and terminal say the universe's rows are left out).
 */
import { ConfigError } from './errors.ts';

/** Refuse `evaluation.walkForward` and `combine` when no dataset of the run is a plain one, or `combine.datasets` names only universes. */
export function checkUniverseOutOfSample(datasets: readonly { spec: { id?: string; universe?: unknown } }[], keys: { walkForward: boolean; combine?: { datasets?: readonly string[] } }, src: string): void {
  const universes = datasets.filter((d) => d.spec.universe !== undefined);
  if (universes.length === 0) return;
  const names = universes.map((d) => `'${d.spec.id ?? 'universe'}'`).join(', ');
  const plain = datasets.length > universes.length;
  if (keys.walkForward && !plain) {
    throw new ConfigError('evaluation.walkForward', `walk-forward selection needs a plain dataset: a universe's rows (${names}) are not chosen walk-forward, so it would choose nothing; add a plain dataset or leave the key out`, src);
  }
  if (keys.combine && !plain) {
    throw new ConfigError('combine', `combined rows need a plain dataset: a universe's rows (${names}) are not combined, so there would be none; add a plain dataset or leave the key out`, src);
  }
  const ids = new Set(universes.flatMap((d) => (d.spec.id === undefined ? [] : [d.spec.id])));
  const named = keys.combine?.datasets;
  if (named && named.length > 0 && named.every((d) => ids.has(d))) {
    throw new ConfigError('combine.datasets', `names only universes (${names}), whose rows are not combined: name a plain dataset`, src);
  }
}
