/**
 * The trading backtest of a run, at assembly (like the whole-path evidence):
 * from the episodes, the predictions and the trading markets carried in the
 * run's parts, so an unsharded run and merged shards give the same trades.
 *
 * Per dataset and kind: every episode's trade by the rules (the trade does
 * not depend on who calls it), the span from the first decision to the last
 * exit, and two benchmarks on that span: buy-every-rally (every episode
 * traded, the always-durable baseline acted on) and buy-and-hold of the
 * market's close (for a set that trades other columns, of an equal-weighted
 * basket of them: buyAndHold). Per metrics row (plain datasets; a universe's rows are not
 * traded): the trades of the episodes it called durable (or every scored
 * one, sized by its score), its equity curve and statistics, and the
 * per-episode difference to buy-every-rally with a block-bootstrap interval.
 */
import { positionsById } from '../episodes/common.ts';
import { definitionOf, setIdentity } from '../definition-labels.ts';
import type { Episode, Prediction } from '../types.ts';
import type { MetricsRow } from '../results.ts';
import { isBaselineCriterion, type EpisodeKind } from '../vocabulary.ts';
import { tradingRulesText, type TradingRules } from '../trading-spec.ts';
import { BUY_AND_HOLD, BUY_EVERY_RALLY, type EquityCurveSet, type TradeRecord, type TradingResult, type TradingRow } from '../trading-results.ts';
import type { TradingMarket } from '../trading/market.ts';
import { holdTrade, simulateTrade, type Trade } from '../trading/trades.ts';
import { applyOverlap, CurveScratch, equityCurve, type SizedTrade } from '../trading/portfolio.ts';
import { curveStats } from '../trading/curve-stats.ts';
import { episodeDifference } from '../trading/compare.ts';

/** What a run carries for its backtest: the rules and one market per traded dataset. */
export interface TradingInput {
  rules: TradingRules;
  markets: TradingMarket[];
}

/** Rows whose equity curves the report draws, per dataset and kind (best by Sharpe). */
const CURVE_ROWS = 3;

/** One (dataset, kind)'s episodes, trades and benchmark returns: what trading a row of it needs. */
export interface SetContext {
  dataset: string;
  kind: EpisodeKind;
  /** A labelled definition's label: its episodes are a set of their own. */
  definition?: string;
  market: TradingMarket;
  /** Episodes with a session after their decision, in episode order, and their trades. */
  episodes: Episode[];
  trades: Map<string, Trade>;
  years: number[];
  from: number;
  to: number;
  /** buy-every-rally's sized net return per episode (0 where skipped). */
  baseReturns: number[];
  baseAnnual: number;
}

interface Simulated {
  row: TradingRow;
  records: TradeRecord[];
  /** null: not kept (a row traded by its job); simulated again if the row's curve is drawn. */
  equity: Float64Array | null;
  perEpisode: number[];
  /** The metrics row traded (criterion rows). */
  source?: MetricsRow;
  /** Its job's own predictions, when its trades were made before assembly (assembly-ahead.ts). */
  predictions?: readonly Prediction[];
}

/** A traded row's trade records, made while the jobs ran (assembly-ahead.ts): what assembly would rebuild; and the row's own predictions, should its curve be drawn. */
export interface RowTradesAhead {
  predictions: readonly Prediction[];
  records: TradeRecord[];
}

/** A plain job's row's trades from its own predictions (its key is its alone: givenEvidence), or undefined when the row is not traded. */
export function rowTradesAhead(sets: ReadonlyMap<string, SetContext>, rules: TradingRules, m: MetricsRow, predictions: readonly Prediction[]): RowTradesAhead | undefined {
  const set = tradedSet(sets, m);
  if (!set) return undefined;
  const { taken, skipped } = applyOverlap(rowSizedTrades(set, rules, m, predictions), rules.overlap);
  return { predictions, records: tradeRecords(set, { criterion: m.criterion, params: m.params }, taken, skipped) };
}

/** Scratch of rowSizedTrades: the row's prediction per episode of the set. */
let chosen: Array<Prediction | undefined> = [];

