/**
 * Episodes without a run (`rally episodes`): the datasets and episode
 * definitions of a run config, or of one file named by command-line flags,
 * loaded and detected dataset by dataset.
 */
import { attributeTo, ConfigError } from '../errors.ts';
import type { DatasetRef, EpisodeSpec, RunConfig } from '../config.ts';
import type { BundleSpec } from '../bundle-spec.ts';
import { detectEpisodes } from '../episodes/detect.ts';
import type { Dataset, Episode } from '../types.ts';
import type { EpisodeKind } from '../vocabulary.ts';
import { EMBEDDED_BUNDLE, loadBundle } from '../../datasets/bundle.ts';
import { readFileText } from '../../datasets/readers/table.ts';
import { detectPriceFormat } from '../../datasets/load.ts';

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
    const { dataset } = attributeTo(source, () => loadBundle(b.spec, baseDir, b.key));
    for (const s of specs) groups.push({ dataset, episodes: attributeTo(source, () => detectEpisodes(dataset, s)).episodes });
  }
  return groups;
}

/** Every dataset × episode definition of a run config. */
export function episodesOfConfig(cfg: RunConfig): EpisodeGroup[] {
  return detectAll(cfg.datasets, cfg.episodes, cfg.baseDir, cfg.source);
}

/** The bundle the flags name: a price file, a sector returns file, or both (default: the embedded S&P 500). */
function flagBundle(kind: EpisodeKind, f: EpisodeFlags): BundleSpec {
  if (kind !== 'sector-lead') return f.data ? { price: f.data } : EMBEDDED_BUNDLE;
  if (f.sectors) return { price: f.data ?? EMBEDDED_BUNDLE.price, sectors: f.sectors };
  if (f.data && detectPriceFormat(readFileText(f.data).lines) === 'french') return { sectors: f.data };
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
