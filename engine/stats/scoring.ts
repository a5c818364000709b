/**
 * Scoring: how well one criterion × parameter set predicted durability on one
 * dataset's episodes of one kind. Pure: the same episodes, predictions,
 * settings and seed give the same row, wherever it is computed (worker or
 * main thread). Censored episodes are listed but never scored.
 */
import type { Episode, Prediction } from '../types.ts';
import type { CalibrationBin, Interval, IntervalScheme, MetricsRow, ReturnGroup, StatisticsSettings, TradingView } from '../results.ts';
import { mean, median, smallSampleFlag, tinySampleAucInterval } from './descriptive.ts';
import { brier, calibrationBins, classificationMetrics, confusion } from './metrics.ts';
import { rankedAuc, rankedPrAuc, rankedRocCurve } from './auc.ts';
import { rankPrepare, type Ranked } from './ranking.ts';
import { rowBootstrap, type RowSample } from './row-bootstrap.ts';
import { rankedPermutationTest, UNTESTED, type PermutationTest } from './permutation.ts';
import { blockWidening, widenAround } from './bootstrap-test.ts';
import { isInverted, shownScheme } from './interval-choice.ts';
import { benjaminiHochberg } from './multiple.ts';
import { deriveSeed } from './random.ts';
import { parseIsoDay, yearOf } from '../calendar.ts';

export const TRADING_HORIZONS = [21, 63, 126] as const;

export interface RowKey {
  dataset: string;
  kind: Episode['kind'];
  /** The episode definition's label, when labelled (several definitions of one kind). */
  definition?: string;
  criterion: string;
  params: string;
  /** An evaluation period's name; absent for the whole sample. */
  period?: string;
}

/** The row's identity as text: the seed of its resamples and permutations. */
export function rowKeyText(k: RowKey): string {
  return `${k.dataset}|${k.kind}${k.definition === undefined ? '' : `@${k.definition}`}|${k.criterion}|${k.params}${k.period === undefined ? '' : `|period=${k.period}`}`;
}

function fwdOf(e: Episode, h: number): number {
  return h === 21 ? e.fwd21 : h === 63 ? e.fwd63 : h === 126 ? e.fwd126 : e.fwd252;
}

/** Forward-return mean and median per horizon over the episodes whose call is `which` ('all': every one). */
function group(eps: readonly Episode[], calls: Float64Array, which: 0 | 1 | 'all'): ReturnGroup {
  const m: Record<string, number> = {};
  const md: Record<string, number> = {};
  const v = new Float64Array(eps.length);
  let members = 0;
  for (const h of TRADING_HORIZONS) {
    let k = 0;
    members = 0;
    for (let i = 0; i < eps.length; i++) {
      if (which !== 'all' && calls[i] !== which) continue;
      members++;
      const x = fwdOf(eps[i]!, h);
      if (Number.isFinite(x)) v[k++] = x;
    }
    const values = v.subarray(0, k);
    m[String(h)] = k ? mean(values) : NaN;
    md[String(h)] = k ? median(values) : NaN;
  }
  return { n: members, mean: m, median: md };
}

/** The trading view: forward returns of the episodes called durable, called not, and all of them. */
function tradingView(eps: readonly Episode[], calls: Float64Array): TradingView {
  return { horizons: [...TRADING_HORIZONS], calledDurable: group(eps, calls, 1), calledNot: group(eps, calls, 0), all: group(eps, calls, 'all') };
}

/** Calendar year of an episode's decision, parsed once per episode object (rows share their episodes). */
const yearOfEpisode = new WeakMap<Episode, number>();
function decisionYear(e: Episode): number {
  let y = yearOfEpisode.get(e);
  if (y === undefined) {
    y = yearOf(parseIsoDay(e.decisionDate));
    yearOfEpisode.set(e, y);
  }
  return y;
}

const noInterval = (): Interval => ({ lo: NaN, hi: NaN });

/** The episodes a row scores (labelled, predicted, not abstained) and why the others were left out. */
interface Scored {
  episodes: Episode[];
  scores: number[];
  abstentions: number;
  failed: number;
  censored: number;
}