/**
 * sizedTrades of one row from its job's own predictions, without a map of them: the
 * row's last prediction of each of the set's episodes (what rowPredictions keeps), found
 * by the episode's position in the set. The set's episodes are all of its dataset and
 * kind, so a prediction found there is one rowPredictions keeps.
 */
function rowSizedTrades(ctx: SetContext, rules: TradingRules, m: MetricsRow, predictions: readonly Prediction[]): SizedTrade[] {
  const at = positionsById(ctx.episodes);
  if (!at) return sizedTrades(ctx, rules, rowPredictions(ctx.episodes, predictions, m));
  const n = ctx.episodes.length;
  if (chosen.length < n) chosen = new Array<Prediction | undefined>(n);
  chosen.fill(undefined, 0, n);
  for (const p of predictions) {
    if (p.criterion !== m.criterion || p.params !== m.params) continue;
    const i = at.get(p.episodeId);
    if (i !== undefined) chosen[i] = p;
  }
  const out: SizedTrade[] = [];
  for (let i = 0; i < n; i++) {
    const size = sizeOf(chosen[i], rules);
    if (size > 0) out.push({ trade: ctx.trades.get(ctx.episodes[i]!.id)!, size });
  }
  chosen.fill(undefined, 0, n); // keeps no prediction alive
  return out;
}

/**
 * A metrics row's trading row, as its job computes it (engine/run/row-evidence.ts).
 * Its trade records are rebuilt at assembly from the row's predictions (cheap,
 * and far less to send back from a worker than the records themselves).
 */
export interface RowTrading {
  row: TradingRow;
}

const SCRATCH = new CurveScratch();

/** A set of sized trades acted on: its trading row, curve and per-episode returns, and (unless `records` is false) its trade records. */
function simulate(ctx: SetContext, rules: TradingRules, name: { criterion: string; params: string }, sized: SizedTrade[], records = true): Simulated {
  const m = ctx.market;
  const { taken, skipped } = applyOverlap(sized, rules.overlap);
  // Without records this is a job's row: only its statistics are kept, so its curve lives in reused buffers.
  const curve = equityCurve(m, taken, ctx.from, ctx.to, rules, records ? undefined : SCRATCH);
  const stats = curveStats(curve, { dates: m.dates, days: m.days, from: ctx.from }, {
    nets: taken.map((t) => t.trade.net), skipped: skipped.length, closeFills: taken.filter((t) => t.trade.entryFill === 'close' && t.trade.signal.column === 'close' && rules.entry === 'open').length,
  });
  const byEpisode = new Map(taken.map((t) => [t.trade.signal.episode, t.size * t.trade.net] as const));
  return {
    row: simulatedRow(ctx, name, stats),
    records: records ? tradeRecords(ctx, name, taken, skipped) : [], equity: records ? curve.equity : null, perEpisode: ctx.episodes.map((e) => byEpisode.get(e.id) ?? 0),
  };
}

function simulatedRow(ctx: SetContext, name: { criterion: string; params: string }, stats: TradingRow['stats']): TradingRow {
  return { dataset: ctx.dataset, kind: ctx.kind, ...definitionOf(ctx), criterion: name.criterion, params: name.params, role: 'benchmark', stats, episodes: ctx.episodes.length,
    episodeDifference: NaN, differenceLo: NaN, differenceHi: NaN, annualDifference: NaN };
}

/**
 * A worker's rows' trading kept by the trades they size (records off): rows
 * that size the same trades alike (neighbouring parameter sets of a grid
 * often call every episode alike) have the same curve, so its statistics
 * and per-episode returns are computed once. Key: the set, and each sized
 * trade's episode and size. The comparison with buy-every-rally is still
 * the row's own (its bootstrap is seeded by the row's key).
 */
export class TradesMemo {
  private readonly kept = new WeakMap<SetContext, Map<string, { stats: TradingRow['stats']; perEpisode: number[] }>>();
  static readonly MAX_ENTRIES = 4096;

