/**
 * The verdict: the answer a run gives first. Per episode kind, which
 * criteria predicted durable episodes better than chance after correction
 * for every test of the run, by how much (AUC with its interval), on how many
 * episodes, and how each compares with the baselines: the permutation null as
 * a band (engine/stats/null-band.ts), not one coin-flip draw, and
 * always-durable (whose precision is the base rate). A pure function of the
 * run's summary; the report and the terminal summary both open with it.
 *
 * A row beats chance when its q-value is at most alpha = 1 - level AND its
 * AUC lies above the chance band for its n and class balance.
 */
import type { EpisodeKind } from '../types.ts';
import type { KindVerdict, MetricsRow, RunSummary, Verdict, VerdictRow, VerdictStatus } from '../results.ts';
import { isBaselineCriterion, EPISODE_KINDS } from '../vocabulary.ts';
import { nullAucBand, NULL_DRAWS } from '../stats/null-band.ts';

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

function statusOf(m: MetricsRow, band: { lo: number; hi: number }, alpha: number): VerdictStatus {
  if (!Number.isFinite(m.pValue)) return 'untested';
  if (m.auc > band.hi) return m.qValue <= alpha ? 'beats-chance' : 'above-band';
  return m.auc < band.lo ? 'below-band' : 'within-band';
}

function verdictRow(m: MetricsRow, s: RunSummary, alpha: number): VerdictRow {
  const level = s.statistics.level;
  const nullBand = nullAucBand(m.n, m.positives, level, s.seed);
  const t = m.trading;
  const excess = t ? (t.calledDurable.mean['63'] ?? NaN) - (t.all.mean['63'] ?? NaN) : NaN;
  return {
    dataset: m.dataset, ...(m.definition === undefined ? {} : { definition: m.definition }), criterion: m.criterion, params: m.params, n: m.n, positives: m.positives,
    auc: m.auc, aucCI: { ...m.aucCI }, nullBand, pValue: m.pValue, qValue: m.qValue,
    status: statusOf(m, nullBand, alpha), precision: m.precision, baseRate: m.baseRate,
    excessReturn63: t && t.calledDurable.n > 0 ? excess : NaN, smallSample: m.smallSample,
    outOfSample: outOfSampleStatus(m, s),
  };
}

const byAuc = (a: VerdictRow, b: VerdictRow): number =>
  (Number.isFinite(b.auc) ? b.auc : -1) - (Number.isFinite(a.auc) ? a.auc : -1)
  || (a.criterion < b.criterion ? -1 : a.criterion > b.criterion ? 1 : 0)
  || (a.params < b.params ? -1 : a.params > b.params ? 1 : 0)
  || (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0);

function sentence(kind: EpisodeKind, rows: readonly VerdictRow[], winners: readonly VerdictRow[], tests: number): string {
  const noun = DURABLE_NOUN[kind];
  const tested = rows.filter((r) => r.status !== 'untested');
  if (tested.length === 0) return `Nothing was tested for ${noun}: no criterion scored episodes of both outcomes.`;
  const nTests = `${tests} test${tests === 1 ? '' : 's'}`;
  if (winners.length === 0) {
    const best = [...tested].sort((a, b) => a.qValue - b.qValue || byAuc(a, b))[0]!;
    return `No criterion predicted ${noun} better than chance after correction for ${nTests} (smallest q ${fq(best.qValue)}, ${best.criterion}).`;
  }
  const w = [...winners].sort((a, b) => a.qValue - b.qValue || byAuc(a, b))[0]!;
  const which = winners.length === 1 ? `1 criterion row` : `${winners.length} criterion rows`;
  return `${which} predicted ${noun} better than chance after correction for ${nTests}; strongest evidence: ${w.criterion} (AUC ${fmt(w.auc)} [${fmt(w.aucCI.lo)}, ${fmt(w.aucCI.hi)}], n = ${w.n}, q ${fq(w.qValue)}).`;
}

function kindVerdict(kind: EpisodeKind, s: RunSummary, alpha: number, tests: number): KindVerdict | null {
  const metrics = s.metrics.filter((m) => m.kind === kind);
  if (metrics.length === 0) return null;
  const rows = metrics.map((m) => verdictRow(m, s, alpha)).sort(byAuc);
  const winners = rows.filter((r) => r.status === 'beats-chance');
  const shownWinners = winners.slice(0, VERDICT_ROWS);
  const others = rows.filter((r) => r.status !== 'beats-chance' && !isBaselineCriterion(r.criterion) && r.n > 0);
  const shown = [...shownWinners, ...others.slice(0, VERDICT_ROWS - shownWinners.length)];
  return {
    kind, sentence: sentence(kind, rows, winners, tests), tested: rows.filter((r) => r.status !== 'untested').length,
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
  const kinds = EPISODE_KINDS.flatMap((k) => kindVerdict(k, s, alpha, tests) ?? []);
  return { alpha, level, tests, smallestQ: Number.isFinite(smallestQ) ? smallestQ : NaN, nullDraws: NULL_DRAWS, kinds };
}
