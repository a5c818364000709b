/**
 * The shape of a finished run: what the scoring produces and what every
 * report writer reads (RunResult). summary.json is RunSummary verbatim.
 */
import type { Episode, EpisodeKind, JobFailure, Prediction } from './types.ts';
import type { ReplicationInfo, ReplicationRow, WalkForwardInfo, WalkForwardRow } from './selection-results.ts';
import type { CombineSummary } from './combine-spec.ts';
import type { TradingResult } from './trading-results.ts';
import type { FanRow, SurvivalRow } from './results-paths.ts';
import type { NullWorldsInfo } from './null-worlds-results.ts';
import type { DefinitionTagged } from './definition-labels.ts';

export type * from './results-paths.ts';
export type { NullWorldCounts, NullWorldRow, NullWorldsInfo } from './null-worlds-results.ts';

export interface Interval {
  lo: number;
  hi: number;
}

/** Bootstrap scheme of an interval: episodes drawn independently, or whole calendar years of decisions. */
export type IntervalScheme = 'iid' | 'year-block';
/** The scheme of the interval a row states as its own: its kind's, or for a universe's pooled and group rows cluster-robust (engine/stats/interval-choice.ts). */
export type HeadlineScheme = IntervalScheme | 'cluster';

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
export interface MetricsRow extends Confusion, ClassificationMetrics, DefinitionTagged {
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
  /** Two-sided permutation p-value of AUC = 0.5 (statistic |AUC - 0.5|). */
  pValue: number;
  /** One-sided p-values from the same permutations: evidence that AUC > 0.5, and that AUC < 0.5. */
  pAbove: number;
  pBelow: number;
  /** Benjamini-Hochberg q-value (of the two-sided p) across every row of the run (period rows: of the same period). */
  qValue: number;
  /**
   * Which AUC interval the reports show for this row (engine/stats/interval-choice.ts): its episode kind's
   * scheme, or 'cluster' for a universe's pooled and group rows (read `pooled.aucClusterCI`, auc_cluster_lo/hi).
   */
  interval: HeadlineScheme;
  /** The shown AUC interval lies entirely below 0.5: the criterion points the wrong way. */
  inverted: boolean;
  /** Family-wise p of this row within its criterion's parameter grid on this kind and dataset (max-statistic permutation); NaN for a grid of one. */
  familyP: number;
  /** Evaluation period of the row (evaluation.periods); absent for the whole sample. */
  period?: string;
  /** Did the discovery period's finding hold in this period (engine/stats/verdict.ts)? On the whole-sample row: the last period's verdict. */
  verdict?: string;
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
 * What a universe row adds. For pooled and group rows `pValue` (two-sided),
 * `pAbove` and `pBelow` are the cluster permutation test's (whole clusters of
 * episodes decided in the same calendar period, or run of periods, permuted)
 * and the cluster intervals are cluster-robust; `pValueIid` is the i.i.d.
 * permutation p-value (two-sided), for comparison.
 */
export interface PooledInfo {
  scope: 'pooled' | 'group' | 'member';
  universe: string;
  group?: string;
  /** Members with at least one scored episode in the row (for sector-lead on a universe's groups: groups). */
  members: number;
  /** Distinct cluster periods among the scored episodes. */
  clusters: number;
  /** The cluster period: "month", "week", "quarter", "year" or "days=N". */
  clusterBy: string;
  /** Consecutive periods per cluster (more than 1 when clusters are merged to span the outcome horizon). */
  clusterPeriods: number;
  /** Cluster-robust intervals (engine/stats/cluster-interval.ts). */
  aucClusterCI?: Interval;
  balancedAccuracyClusterCI?: Interval;
  brierClusterCI?: Interval;
  /** Degrees of freedom of the AUC interval's t quantile (effective clusters - 1). */
  clusterDf?: number;
  pValueIid: number;
}