  simulate(ctx: SetContext, rules: TradingRules, name: { criterion: string; params: string }, sized: SizedTrade[]): Simulated {
    let key = '';
    for (const t of sized) key += `${t.trade.signal.episode}:${t.size}|`;
    let set = this.kept.get(ctx);
    if (!set) this.kept.set(ctx, (set = new Map()));
    const hit = set.get(key);
    if (hit) return { row: simulatedRow(ctx, name, hit.stats), records: [], equity: null, perEpisode: hit.perEpisode };
    const sim = simulate(ctx, rules, name, sized, false);
    if (set.size >= TradesMemo.MAX_ENTRIES) set.clear();
    set.set(key, { stats: sim.row.stats, perEpisode: sim.perEpisode });
    return sim;
  }
}

/** The trades.csv records of trades taken and skipped under the overlap rule, by decision date and episode. */
function tradeRecords(ctx: SetContext, name: { criterion: string; params: string }, taken: readonly SizedTrade[], skipped: readonly SizedTrade[]): TradeRecord[] {
  const m = ctx.market;
  const record = (t: SizedTrade, skip: boolean): TradeRecord => ({
    dataset: ctx.dataset, kind: ctx.kind, ...definitionOf(ctx), criterion: name.criterion, params: name.params, episode: t.trade.signal.episode,
    decisionDate: t.trade.signal.decisionDate, column: t.trade.signal.column, size: t.size,
    entryDate: skip ? '' : m.dates[t.trade.entry]!, entryFill: skip ? '' : t.trade.entryFill, entryPrice: skip ? NaN : t.trade.entryPrice,
    exitDate: skip ? '' : m.dates[t.trade.exit]!, exitFill: skip ? '' : t.trade.exitFill, exitPrice: skip ? NaN : t.trade.exitPrice,
    exitReason: skip ? 'skipped-overlap' : t.trade.reason, grossReturn: skip ? NaN : t.trade.gross, netReturn: skip ? NaN : t.trade.net,
    sessions: skip ? 0 : t.trade.exit - t.trade.entry,
  });
  return inDecisionOrder(taken.map((t) => record(t, false)), skipped.map((t) => record(t, true)));
}

/** Trade records by decision date, then episode. */
function byDecision(a: TradeRecord, b: TradeRecord): number {
  return a.decisionDate < b.decisionDate ? -1 : a.decisionDate > b.decisionDate ? 1 : a.episode < b.episode ? -1 : a.episode > b.episode ? 1 : 0;
}

const inOrder = (l: readonly TradeRecord[]): boolean => l.every((r, i) => i === 0 || byDecision(l[i - 1]!, r) <= 0);

/**
 * Taken, then skipped records, stably sorted by decision: merged when each list already is in that
 * order (applyOverlap leaves them by entry, which follows decision), else sorted. The same order
 * either way: on ties a stable sort keeps the taken record first, and so does the merge.
 */
function inDecisionOrder(taken: TradeRecord[], skipped: TradeRecord[]): TradeRecord[] {
  if (!inOrder(taken) || !inOrder(skipped)) return [...taken, ...skipped].sort(byDecision);
  const out: TradeRecord[] = [];
  let i = 0, j = 0;
  while (i < taken.length && j < skipped.length) out.push(byDecision(taken[i]!, skipped[j]!) <= 0 ? taken[i++]! : skipped[j++]!);
  while (i < taken.length) out.push(taken[i++]!);
  while (j < skipped.length) out.push(skipped[j++]!);
  return out;
}

/** A row's trade records from its predictions (no curve): what assembly adds to a trading row its job computed. */
function rowRecords(ctx: SetContext, rules: TradingRules, m: MetricsRow, preds: ReadonlyMap<string, Prediction>): TradeRecord[] {
  const { taken, skipped } = applyOverlap(sizedTrades(ctx, rules, preds), rules.overlap);
  return tradeRecords(ctx, { criterion: m.criterion, params: m.params }, taken, skipped);
}


/**
 * The set a metrics row trades in: none for a universe's rows, for a row that scored no episode (it
 * abstained on all, or its data is missing: trading it would only restate buy-every-rally with the sign
 * flipped), or for a set with nothing tradable.
 */
function tradedSet<T>(sets: ReadonlyMap<string, T>, m: MetricsRow): T | undefined {
  return m.pooled || !(m.n > 0) ? undefined : sets.get(setIdentity(m.dataset, m.kind, m.definition));
}

