/**
 * The verdict: the answer a run gives first. Per episode kind, which
 * criteria predicted durable episodes better than chance after correction
 * for every test of the run, by how much (AUC with its interval), on how many
 * episodes, and how each compares with the baselines: the permutation null as
 * a band (engine/stats/null-band.ts), not one coin-flip draw, and
 * always-durable (whose precision is the base rate). A pure function of the
 * run's summary; the report and the terminal summary both open with it.
 *
 * Each row states its headline interval, the one its leaderboard row shows
 * (engine/stats/interval-choice.ts: cluster-robust for a universe's pooled
 * and group rows, calendar-year blocks where that is the kind's scheme), and
 * names where its episodes come from (a universe's pooled, group or member
 * row). A row beats chance when its q-value is at most alpha = 1 - level AND
 * its AUC lies above its chance band; for dependent episodes the band is
 * widened and the headline interval must exclude 0.5 (rowChanceBand below).
 * Rows too small to judge (the small-sample rule) come after the others.
 */
import type { EpisodeKind } from '../types.ts';
import { rowWhere, type Interval, type KindVerdict, type MetricsRow, type RunSummary, type Verdict, type VerdictRow, type VerdictStatus } from '../results.ts';
import { isBaselineCriterion, EPISODE_KINDS } from '../vocabulary.ts';
import { nullAucBand, NULL_DRAWS } from '../stats/null-band.ts';
import { smallSampleFlag } from '../stats/descriptive.ts';
import { headlineScheme, shownAucInterval } from '../stats/interval-choice.ts';

/** Rows a kind's verdict shows: its winners first, then the best other rows by AUC. */
export const VERDICT_ROWS = 5;

/** What a durable episode of each kind is called in a sentence. */
const DURABLE_NOUN: Record<EpisodeKind, string> = {
  rebound: 'durable rebounds',
  'sector-lead': 'durable sector-led advances',
  seasonal: 'durable seasonal rallies',
};

/**
 * Out-of-sample status of a row ('' when the run has no periods,
 * walk-forward selection or replication): the periods' verdict, the
 * walk-forward AUC of the row's grid, and on the discovery dataset the
 * replication count of the chosen set. Short, joined by '; '.
 */
export function outOfSampleStatus(row: MetricsRow, summary: RunSummary): string {
  return [periodStatus(row, summary), walkForwardStatus(row, summary), replicationStatus(row, summary)].filter(Boolean).join('; ');
}

function periodStatus(row: MetricsRow, s: RunSummary): string {
  return (s.evaluation?.periods.length ?? 0) > 1 && row.verdict ? row.verdict : '';
}

function walkForwardStatus(row: MetricsRow, s: RunSummary): string {
  const w = s.walkForward?.find((r) => r.dataset === row.dataset && r.kind === row.kind && r.criterion === row.criterion);
  return w && Number.isFinite(w.oosAuc) ? `walk-forward ${fmt(w.oosAuc, 2)}` : '';
}

function replicationStatus(row: MetricsRow, s: RunSummary): string {
  const r = s.replication?.find((x) => x.kind === row.kind && x.criterion === row.criterion && x.params === row.params
    && (x.discovery.period === undefined || x.discovery.dataset === row.dataset));
  if (!r) return '';
  if (row.dataset === r.discovery.dataset) { // the chosen set: how many other datasets (periods) replicated it
    const n = r.targets.filter((t) => t.status === 'replicated').length;
    return r.discovery.status === 'discovered' ? `replicated ${n}/${r.targets.length}` : r.discovery.status;
  }
  return r.targets.find((t) => t.dataset === row.dataset)?.status ?? '';
}

function fmt(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : '–';
}

function fq(q: number): string {
  return q < 0.001 ? '< 0.001' : `= ${fmt(q)}`;
}

