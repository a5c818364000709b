/**
 * Episodes: step 2 of a run (every episode definition on every dataset, as
 * the episode sets jobs refer to), and episodes without a run
 * (`rally episodes`: the datasets and definitions of a config, or of one file
 * named by command-line flags, loaded and detected dataset by dataset).
 */
import { attributeTo, ConfigError } from '../errors.ts';
import { defaultRunConfig, type DatasetRef, type EpisodeSpec, type RunConfig } from '../config.ts';
import type { BundleSpec } from '../bundle-spec.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import type { Dataset, Episode } from '../types.ts';
import type { DefinitionInfo } from '../results.ts';
import type { PreparedDataset } from '../data/view.ts';
import type { EpisodeKind } from '../vocabulary.ts';
import { loadBundle } from '../../datasets/bundle.ts';
import { readFileText } from '../../datasets/readers/table.ts';
import { detectPriceFormat } from '../../datasets/load.ts';
import { loadUniverse, type UniverseData } from '../../datasets/universe.ts';
import { detectUniverseEpisodes, type UniverseEpisodeCounts } from './universe-episodes.ts';
import type { UniverseRowsSpec } from './pooled.ts';

/** One episode set: a dataset's episodes under one definition, which jobs refer to by key. */
export interface EpisodeSetRef {
  dataset: string;
  /** `<dataset>|<kind>#<definition index>` */
  setKey: string;
  kind: EpisodeKind;
  /** The definition's label (a labelled definition: several of one kind); absent otherwise. */
  definition?: string;
  /** A universe's set (every member's episodes): how its rows are made. */
  universe?: UniverseRowsSpec;
}

export interface RunEpisodes {
  sets: Map<string, Episode[]>;
  /** Sets in canonical order: definition by definition, dataset by dataset. */
  order: EpisodeSetRef[];
  /** Each definition with its parameters in full (from the first dataset). */
  definitions: DefinitionInfo[];
  /** Every episode of the run, in set order. */
  episodes: Episode[];
  /** Per universe id: its episodes' hygiene counts, summed over the definitions. */
  universeCounts: Map<string, UniverseEpisodeCounts>;
}

/** How a universe's jobs make their rows. */
export function universeRowsSpec(u: UniverseData): UniverseRowsSpec {
  const groups: Record<string, string> = {};
  for (const m of u.members) if (m.group !== undefined) groups[m.id] = m.group;
  return { id: u.id, rows: u.options.rows, cluster: u.options.cluster, overlap: u.options.overlap, groups };
}

/** Detect every episode definition on every dataset of a run; a universe's members make one set. */
export function detectRunEpisodes(prepared: ReadonlyMap<string, PreparedDataset>, specs: readonly EpisodeSpec[],
  universes: readonly UniverseData[] = []): RunEpisodes {
  const out: RunEpisodes = { sets: new Map(), order: [], definitions: [], episodes: [], universeCounts: new Map() };
  const universeOf = new Map<string, UniverseData>();
  for (const u of universes) for (const m of u.members) universeOf.set(m.id, u);
  const groupsOf = new Set(universes.map((u) => u.id));
  specs.forEach((spec, si) => {
    let first = true;
    for (const p of prepared.values()) {
      if (groupsOf.has(p.dataset.id)) continue; // a universe's groups dataset: its sector-lead episodes are the universe's
      const u = universeOf.get(p.dataset.id);
      if (u && u.members[0]!.id !== p.dataset.id) continue; // a universe is detected once, at its first member
      const found = u ? detectUniverseEpisodes(u, spec) : null;
      const { episodes, definition } = found ? { episodes: found.scored, definition: found.definition } : detectEpisodes(p.dataset, spec);
      if (first) out.definitions.push(definition);
      first = false;
      const id = u ? u.id : p.dataset.id;
      const setKey = `${id}|${spec.kind}#${si}`;
      out.sets.set(setKey, episodes);
      out.order.push({ dataset: id, setKey, kind: spec.kind, ...(spec.label === undefined ? {} : { definition: spec.label }), ...(u ? { universe: universeRowsSpec(u) } : {}) });
      out.episodes.push(...(found ? found.all : episodes));
      if (u && found) {
        const c = out.universeCounts.get(u.id) ?? { flagged: 0, excluded: 0, firstBarPeaks: 0 };
        out.universeCounts.set(u.id, { flagged: c.flagged + found.counts.flagged, excluded: c.excluded + found.counts.excluded, firstBarPeaks: c.firstBarPeaks + found.counts.firstBarPeaks });
      }
    }
  });
  return out;
}

