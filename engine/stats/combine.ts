/**
 * Combining criteria: a regularised logistic model over several criteria's
 * scores, fitted walk-forward so every prediction is out of sample.
 *
 * Items are one (dataset, kind)'s episodes; column j of `scores` is member j's
 * score (NaN where it abstained or failed). At each fold (engine/stats/folds.ts:
 * expanding window, training = episodes whose whole outcome window ended by
 * the block's first decision) the members' scores are standardised with the
 * TRAINING episodes' mean and standard deviation only, the L2 logistic model
 * (engine/stats/logistic.ts) is fitted on the training episodes, and the test
 * block's episodes get the fitted probability. Nothing a fold uses comes from
 * its test block or later: the folds say which episodes train, and this module
 * reads labels of training episodes only.
 *
 * Missing member scores are never dropped silently:
 *   - 'mean': a missing score is set to the training mean (0 after
 *     standardisation, so the member adds nothing to that episode's
 *     prediction); counted per member, in training and in test;
 *   - 'abstain': a training episode with any member missing is left out of
 *     the fit (counted), and the combined model abstains on a test episode
 *     with any member missing (its reason names the members).
 * A member with no score, or one constant value, in a fold's training
 * episodes gets a zero column there (coefficient 0, noted).
 */
import type { Fold } from './folds.ts';
import { fitLogistic } from './logistic.ts';

export const MISSING_RULES = ['mean', 'abstain'] as const;
export type MissingRule = (typeof MISSING_RULES)[number];

export interface CombineInput {
  /** Row-major n x k member scores; NaN = the member did not score the episode. */
  scores: Float64Array;
  n: number;
  k: number;
  /** 1 durable, 0 not, NaN outcome unknown (censored: never trains). */
  labels: ArrayLike<number>;
  folds: readonly Fold[];
  penalty: number;
  missing: MissingRule;
}

/** One fold's fit. Arrays are per member column (members left out of the model: NaN). */
export interface FoldFit {
  step: number;
  /** The fold's test block, as indices into the items. */
  test: readonly number[];
  /** Training episodes the model was fitted on, and how many of them were durable. */
  trainN: number;
  trainPositives: number;
  /** Training episodes left out because a member score was missing ('abstain' rule). */
  trainDropped: number;
  /** Per member: training episodes whose score was missing (imputed under 'mean'). */
  trainMissing: number[];
  /** Per member: test episodes whose score was missing. */
  testMissing: number[];
  mean: number[];
  sd: number[];
  intercept: number;
  /** Per member, on the standardised score (NaN: not in the model). */
  coefficients: number[];
  converged: boolean;
  iterations: number;
  /** '' or why the fold has no model / which members got a zero column. */
  note: string;
}

export interface WalkForwardResult {
  /** Out-of-sample probability per item; NaN where the model made none. */
  probability: Float64Array;
  /** '' where predicted, else why not. */
  reason: string[];
  fits: FoldFit[];
}

const finite = (x: number): boolean => x === x && x !== Infinity && x !== -Infinity;

/** Training mean and population sd of one column over `rows` (present values only). */
function columnMoments(inp: CombineInput, rows: readonly number[], j: number): { mean: number; sd: number; missing: number } {
  let s = 0, c = 0, missing = 0;
  for (const i of rows) {
    const v = inp.scores[i * inp.k + j]!;
    if (finite(v)) { s += v; c++; } else missing++;
  }
  if (c === 0) return { mean: NaN, sd: NaN, missing };
  const mean = s / c;
  let ss = 0;
  for (const i of rows) {
    const v = inp.scores[i * inp.k + j]!;
    if (finite(v)) ss += (v - mean) * (v - mean);
  }
  return { mean, sd: Math.sqrt(ss / c), missing };
}

/** Standardised row of item i over the used columns (missing: 0, the training mean). */
function standardRow(inp: CombineInput, i: number, cols: readonly number[], mean: readonly number[], sd: readonly number[], out: Float64Array, o: number): void {
  cols.forEach((j, c) => {
    const v = inp.scores[i * inp.k + j]!;
    const m = mean[j]!, s = sd[j]!;
    out[o + c] = finite(v) && s > 0 ? (v - m) / s : 0;
  });
}

