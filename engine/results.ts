/**
 * The shape of a finished run: what the scoring produces and what every
 * report writer reads (RunResult). summary.json is RunSummary verbatim.
 */
import type { Episode, EpisodeKind, JobFailure, Prediction } from './types.ts';

export interface Interval {
  lo: number;
  hi: number;
}

/** Confusion matrix of binary calls against labels (positive = durable). */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Threshold metrics of binary calls; each NaN when its denominator is zero (engine/stats/metrics.ts). */
export interface ClassificationMetrics {
  precision: number;
  recall: number;
  specificity: number;
  f1: number;
  accuracy: number;
  balancedAccuracy: number;
  mcc: number;
}

/** One reliability-diagram bin. */
export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  meanScore: number;
  observedRate: number;
}

/** Forward-return statistics of a group of episodes, per horizon. */
export interface ReturnGroup {
  n: number;
  /** Keyed by horizon in trading days ("21", "63", "126"). NaN when the group is empty. */
  mean: Record<string, number>;
  median: Record<string, number>;
}

/** The trading view: episodes called durable vs not, against buying every episode. */
export interface TradingView {
  horizons: number[];
  calledDurable: ReturnGroup;
  calledNot: ReturnGroup;
  /** Buy-every-episode baseline (all scored episodes of this kind/dataset). */
  all: ReturnGroup;
}

/** One criterion × parameter set × episode kind × dataset: the confusion matrix and its metrics, and more. */
export interface MetricsRow extends Confusion, ClassificationMetrics {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  /** Episodes scored (not censored, not abstained, not failed). */
  n: number;
  abstentions: number;
  /** Episodes lost to failed jobs. */
  failed: number;
  /** Censored episodes (listed, never scored). */
  censored: number;
  positives: number;
  negatives: number;
  baseRate: number;
  auc: number;
  prAuc: number;
  brier: number;
  /** precision / base rate (NaN when undefined). */
  lift: number;
  /** Percentile bootstrap intervals, resampling episodes (i.i.d.). */
  aucCI: Interval;
  balancedAccuracyCI: Interval;
  brierCI: Interval;
  /** Block bootstrap intervals, resampling whole calendar years of decisions. */
  aucBlockCI: Interval;
  balancedAccuracyBlockCI: Interval;
  brierBlockCI: Interval;
  /** One-sided permutation p-value for AUC > 0.5. */
  pValue: number;
  /** Benjamini-Hochberg q-value across every row of the run. */
  qValue: number;
  /** Bootstrap resamples whose statistics were defined (the fewest across this row's intervals). */
  bootstrapValid: number;
  /** '' or a short reason the sample is too small to trust (n < 30 or < 5 of a class, or few usable resamples). */
  smallSample: string;
  calibration: CalibrationBin[];
  roc: { fpr: number[]; tpr: number[] };
  trading: TradingView;
  /** A universe's row (engine/run/pooled.ts): pooled, per group or per member; absent for a plain dataset's row. */
  pooled?: PooledInfo;
}

/**
 * What a universe row adds. For pooled and group rows `pValue` is the
 * cluster permutation test's (whole clusters of episodes decided in the same
 * calendar period permuted) and the cluster intervals resample whole
 * clusters; `pValueIid` is the i.i.d. permutation p-value, for comparison.
 */
export interface PooledInfo {
  scope: 'pooled' | 'group' | 'member';
  universe: string;
  group?: string;
  /** Members with at least one scored episode in the row. */
  members: number;
  /** Distinct cluster periods among the scored episodes. */
  clusters: number;
  /** The cluster period: "month", "week", "quarter", "year" or "days=N". */
  clusterBy: string;
  aucClusterCI?: Interval;
  balancedAccuracyClusterCI?: Interval;
  brierClusterCI?: Interval;
  pValueIid: number;
}

export interface DataFileInfo {
  dataset: string;
  role: string;
  series: string[];
  file: string;
  sha256: string;
  rows: number;
  missing: number;
  rejected: number;
  notes: string[];
}