/** One dataset's episodes under one definition. */
export interface EpisodeGroup {
  dataset: Dataset;
  episodes: Episode[];
}

/** The flags of `rally episodes` that define data and episodes without a config. */
export interface EpisodeFlags {
  data?: string;
  sectors?: string;
  kind?: EpisodeKind;
  drawdown?: number;
  rebound?: number;
  horizon?: number;
  window?: string[];
}

function detectAll(bundles: readonly DatasetRef[], specs: readonly EpisodeSpec[], baseDir: string, source: string): EpisodeGroup[] {
  const groups: EpisodeGroup[] = [];
  for (const b of bundles) {
    if (b.spec.universe !== undefined) {
      // A universe is one group: every member's episodes, on the universe's calendar.
      const u = attributeTo(source, () => loadUniverse(b.spec, baseDir, b.key, { groups: specs.some((s) => s.kind === 'sector-lead') }));
      const dataset: Dataset = { id: u.id, dates: u.calendar, columns: new Map(), meta: new Map() };
      for (const s of specs) groups.push({ dataset, episodes: attributeTo(source, () => detectUniverseEpisodes(u, s)).all });
      continue;
    }
    const { dataset } = attributeTo(source, () => loadBundle(b.spec, baseDir, b.key));
    for (const s of specs) groups.push({ dataset, episodes: attributeTo(source, () => detectEpisodes(dataset, s)).episodes });
  }
  return groups;
}

/** Every dataset × episode definition of a run config. */
export function episodesOfConfig(cfg: RunConfig): EpisodeGroup[] {
  return detectAll(cfg.datasets, cfg.episodes, cfg.baseDir, cfg.source);
}

/** The bundle the flags name: a price file, a sector returns file, or both; without --data, the data of the default `rally run` (the shipped corpus). */
function flagBundle(kind: EpisodeKind, f: EpisodeFlags): BundleSpec {
  const runData = (): BundleSpec => defaultRunConfig().datasets[0]!.spec;
  if (kind !== 'sector-lead') return f.data ? { price: f.data } : runData();
  if (f.sectors) return { ...(f.data ? { price: f.data } : runData()), sectors: f.sectors };
  if (!f.data) return runData();
  if (detectPriceFormat(readFileText(f.data).lines) === 'french') return { sectors: f.data };
  throw new ConfigError('--sectors', 'sector-lead episodes need sector data: --data <Ken French returns file> or --sectors <file>', 'flags');
}

/** One file's episodes of one kind, defined by flags (paths relative to the current folder). */
export function episodesOfFlags(f: EpisodeFlags): EpisodeGroup[] {
  const kind = f.kind ?? 'rebound';
  const spec = flagBundle(kind, f);
  const params: Record<string, unknown> = {};
  if (f.horizon !== undefined) params.horizon = f.horizon;
  if (kind === 'rebound') {
    if (f.drawdown !== undefined) params.drawdown = f.drawdown;
    if (f.rebound !== undefined) params.rebound = f.rebound;
  } else if (f.drawdown !== undefined || f.rebound !== undefined) {
    throw new ConfigError(f.drawdown !== undefined ? '--drawdown' : '--rebound', `only applies to --kind rebound, not ${kind}`, 'flags');
  }
  if (kind === 'seasonal' && f.window) params.windows = f.window;
  return detectAll([{ spec, key: '--data' }], [{ kind, params, key: 'flags' }], process.cwd(), '');
}