/*
 * A row's chance band and its standing against it. The band is the
 * permutation null of the AUC (engine/stats/null-band.ts): where a ranking
 * that knows nothing falls for the row's n and durable count.
 * That null treats the n episodes as independent. Where they are not — a
 * universe's pooled and group rows (episodes decided in the same period share
 * their outcome) and the kinds shown with calendar-year blocks (seasonal
 * windows of one January, sectors leading together) — a random ranking's AUC
 * spreads wider, by about the factor by which the row's own estimate spreads
 * wider than an i.i.d. bootstrap says (scores shared within a cluster share
 * its fate, random or not). So the
 * band of such a row is widened about 0.5 by the ratio of the width of its
 * headline interval (cluster-robust, or calendar-year block: the scheme the
 * row reports, engine/stats/interval-choice.ts) to that of its i.i.d.
 * interval: the square root of the row's own design effect, measured by the
 * scheme the row reports. It is never narrowed (a ratio below 1 is bootstrap
 * noise, and the permutation null is exact for independent episodes).
 *
 * Why this rather than the design effect of the labels that power.csv uses
 * for a universe (engine/run/universe-summary.ts): that one assumes a score
 * shared by every episode of a cluster (an upper bound for member-level
 * criteria, one number for every criterion), leaves out the t quantile that
 * a few effective clusters call for, and exists only for universes, not for
 * the year-block rows of a single series. The ratio is the row's own, and
 * the band then tells the same story as the interval printed beside it.
 *
 * And plainly: a row with dependent episodes whose headline interval holds
 * 0.5 is within chance, whatever its AUC and the band say.
 */
type BandFields = Pick<MetricsRow, 'n' | 'positives' | 'interval' | 'aucCI' | 'aucBlockCI' | 'pooled'>;

const width = (ci: Interval): number => ci.hi - ci.lo;

/** How much wider than i.i.d. the row's headline interval is (at least 1; 1 when either width is undefined or zero). */
export function dependenceFactor(m: BandFields): number {
  if (headlineScheme(m) === 'iid') return 1;
  const r = width(shownAucInterval(m)) / width(m.aucCI);
  return Number.isFinite(r) && r > 1 ? r : 1;
}

/** The central `level` range of the AUC of random rankings for this row, widened for dependent episodes. */
export function rowChanceBand(m: BandFields, level: number, seed: string): Interval {
  const band = nullAucBand(m.n, m.positives, level, seed);
  const r = dependenceFactor(m);
  if (r === 1) return band;
  return { lo: Math.max(0, 0.5 - (0.5 - band.lo) * r), hi: Math.min(1, 0.5 + (band.hi - 0.5) * r) };
}

/** A row beats chance when q <= alpha and its AUC lies above the band; a dependent row also needs its headline interval to exclude 0.5. */
export function verdictStatus(m: Pick<MetricsRow, 'auc' | 'pValue' | 'qValue'> & BandFields, band: Interval, alpha: number): VerdictStatus {
  if (!Number.isFinite(m.pValue)) return 'untested';
  if (headlineScheme(m) !== 'iid') {
    const ci = shownAucInterval(m);
    if (ci.lo <= 0.5 && ci.hi >= 0.5) return 'within-band';
  }
  if (m.auc > band.hi) return m.qValue <= alpha ? 'beats-chance' : 'above-band';
  return m.auc < band.lo ? 'below-band' : 'within-band';
}

/** The row as a sentence names it: criterion, and where its episodes come from when that is not plain. */
function rowName(r: VerdictRow, multi: boolean): string {
  const where = rowWhere(r, multi);
  return where ? `${r.criterion} on ${where}` : r.criterion;
}

function verdictRow(m: MetricsRow, s: RunSummary, alpha: number): VerdictRow {
  const nullBand = rowChanceBand(m, s.statistics.level, s.seed);
  const t = m.trading;
  const excess = t ? (t.calledDurable.mean['63'] ?? NaN) - (t.all.mean['63'] ?? NaN) : NaN;
  const p = m.pooled;
  return {
    dataset: m.dataset, ...(m.definition === undefined ? {} : { definition: m.definition }), criterion: m.criterion, params: m.params, n: m.n, positives: m.positives,
    ...(p ? { scope: p.scope, universe: p.universe, ...(p.group === undefined ? {} : { group: p.group }) } : {}),
    auc: m.auc, aucCI: { ...shownAucInterval(m) }, interval: headlineScheme(m), nullBand, pValue: m.pValue, qValue: m.qValue,
    status: verdictStatus(m, nullBand, alpha), precision: m.precision, baseRate: m.baseRate,
    excessReturn63: t && t.calledDurable.n > 0 ? excess : NaN, smallSample: m.smallSample,
    outOfSample: outOfSampleStatus(m, s),
  };
}

const byAuc = (a: VerdictRow, b: VerdictRow): number =>
  (Number.isFinite(b.auc) ? b.auc : -1) - (Number.isFinite(a.auc) ? a.auc : -1)
  || (a.criterion < b.criterion ? -1 : a.criterion > b.criterion ? 1 : 0)
  || (a.params < b.params ? -1 : a.params > b.params ? 1 : 0)
  || (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0);