/** The episodes of one dataset and kind, their trades and span, and the two benchmarks. */
function buildSet(market: TradingMarket, episodes: Episode[], rules: TradingRules): { ctx: SetContext; sims: Simulated[] } | null {
  const trades = new Map<string, Trade>();
  const tradable: Episode[] = [];
  for (const e of episodes) {
    const t = simulateTrade(market, { episode: e.id, decisionDate: e.decisionDate, decisionIndex: e.decisionIndex, column: e.priceColumn, refLow: e.refLow, horizon: e.horizon }, rules);
    if (t) { trades.set(e.id, t); tradable.push(e); }
  }
  if (tradable.length === 0) return null;
  const from = Math.min(...tradable.map((e) => e.decisionIndex - market.offset));
  const to = Math.max(...[...trades.values()].map((t) => t.exit));
  const ctx: SetContext = {
    dataset: market.dataset, kind: episodes[0]!.kind, ...definitionOf(episodes[0]!), market, episodes: tradable, trades, from, to,
    years: tradable.map((e) => Number(e.decisionDate.slice(0, 4))), baseReturns: [], baseAnnual: NaN,
  };
  const every = simulate(ctx, rules, { criterion: BUY_EVERY_RALLY, params: '' }, tradable.map((e) => ({ trade: trades.get(e.id)!, size: 1 })));
  ctx.baseReturns = every.perEpisode;
  ctx.baseAnnual = every.row.stats.annualReturn;
  return { ctx, sims: [every, buyAndHold(ctx, rules)] };
}

/**
 * Buy-and-hold over the set's span, on the basis its trades are on: the market's close, or, for a set that
 * trades other columns (sector-lead: Ken French industry levels, which include dividends), an equal-weighted
 * basket of the columns it trades, rebalanced at each close, so that the benchmark is not a price index
 * without dividends beside total-return trades.
 */
function buyAndHold(ctx: SetContext, rules: TradingRules): Simulated {
  const own = [...new Set(ctx.episodes.map((e) => e.priceColumn))].sort();
  const columns = own.includes('close') ? ['close'] : own;
  const holds = columns.map((c) => ({ trade: holdTrade(ctx.market, ctx.from, ctx.to, rules, c)!, size: 1 / columns.length }));
  return simulate(ctx, columns.length > 1 ? { ...rules, overlap: 'share' } : rules, { criterion: BUY_AND_HOLD, params: '' }, holds);
}

/** The size a prediction asks for under the rules (0: not traded). */
function sizeOf(p: Prediction | undefined, rules: TradingRules): number {
  if (!p || p.error || p.call === null) return 0;
  if (rules.size === 'call') return p.call === 1 ? 1 : 0;
  return Number.isFinite(p.score) && p.score > 0 ? Math.min(1, p.score) : 0;
}

function sizedTrades(ctx: SetContext, rules: TradingRules, preds: ReadonlyMap<string, Prediction>): SizedTrade[] {
  return ctx.episodes.flatMap((e) => {
    const size = sizeOf(preds.get(e.id), rules);
    return size > 0 ? [{ trade: ctx.trades.get(e.id)!, size }] : [];
  });
}

function rowSim(ctx: SetContext, rules: TradingRules, m: MetricsRow, preds: ReadonlyMap<string, Prediction>, stat: { bootstrap: number; level: number }, seed: string,
  records = true, memo?: TradesMemo): Simulated {
  const name = { criterion: m.criterion, params: m.params };
  const sized = sizedTrades(ctx, rules, preds);
  const sim = memo && !records ? memo.simulate(ctx, rules, name, sized) : simulate(ctx, rules, name, sized, records);
  const diff = episodeDifference(sim.perEpisode, ctx.baseReturns, ctx.years, {
    resamples: stat.bootstrap, level: stat.level, runSeed: seed, key: `trading|${m.dataset}|${m.kind}|${m.criterion}|${m.params}`,
  });
  sim.row = { ...sim.row, role: 'criterion', episodeDifference: diff.mean, differenceLo: diff.lo, differenceHi: diff.hi, annualDifference: sim.row.stats.annualReturn - ctx.baseAnnual };
  sim.source = m;
  return sim;
}

