/** Step 1 of a run: every data bundle loaded, aligned and prepared for point-in-time views. */
import { ConfigError } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import type { DataFileInfo } from '../results.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { loadBundle } from '../../datasets/bundle.ts';

export interface RunData {
  /** By dataset id, in config order. */
  prepared: Map<string, PreparedDataset>;
  /** Provenance of every file read. */
  files: DataFileInfo[];
}

export function loadRunData(cfg: RunConfig): RunData {
  const prepared = new Map<string, PreparedDataset>();
  const files: DataFileInfo[] = [];
  for (const b of cfg.datasets) {
    const { dataset, files: f } = loadBundle(b.spec, cfg.baseDir, b.key);
    if (prepared.has(dataset.id)) throw new ConfigError(`${b.key}.id`, `two datasets named '${dataset.id}'; give each an "id"`);
    prepared.set(dataset.id, prepare(dataset));
    files.push(...f);
  }
  return { prepared, files };
}