/**
 * How far a row can be judged: 0 unflagged; 1 flagged for another reason
 * (a universe's few clusters, few usable resamples) but with enough episodes;
 * 2 too small to judge by the small-sample rule (fewer than 30 scored
 * episodes or fewer than 5 of a class: engine/stats/descriptive.ts
 * smallSampleFlag). Rows of a lower tier come first, so that an AUC of 1 on
 * four episodes never tops the verdict.
 */
function judgeTier(r: VerdictRow): number {
  if (r.smallSample === '') return 0;
  return smallSampleFlag(r.n, r.positives, r.n - r.positives) === '' ? 1 : 2;
}

/** Rows by how far they can be judged, then by AUC. */
const byJudgeableAuc = (a: VerdictRow, b: VerdictRow): number => judgeTier(a) - judgeTier(b) || byAuc(a, b);

/** The strongest evidence among rows: the most judgeable first, then the smallest q, then the highest AUC. */
const strongest = (rows: readonly VerdictRow[]): VerdictRow =>
  [...rows].sort((a, b) => judgeTier(a) - judgeTier(b) || a.qValue - b.qValue || byAuc(a, b))[0]!;

function sentence(kind: EpisodeKind, rows: readonly VerdictRow[], winners: readonly VerdictRow[], s: RunSummary): string {
  const noun = DURABLE_NOUN[kind];
  const tested = rows.filter((r) => r.status !== 'untested');
  if (tested.length === 0) {
    return s.statistics.permutations === 0
      ? `Nothing was tested for ${noun}: no test was run (statistics.permutations is 0).`
      : `Nothing was tested for ${noun}: no criterion scored episodes of both outcomes.`;
  }
  const tests = s.metrics.filter((m) => Number.isFinite(m.pValue)).length;
  const nTests = `${tests} test${tests === 1 ? '' : 's'}`;
  const multi = s.datasets.length + (s.universes?.length ?? 0) > 1;
  if (winners.length === 0) {
    const best = strongest(tested);
    return `No criterion predicted ${noun} better than chance after correction for ${nTests} (smallest q ${fq(best.qValue)}, ${rowName(best, multi)}).`;
  }
  const w = strongest(winners);
  const which = winners.length === 1 ? `1 criterion row` : `${winners.length} criterion rows`;
  const small = w.smallSample ? `; small sample: ${w.smallSample}` : '';
  return `${which} predicted ${noun} better than chance after correction for ${nTests}; strongest evidence: ${rowName(w, multi)} (AUC ${fmt(w.auc)} [${fmt(w.aucCI.lo)}, ${fmt(w.aucCI.hi)}], n = ${w.n}, q ${fq(w.qValue)}${small}).`;
}

function kindVerdict(kind: EpisodeKind, s: RunSummary, alpha: number): KindVerdict | null {
  const metrics = s.metrics.filter((m) => m.kind === kind);
  if (metrics.length === 0) return null;
  const rows = metrics.map((m) => verdictRow(m, s, alpha)).sort(byJudgeableAuc);
  const winners = rows.filter((r) => r.status === 'beats-chance');
  const shownWinners = winners.slice(0, VERDICT_ROWS);
  const scored = rows.filter((r) => r.status !== 'beats-chance' && !isBaselineCriterion(r.criterion) && r.n > 0);
  // Rows too small to judge fill the table only when no other row can be judged (a universe's n = 3 member rows never do).
  const judgeable = scored.filter((r) => judgeTier(r) < 2);
  const others = judgeable.length > 0 ? judgeable : scored;
  const shown = [...shownWinners, ...others.slice(0, VERDICT_ROWS - shownWinners.length)];
  return {
    kind, sentence: sentence(kind, rows, winners, s), tested: rows.filter((r) => r.status !== 'untested').length,
    winners: winners.length, rows: shown, more: rows.length - shown.length,
  };
}

/** The verdict of a finished (unsharded) run. */
export function runVerdict(s: RunSummary): Verdict {
  const level = s.statistics.level;
  const alpha = Math.round((1 - level) * 1e9) / 1e9;
  const tested = s.metrics.filter((m) => Number.isFinite(m.pValue));
  const tests = tested.length;
  const smallestQ = tested.reduce((q, m) => Math.min(q, Number.isFinite(m.qValue) ? m.qValue : Infinity), Infinity);
  const kinds = EPISODE_KINDS.flatMap((k) => kindVerdict(k, s, alpha) ?? []);
  return { alpha, level, tests, smallestQ: Number.isFinite(smallestQ) ? smallestQ : NaN, nullDraws: NULL_DRAWS, kinds };
}