function collectScored(episodes: readonly Episode[], predictions: readonly Prediction[]): Scored {
  const byEpisode = new Map<string, Prediction>();
  for (const p of predictions) byEpisode.set(p.episodeId, p);
  const out: Scored = { episodes: [], scores: [], abstentions: 0, failed: 0, censored: 0 };
  for (const e of episodes) {
    if (e.label === null) { out.censored++; continue; }
    const p = byEpisode.get(e.id);
    if (!p || p.error) { out.failed++; continue; }
    if (p.call === null || !Number.isFinite(p.score)) { out.abstentions++; continue; }
    out.episodes.push(e);
    out.scores.push(p.score);
  }
  return out;
}

type RowIntervals = Pick<MetricsRow, 'aucCI' | 'balancedAccuracyCI' | 'brierCI' | 'aucBlockCI' | 'balancedAccuracyBlockCI' | 'brierBlockCI'>;

/**
 * The six bootstrap intervals of a row and the fewest usable resamples among
 * them: one resample set for the i.i.d. scheme and one for the calendar-year
 * blocks, each shared by AUC, balanced accuracy and Brier; the block
 * intervals widened for a small number of blocks around the row's estimates
 * `est`; and the block-bootstrap test of AUC = 0.5 (engine/stats/bootstrap-test.ts).
 */
function rowIntervals(keyText: string, sample: RowSample, ranked: Ranked, groups: Int32Array, settings: StatisticsSettings,
  runSeed: string, est: { auc: number; balancedAccuracy: number; brier: number }): RowIntervals & { valid: number; blockTest: PermutationTest } {
  const B = settings.bootstrap;
  if (!(B > 0 && sample.scores.length > 0)) {
    return { aucCI: noInterval(), balancedAccuracyCI: noInterval(), brierCI: noInterval(),
      aucBlockCI: noInterval(), balancedAccuracyBlockCI: noInterval(), brierBlockCI: noInterval(), valid: B, blockTest: UNTESTED };
  }
  const opts = { resamples: B, level: settings.level };
  const scale = blockWidening(new Set(groups).size, settings.level);
  const iid = rowBootstrap(sample, { ...opts, seed: deriveSeed(runSeed, `${keyText}|boot`) }, ranked);
  const block = rowBootstrap(sample, { ...opts, seed: deriveSeed(runSeed, `${keyText}|boot-block`), groups, aucTest: { estimate: est.auc, scale } }, ranked);
  const all = [iid.auc, iid.balancedAccuracy, iid.brier, block.auc, block.balancedAccuracy, block.brier];
  // Resamples whose statistic was defined (e.g. AUC needs both classes); the fewest across intervals.
  const valid = Math.min(...all.map((x) => x.valid));
  const iv = (x: { lo: number; hi: number }): Interval => ({ lo: x.lo, hi: x.hi });
  return { aucCI: iv(iid.auc), balancedAccuracyCI: iv(iid.balancedAccuracy), brierCI: iv(iid.brier),
    aucBlockCI: widenAround(block.auc, est.auc, scale), balancedAccuracyBlockCI: widenAround(block.balancedAccuracy, est.balancedAccuracy, scale),
    brierBlockCI: widenAround(block.brier, est.brier, scale), valid,
    blockTest: block.aucTest ?? UNTESTED };
}

/**
 * The row's test of AUC = 0.5, from the scheme of its shown interval. 'iid'
 * kinds: label permutations. 'year-block' kinds (episodes cluster in time,
 * and a permutation treats a cluster as independent evidence): the larger of
 * the calendar-year block-bootstrap p and the permutation p, each side — the
 * block bootstrap holds the level under clustering, the permutation is exact
 * when a handful of episodes make a bootstrap degenerate (five episodes
 * perfectly separated give every resample AUC 1), and the larger of two
 * p-values is valid when either is.
 */
function rowTest(interval: IntervalScheme, blockTest: PermutationTest, ranked: Ranked, settings: StatisticsSettings, seed: string): PermutationTest {
  const perm = settings.permutations > 0 && ranked.m > 0 ? rankedPermutationTest(ranked, settings.permutations, seed) : UNTESTED;
  if (interval !== 'year-block' || !(settings.bootstrap > 0)) return perm;
  if (!(settings.permutations > 0)) return blockTest;
  const larger = (a: number, b: number): number => (a !== a || b !== b ? NaN : Math.max(a, b));
  return { twoSided: larger(blockTest.twoSided, perm.twoSided), above: larger(blockTest.above, perm.above), below: larger(blockTest.below, perm.below) };
}

