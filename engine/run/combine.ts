/**
 * The `combined` rows of a run (config key `combine`, engine/combine-spec.ts),
 * computed at assembly from the members' predictions — so they are the same
 * for any worker count and for merged shards — per (dataset, kind):
 *   1. the episodes in decision order, each member's scores on them;
 *   2. walk-forward folds (engine/stats/folds.ts) with purging: an episode
 *      trains a step only when its whole outcome window (decision + horizon)
 *      ended by the step's first test decision;
 *   3. the L2 logistic model fitted per fold, out-of-sample probabilities as
 *      the combined row's predictions (engine/stats/combine.ts), scored like
 *      any other row;
 *   4. each member's incremental value: the model refitted without it on the
 *      same folds, and the paired bootstrap interval of the AUC change
 *      (engine/stats/increment.ts).
 */
import type { Episode, EpisodeKind, Prediction } from '../types.ts';
import type { CriterionInfo, EvaluationInfo, MetricsRow, StatisticsSettings } from '../results.ts';
import { ConfigError } from '../errors.ts';
import { paramsKey, type Params } from '../criterion.ts';
import type { RunConfig } from '../config.ts';
import { COMBINED_ID, type CombineFold, type CombineMember, type CombineSet, type CombineSettings, type CombineSummary } from '../combine-spec.ts';
import { EPISODE_KINDS } from '../vocabulary.ts';
import { definitionOf, setIdentity } from '../definition-labels.ts';
import { parseIsoDay, yearOf } from '../calendar.ts';
import { episodeFoldItem, walkForwardFolds, type Fold } from '../stats/folds.ts';
import { walkForwardLogistic, type CombineInput, type WalkForwardResult } from '../stats/combine.ts';
import { pairedAucChanges } from '../stats/increment.ts';
import { rocAuc } from '../stats/auc.ts';
import { shownScheme } from '../stats/interval-choice.ts';
import { scoreRow } from '../stats/scoring.ts';
import { scorePeriods } from '../stats/periods.ts';
import { deriveSeed } from '../stats/random.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { RowWithPredictions } from './derived.ts';

const METHOD = 'Walk-forward out of sample: at each step an L2-regularised logistic model of the members\u2019 scores (standardised with the training episodes\u2019 mean and sd) '
  + 'is fitted on the episodes whose whole outcome window (decision + horizon) had ended by the step\u2019s first test decision (purged: still-running episodes are not used), '
  + 'and predicts the next block of decisions. A member\u2019s incremental value is the AUC change when the model is refitted without it on the same folds, with a paired bootstrap interval (the same resamples for every member).';

function sameParams(set: Params, given: Params): boolean {
  return Object.keys(given).every((k) => Object.hasOwn(set, k) && set[k] === given[k]);
}

/** The combine settings with each member resolved to one criterion x parameter set of the run; ConfigError naming the key when one is not. */
export function combineSettings(cfg: RunConfig, criteria: readonly ResolvedCriterion[]): CombineSettings | undefined {
  const c = cfg.combine;
  if (!c) return undefined;
  const src = cfg.source || 'config';
  const clash = criteria.find((rc) => rc.criterion.id === COMBINED_ID);
  if (clash) throw new ConfigError('combine', `the id '${COMBINED_ID}' names the combined rows; rename the criterion that uses it`, src);
  const members: CombineMember[] = c.criteria.map((m) => {
    const rc = criteria.find((r) => r.criterion.id === m.id);
    if (!rc) throw new ConfigError(`${m.key}`, `'${m.id}' is not a criterion of this run (its criteria: ${criteria.map((r) => r.criterion.id).join(', ')})`, src);
    const sets = rc.paramSets.filter((p) => sameParams(p, m.params ?? {}));
    if (sets.length !== 1) {
      const why = sets.length === 0 ? 'no parameter set of the run matches' : `${sets.length} parameter sets match (give "params" that pick one)`;
      throw new ConfigError(m.params ? `${m.key}.params` : m.key, `${why}: ${rc.paramSets.map(paramsKey).map((k) => k || '(none)').join(' | ')}`, src);
    }
    const params = paramsKey(sets[0]!);
    return { id: m.id, params, label: params && rc.paramSets.length > 1 ? `${m.id}[${params.replaceAll(';', ' ')}]` : m.id };
  });
  const labels = new Set<string>();
  for (const [i, m] of members.entries()) {
    if (labels.has(m.label)) throw new ConfigError(c.criteria[i]!.key, `'${m.label}' is listed twice`, src);
    labels.add(m.label);
  }
  const runKinds = new Set(cfg.episodes.map((e) => e.kind));
  c.kinds?.forEach((k, i) => { if (!runKinds.has(k)) throw new ConfigError(`combine.kinds[${i}]`, `the run has no '${k}' episodes`, src); });
  return {
    members, penalty: c.penalty, steps: c.steps, minTrain: c.minTrain, missing: c.missing,
    ...(c.kinds ? { kinds: [...c.kinds] } : {}), ...(c.datasets ? { datasets: [...c.datasets] } : {}), method: METHOD,
  };
}

