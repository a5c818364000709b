/**
 * What null worlds produce (engine/run/null-worlds.ts): episode counts of the
 * real history beside the null worlds', and every metrics row's real AUC
 * ranked in its null distribution. Part of RunSummary (engine/results.ts).
 */
import type { EpisodeKind } from './types.ts';

/** Episodes of one set (dataset × definition) in the real history and across the null worlds. */
export interface NullWorldCounts {
  dataset: string;
  kind: EpisodeKind;
  definition?: string;
  realEpisodes: number;
  realDurableShare: number;
  /** Episodes per null world: mean, smallest, largest; mean share durable among the scored. */
  nullMean: number;
  nullMin: number;
  nullMax: number;
  nullDurableShare: number;
}

/** A real figure ranked in its null distribution (engine/stats/null-distribution.ts). */
export interface NullRank {
  /** Null worlds in which the row had an AUC. */
  paths: number;
  mean: number;
  q05: number;
  q25: number;
  median: number;
  q75: number;
  q95: number;
  /** Share of the null AUCs at or above the real one. */
  shareAtOrAbove: number;
  /** Rank p-values: (1 + null AUCs at or above the real) / (1 + paths); two-sided: by |AUC - 0.5|. */
  rankP: number;
  rankPTwoSided: number;
}

/** One metrics row's real AUC against its AUCs on the null worlds (null-worlds.csv). */
export interface NullWorldRow extends NullRank {
  dataset: string;
  kind: EpisodeKind;
  definition?: string;
  criterion: string;
  params: string;
  realAuc: number;
}

export interface NullWorldsInfo {
  paths: number;
  scheme: 'years' | 'stationary';
  block?: number;
  /** How the worlds are made, in a sentence the reports print. */
  method: string;
  counts: NullWorldCounts[];
  rows: NullWorldRow[];
}