/**
 * The metrics row of one criterion × params on one (dataset, kind) episode
 * set. `predictions` are this row's, in any order; `episodes` all of the set.
 */
export function scoreRow(key: RowKey, episodes: readonly Episode[], predictions: readonly Prediction[],
  settings: StatisticsSettings, runSeed: string): MetricsRow {
  const { episodes: scoredEps, scores: sc, abstentions, failed, censored } = collectScored(episodes, predictions);
  const n = scoredEps.length;
  const labels = new Float64Array(n), scores = new Float64Array(n), calls = new Float64Array(n);
  const groups = new Int32Array(n); // calendar year of each decision: the blocks of the block bootstrap
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const e = scoredEps[i]!;
    labels[i] = e.label!;
    scores[i] = sc[i]!;
    calls[i] = sc[i]! >= settings.threshold ? 1 : 0;
    groups[i] = decisionYear(e);
    positives += e.label!;
  }
  const negatives = n - positives;
  const cm = confusion(labels, calls);
  const cls = classificationMetrics(cm);
  const baseRate = n ? positives / n : NaN;
  const keyText = rowKeyText(key);
  const B = settings.bootstrap;
  const ranked = rankPrepare(scores, labels, 'scoreRow'); // sorted once for every rank statistic
  const auc = n ? rankedAuc(ranked) : NaN;
  const brierScore = n ? brier(scores, labels) : NaN;
  const { valid, blockTest, ...intervals } = rowIntervals(keyText, { scores, labels, calls }, ranked, groups, settings, runSeed,
    { auc, balancedAccuracy: cls.balancedAccuracy, brier: brierScore });
  // A tiny sample's AUC intervals are at least the Wilson interval of its AUC (descriptive.ts), where a bootstrap degenerates.
  const floor = (ci: Interval): Interval => (B > 0 ? tinySampleAucInterval(ci, auc, positives, negatives, settings.level) : ci);
  const floored = { ...intervals, aucCI: floor(intervals.aucCI), aucBlockCI: floor(intervals.aucBlockCI) };
  const interval = shownScheme(key.kind);
  const test = rowTest(interval, blockTest, ranked, settings, deriveSeed(runSeed, `${keyText}|perm`));
  const roc = n > 0 && positives > 0 && negatives > 0 ? rankedRocCurve(ranked) : { fpr: [], tpr: [] };
  const calibration: CalibrationBin[] = n > 0 ? calibrationBins(scores, labels, 10) : [];
  return {
    ...key,
    n, abstentions, failed, censored, positives, negatives, baseRate,
    tp: cm.tp, fp: cm.fp, tn: cm.tn, fn: cm.fn,
    precision: cls.precision, recall: cls.recall, specificity: cls.specificity, f1: cls.f1,
    accuracy: cls.accuracy, balancedAccuracy: cls.balancedAccuracy, mcc: cls.mcc,
    auc,
    prAuc: n ? rankedPrAuc(ranked) : NaN,
    brier: brierScore,
    lift: Number.isFinite(cls.precision) && baseRate > 0 ? cls.precision / baseRate : NaN,
    aucCI: floored.aucCI, balancedAccuracyCI: intervals.balancedAccuracyCI, brierCI: intervals.brierCI,
    aucBlockCI: floored.aucBlockCI, balancedAccuracyBlockCI: intervals.balancedAccuracyBlockCI, brierBlockCI: intervals.brierBlockCI,
    pValue: test.twoSided, pAbove: test.above, pBelow: test.below, qValue: NaN,
    interval, inverted: isInverted({ interval, ...floored }), familyP: NaN,
    bootstrapValid: n > 0 ? valid : 0,
    smallSample: [smallSampleFlag(n, positives, negatives),
      B > 0 && n > 0 && valid < 0.95 * B ? `only ${valid} of ${B} resamples usable` : ''].filter(Boolean).join('; '),
    calibration,
    roc: { fpr: roc.fpr.map(round12), tpr: roc.tpr.map(round12) },
    trading: tradingView(scoredEps, calls),
  };
}

function round12(x: number): number {
  return Math.round(x * 1e12) / 1e12;
}

/** Benjamini-Hochberg q-values across every row the run tested (in place). */
export function assignQValues(rows: MetricsRow[]): void {
  const q = benjaminiHochberg(rows.map((r) => r.pValue));
  rows.forEach((r, i) => { r.qValue = q[i]!; });
}
