/**
 * A member's incremental value in a combined model: how much the combined
 * model's AUC drops when that member is left out (the model refitted without
 * it, on the same folds), with a PAIRED bootstrap interval: one resample set,
 * shared by the full model and every reduced one, so each resample's AUC
 * change compares the two models on the same episodes. Both AUCs of a
 * resample are weighted Mann-Whitney sums over one weight vector (the
 * episodes' draw counts), as in engine/stats/row-bootstrap.ts.
 *
 *   delta = AUC(full) - AUC(without member), on the episodes both scored;
 *   interval: the percentile interval of delta over the resamples, i.i.d.
 *   over episodes or over whole groups (calendar years) of them.
 */
import { rankedAuc, weightedAuc } from './auc.ts';
import { rankPrepare, type Ranked } from './ranking.ts';
import { checkBootstrapOptions, percentileInterval, ResampleScheme } from './resample.ts';
import { FastRng } from './random.ts';

export interface AucChange {
  /** AUC(full) - AUC(reduced) on the episodes both scored. */
  delta: number;
  full: number;
  reduced: number;
  /** Episodes both models scored (labelled). */
  n: number;
  lo: number;
  hi: number;
  /** Resamples whose change was defined. */
  valid: number;
}

/** A model's ranking of the shared items, with the item-order weights it reads. */
interface Model {
  ranked: Ranked;
  w: Float64Array;
}

function model(scores: ArrayLike<number>, labels: Float64Array): Model {
  const ranked = rankPrepare(scores, labels, 'pairedAucChanges');
  return { ranked, w: new Float64Array(ranked.m) };
}

/** The weighted AUC of a model under item weights `w` (in item order). */
function aucUnder(m: Model, w: Float64Array): number {
  const { item } = m.ranked;
  for (let p = 0; p < m.w.length; p++) m.w[p] = w[item[p]!]!;
  return weightedAuc(m.ranked, m.w);
}

/**
 * The AUC change of the full model against each reduced model, from one
 * resample set (`resamples`, `seed`, optional `groups` per item for a block
 * bootstrap). `labels` 0/1 (NaN: not scored); `full[i]`, `reduced[r][i]`
 * each model's score (NaN: no prediction). Each change uses the items where
 * the label, the full score and that reduced score are all defined.
 */
export function pairedAucChanges(labels: ArrayLike<number>, full: ArrayLike<number>, reduced: readonly ArrayLike<number>[],
  opts: { resamples: number; level: number; seed: string; groups?: Int32Array }): AucChange[] {
  const n = labels.length;
  const ok = (x: number): boolean => x === x;
  return reduced.map((red) => {
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (ok(labels[i]!) && ok(full[i]!) && ok(red[i]!)) keep.push(i);
    const y = Float64Array.from(keep, (i) => labels[i]!);
    const a = model(Float64Array.from(keep, (i) => full[i]!), y);
    const b = model(Float64Array.from(keep, (i) => red[i]!), y);
    const fullAuc = keep.length ? rankedAuc(a.ranked) : NaN;
    const reducedAuc = keep.length ? rankedAuc(b.ranked) : NaN;
    const base = { delta: fullAuc - reducedAuc, full: fullAuc, reduced: reducedAuc, n: keep.length };
    if (!(opts.resamples > 0) || keep.length === 0) return { ...base, lo: NaN, hi: NaN, valid: 0 };
    const { resamples, level } = checkBootstrapOptions(opts);
    // The same draws for every member: the generator restarts from the seed, over the same n items.
    const rng = new FastRng(opts.seed);
    const scheme = new ResampleScheme(n, { groups: opts.groups });
    const wAll = scheme.weights();
    const w = new Float64Array(keep.length);
    const stats = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      scheme.draw(rng, wAll);
      keep.forEach((i, q) => { w[q] = wAll[i]!; });
      stats[r] = aucUnder(a, w) - aucUnder(b, w);
    }
    const iv = percentileInterval(stats, level);
    return { ...base, lo: iv.lo, hi: iv.hi, valid: iv.valid };
  });
}
