/**
 * Episode detection by kind, with parameter validation that names the
 * config key. Each kind's definition is versioned; the report states the
 * version and parameters used.
 */
import { attributeTo, ConfigError } from '../errors.ts';
import type { Dataset, Episode, EpisodeKind } from '../types.ts';
import type { DefinitionInfo } from '../results.ts';
import { findRebounds, REBOUND_DEFAULTS, REBOUND_VERSION, validateReboundParams } from './rebound.ts';
import { findSectorLeads, SECTOR_LEAD_VERSION } from './sector-lead.ts';
import { parseWindowSpec } from '../calendar-windows.ts';
import { findSeasonal, SEASONAL_VERSION } from './seasonal.ts';
import { fromPriceStart } from '../data/history.ts';
import { labelEpisodes } from '../definition-labels.ts';

export interface EpisodeSetSpec {
  kind: EpisodeKind;
  params: Record<string, unknown>;
  key: string;
  /** A labelled definition's label: its episodes' ids and `definition` carry it (definition-label.ts). */
  label?: string;
}

/** A ConfigError naming the config key, or the command-line flag when the spec came from flags. */
function paramError(key: string, name: string, detail: string): ConfigError {
  return key === 'flags' ? new ConfigError(`--${name}`, detail, 'flags') : new ConfigError(`${key}.${name}`, detail);
}

function numParam(p: Record<string, unknown>, name: string, dflt: number, key: string): number {
  const v = p[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw paramError(key, name, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function onlyKeys(p: Record<string, unknown>, allowed: string[], key: string): void {
  for (const k of Object.keys(p)) if (!allowed.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown parameter (allowed: ${allowed.join(', ')})`);
}

export interface DetectedSet {
  episodes: Episode[];
  definition: DefinitionInfo;
}

/** Validate a spec's parameters without data (config time). */
export function normaliseEpisodeParams(spec: EpisodeSetSpec): DefinitionInfo {
  const p = spec.params;
  const key = spec.key;
  switch (spec.kind) {
    case 'rebound': {
      onlyKeys(p, ['drawdown', 'rebound', 'horizon'], key);
      const params = {
        drawdown: numParam(p, 'drawdown', REBOUND_DEFAULTS.drawdown, key),
        rebound: numParam(p, 'rebound', REBOUND_DEFAULTS.rebound, key),
        horizon: numParam(p, 'horizon', REBOUND_DEFAULTS.horizon, key),
      };
      const bad = validateReboundParams(params);
      if (bad) throw paramError(key, bad.param, bad.detail);
      return { kind: 'rebound', version: REBOUND_VERSION, params };
    }
    case 'sector-lead': {
      onlyKeys(p, ['horizon'], key);
      const horizon = numParam(p, 'horizon', 126, key);
      if (!Number.isInteger(horizon) || horizon < 1) throw paramError(key, 'horizon', `must be a positive integer, got ${horizon}`);
      return { kind: 'sector-lead', version: SECTOR_LEAD_VERSION, params: { horizon } };
    }
    case 'seasonal': {
      onlyKeys(p, ['horizon', 'windows'], key);
      const horizon = numParam(p, 'horizon', 126, key);
      if (!Number.isInteger(horizon) || horizon < 1) throw paramError(key, 'horizon', `must be a positive integer, got ${horizon}`);
      const raw = p.windows === undefined ? ['santa-claus', 'first-five-days'] : p.windows;
      if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(`${key}.windows`, 'expected a non-empty list of window names or window specs');
      const windows = raw.map((w, i) => (key === 'flags'
        ? attributeTo('flags', () => parseWindowSpec(w, `--window[${i}]`))
        : parseWindowSpec(w, `${key}.windows[${i}]`)));
      const names = new Set<string>();
      for (const [i, w] of windows.entries()) {
        if (names.has(w.name)) throw new ConfigError(`${key}.windows[${i}]`, `duplicate window name '${w.name}'`);
        names.add(w.name);
      }
      return { kind: 'seasonal', version: SEASONAL_VERSION, params: { horizon, windows } };
    }
  }
}

/** Episodes found on a dataset's prices with their indices moved by `by` (history before the first price). */
function shifted(e: Episode, by: number): Episode {
  if (by === 0) return e;
  return {
    ...e, decisionIndex: e.decisionIndex + by, refLowIndex: e.refLowIndex + by, peakIndex: e.peakIndex + by,
    ...(e.windowStartIndex === undefined ? {} : { windowStartIndex: e.windowStartIndex + by }),
  };
}

/** Episodes are decided on the prices only: history kept before the first price (for lookbacks) is not searched. */
export function detectEpisodes(ds: Dataset, spec: EpisodeSetSpec): DetectedSet {
  const found = detectOnPrices(fromPriceStart(ds), spec);
  const by = ds.priceStart ?? 0;
  const episodes = by > 0 ? found.episodes.map((e) => shifted(e, by)) : found.episodes;
  if (spec.label === undefined) return { ...found, episodes };
  return { episodes: labelEpisodes(episodes, spec.label), definition: { ...found.definition, label: spec.label } };
}

function detectOnPrices(ds: Dataset, spec: EpisodeSetSpec): DetectedSet {
  const definition = normaliseEpisodeParams(spec);
  const p = definition.params as never;
  let episodes: Episode[];
  switch (spec.kind) {
    case 'rebound':
      episodes = findRebounds(ds, p);
      break;
    case 'sector-lead':
      if (![...ds.columns.keys()].some((k) => k.startsWith('sector:')) || !ds.columns.has('market')) {
        throw new ConfigError(spec.key, `dataset '${ds.id}' has no sector data: sector-lead episodes need a 'sectors' file in its bundle`);
      }
      episodes = findSectorLeads(ds, p);
      break;
    case 'seasonal':
      episodes = findSeasonal(ds, p);
      break;
  }
  return { episodes, definition };
}
