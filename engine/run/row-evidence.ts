/**
 * Per-row evidence computed inside the jobs, so that it runs in parallel on
 * the workers instead of serially at assembly: a row's survival curves and
 * forward-return fans (whole-path.ts) and its trading row and trades
 * (trading.ts). Each depends only on the row's own predictions and on
 * run-level inputs that the workers get once with their context (episode
 * paths, set horizons, the trading sets), and is computed by the same
 * functions assembly uses, so it is the same value.
 *
 * Assembly groups predictions by row key across every job (a key could in
 * principle gather predictions of two jobs, e.g. two unlabelled definitions
 * of one kind on one dataset, or a universe's member episodes), so it uses a
 * job's evidence only when no other job (or combined row) has a prediction
 * under that row's key (`givenEvidence`); otherwise it computes the row as
 * before. Unsharded runs only: shard files never carry evidence.
 */
import { setIdentity } from '../definition-labels.ts';
import type { Episode, Prediction } from '../types.ts';
import type { EpisodePath, MetricsRow, StatisticsSettings } from '../results.ts';
import { CallsMemo, horizonsOf, rowWholePath, type RowWholePath } from './whole-path.ts';
import { rowTrading, tradingSets, TradesMemo, type RowTrading, type SetContext, type TradingInput } from './trading.ts';

export interface RowEvidence {
  wholePath?: RowWholePath;
  trading?: RowTrading;
}

/** What a worker gets for it with its context (plain data). */
export interface EvidenceInit {
  paths: EpisodePath[];
  horizons: Array<[string, number]>;
  trading?: { rules: TradingInput['rules']; sets: Array<[string, SetContext]> };
}

/** The live form a job uses. */
export interface EvidenceContext {
  pathById: Map<string, EpisodePath>;
  horizons: Map<string, number>;
  trading?: { rules: TradingInput['rules']; sets: Map<string, SetContext> };
  /** What rows that call (or trade) alike share, kept across the worker's jobs of the run. */
  memo: { calls: CallsMemo; trades: TradesMemo };
}

/** The evidence inputs of a run: paths of `episodes` (the jobs' own), horizons and trading sets from every episode of the run. */
export function evidenceInit(all: readonly Episode[], paths: EpisodePath[], trading: TradingInput | undefined): EvidenceInit {
  return {
    paths,
    horizons: [...horizonsOf(all)],
    ...(trading ? { trading: { rules: trading.rules, sets: [...tradingSets(trading, all)] } } : {}),
  };
}

export function evidenceContext(init: EvidenceInit): EvidenceContext {
  return {
    pathById: new Map(init.paths.map((p) => [p.id, p] as const)),
    horizons: new Map(init.horizons),
    ...(init.trading ? { trading: { rules: init.trading.rules, sets: new Map(init.trading.sets) } } : {}),
    memo: { calls: new CallsMemo(), trades: new TradesMemo() },
  };
}

/** A plain job's evidence for its row `m`, from its own episodes and predictions. */
export function jobEvidence(ctx: EvidenceContext, m: MetricsRow, episodes: readonly Episode[], predictions: readonly Prediction[],
  statistics: StatisticsSettings, runSeed: string): RowEvidence {
  const trading = ctx.trading ? rowTrading(ctx.trading.sets, ctx.trading.rules, m, episodes, predictions, statistics, runSeed, ctx.memo.trades) : undefined;
  return { wholePath: rowWholePath(m, episodes, predictions, ctx.pathById, ctx.horizons, ctx.memo.calls), ...(trading ? { trading } : {}) };
}

/** A job as assembly holds it. */
interface JobLike {
  metrics: MetricsRow;
  rows?: MetricsRow[];
  predictions: readonly Prediction[];
  evidence?: RowEvidence;
}

const SEP = '\u0000';

/**
 * Per metrics row (the jobs' rows in order, as assembly lays them out), the
 * evidence its job computed, where assembly would compute the same: no other
 * source of predictions (another job, `extra`: combined rows' predictions)
 * has one under the row's key (whole path: dataset, kind, definition,
 * criterion, params; trading: dataset, kind, criterion, params).
 */
export function givenEvidence(episodes: readonly Episode[], jobs: readonly JobLike[], extra: readonly Prediction[]): Array<RowEvidence | undefined> {
  const out: Array<RowEvidence | undefined> = [];
  if (!jobs.some((j) => j.evidence)) return out;
  const ids = new Map(episodes.map((e) => [e.id, { whole: setIdentity(e.market, e.kind, e.definition), trade: JSON.stringify([e.market, e.kind]) }] as const));
  // Which source owns each key: its index, or -1 once two sources have one.
  const owner = new Map<string, number>();
  const claim = (source: number, preds: readonly Prediction[]): void => {
    let last = '';
    for (const p of preds) {
      const id = ids.get(p.episodeId);
      if (!id) continue;
      const tail = `${SEP}${p.criterion}${SEP}${p.params}`;
      const mark = id.whole + tail;
      if (mark === last) continue;
      last = mark;
      for (const k of [`w${mark}`, `t${id.trade}${tail}`]) {
        const o = owner.get(k);
        if (o === undefined) owner.set(k, source);
        else if (o !== source) owner.set(k, -1);
      }
    }
  };
  jobs.forEach((j, i) => claim(i, j.predictions));
  claim(jobs.length, extra);
  const mine = (k: string, i: number): boolean => { const o = owner.get(k); return o === undefined || o === i; };
  jobs.forEach((j, i) => {
    if (j.rows) { out.push(...j.rows.map(() => undefined)); return; }
    const m = j.metrics, e = j.evidence;
    const tail = `${SEP}${m.criterion}${SEP}${m.params}`;
    const wholePath = e?.wholePath && mine(`w${setIdentity(m.dataset, m.kind, m.definition)}${tail}`, i) ? e.wholePath : undefined;
    const trading = e?.trading && mine(`t${JSON.stringify([m.dataset, m.kind])}${tail}`, i) ? e.trading : undefined;
    out.push(wholePath || trading ? { ...(wholePath ? { wholePath } : {}), ...(trading ? { trading } : {}) } : undefined);
  });
  return out;
}
