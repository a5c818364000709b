import { isoDate } from '../calendar.ts';
import { kindLabel } from '../definition-labels.ts';
import type { Dataset, Episode } from '../types.ts';
import type { MetricsRow, RunResult } from '../results.ts';
import { OUTCOMES } from '../vocabulary.ts';
import { levelPercent, shownAucInterval } from '../stats/interval-choice.ts';
import { verdictText } from './verdict-text.ts';
import { selectionLines } from './selection-text.ts';
import { universeLines } from './universe-text.ts';
import { tradingLines } from './trading-text.ts';
import { nullWorldsLines } from './null-worlds-text.ts';
import { invertedLine } from './inverted-text.ts';
import { appliesFromPredictions, unscoredForData, unscoredForDataLines } from '../data-needs.ts';

/** `3 durable, 1 stalled, 0 failed, 2 censored`: every outcome, in the canonical order. */
function outcomeCounts(eps: readonly Episode[]): string {
  return OUTCOMES.map((o) => `${eps.filter((e) => e.outcome === o).length} ${o}`).join(', ');
}

/** One-paragraph terminal summary of detected episodes. */
export function summariseEpisodes(ds: Dataset, eps: readonly Episode[]): string {
  const k = ds.priceStart ?? 0; // the prices, not the history kept before them for lookbacks
  const span = ds.dates.length > k ? `${isoDate(ds.dates[k]!)}..${isoDate(ds.dates[ds.dates.length - 1]!)}` : 'empty';
  const kinds = [...new Set(eps.map((e) => e.kind))].join(', ') || 'rebound';
  return `${ds.id} ${span} (${ds.dates.length - k} closes): ${eps.length} ${kinds} episodes — ${outcomeCounts(eps)}`;
}


function f3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : '  -  ';
}

/** The terminal summary of a finished run: counts, the top of the leaderboard, failures (the files written: wrote-line.ts). */
export function runSummaryText(r: RunResult): string {
  const s = r.summary;
  const lines: string[] = verdictText(s.verdict, s.datasets.length);
  for (const d of s.datasets) {
    const eps = r.episodes.filter((e) => e.market === d.id);
    lines.push(`${d.id} ${d.start}..${d.end} (${d.bars} bars): ${eps.length} episodes — ${outcomeCounts(eps)}`);
  }
  lines.push(...universeLines(r));
  lines.push(`${s.criteria.length} criteria, ${s.counts.jobs} jobs, ${s.counts.predictions} predictions, ${s.counts.failedJobs} failed jobs`);
  // A universe's group and member rows stay in metrics.csv and the report; its pooled rows lead here.
  const perMember = s.metrics.filter((m) => m.pooled && m.pooled.scope !== 'pooled').length;
  const rows = s.metrics.filter((m) => !m.pooled || m.pooled.scope === 'pooled').sort((a, b) => (Number.isFinite(b.auc) ? b.auc : -1) - (Number.isFinite(a.auc) ? a.auc : -1) || (a.criterion < b.criterion ? -1 : 1));
  const multi = s.datasets.length + (s.universes?.length ?? 0) > 1;
  const W = 40;
  lines.push('', `${multi ? 'dataset'.padEnd(16) : ''}${'criterion'.padEnd(W + 1)}kind         n   ${`AUC   [${levelPercent(s.statistics.level)} CI]`.padEnd(22)}bal.acc  q      flag`);
  // The commonest reason each unscored row abstained, so "n = 0" is never a mystery.
  const kindOf = new Map(r.episodes.map((e) => [e.id, e.kind] as const));
  const why = new Map<string, Map<string, number>>();
  for (const p of r.predictions) {
    if (!p.abstainReason && !p.error) continue;
    const k = `${p.criterion}|${p.params}|${kindOf.get(p.episodeId)}`;
    const m = why.get(k) ?? new Map<string, number>();
    const reason = (p.error || p.abstainReason).replace(/\d{4}-\d{2}-\d{2}/g, '…');
    m.set(reason, (m.get(reason) ?? 0) + 1);
    why.set(k, m);
  }
  // A kind the criterion does not apply to is no want of data.
  const applies = appliesFromPredictions(r.episodes, r.predictions);
  const lacking = unscoredForData(s, applies);
  for (const m of rows.slice(0, 25)) {
    const name = `${m.criterion}${m.params && s.criteria.find((c) => c.id === m.criterion)!.paramSets.length > 1 ? `(${m.params})` : ''}`;
    let flag = [m.inverted ? 'INVERTED' : '', m.verdict && m.verdict !== 'not discovered' && m.verdict !== 'untested' ? m.verdict : '', m.smallSample ? 'small sample' : ''].filter(Boolean).join(', ');
    if (m.n === 0) {
      const reasons = [...(why.get(`${m.criterion}|${m.params}|${m.kind}`) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]);
      const lack = lacking.find((u) => u.criterion === m.criterion && u.dataset === m.dataset && u.kinds.includes(m.kind));
      flag = lack ? `not scored: lacks ${lack.missing.map((x) => `'${x.role}'`).join(', ')} (below)` : `not scored: ${reasons[0]?.[0] ?? 'no episodes'}`;
    }
    const label = name.length > W ? `${name.slice(0, W - 1)}…` : name;
    const ci = shownAucInterval(m); // the row's headline interval (a pooled row's is cluster-robust)
    lines.push(`${multi ? `${m.dataset.slice(0, 15).padEnd(16)}` : ''}${label.padEnd(W)} ${kindLabel(m.kind, m.definition).padEnd(11)} ${String(m.n).padStart(3)}  ${f3(m.auc)} [${f3(ci.lo)}, ${f3(ci.hi)}]  ${f3(m.balancedAccuracy)}  ${f3(m.qValue)}  ${flag}`);
  }
  if (rows.some((m) => m.pooled)) lines.push('(pooled rows: the interval is cluster-robust and q comes from permuting whole clusters of episodes; see the universe line above)');
  if (rows.length > 25) lines.push(`… ${rows.length - 25} more rows in metrics.csv`);
  const inverted = invertedLine(rows, multi);
  if (inverted) lines.push(inverted);
  if (perMember > 0) lines.push(`… ${perMember} group and member rows of universes in metrics.csv and report.html`);
  const wanting = unscoredForDataLines(lacking, s);
  if (wanting.length) lines.push('', ...wanting);
  for (const f of s.failures.slice(0, 10)) lines.push(`FAILED ${f.criterion}(${f.params}) on ${f.dataset}/${f.kind}: ${f.reason}`);
  if (s.failures.length > 10) lines.push(`… ${s.failures.length - 10} more failed jobs in summary.json`);
  const trading = tradingLines(r);
  if (trading.length) lines.push('', ...trading);
  lines.push(...nullWorldsLines(s.nullWorlds, s.statistics.level));
  lines.push(...selectionLines(s));
  return `${lines.join('\n')}\n`;
}