/** One metrics row's AUC and balanced accuracy among the decisions of one decade (stability.csv). */
export interface StabilityRow extends DefinitionTagged {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  /** First year of the decade (1990 = 1990-1999). */
  decade: number;
  n: number;
  positives: number;
  negatives: number;
  auc: number;
  balancedAccuracy: number;
}

/** Sweep-honest inference for one criterion's parameter grid on one kind and dataset (families.csv). */
export interface FamilyRow extends DefinitionTagged {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  /** Parameter sets in the grid, and how many had an AUC. */
  sets: number;
  scoredSets: number;
  /** The set with the largest |AUC - 0.5|, its AUC and own two-sided p. */
  bestParams: string;
  bestAuc: number;
  bestP: number;
  /** Family-wise p of the best set (max-statistic permutation over the grid). */
  familyP: number;
  /** Probability of backtest overfitting by CSCV (NaN when not computed: see pboNote). */
  pbo: number;
  pboBlocks: number;
  pboSplits: number;
  pboNote: string;
}

/** Evaluation periods of a run, as the reports state them. */
export interface EvaluationInfo {
  periods: Array<{ name: string; from?: string; to?: string }>;
  /** The verdict rule (engine/stats/verdict.ts). */
  verdictRule: string;
  /** Walk-forward selection and replication as configured, each with its rule (engine/selection-results.ts). */
  walkForward?: WalkForwardInfo; replication?: ReplicationInfo;
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
  /** The definition's label (required when a kind repeats); absent when unlabelled. */
  label?: string;
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
  /** 'derived': made at assembly from other criteria's predictions (the `combined` rows). */
  source: 'built-in' | 'expression' | 'plugin' | 'derived';
}

export interface StatisticsSettings {
  bootstrap: number;
  permutations: number;
  level: number;
  threshold: number;
  blockBy: 'year';
}

export interface PowerRow extends DefinitionTagged {
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
  /** "merge": a cluster is a run of periods spanning the outcome horizon; "ignore": one period (engine/universe-spec.ts). */
  overlap: 'merge' | 'ignore';
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
  episodes: Array<{ id: string; dataset: string; kind: EpisodeKind; definition?: string; decisionDate: string; outcome: string }>;
  metrics: MetricsRow[];
  failures: JobFailure[];
  power: PowerRow[];
  /** Evaluation periods (absent when the run has none). */
  evaluation?: EvaluationInfo;
  /** Metrics rows per evaluation period (each with `period` and, after the first period, `verdict`). */
  periodMetrics?: MetricsRow[];
  /** Family-wise p and overfitting probability per parameter grid (criteria with 2+ sets). */
  families?: FamilyRow[];
  /** AUC and balanced accuracy per decade of decisions, per metrics row. */
  stability?: StabilityRow[];
  /** Walk-forward selection per parameter grid; choose on one dataset, confirm on the others (engine/selection-results.ts). */
  walkForward?: WalkForwardRow[]; replication?: ReplicationRow[];
  /** When this is one shard's output: "i/n". */
  shard?: string;
  /** The answer first: what beat chance, per kind (absent from a shard's output). */
  verdict?: Verdict;
  /** The run's universes (absent when it has none); their members are not listed in `datasets`. */
  universes?: UniverseSummary[];
  /** Combined rows' settings, per-fold models and members' incremental values (engine/combine-spec.ts; absent without `combine`). */
  combine?: CombineSummary;
  /** Null worlds: every row's real AUC ranked among its AUCs on alternate histories (absent without `nullWorlds`). */
  nullWorlds?: NullWorldsInfo;
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
  /** Time to failure per row, called durable vs not (survival.csv); absent from a shard's output. */
  survival?: SurvivalRow[];
  /** Forward-return fans per row (fans.csv); absent from a shard's output. */
  fans?: FanRow[];
  /** The trading backtest (trades.csv, trading.csv); absent from a shard's output or when turned off. */
  trading?: TradingResult;
}

