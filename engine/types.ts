/**
 * The few well-typed interfaces at the engine's seams. Everything else in the
 * project talks in these terms: Series, Dataset, Episode, DecisionPoint,
 * Prediction, MetricsRow, RunResult. Criteria (strategies/) see only the
 * types in this file and in engine/criterion.ts.
 */

import type { EpisodeKind, Outcome } from './vocabulary.ts';

/** Calendar day number: whole days since 1970-01-01 (UTC). Int32-safe. */
export type DayNumber = number;

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual' | 'irregular';

/** Where a series came from, for provenance in every report. */
export interface SourceInfo {
  /** Path as given by the user (or a package-relative name for embedded data). */
  file: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
}

/** Counts that make sure nothing is dropped silently. */
export interface LoadStats {
  /** Data rows read from the file. */
  rows: number;
  /** Values that were missing in the file (empty, `.`, sentinel). */
  missing: number;
  /** Values that were present but rejected (documented rule, e.g. Shiller trailing 0.0). */
  rejected: number;
  /** Free-text notes on rules applied (e.g. "trailing 0.0 treated as missing from 2023-07"). */
  notes: string[];
}

/**
 * One named column of values on its own dates, before alignment.
 * `lagDays`: a value dated d becomes known on calendar day d + lagDays.
 */
export interface Series {
  name: string;
  dates: Int32Array;
  values: Float64Array;
  frequency: Frequency;
  lagDays: number;
  source: SourceInfo | null;
  stats: LoadStats;
}

/** Metadata for one aligned column of a Dataset. */
export interface ColumnMeta {
  name: string;
  frequency: Frequency;
  lagDays: number;
  source: SourceInfo | null;
  /** Values in the source file that were missing or rejected (from LoadStats). */
  missing: number;
  rejected: number;
  /** First calendar index at which the column has a known value (or -1). */
  firstKnownIndex: number;
}

/**
 * Series aligned on one trading calendar (the primary price series' dates).
 * Every column has length dates.length; NaN means "not known on that day".
 * Columns are backed by ArrayBuffers or SharedArrayBuffers so they can be
 * handed to worker threads without copying.
 */
export interface Dataset {
  /** Market name, e.g. "GSPC" or "SP500-2000". Used in episode ids. */
  id: string;
  dates: Int32Array;
  columns: Map<string, Float64Array>;
  meta: Map<string, ColumnMeta>;
  /**
   * Index of the price file's first bar when the calendar starts earlier
   * (history kept for lookbacks, engine/data/history.ts); absent or 0 when it
   * does not. Episodes are decided from here on.
   */
  priceStart?: number;
}

/** The standard column names (data roles) criteria refer to. */
export const Columns = {
  close: 'close',
  open: 'open',
  high: 'high',
  low: 'low',
  volume: 'volume',
  vix: 'vix',
  advancers: 'adv',
  decliners: 'dec',
  unchanged: 'unch',
  advVolume: 'adv_volume',
  decVolume: 'dec_volume',
  /** Prefix for sector total-return index levels: `sector:<name>`. */
  sectorPrefix: 'sector:',
} as const;

export type { EpisodeKind, Outcome } from './vocabulary.ts';

/**
 * What is known at an episode's decision: the only episode facts a criterion
 * may see. No outcome, no forward returns.
 */
export interface DecisionPoint {
  id: string;
  market: string;
  kind: EpisodeKind;
  /** Index into the dataset calendar of the decision close. */
  decisionIndex: number;
  decisionDate: string;
  refLowIndex: number;
  refLowDate: string;
  refLow: number;
  peakIndex: number;
  peakDate: string;
  peak: number;
  /** Name of the column whose closes define this episode (close, or sector:<k>). */
  priceColumn: string;
  /** sector-lead: the sector's name. */
  sector?: string;
  /** seasonal: the window's name and its first trading-day index. */
  window?: string;
  windowStartIndex?: number;
}

/** One replayed rally with its hindsight outcome and descriptive statistics. */
export interface Episode extends DecisionPoint {
  outcome: Outcome;
  /** 1 durable, 0 failed or stalled, null censored. */
  label: 0 | 1 | null;
  /** Decline from peak to reference low, as a positive fraction. */
  drawdown: number;
  daysPeakToLow: number;
  /** Simple forward returns from the decision close; NaN past the data. */
  fwd21: number;
  fwd63: number;
  fwd126: number;
  fwd252: number;
  /** Maximum adverse excursion over t+1..t+H: min(C)/C[t] - 1 (<= 0), NaN if no forward data. */
  mae: number;
  /** Trading days from decision to the first close above the peak; NaN if never in the data. */
  daysToRegainPeak: number;
  /** Horizon H used for the outcome. */
  horizon: number;
  /** Data notes (a universe member's hygiene flags in the episode's window, a peak at the file's first bar); absent when none. */
  flags?: string;
  /** The label of the episode's definition when the run labels it (engine/episodes/definition-label.ts); absent otherwise. */
  definition?: string;
}

/** A criterion's answer at one decision. */
export type ScoreResult = { score: number } | { abstain: string };

export interface Prediction {
  episodeId: string;
  criterion: string;
  /** Canonical parameter key, e.g. "fast=50;slow=200" ('' for no params). */
  params: string;
  /** In [0,1]; NaN when abstained or failed. */
  score: number;
  /** 1 called durable, 0 called not durable, null abstained/failed. */
  call: 0 | 1 | null;
  abstainReason: string;
  /** Non-empty when the job that produced this prediction failed. */
  error: string;
}

export interface JobFailure {
  jobKey: string;
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  reason: string;
}
