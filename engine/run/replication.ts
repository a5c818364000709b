/**
 * Replication, at assembly from the finished metrics rows: per episode kind
 * and criterion, the parameter set with the best objective on the discovery
 * dataset is read, with the same parameters, on every other dataset of the
 * run. When `discovery` names an evaluation period instead, the choice is
 * made per dataset on that period's rows and read on every other period's.
 * The discovery p is honest about the choice (the family-wise p of the chosen
 * set when the criterion has a grid, its own p otherwise), then
 * Benjamini-Hochberg across the kind's choices; each confirming dataset or
 * period gets the verdict of engine/stats/verdict.ts, named for replication.
 */
import type { MetricsRow, StatisticsSettings } from '../results.ts';
import type { ReplicationCell, ReplicationRow } from '../selection-results.ts';
import type { ReplicationSpec } from '../out-of-sample-spec.ts';
import { inPeriod, type PeriodSpec } from '../evaluation.ts';
import { familyWise } from '../stats/family.ts';
import { clusteredFamilyP, ownTestAllowsForClusters } from '../stats/multiple.ts';
import { setIdentity } from '../definition-labels.ts';
import { deriveSeed } from '../stats/random.ts';
import { benjaminiHochberg } from '../stats/multiple.ts';
import { shownAucInterval } from '../stats/interval-choice.ts';
import { VERDICT_LEVEL, verdictOf, type Verdict } from '../stats/verdict.ts';
import { inSampleBest, type GridInput } from './walk-forward.ts';

export const REPLICATION_RULE = `per kind and criterion, the set with the best objective on the discovery dataset (or period); discovery p = its family-wise p when the criterion has a grid, else its own two-sided p; `
  + `discovered = BH q of that p across the kind's choices < ${VERDICT_LEVEL}; on each other dataset (or period), same parameters: `
  + `replicated = discovered and the one-sided p in the discovery direction < ${VERDICT_LEVEL}; reversed = discovered and the one-sided p in the opposite direction < ${VERDICT_LEVEL}; `
  + `not replicated = discovered and neither; not discovered = q >= ${VERDICT_LEVEL}; untested = no discovery p, or no p with these parameters there`;

const STATUS: Record<Verdict, string> = {
  confirmed: 'replicated', 'not confirmed': 'not replicated', reversed: 'reversed', 'not discovered': 'not discovered', untested: 'untested',
};

/** Where a choice is made or read: a dataset's whole sample, or one of its periods. */
interface Slice {
  dataset: string;
  period?: string;
}

/** Rows a replication reads: a plain dataset's, or a universe's pooled row. */
const readable = (m: MetricsRow): boolean => !m.pooled || m.pooled.scope === 'pooled';
const sliceKey = (kind: string, criterion: string, s: Slice): string => JSON.stringify([kind, criterion, s.dataset, s.period ?? null]);

function cell(m: MetricsRow | undefined, s: Slice, up: boolean, status: string): ReplicationCell {
  const where = { dataset: s.dataset, ...(s.period === undefined ? {} : { period: s.period }) };
  if (!m) return { ...where, n: 0, positives: 0, auc: NaN, aucCI: { lo: NaN, hi: NaN }, pValue: NaN, pSame: NaN, status };
  return { ...where, n: m.n, positives: m.positives, auc: m.auc, aucCI: { ...shownAucInterval(m) }, pValue: m.pValue, pSame: up ? m.pAbove : m.pBelow, status };
}

/** Each discovery slice with the slices it is confirmed on. */
function plan(rows: readonly MetricsRow[], periodNames: readonly string[], discovery: string): Array<{ from: Slice; to: Slice[] }> {
  const datasets = [...new Set(rows.map((m) => m.dataset))];
  if (periodNames.includes(discovery)) {
    const others = periodNames.filter((p) => p !== discovery);
    return datasets.map((dataset) => ({ from: { dataset, period: discovery }, to: others.map((period) => ({ dataset, period })) }));
  }
  return [{ from: { dataset: discovery }, to: datasets.filter((d) => d !== discovery).map((dataset) => ({ dataset })) }];
}

interface Choice {
  kind: MetricsRow['kind'];
  from: Slice;
  to: Slice[];
  members: MetricsRow[];
  best: MetricsRow;
}