/** Predictions by row key and episode. */
function predictionsByRow(episodes: readonly Episode[], predictions: readonly Prediction[]): Map<string, Map<string, Prediction>> {
  const epById = new Map(episodes.map((e) => [e.id, e] as const));
  const out = new Map<string, Map<string, Prediction>>();
  for (const p of predictions) {
    const e = epById.get(p.episodeId);
    if (!e) continue;
    const k = JSON.stringify([e.market, e.kind, e.definition ?? null, p.criterion, p.params]);
    let l = out.get(k);
    if (!l) out.set(k, (l = new Map()));
    l.set(p.episodeId, p);
  }
  return out;
}

/** One row's predictions by episode: what predictionsByRow(...).get(rowKey(m)) holds, without keying every prediction. */
function rowPredictions(episodes: readonly Episode[], predictions: readonly Prediction[], m: MetricsRow): Map<string, Prediction> {
  const mine = new Set<string>();
  for (const e of episodes) if (e.market === m.dataset && e.kind === m.kind && e.definition === m.definition) mine.add(e.id);
  const out = new Map<string, Prediction>();
  for (const p of predictions) if (p.criterion === m.criterion && p.params === m.params && mine.has(p.episodeId)) out.set(p.episodeId, p);
  return out;
}

/** Sharpe descending (undefined last), then criterion and params: the order the best rows are chosen in. */
function bySharpe(a: Simulated, b: Simulated): number {
  const x = a.row.stats.sharpe, y = b.row.stats.sharpe;
  if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
  return (Number.isNaN(x) ? 0 : y - x) || (a.row.criterion < b.row.criterion ? -1 : a.row.criterion > b.row.criterion ? 1 : a.row.params < b.row.params ? -1 : a.row.params > b.row.params ? 1 : 0);
}

/** The best rows so far with `sim` considered; a row that drops out (or never gets in) lets go of its equity curve. */
function keepBest(best: readonly Simulated[], sim: Simulated): Simulated[] {
  const eligible = sim.row.role === 'criterion' && !isBaselineCriterion(sim.row.criterion) && sim.row.stats.trades > 0;
  const all = eligible ? [...best, sim].sort(bySharpe) : [...best];
  for (const s of [...all.slice(CURVE_ROWS), ...(eligible ? [] : [sim])]) s.equity = new Float64Array(0);
  return all.slice(0, CURVE_ROWS);
}

function curveSet(ctx: SetContext, sims: readonly Simulated[], best: readonly Simulated[]): EquityCurveSet {
  return {
    dataset: ctx.dataset, kind: ctx.kind, ...definitionOf(ctx), dates: ctx.market.dates.slice(ctx.from, ctx.to + 1),
    series: [...sims.filter((s) => s.row.role === 'benchmark'), ...best].map((s) => ({ criterion: s.row.criterion, params: s.row.params, equity: Array.from(s.equity ?? []) })),
  };
}

const rowKey = (m: MetricsRow): string => JSON.stringify([m.dataset, m.kind, m.definition ?? null, m.criterion, m.params]);

/**
 * builtSets of one run's input and episodes, kept: the workers' context, the
 * assembly work ahead and assembly each need them (read-only: tradingResult
 * copies the lists it extends).
 */
const built = new WeakMap<TradingInput, WeakMap<readonly Episode[], Map<string, { ctx: SetContext; sims: Simulated[] }>>>();

function builtSets(input: TradingInput, episodes: readonly Episode[]): ReadonlyMap<string, { ctx: SetContext; sims: readonly Simulated[] }> {
  let byEpisodes = built.get(input);
  if (!byEpisodes) built.set(input, (byEpisodes = new WeakMap()));
  let sets = byEpisodes.get(episodes);
  if (!sets) byEpisodes.set(episodes, (sets = buildSets(input, episodes)));
  return sets;
}

