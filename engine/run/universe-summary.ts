/**
 * A run's universes in its summary and outputs: the universe entries of
 * summary.json, the one price track per universe (its market: the
 * equal-weighted composite or its index file), and the member → universe map
 * that puts members' episodes under their universe (power, reports).
 */
import { setIdentity } from '../definition-labels.ts';
import { isoDate, parseIsoDay } from '../calendar.ts';
import type { Episode } from '../types.ts';
import type { PowerRow, PriceTrack, RunSummary, StatisticsSettings, UniverseSummary } from '../results.ts';
import { clusterFromKey, clusterKey, clusterText } from '../universe-spec.ts';
import { computePower, powerRows } from '../stats/power.ts';
import { clusterOf, designEffect, distinctCount } from '../stats/cluster.ts';
import { setBlockPeriods } from './pooled.ts';
import type { UniverseData } from '../../datasets/universe.ts';
import { HYGIENE_NOTE, type UniverseEpisodeCounts } from './universe-episodes.ts';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function universeSummary(u: UniverseData, counts: UniverseEpisodeCounts | undefined): UniverseSummary {
  const span = (d: { dates: Int32Array; priceStart?: number }): { start: string; end: string; bars: number } => {
    const k = d.priceStart ?? 0;
    return { start: isoDate(d.dates[k]!), end: isoDate(d.dates[d.dates.length - 1]!), bars: d.dates.length - k };
  };
  const flags = [
    ...u.members.flatMap((m) => m.flags.map((f) => ({ member: m.id, f }))),
    ...u.excluded.flatMap((m) => m.flags.map((f) => ({ member: m.id, f }))),
  ].sort((a, b) => cmp(a.member, b.member) || cmp(a.f.date, b.f.date));
  return {
    id: u.id,
    start: isoDate(u.calendar[0]!), end: isoDate(u.calendar[u.calendar.length - 1]!), bars: u.calendar.length,
    members: u.members.map((m) => ({ id: m.id, file: m.file, ...span(m.dataset), ...(m.group === undefined ? {} : { group: m.group }), flags: m.flags.length })),
    groups: [...new Set(u.members.flatMap((m) => (m.group === undefined ? [] : [m.group])))].sort(cmp),
    rows: u.options.rows, cluster: clusterKey(u.options.cluster), clusterText: clusterText(u.options.cluster, u.options.overlap), overlap: u.options.overlap,
    market: u.marketFrom, breadth: u.breadthFrom,
    hygiene: {
      mode: u.options.hygiene,
      flags: flags.map(({ member, f }) => ({ member, date: f.date, kind: f.kind, move: f.move, next: f.next, note: f.note })),
      excludedMembers: u.excluded.map((m) => m.id),
      flaggedEpisodes: counts?.flagged ?? 0, excludedEpisodes: counts?.excluded ?? 0, firstBarPeaks: counts?.firstBarPeaks ?? 0,
    },
  };
}

/** A universe's price track: its market level on its calendar. */
export function universeTrack(u: UniverseData): PriceTrack {
  return { dataset: u.id, column: u.marketFrom.startsWith('equal-weighted') ? 'composite' : 'market', dates: Array.from(u.calendar, isoDate), close: Array.from(u.market) };
}

/** Member id (and a universe's own id, for its groups' sector-lead episodes) → universe id, from a summary. */
export function universeOfMember(summary: Pick<RunSummary, 'universes'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of summary.universes ?? []) {
    for (const m of u.members) out.set(m.id, u.id);
    out.set(u.id, u.id); // sector-lead episodes are on the universe's groups dataset
  }
  return out;
}

/**
 * Power rows of a run: a plain dataset's sets at their episode counts
 * (computePower); a universe's sets at their effective counts, the counts
 * divided by the design effect of their clustering. In first-appearance
 * order of (dataset or universe, kind).
 */
export function runPower(episodes: readonly Episode[], summary: Pick<RunSummary, 'universes' | 'seed'>, statistics: StatisticsSettings): PowerRow[] {
  const of = universeOfMember(summary);
  if (of.size === 0) return computePower(episodes, statistics, summary.seed);
  const plain = computePower(episodes.filter((e) => !of.has(e.market)), statistics, summary.seed);
  const byKey = new Map<string, PowerRow>(plain.map((r) => [setIdentity(r.dataset, r.kind, r.definition), r]));
  const pooled = new Map<string, Episode[]>();
  const order: string[] = [];
  for (const e of episodes) {
    const k = setIdentity(of.get(e.market) ?? e.market, e.kind, e.definition);
    if (!order.includes(k)) order.push(k);
    if (!of.has(e.market)) continue;
    if (!pooled.has(k)) pooled.set(k, []);
    pooled.get(k)!.push(e);
  }
  for (const [k, eps] of pooled) byKey.set(k, clusteredPower(eps, of.get(eps[0]!.market)!, summary));
  return order.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []));
}

function clusteredPower(eps: readonly Episode[], universe: string, summary: Pick<RunSummary, 'universes' | 'seed'>): PowerRow {
  const u = summary.universes!.find((x) => x.id === universe)!;
  const by = u.cluster;
  // Episodes left out by "exclude-episodes" are listed but not scored: not part of the sample.
  const excluded = (e: Episode): boolean => u.hygiene.mode === 'exclude-episodes' && (e.flags ?? '').includes(HYGIENE_NOTE);
  const scored = eps.filter((e) => e.label !== null && !excluded(e));
  const period = clusterFromKey(by);
  const block = setBlockPeriods({ cluster: period, overlap: u.overlap }, eps);
  const clusters = scored.map((e) => clusterOf(parseIsoDay(e.decisionDate), period, block));
  const d = designEffect(scored.map((e) => e.label!), clusters);
  const def = eps[0]!.definition;
  const [row] = powerRows([{ dataset: universe, kind: eps[0]!.kind, ...(def === undefined ? {} : { definition: def }), n1: d.n1, n0: d.n0 }], summary.seed);
  const n1 = scored.filter((e) => e.label === 1).length;
  return {
    ...row!, n: scored.length, positives: n1, negatives: scored.length - n1,
    clustered: { by: block > 1 ? `${by}*${block}` : by, clusters: distinctCount(clusters), icc: d.icc, designEffect: d.deff, effectivePositives: d.n1, effectiveNegatives: d.n0 },
  };
}
