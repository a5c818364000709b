/** Step 1 of a run: every data bundle loaded, aligned and prepared for point-in-time views. */
import { ConfigError } from '../errors.ts';
import { checkReplicationDatasets } from '../out-of-sample-spec.ts';
import type { RunConfig } from '../config.ts';
import type { DataFileInfo } from '../results.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { loadBundle } from '../../datasets/bundle.ts';
import { loadUniverse, type UniverseData } from '../../datasets/universe.ts';

export interface RunData {
  /** By dataset id, in config order (a universe's members in member order, at its place, then its groups dataset if any). */
  prepared: Map<string, PreparedDataset>;
  /** Provenance of every file read. */
  files: DataFileInfo[];
  /** The universes among the datasets, in config order. */
  universes: UniverseData[];
}

export function loadRunData(cfg: RunConfig): RunData {
  const prepared = new Map<string, PreparedDataset>();
  const files: DataFileInfo[] = [];
  const universes: UniverseData[] = [];
  const ids = new Set<string>();
  const claim = (id: string, key: string, what: string): void => {
    if (ids.has(id)) throw new ConfigError(key, `two datasets named '${id}'${what}; give each an "id"`);
    ids.add(id);
  };
  for (const b of cfg.datasets) {
    if (b.spec.universe !== undefined) {
      // Sector-lead episodes inside a universe are found on its groups (datasets/universe-groups.ts).
      const u = loadUniverse(b.spec, cfg.baseDir, b.key, { groups: cfg.episodes.some((e) => e.kind === 'sector-lead') });
      claim(u.id, `${b.key}.id`, '');
      for (const m of u.members) {
        claim(m.id, `${b.key}.universe`, ` (a member of the universe '${u.id}')`);
        prepared.set(m.id, prepare(m.dataset));
      }
      if (u.groups) prepared.set(u.id, prepare(u.groups));
      universes.push(u);
      files.push(...u.files);
      continue;
    }
    const { dataset, files: f } = loadBundle(b.spec, cfg.baseDir, b.key);
    claim(dataset.id, `${b.key}.id`, '');
    prepared.set(dataset.id, prepare(dataset));
    files.push(...f);
  }
  checkReplicationDatasets(cfg.evaluation.replication, ids, cfg.evaluation.periods.map((p) => p.name), cfg.source || 'config');
  return { prepared, files, universes };
}