/** Per dataset and kind with a tradable episode: its context and its two benchmarks. */
function buildSets(input: TradingInput, episodes: readonly Episode[]): Map<string, { ctx: SetContext; sims: Simulated[] }> {
  const { rules } = input;
  const marketOf = new Map(input.markets.map((m) => [m.dataset, m] as const));
  const groups = new Map<string, Episode[]>();
  for (const e of episodes) {
    if (!marketOf.has(e.market)) continue;
    const k = setIdentity(e.market, e.kind, e.definition);
    let l = groups.get(k);
    if (!l) groups.set(k, (l = []));
    l.push(e);
  }
  const sets = new Map<string, { ctx: SetContext; sims: Simulated[] }>();
  for (const [k, eps] of groups) {
    const built = buildSet(marketOf.get(eps[0]!.market)!, eps, rules);
    if (built) sets.set(k, built);
  }
  return sets;
}

/** Every traded (dataset, kind)'s context, by set key: what the jobs need to trade their own rows. */
export function tradingSets(input: TradingInput, episodes: readonly Episode[]): Map<string, SetContext> {
  return new Map([...builtSets(input, episodes)].map(([k, b]) => [k, b.ctx] as const));
}

/** One metrics row's trading from its job's own predictions (undefined when the row is not traded). */
export function rowTrading(sets: ReadonlyMap<string, SetContext>, rules: TradingRules, m: MetricsRow, episodes: readonly Episode[],
  predictions: readonly Prediction[], stat: { bootstrap: number; level: number }, seed: string, memo?: TradesMemo): RowTrading | undefined {
  const set = tradedSet(sets, m);
  if (!set) return undefined;
  const sim = rowSim(set, rules, m, rowPredictions(episodes, predictions, m), stat, seed, false, memo);
  return { row: sim.row };
}

/**
 * The run's backtest: benchmarks per dataset and kind, then every traded
 * metrics row, their trades and the curves drawn. `given[i]`, when present,
 * is metrics row i's trading as its job computed it.
 */
export function tradingResult(input: TradingInput, metrics: readonly MetricsRow[], episodes: readonly Episode[], predictions: readonly Prediction[],
  stat: { bootstrap: number; level: number }, seed: string, given: readonly (RowTrading | undefined)[] = [],
  ahead: readonly (RowTradesAhead | undefined)[] = []): TradingResult {
  const { rules } = input;
  const sets = new Map<string, { ctx: SetContext; sims: Simulated[]; best: Simulated[] }>();
  for (const [k, b] of builtSets(input, episodes)) sets.set(k, { ctx: b.ctx, sims: [...b.sims], best: [] });
  let byRow: Map<string, Map<string, Prediction>> | undefined;
  const predsOf = (m: MetricsRow): Map<string, Prediction> => (byRow ??= predictionsByRow(episodes, predictions)).get(rowKey(m)) ?? new Map();
  metrics.forEach((m, i) => {
    const set = tradedSet(sets, m);
    if (!set) return;
    const g = given[i];
    const a = g ? ahead[i] : undefined;
    const sim: Simulated = a ? { row: g!.row, records: a.records, equity: null, perEpisode: [], source: m, predictions: a.predictions }
      : g ? { row: g.row, records: rowRecords(set.ctx, rules, m, predsOf(m)), equity: null, perEpisode: [], source: m } : rowSim(set.ctx, rules, m, predsOf(m), stat, seed);
    set.sims.push(sim);
    set.best = keepBest(set.best, sim);
  });
  // The curves drawn of rows whose jobs traded them: simulated again here (the same trades give the same curve).
  for (const s of sets.values()) {
    for (const b of s.best) {
      if (b.equity !== null) continue;
      const sized = b.predictions ? rowSizedTrades(s.ctx, rules, b.source!, b.predictions) : sizedTrades(s.ctx, rules, predsOf(b.source!));
      b.equity = simulate(s.ctx, rules, { criterion: b.row.criterion, params: b.row.params }, sized).equity;
    }
  }
  const all = [...sets.values()];
  const order = (role: TradingRow['role']): Simulated[] => all.flatMap((s) => s.sims.filter((x) => x.row.role === role));
  const sims = [...order('benchmark'), ...order('criterion')];
  return {
    rules, rulesText: tradingRulesText(rules),
    notes: input.markets.flatMap((m) => m.notes),
    rows: sims.map((s) => s.row),
    trades: sims.flatMap((s) => s.records),
    curves: all.map((s) => curveSet(s.ctx, s.sims, s.best)),
  };
}
