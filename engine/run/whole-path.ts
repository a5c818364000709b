/**
 * Whole-path evidence per metrics row, from the run's episodes, predictions
 * and episode paths: Kaplan-Meier curves of the time to failure of the
 * episodes a criterion called durable and of those it did not (log-rank
 * test, restricted mean survival), and forward-return fans by call and by
 * score quintile. Every episode with a call counts, including episodes whose
 * outcome is censored: survival analysis uses what was seen before the data
 * ended. Abstentions and failed jobs have no call and are left out.
 */
import { setIdentity } from '../definition-labels.ts';
import type { Episode, Prediction } from '../types.ts';
import type { EpisodePath, FanBand, FanRow, MetricsRow, SurvivalGroup, SurvivalRow } from '../results.ts';
import { kaplanMeier, lastTime, logRank, restrictedMeanSurvival } from '../stats/survival.ts';
import { fanBand, scoreQuintiles } from '../stats/fan.ts';
import { FAN_DAYS } from '../episodes/whole-path.ts';

/** One called episode of a row. */
interface Called {
  path: EpisodePath;
  call: 0 | 1;
  score: number;
}

function rowKey(dataset: string, kind: string, definition: string | undefined, criterion: string, params: string): string {
  return JSON.stringify([setIdentity(dataset, kind, definition), criterion, params]);
}

/** `{definition}` of a labelled definition's row, else nothing. */
const definitionOf = (m: MetricsRow): { definition?: string } => (m.definition === undefined ? {} : { definition: m.definition });

/** The called episodes of every row, by row key, in episode order. */
function calledByRow(episodes: readonly Episode[], predictions: readonly Prediction[], pathById: ReadonlyMap<string, EpisodePath>): Map<string, Called[]> {
  const epById = new Map(episodes.map((e) => [e.id, e] as const));
  const out = new Map<string, Called[]>();
  for (const p of predictions) {
    if (p.call === null || p.error) continue;
    const e = epById.get(p.episodeId);
    const path = pathById.get(p.episodeId);
    if (!e || !path) continue;
    const k = rowKey(e.market, e.kind, e.definition, p.criterion, p.params);
    let l = out.get(k);
    if (!l) out.set(k, (l = []));
    l.push({ path, call: p.call, score: p.score });
  }
  return out;
}

/** One row's called episodes: calledByRow(...).get(the row's key), without keying every prediction. */
function calledOfRow(m: MetricsRow, episodes: readonly Episode[], predictions: readonly Prediction[], pathById: ReadonlyMap<string, EpisodePath>): Called[] {
  const mine = new Set<string>();
  for (const e of episodes) if (e.market === m.dataset && e.kind === m.kind && e.definition === m.definition) mine.add(e.id);
  const out: Called[] = [];
  for (const p of predictions) {
    if (p.call === null || p.error || p.criterion !== m.criterion || p.params !== m.params || !mine.has(p.episodeId)) continue;
    const path = pathById.get(p.episodeId);
    if (path) out.push({ path, call: p.call, score: p.score });
  }
  return out;
}

function times(group: readonly Called[]): { t: number[]; ev: number[] } {
  return {
    t: group.map((x) => (Number.isFinite(x.path.failureDay) ? x.path.failureDay : x.path.followUp)),
    ev: group.map((x) => (Number.isFinite(x.path.failureDay) ? 1 : 0)),
  };
}

/** What a survival row holds besides its labels: it follows from the episodes called and not called alone. */
type SurvivalParts = Omit<SurvivalRow, 'dataset' | 'kind' | 'definition' | 'criterion' | 'params'>;

function survivalParts(called: readonly Called[], horizon: number): SurvivalParts {
  const yes = times(called.filter((x) => x.call === 1));
  const no = times(called.filter((x) => x.call === 0));
  const kmYes = kaplanMeier(yes.t, yes.ev);
  const kmNo = kaplanMeier(no.t, no.ev);
  // Restrict the mean to what both curves know: the horizon, unless a group's last episode was
  // censored sooner (a curve that reached 0 is known to stay there).
  const known = (km: typeof kmYes): number => (km.steps.at(-1)?.survival === 0 ? Infinity : lastTime(km));
  const tau = kmYes.n && kmNo.n ? Math.min(horizon, known(kmYes), known(kmNo)) : horizon;
  const group = (km: typeof kmYes): SurvivalGroup => ({ n: km.n, events: km.events, rmst: km.n ? restrictedMeanSurvival(km, tau) : NaN, steps: km.steps });
  const lr = kmYes.n && kmNo.n ? logRank(yes.t, yes.ev, no.t, no.ev) : { chiSquare: NaN, p: NaN };
  const a = group(kmYes), b = group(kmNo);
  return { horizon, tau, called: a, notCalled: b, logRankChiSquare: lr.chiSquare, logRankP: lr.p, rmstDifference: a.rmst - b.rmst };
}