/** The summary's `combine` before assembly (settings only). */
export function combineBase(cfg: RunConfig, criteria: readonly ResolvedCriterion[]): { combine?: CombineSummary } {
  const settings = combineSettings(cfg, criteria);
  return settings ? { combine: { settings } } : {};
}

/** The combined row's params: how it was made, in one canonical key. */
function combinedParams(s: CombineSettings, members: readonly string[]): string {
  return `members=${members.join('+')};min_train=${s.minTrain};missing=${s.missing};oos=walk-forward;penalty=${s.penalty};steps=${s.steps}`;
}

export interface CombinedRows {
  /** The run's criteria with the combined rows' entry (source 'derived') in id order. */
  criteria: CriterionInfo[];
  rows: RowWithPredictions[];
  predictions: Prediction[];
  summary: CombineSummary;
}

interface SetData {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label: labelled definitions of one kind are sets of their own. */
  definition?: string;
  /** The set's episodes in the run's order (what scoring reads) and in decision order (the model's items). */
  episodes: Episode[];
  items: Episode[];
}

function episodeSets(episodes: readonly Episode[], rows: readonly RowWithPredictions[], s: CombineSettings): SetData[] {
  const datasets = new Set(rows.map((r) => r.metrics.dataset));
  const groups = new Map<string, SetData>();
  for (const e of episodes) {
    if (!datasets.has(e.market) || (s.kinds && !s.kinds.includes(e.kind)) || (s.datasets && !s.datasets.includes(e.market))) continue;
    const k = setIdentity(e.market, e.kind, e.definition);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { dataset: e.market, kind: e.kind, ...definitionOf(e), episodes: [], items: [] }));
    g.episodes.push(e);
  }
  const out = [...groups.values()].sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : EPISODE_KINDS.indexOf(a.kind) - EPISODE_KINDS.indexOf(b.kind)));
  for (const g of out) g.items = [...g.episodes].sort((a, b) => a.decisionIndex - b.decisionIndex || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** Member j's score per item (NaN where it abstained or failed); null when it has no row on the set. */
function memberScores(set: SetData, m: CombineMember, rows: readonly RowWithPredictions[]): Float64Array | null {
  const row = rows.find((r) => r.metrics.dataset === set.dataset && r.metrics.kind === set.kind && r.metrics.definition === set.definition
    && r.metrics.criterion === m.id && r.metrics.params === m.params);
  if (!row) return null;
  const byId = new Map<string, Prediction>();
  for (const p of row.predictions) byId.set(p.episodeId, p);
  return Float64Array.from(set.items, (e) => {
    const p = byId.get(e.id);
    return p && !p.error && p.call !== null && Number.isFinite(p.score) ? p.score : NaN;
  });
}

function foldRows(set: SetData, folds: readonly Fold[], fit: WalkForwardResult, members: readonly string[]): CombineFold[] {
  return fit.fits.map((f, k) => {
    const fold = folds[k]!;
    const decidedBefore = set.items.filter((e) => e.decisionIndex < fold.start).length;
    return {
      step: f.step + 1, testFrom: set.items[fold.test[0]!]!.decisionDate, testTo: set.items[fold.test[fold.test.length - 1]!]!.decisionDate, testN: fold.test.length,
      trainN: f.trainN, trainPositives: f.trainPositives, trainPurged: decidedBefore - fold.train.length, trainDropped: f.trainDropped,
      intercept: f.intercept, converged: f.converged, iterations: f.iterations, note: f.note,
      terms: members.map((member, j) => ({ member, mean: f.mean[j]!, sd: f.sd[j]!, coefficient: f.coefficients[j]!, trainMissing: f.trainMissing[j]!, testMissing: f.testMissing[j]! })),
    };
  });
}

/** One set's combined row, predictions and record; null (with a note) when no member scored it. */
function combineSet(set: SetData, s: CombineSettings, rows: readonly RowWithPredictions[], statistics: StatisticsSettings, seed: string,
  evaluation: EvaluationInfo | undefined): { row: RowWithPredictions; predictions: Prediction[]; record: CombineSet } | { note: string } {
  const notes: string[] = [];
  const cols: Float64Array[] = [];
  const members: string[] = [];
  for (const m of s.members) {
    const sc = memberScores(set, m, rows);
    if (!sc) notes.push(`${m.label}: no row on this dataset and kind`);
    else if (!sc.some((v, i) => v === v && set.items[i]!.label !== null)) notes.push(`${m.label}: no score on any labelled episode (left out)`);
    else { cols.push(sc); members.push(m.label); }
  }
  if (members.length === 0) return { note: `${set.dataset} ${set.kind}: no member scored any episode; no combined row (${notes.join('; ')})` };
  const n = set.items.length, k = members.length;
  const scores = new Float64Array(n * k);
  cols.forEach((c, j) => c.forEach((v, i) => { scores[i * k + j] = v; }));
  const labels = Float64Array.from(set.items, (e) => (e.label === null ? NaN : e.label));
  const folds = walkForwardFolds(set.items.map(episodeFoldItem), { steps: s.steps, minTrain: s.minTrain, purge: true });
  const input: CombineInput = { scores, n, k, labels, folds, penalty: s.penalty, missing: s.missing };
  const full = walkForwardLogistic(input, members);
  const reduced = members.map((_, j) => walkForwardLogistic(input, members, members.map((__, c) => c).filter((c) => c !== j)).probability);
  const scheme = shownScheme(set.kind);
  const params = combinedParams(s, members);
  const def = definitionOf(set);
  const key = { dataset: set.dataset, kind: set.kind, ...def, criterion: COMBINED_ID, params };
  const changes = pairedAucChanges(labels, full.probability, reduced, {
    resamples: statistics.bootstrap, level: statistics.level, seed: deriveSeed(seed, `${set.dataset}|${set.kind}${set.definition === undefined ? '' : `@${set.definition}`}|${COMBINED_ID}|increment`),
    ...(scheme === 'year-block' ? { groups: Int32Array.from(set.items, (e) => yearOf(parseIsoDay(e.decisionDate))) } : {}),
  });
  const scored = set.items.map((_, i) => i).filter((i) => labels[i] === labels[i] && full.probability[i] === full.probability[i]);
  const alone = cols.map((c) => rocAuc(scored.map((i) => c[i]!), scored.map((i) => labels[i]!)));
  const predictions: Prediction[] = set.items.map((e, i) => {
    const p = full.probability[i]!;
    const ok = p === p;
    return { episodeId: e.id, criterion: COMBINED_ID, params, score: ok ? p : NaN, call: ok ? (p >= statistics.threshold ? 1 : 0) : null, abstainReason: full.reason[i]!, error: '' };
  });
  const metrics: MetricsRow = scoreRow(key, set.episodes, predictions, statistics, seed);
  const periods = evaluation?.periods ?? [];
  const periodMetrics = periods.length ? scorePeriods(key, set.episodes, predictions, statistics, seed, periods) : undefined;
  const predicted = predictions.filter((p) => p.call !== null).length;
  return {
    row: { metrics, ...(periodMetrics ? { periodMetrics } : {}), predictions },
    predictions,
    record: {
      dataset: set.dataset, kind: set.kind, ...def, params, members, predicted, unpredicted: n - predicted, notes,
      folds: foldRows(set, folds, full, members),
      increments: changes.map((c, j) => ({ member: members[j]!, delta: c.delta, aucFull: c.full, aucWithout: c.reduced, aucAlone: alone[j]!, n: c.n, lo: c.lo, hi: c.hi, valid: c.valid, interval: scheme })),
    },
  };
}

/**
 * The combined rows of a finished run (none without `combine`): one per
 * (dataset, kind) that a member scored, in dataset then kind order, each
 * with its predictions (for every episode of the set, censored included)
 * and, with evaluation periods, its rows per period. Pure.
 */
export function combineRows(settings: CombineSettings | undefined, episodes: readonly Episode[], rows: readonly RowWithPredictions[],
  statistics: StatisticsSettings, seed: string, evaluation: EvaluationInfo | undefined, criteria: readonly CriterionInfo[]): CombinedRows | undefined {
  if (!settings) return undefined;
  const out: CombinedRows = { criteria: [], rows: [], predictions: [], summary: { settings, sets: [], skipped: [] } };
  const datasets = new Set(rows.map((r) => r.metrics.dataset));
  for (const d of settings.datasets ?? []) if (!datasets.has(d)) out.summary.skipped!.push(`${d}: no dataset of this run has this id`);
  for (const set of episodeSets(episodes, rows, settings)) {
    const r = combineSet(set, settings, rows, statistics, seed, evaluation);
    if ('note' in r) {
      out.summary.skipped!.push(r.note);
      continue;
    }
    out.rows.push(r.row);
    out.predictions.push(...r.predictions);
    out.summary.sets!.push(r.record);
  }
  const info: CriterionInfo = {
    id: COMBINED_ID, claim: `Does the walk-forward logistic combination of ${settings.members.map((m) => m.label).join(', ')} predict durability better out of sample than any one of them alone? (A question: its AUC next to theirs answers it.)`,
    needs: [], scoring: 'the probability of an L2-regularised logistic model fitted walk-forward on earlier episodes whose outcomes were known',
    paramSets: [...new Set(out.summary.sets!.map((x) => x.params))].sort(), source: 'derived',
  };
  out.criteria = [...criteria, info].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