function anyMissing(inp: CombineInput, i: number, cols: readonly number[]): number[] {
  return cols.filter((j) => !finite(inp.scores[i * inp.k + j]!));
}

/** Fits one fold and writes its test block's probabilities. */
function fitFold(inp: CombineInput, fold: Fold, cols: readonly number[], names: readonly string[], out: WalkForwardResult): FoldFit {
  const labelled = fold.train.filter((i) => finite(inp.labels[i]!));
  const rows = inp.missing === 'abstain' ? labelled.filter((i) => anyMissing(inp, i, cols).length === 0) : labelled;
  const k = inp.k;
  const mean = new Array<number>(k).fill(NaN), sd = new Array<number>(k).fill(NaN);
  const trainMissing = new Array<number>(k).fill(0), testMissing = new Array<number>(k).fill(0);
  const zero: string[] = [];
  for (const j of cols) {
    const mo = columnMoments(inp, labelled, j);
    trainMissing[j] = mo.missing;
    const used = inp.missing === 'abstain' ? columnMoments(inp, rows, j) : mo;
    mean[j] = used.mean;
    sd[j] = used.sd;
    if (!(used.sd > 0)) zero.push(names[j]!);
  }
  for (const i of fold.test) for (const j of cols) if (!finite(inp.scores[i * k + j]!)) testMissing[j]!++;
  let positives = 0;
  for (const i of rows) positives += inp.labels[i]! > 0.5 ? 1 : 0;
  const base = { step: fold.step, test: fold.test, trainN: rows.length, trainPositives: positives, trainDropped: labelled.length - rows.length, trainMissing, testMissing, mean, sd };
  const coefficients = new Array<number>(k).fill(NaN);
  if (positives === 0 || positives === rows.length) {
    const why = rows.length === 0 ? 'no usable training episodes' : 'training episodes of one class only';
    for (const i of fold.test) out.reason[i] = `no model at walk-forward step ${fold.step + 1}: ${why}`;
    return { ...base, intercept: NaN, coefficients, converged: false, iterations: 0, note: why };
  }
  const x = new Float64Array(rows.length * cols.length);
  rows.forEach((i, r) => standardRow(inp, i, cols, mean, sd, x, r * cols.length));
  const fit = fitLogistic({ x, n: rows.length, k: cols.length }, Float64Array.from(rows, (i) => (inp.labels[i]! > 0.5 ? 1 : 0)), inp.penalty);
  cols.forEach((j, c) => { coefficients[j] = fit.coefficients[c]!; });
  const row = new Float64Array(cols.length);
  for (const i of fold.test) {
    const gone = inp.missing === 'abstain' ? anyMissing(inp, i, cols) : [];
    if (gone.length) {
      out.reason[i] = `member score missing: ${gone.map((j) => names[j]).join(', ')}`;
      continue;
    }
    standardRow(inp, i, cols, mean, sd, row, 0);
    let eta = fit.intercept;
    for (let c = 0; c < cols.length; c++) eta += fit.coefficients[c]! * row[c]!;
    out.probability[i] = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
    out.reason[i] = '';
  }
  const note = zero.length ? `no spread in training, zero column: ${zero.join(', ')}` : '';
  return { ...base, intercept: fit.intercept, coefficients, converged: fit.converged, iterations: fit.iterations, note };
}

/**
 * Walk-forward out-of-sample probabilities of the model over member columns
 * `cols` (default: every column). `names` label the members in reasons and
 * notes. Items in no fold's test block get reason `before`.
 */
export function walkForwardLogistic(inp: CombineInput, names: readonly string[], cols?: readonly number[],
  before = 'before the first walk-forward step (too few known outcomes to fit)'): WalkForwardResult {
  if (inp.scores.length !== inp.n * inp.k || inp.labels.length !== inp.n || names.length !== inp.k) throw new RangeError('walkForwardLogistic: sizes differ');
  const use = cols ?? Array.from({ length: inp.k }, (_, j) => j);
  const out: WalkForwardResult = { probability: new Float64Array(inp.n).fill(NaN), reason: new Array<string>(inp.n).fill(before), fits: [] };
  for (const fold of inp.folds) out.fits.push(fitFold(inp, fold, use, names, out));
  return out;
}