// ---------------------------------------------------------------------------
// The verdict
// ---------------------------------------------------------------------------

/**
 * How one row stands against chance: beats it (q <= alpha and AUC above the
 * chance band), above the band but not significant after correction, within
 * the band, below it, or untested (no p-value).
 */
export const VERDICT_STATUSES = ['beats-chance', 'above-band', 'within-band', 'below-band', 'untested'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** Each status in a few plain words (report and terminal). */
export const VERDICT_STATUS_TEXT: Record<VerdictStatus, string> = {
  'beats-chance': 'beats chance',
  'above-band': 'above the chance band, not significant after correction',
  'within-band': 'within the chance band',
  'below-band': 'below the chance band',
  untested: 'not tested',
};

/** Each status in a word or two (tables). */
export const VERDICT_STATUS_SHORT: Record<VerdictStatus, string> = {
  'beats-chance': 'beats chance',
  'above-band': 'above band, not significant',
  'within-band': 'within chance band',
  'below-band': 'below chance band',
  untested: 'not tested',
};

/**
 * Where a row's episodes come from, in words: "U pooled", "U group G",
 * "U member M" for a universe's rows; a plain dataset's id when `multi` (the
 * run has several datasets), else ''.
 */
export function rowWhere(r: Pick<VerdictRow, 'dataset' | 'scope' | 'universe' | 'group'>, multi: boolean): string {
  if (r.scope === 'pooled') return `${r.universe ?? r.dataset} pooled`;
  if (r.scope === 'group') return `${r.universe ?? ''} group ${r.group ?? r.dataset}`.trim();
  if (r.scope === 'member') return `${r.universe ?? ''} member ${r.dataset}`.trim();
  return multi ? r.dataset : '';
}

/** One criterion x params x dataset row of a kind, as the verdict shows it. */
export interface VerdictRow extends DefinitionTagged {
  dataset: string;
  criterion: string;
  params: string;
  n: number;
  positives: number;
  /** A universe's row: pooled, one group's or one member's (absent for a plain dataset's row). */
  scope?: PooledInfo['scope'];
  universe?: string;
  group?: string;
  auc: number;
  /** The row's headline interval (the one its leaderboard row shows), and its scheme. */
  aucCI: Interval;
  interval: HeadlineScheme;
  /** Central `level` range of the AUC of random rankings for this n and class balance (the permutation null), widened for dependent episodes (engine/run/verdict.ts rowChanceBand). */
  nullBand: Interval;
  pValue: number;
  qValue: number;
  status: VerdictStatus;
  /** Against always-durable: precision of the durable calls vs the base rate (always-durable's precision). */
  precision: number;
  baseRate: number;
  /** Mean 63-day forward return of the episodes called durable minus that of every scored episode (NaN when none called). */
  excessReturn63: number;
  /** '' or the row's small-sample flag. */
  smallSample: string;
  /** Out-of-sample status when the run has periods or replication ('' when it has none). */
  outOfSample: string;
}

/** The verdict for one episode kind. */
export interface KindVerdict {
  kind: EpisodeKind;
  /** The answer in one plain sentence. */
  sentence: string;
  /** Rows of this kind with a p-value. */
  tested: number;
  /** Rows that beat chance after correction. */
  winners: number;
  /** The rows shown: every winner, then the best others by AUC (baselines left out). */
  rows: VerdictRow[];
  /** Rows of this kind not shown. */
  more: number;
}

export interface Verdict {
  /** False-discovery rate at which q-values are read (1 - level). */
  alpha: number;
  level: number;
  /** Rows with a p-value: the number of tests the q-values were adjusted over. */
  tests: number;
  /** Smallest q-value of the run (NaN when none). */
  smallestQ: number;
  /** Random rankings drawn per null band (0 where the band is the normal approximation). */
  nullDraws: number;
  kinds: KindVerdict[];
}
