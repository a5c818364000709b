/**
 * Confusion matrix and threshold metrics of binary calls (precision, recall,
 * balanced accuracy, MCC, ...), the Brier score and calibration bins.
 */
import type { CalibrationBin, ClassificationMetrics, Confusion } from '../results.ts';
import { checkSameLength, isPositiveLabel, ratio } from './conventions.ts';

export type { CalibrationBin, ClassificationMetrics, Confusion };

/**
 * Confusion matrix of binary calls against labels. Positive = durable.
 * A call counts as "called durable" when `call > 0.5`. Items whose label or
 * call is NaN (unlabelled / abstained) are not counted anywhere.
 */
export function confusion(labels: ArrayLike<number>, calls: ArrayLike<number>): Confusion {
  checkSameLength(labels, calls, 'confusion');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const c = calls[i]!;
    if (y !== y || c !== c) continue;
    const pos = isPositiveLabel(y);
    if (c > 0.5) {
      if (pos) tp++;
      else fp++;
    } else if (pos) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * Threshold metrics from a confusion matrix. Each is NaN when its denominator
 * is zero:
 *  - precision   = tp / (tp + fp)           (NaN if nothing was called durable)
 *  - recall      = tp / (tp + fn)           (NaN if there are no durable items)
 *  - specificity = tn / (tn + fp)           (NaN if there are no non-durable items)
 *  - f1          = 2tp / (2tp + fp + fn)    (equals the harmonic mean of precision
 *                  and recall when both are defined; 0 when tp = 0 but there are
 *                  positives or positive calls; NaN only when tp = fp = fn = 0)
 *  - accuracy    = (tp + tn) / N
 *  - balancedAccuracy = (recall + specificity) / 2 (NaN if either is NaN)
 *  - mcc = (tp tn - fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)).
 *    CHOICE: when any of the four margins is 0 (a criterion that always, or
 *    never, calls durable; or a one-class sample) we return NaN, not the 0 that
 *    some libraries return. A degenerate caller is "undefined", not "exactly
 *    chance", and NaN keeps it from looking like a measured null result.
 */
export function classificationMetrics(c: Confusion): ClassificationMetrics {
  const { tp, fp, tn, fn } = c;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const specificity = ratio(tn, tn + fp);
  const f1 = ratio(2 * tp, 2 * tp + fp + fn);
  const accuracy = ratio(tp + tn, tp + fp + tn + fn);
  const balancedAccuracy = (recall + specificity) / 2; // NaN propagates
  const den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
  const mcc = den === 0 ? NaN : (tp * tn - fp * fn) / Math.sqrt(den);
  return { precision, recall, specificity, f1, accuracy, balancedAccuracy, mcc };
}

/** Brier score: mean of (score - label)^2 over items with non-NaN score and label; NaN if none. */
export function brier(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkSameLength(scores, labels, 'brier');
  let s = 0;
  let k = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]!;
    const y = labels[i]!;
    if (p !== p || y !== y) continue;
    const d = p - (isPositiveLabel(y) ? 1 : 0);
    s += d * d;
    k++;
  }
  return k === 0 ? NaN : s / k;
}

/**
 * Reliability-diagram bins: `bins` equal-width bins on [0, 1]. Bin i covers
 * [i/bins, (i+1)/bins); the last bin is closed so a score of exactly 1.0
 * belongs to it. Scores below 0 or above 1 (which a criterion should not
 * produce) are clamped into the first / last bin. Items with NaN score or
 * label are skipped. Empty bins have n = 0 and NaN meanScore / observedRate.
 */
export function calibrationBins(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  checkSameLength(scores, labels, 'calibrationBins');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibrationBins: bins must be a positive integer, got ${bins}`);
  const count = new Float64Array(bins);
  const sumScore = new Float64Array(bins);
  const sumPos = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const y = labels[i]!;
    if (s !== s || y !== y) continue;
    let b = Math.floor(s * bins);
    // Keep membership consistent with the reported edges lo = b/bins, hi = (b+1)/bins
    // despite rounding in s * bins.
    if (b > 0 && b < bins && s < b / bins) b--;
    else if (b + 1 < bins && b >= 0 && s >= (b + 1) / bins) b++;
    if (b < 0) b = 0;
    if (b >= bins) b = bins - 1;
    count[b]!++;
    sumScore[b]! += s;
    if (isPositiveLabel(y)) sumPos[b]!++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const n = count[b]!;
    out.push({
      lo: b / bins,
      hi: (b + 1) / bins,
      n,
      meanScore: n === 0 ? NaN : sumScore[b]! / n,
      observedRate: n === 0 ? NaN : sumPos[b]! / n,
    });
  }
  return out;
}