export interface DefinitionInfo {
  kind: EpisodeKind;
  version: string;
  params: Record<string, unknown>;
}

export interface CriterionInfo {
  id: string;
  claim: string;
  needs: string[];
  scoring: string;
  /** Parameter sets run, as canonical keys. */
  paramSets: string[];
  source: 'built-in' | 'expression' | 'plugin';
}

export interface StatisticsSettings {
  bootstrap: number;
  permutations: number;
  level: number;
  threshold: number;
  blockBy: 'year';
}

export interface PowerRow {
  dataset: string;
  kind: EpisodeKind;
  n: number;
  positives: number;
  negatives: number;
  alpha: number;
  /** AUC at which the permutation test detects the effect with 80% probability (NaN if none up to 0.99). */
  minDetectableAuc: number;
  /** Power at a few true AUCs: keyed "0.6", "0.7", "0.8", "0.9". */
  power: Record<string, number>;
  /**
   * A universe's set: its episodes cluster in time, so power is that of the
   * effective sample, n / designEffect (engine/stats/cluster.ts designEffect).
   */
  clustered?: { by: string; clusters: number; icc: number; designEffect: number; effectivePositives: number; effectiveNegatives: number };
}

/** One hygiene flag of a universe member (engine/data/hygiene.ts). */
export interface HygieneFlagInfo {
  member: string;
  date: string;
  kind: 'bad-print' | 'split-or-spin-off';
  /** The day's simple return, and the next day's. */
  move: number;
  next: number;
  note: string;
}

/** A universe of the run: its members, how its rows are pooled and clustered, its breadth and market, its hygiene. */
export interface UniverseSummary {
  id: string;
  start: string;
  end: string;
  bars: number;
  members: Array<{ id: string; file: string; start: string; end: string; bars: number; group?: string; flags: number }>;
  /** Group names (from the membership file), sorted; empty without one. */
  groups: string[];
  rows: 'pooled' | 'members' | 'both';
  /** The cluster period ("month", ..., "days=N") and how a report states it. */
  cluster: string;
  clusterText: string;
  market: string;
  breadth: 'members' | 'file';
  hygiene: {
    mode: 'warn' | 'exclude-episodes' | 'exclude-member';
    flags: HygieneFlagInfo[];
    excludedMembers: string[];
    /** Episodes whose window holds a flagged day, those of them not scored, and corrections peaking at a file's first bar. */
    flaggedEpisodes: number;
    excludedEpisodes: number;
    firstBarPeaks: number;
  };
}

export interface RunSummary {
  engine: { name: string; version: string };
  /** sha256 of the canonical run config JSON. */
  runConfigHash: string;
  seed: string;
  config: unknown;
  data: DataFileInfo[];
  definitions: DefinitionInfo[];
  /** Each dataset's price span; `historyFrom`: its calendar's first day when history before the prices is kept for lookbacks. */
  datasets: Array<{ id: string; start: string; end: string; bars: number; columns: string[]; historyFrom?: string }>;
  criteria: CriterionInfo[];
  statistics: StatisticsSettings;
  counts: { episodes: number; scored: number; censored: number; predictions: number; jobs: number; failedJobs: number };
  /** Every episode of the run with its outcome (the regression gate compares these). */
  episodes: Array<{ id: string; dataset: string; kind: EpisodeKind; decisionDate: string; outcome: string }>;
  metrics: MetricsRow[];
  failures: JobFailure[];
  power: PowerRow[];
  /** When this is one shard's output: "i/n". */
  shard?: string;
  /** The run's universes (absent when it has none); their members are not listed in `datasets`. */
  universes?: UniverseSummary[];
}

/** Prices a report draws (one per dataset): ISO dates and closes. */
export interface PriceTrack {
  /** The dataset, or a universe (whose track is its market: the equal-weighted composite or its index file). */
  dataset: string;
  column: string;
  dates: string[];
  close: number[];
}

export interface RunResult {
  summary: RunSummary;
  episodes: Episode[];
  predictions: Prediction[];
  prices: PriceTrack[];
}
