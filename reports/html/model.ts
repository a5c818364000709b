/**
 * What the sections read: the run's results sorted once and grouped by
 * episode kind. Built before any section renders, so every section is a pure
 * function of this model (anchors such as m-0, m-1... are assigned here, in
 * kind order, and stay stable whatever order the sections are drawn in).
 */
import type { Episode, Prediction } from '../../engine/types.ts';
import type { DefinitionInfo, FanRow, MetricsRow, PriceTrack, RunResult, RunSummary, SurvivalRow } from '../../engine/results.ts';
import type { TradingResult } from '../../engine/trading-results.ts';
import { cmp, num, str } from './format.ts';
import { kindCmp } from './vocabulary.ts';

/** One leaderboard row with what its details panel shows. */
export interface RowRef {
  row: MetricsRow;
  /** Element id of the row's details panel. */
  anchor: string;
  /** Why the criterion abstained on this row's labelled episodes, with counts. */
  abstainReasons: Map<string, number> | undefined;
  /** The claim the criterion tests ('' when unknown). */
  claim: string;
}

/** Everything of one episode kind. */
export interface KindPart {
  kind: string;
  /** Position among the kinds: the section is #kind-<index>, its call grid #grid-<index>. */
  index: number;
  definitions: DefinitionInfo[];
  episodes: Episode[];
  /** Metrics rows in leaderboard order. */
  rows: RowRef[];
  predictions: Prediction[];
}

export interface ReportModel {
  summary: RunSummary;
  metrics: MetricsRow[];
  /** Every episode, by dataset, decision date and id. */
  episodes: Episode[];
  kinds: KindPart[];
  /** One price track per dataset, by dataset and column. */
  prices: PriceTrack[];
  /** Time to failure and forward-return fans per metrics row (empty for a shard). */
  survival: SurvivalRow[];
  fans: FanRow[];
  /** The trading backtest (absent for a shard, or when turned off). */
  trading?: TradingResult;
}

/** Default leaderboard order: AUC descending (undefined last), then criterion, params, dataset. */
function leaderboardOrder(a: MetricsRow, b: MetricsRow): number {
  const aa = num(a.auc);
  const bb = num(b.auc);
  const an = Number.isNaN(aa);
  const bn = Number.isNaN(bb);
  if (an !== bn) return an ? 1 : -1;
  if (!an && aa !== bb) return bb - aa;
  return cmp(str(a.criterion), str(b.criterion)) || cmp(str(a.params), str(b.params)) || cmp(str(a.dataset), str(b.dataset));
}

function rowKey(dataset: unknown, kind: string, criterion: unknown, params: unknown): string {
  return JSON.stringify([str(dataset), kind, str(criterion), str(params)]);
}

interface PredictionGroups {
  byKind: Map<string, Prediction[]>;
  /** Abstention reasons per row key (labelled episodes only). */
  reasons: Map<string, Map<string, number>>;
}

/** Predictions by their episode's kind, and abstention reasons per metrics row. */
function groupPredictions(predictions: Prediction[], epById: Map<string, Episode>, universeOf: Map<string, string>): PredictionGroups {
  const byKind = new Map<string, Prediction[]>();
  const reasons = new Map<string, Map<string, number>>();
  for (const p of predictions) {
    const ep = epById.get(str(p.episodeId));
    if (!ep) continue;
    const k = str(ep.kind);
    let l = byKind.get(k);
    if (!l) byKind.set(k, (l = []));
    l.push(p);
    if (str(p.error) === '' && !Number.isFinite(num(p.score)) && ep.label !== null) {
      const key = rowKey(universeOf.get(str(ep.market)) ?? ep.market, k, p.criterion, p.params); // a member's episode counts for its universe's pooled row
      let m = reasons.get(key);
      if (!m) reasons.set(key, (m = new Map()));
      const why = str(p.abstainReason) || 'abstained';
      m.set(why, (m.get(why) ?? 0) + 1);
    }
  }
  return { byKind, reasons };
}

/** Sort and group a finished run for the sections. */
export function buildModel(result: RunResult): ReportModel {
  const sm = result.summary;
  const metrics = [...(sm.metrics ?? [])];
  const episodes = [...(result.episodes ?? [])].sort(
    (a, b) => cmp(str(a.market), str(b.market)) || cmp(str(a.decisionDate), str(b.decisionDate)) || cmp(str(a.id), str(b.id)),
  );
  const epById = new Map<string, Episode>();
  for (const e of episodes) epById.set(str(e.id), e);
  const claims = new Map<string, string>();
  for (const cr of sm.criteria ?? []) if (!claims.has(str(cr.id))) claims.set(str(cr.id), str(cr.claim));
  const universeOf = new Map<string, string>();
  for (const u of sm.universes ?? []) for (const m of u.members ?? []) universeOf.set(str(m.id), str(u.id));
  const groups = groupPredictions(result.predictions ?? [], epById, universeOf);

  const kindIds = [...new Set([...episodes.map((e) => str(e.kind)), ...metrics.map((m) => str(m.kind))])].sort(kindCmp);
  let anchor = 0;
  const kinds = kindIds.map((kind, index): KindPart => {
    // A universe's group and member rows are in its own section (parts/universe.ts), not in the kind's leaderboard.
    const rows = metrics.filter((m) => str(m.kind) === kind && (!m.pooled || m.pooled.scope === 'pooled')).sort(leaderboardOrder).map((row): RowRef => ({
      row,
      anchor: `m-${anchor++}`,
      abstainReasons: groups.reasons.get(rowKey(row.dataset, kind, row.criterion, row.params)),
      claim: claims.get(str(row.criterion)) ?? '',
    }));
    return {
      kind,
      index,
      definitions: (sm.definitions ?? []).filter((d) => str(d.kind) === kind),
      episodes: episodes.filter((e) => str(e.kind) === kind),
      rows,
      predictions: groups.byKind.get(kind) ?? [],
    };
  });
  const prices = [...(result.prices ?? [])].sort((a, b) => cmp(str(a.dataset), str(b.dataset)) || cmp(str(a.column), str(b.column)));
  return { summary: sm, metrics, episodes, kinds, prices, survival: result.survival ?? [], fans: result.fans ?? [], ...(result.trading ? { trading: result.trading } : {}) };
}

/**
 * A body section of the report. `render` draws it ('' when it has nothing to
 * show); `contents` gives its links in the table of contents ('' for none).
 * Both are pure functions of the model.
 */
export interface ReportSection<Id extends string = string> {
  readonly id: Id;
  contents(m: ReportModel): string;
  render(m: ReportModel): string;
}