/**
 * The replication table of a run's rows (q-values and family-wise p already
 * assigned; the discovery period's rows carry their grid's family-wise p
 * within the period). `periodRows` are the rows per evaluation period.
 */
export function replicationRows(metrics: readonly MetricsRow[], periodRows: readonly MetricsRow[], periodNames: readonly string[], spec: ReplicationSpec): ReplicationRow[] {
  const rows = [...metrics, ...periodRows].filter(readable);
  const bySlice = new Map<string, MetricsRow[]>();
  for (const m of rows) {
    const k = sliceKey(m.kind, m.criterion, m);
    let l = bySlice.get(k);
    if (!l) bySlice.set(k, (l = []));
    l.push(m);
  }
  const choices: Choice[] = [];
  for (const { from, to } of plan(metrics.filter(readable), periodNames, spec.discovery)) {
    const seen = new Set<string>();
    for (const m of rows) {
      const k = sliceKey(m.kind, m.criterion, from);
      if (m.dataset !== from.dataset || m.period !== from.period || seen.has(k)) continue;
      seen.add(k);
      const members = bySlice.get(k)!;
      const best = inSampleBest(members, spec.objective);
      choices.push({ kind: m.kind, from, to, members, best: best >= 0 ? members[best]! : members[0]! });
    }
  }
  const discoveryP = choices.map(({ members, best }) => (members.length > 1 ? best.familyP : best.pValue));
  const out: ReplicationRow[] = [];
  for (const kind of [...new Set(choices.map((c) => c.kind))]) {
    const idx = choices.map((c, i) => (c.kind === kind ? i : -1)).filter((i) => i >= 0);
    const q = benjaminiHochberg(idx.map((i) => discoveryP[i]!));
    idx.forEach((i, k) => {
      const { from, to, members, best } = choices[i]!;
      const disc = { auc: best.auc, qValue: q[k]!, pAbove: best.pAbove, pBelow: best.pBelow };
      const up = !(best.auc < 0.5);
      const targets = to.map((s) => {
        const m = bySlice.get(sliceKey(kind, best.criterion, s))?.find((x) => x.params === best.params);
        return cell(m, s, up, m && Number.isFinite(m.pValue) ? STATUS[verdictOf(disc, m)] : 'untested');
      });
      const found = Number.isFinite(q[k]!) ? (q[k]! < VERDICT_LEVEL ? 'discovered' : 'not discovered') : 'untested';
      out.push({ kind, criterion: best.criterion, sets: members.length, params: best.params, discovery: cell(best, from, up, found), discoveryP: discoveryP[i]!, discoveryQ: q[k]!, targets });
    });
  }
  return out;
}

/**
 * The family-wise p of every grid's rows within one period (in place on that
 * period's rows): the same max-statistic permutation as the whole sample's,
 * on the episodes decided in the period, seeded by the family and period.
 */
export function assignPeriodFamilyP(grids: readonly GridInput[], periodRows: readonly MetricsRow[], period: PeriodSpec, statistics: StatisticsSettings, seed: string): void {
  // Labelled definitions of one kind are rows (and families) of their own: the key and the seed name the definition (unlabelled: as before).
  const rowKey = (m: MetricsRow): string => JSON.stringify([m.dataset, m.kind, m.definition ?? null, m.criterion, m.params]);
  const rows = new Map(periodRows.filter((m) => m.period === period.name).map((m) => [rowKey(m), m]));
  for (const g of grids) {
    const at = g.labelled.map((e, i) => (inPeriod(e.decisionDate, period) ? i : -1)).filter((i) => i >= 0);
    const first = g.members[0]!;
    const fw = familyWise(Float64Array.from(at, (i) => g.labels[i]!), g.scores.map((s) => Float64Array.from(at, (i) => s[i]!)), statistics.permutations,
      deriveSeed(seed, `${setIdentity(first.dataset, first.kind, first.definition)}|${first.criterion}|family|period=${period.name}`));
    const ofPeriod = g.members.map((m) => rows.get(rowKey(m)));
    const adjusted = ownTestAllowsForClusters(first) ? clusteredFamilyP(fw.adjusted, ofPeriod.map((row) => row?.pValue ?? NaN)) : fw.adjusted;
    ofPeriod.forEach((row, j) => { if (row) row.familyP = adjusted[j]!; });
  }
}