/** A fan's bands by call: they too follow from the calls alone. */
function callBands(called: readonly Called[]): { called: FanBand; notCalled: FanBand } {
  return { called: band('called', called.filter((x) => x.call === 1)), notCalled: band('not called', called.filter((x) => x.call === 0)) };
}

const band = (group: string, xs: readonly Called[]): FanBand => fanBand(group, xs.map((x) => x.path.returns), FAN_DAYS.length);

/**
 * The parts of a row's evidence that follow from which episodes it called
 * durable and which not (not from its scores or its name), kept by a
 * worker for the rows after: neighbouring parameter sets of a grid often
 * call every episode alike (the 900-set golden-cross sweep: 179 distinct
 * call patterns). Key: the set's horizon and each called episode's id and call.
 */
export class CallsMemo {
  private readonly parts = new Map<string, { survival: SurvivalParts; bands: { called: FanBand; notCalled: FanBand } }>();
  static readonly MAX_ENTRIES = 4096;

  get(called: readonly Called[], horizon: number): { survival: SurvivalParts; bands: { called: FanBand; notCalled: FanBand } } {
    let key = String(horizon);
    for (const x of called) key += `|${x.path.id}:${x.call}`;
    let hit = this.parts.get(key);
    if (!hit) {
      if (this.parts.size >= CallsMemo.MAX_ENTRIES) this.parts.clear();
      hit = { survival: survivalParts(called, horizon), bands: callBands(called) };
      this.parts.set(key, hit);
    }
    return hit;
  }
}

const labels = (m: MetricsRow) => ({ dataset: m.dataset, kind: m.kind, ...definitionOf(m), criterion: m.criterion, params: m.params });

function fanRow(m: MetricsRow, called: readonly Called[], bands: { called: FanBand; notCalled: FanBand }): FanRow {
  const scored = called.filter((x) => Number.isFinite(x.score));
  const q = scoreQuintiles(scored.map((x) => x.score));
  return {
    ...labels(m), days: [...FAN_DAYS], called: bands.called, notCalled: bands.notCalled,
    quintiles: q ? [0, 1, 2, 3, 4].map((b) => band(`Q${b + 1}`, scored.filter((_, i) => q[i] === b))) : [],
  };
}

/** A row's whole-path evidence: its survival row and its fan. */
export interface RowWholePath {
  survival: SurvivalRow;
  fan: FanRow;
}

/** The horizon of each episode set (by set identity): its first episode's. */
export function horizonsOf(episodes: readonly Episode[]): Map<string, number> {
  const horizonOf = new Map<string, number>();
  for (const e of episodes) {
    const k = setIdentity(e.market, e.kind, e.definition);
    if (!horizonOf.has(k)) horizonOf.set(k, e.horizon);
  }
  return horizonOf;
}

function wholePathOf(m: MetricsRow, byRow: ReadonlyMap<string, Called[]>, horizons: ReadonlyMap<string, number>): RowWholePath {
  return evidenceOf(m, byRow.get(rowKey(m.dataset, m.kind, m.definition, m.criterion, m.params)) ?? [], horizons);
}

function evidenceOf(m: MetricsRow, called: readonly Called[], horizons: ReadonlyMap<string, number>, memo?: CallsMemo): RowWholePath {
  const horizon = horizons.get(setIdentity(m.dataset, m.kind, m.definition)) ?? NaN;
  const byCalls = memo ? memo.get(called, horizon) : { survival: survivalParts(called, horizon), bands: callBands(called) };
  return { survival: { ...labels(m), ...byCalls.survival }, fan: fanRow(m, called, byCalls.bands) };
}

/**
 * One row's evidence from `predictions` (a job's own, in a worker): the same
 * as wholePathRows gives the row when no other job's predictions carry its key.
 */
export function rowWholePath(m: MetricsRow, episodes: readonly Episode[], predictions: readonly Prediction[],
  pathById: ReadonlyMap<string, EpisodePath>, horizons: ReadonlyMap<string, number>, memo?: CallsMemo): RowWholePath {
  return evidenceOf(m, calledOfRow(m, episodes, predictions, pathById), horizons, memo);
}

/**
 * Survival rows and fans, one each per metrics row, in metrics order;
 * `given[i]`, when present, is row i's evidence as its job computed it.
 */
export function wholePathRows(metrics: readonly MetricsRow[], episodes: readonly Episode[], predictions: readonly Prediction[],
  paths: readonly EpisodePath[], given: readonly (RowWholePath | undefined)[] = []): { survival: SurvivalRow[]; fans: FanRow[] } {
  let byRow: Map<string, Called[]> | undefined;
  const horizons = horizonsOf(episodes);
  const survival: SurvivalRow[] = [];
  const fans: FanRow[] = [];
  metrics.forEach((m, i) => {
    const w = given[i] ?? wholePathOf(m, byRow ??= calledByRow(episodes, predictions, new Map(paths.map((p) => [p.id, p] as const))), horizons);
    survival.push(w.survival);
    fans.push(w.fan);
  });
  return { survival, fans };
}
