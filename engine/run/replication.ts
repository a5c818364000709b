/**
 * Replication across datasets, at assembly from the finished metrics rows:
 * per episode kind and criterion, the parameter set with the best objective
 * on the discovery dataset is read, with the same parameters, on every other
 * dataset of the run. The discovery p is honest about the choice (the
 * family-wise p of the chosen set when the criterion has a grid, its own p
 * otherwise), then Benjamini-Hochberg across the kind's criteria; each other
 * dataset gets the verdict of engine/stats/verdict.ts, named for datasets.
 */
import type { MetricsRow, ReplicationCell, ReplicationRow } from '../results.ts';
import type { ReplicationSpec } from '../out-of-sample-spec.ts';
import { benjaminiHochberg } from '../stats/multiple.ts';
import { shownAucInterval } from '../stats/interval-choice.ts';
import { VERDICT_LEVEL, verdictOf, type Verdict } from '../stats/verdict.ts';
import { inSampleBest } from './walk-forward.ts';

export const REPLICATION_RULE = `per kind and criterion, the set with the best objective on the discovery dataset; discovery p = its family-wise p when the criterion has a grid, else its own two-sided p; `
  + `discovered = BH q of that p across the kind's criteria < ${VERDICT_LEVEL}; on each other dataset, same parameters: `
  + `replicated = discovered and the one-sided p in the discovery direction < ${VERDICT_LEVEL}; reversed = discovered and the one-sided p in the opposite direction < ${VERDICT_LEVEL}; `
  + `not replicated = discovered and neither; not discovered = q >= ${VERDICT_LEVEL}; untested = no discovery p or no row with these parameters`;

const STATUS: Record<Verdict, string> = {
  confirmed: 'replicated', 'not confirmed': 'not replicated', reversed: 'reversed', 'not discovered': 'not discovered', untested: 'untested',
};

/** Rows a replication reads: a plain dataset's, or a universe's pooled row. */
const readable = (m: MetricsRow): boolean => !m.pooled || m.pooled.scope === 'pooled';

function cell(m: MetricsRow | undefined, dataset: string, up: boolean, status: string): ReplicationCell {
  if (!m) return { dataset, n: 0, positives: 0, auc: NaN, aucCI: { lo: NaN, hi: NaN }, pValue: NaN, pSame: NaN, status };
  return {
    dataset, n: m.n, positives: m.positives, auc: m.auc, aucCI: { ...shownAucInterval(m) }, pValue: m.pValue,
    pSame: up ? m.pAbove : m.pBelow, status,
  };
}

/** The replication table of a run's whole-sample rows (q-values and family-wise p already assigned). */
export function replicationRows(metrics: readonly MetricsRow[], spec: ReplicationSpec): ReplicationRow[] {
  const rows = metrics.filter(readable);
  const datasets = [...new Set(rows.map((m) => m.dataset))].filter((d) => d !== spec.discovery);
  const byKey = new Map<string, MetricsRow[]>();
  for (const m of rows) {
    const k = JSON.stringify([m.kind, m.criterion, m.dataset]);
    let l = byKey.get(k);
    if (!l) byKey.set(k, (l = []));
    l.push(m);
  }
  const chosen = rows.filter((m) => m.dataset === spec.discovery).reduce((acc, m) => {
    const k = JSON.stringify([m.kind, m.criterion]);
    if (!acc.has(k)) {
      const members = byKey.get(JSON.stringify([m.kind, m.criterion, m.dataset]))!;
      const best = inSampleBest(members, spec.objective);
      acc.set(k, { members, best: best >= 0 ? members[best]! : members[0]! });
    }
    return acc;
  }, new Map<string, { members: MetricsRow[]; best: MetricsRow }>());
  const list = [...chosen.values()];
  const discoveryP = list.map(({ members, best }) => (members.length > 1 ? best.familyP : best.pValue));
  const out: ReplicationRow[] = [];
  for (const kind of [...new Set(list.map((c) => c.best.kind))]) {
    const idx = list.map((c, i) => (c.best.kind === kind ? i : -1)).filter((i) => i >= 0);
    const q = benjaminiHochberg(idx.map((i) => discoveryP[i]!));
    idx.forEach((i, k) => {
      const { members, best } = list[i]!;
      const disc = { auc: best.auc, qValue: q[k]!, pAbove: best.pAbove, pBelow: best.pBelow };
      const up = !(best.auc < 0.5);
      const targets = datasets.map((d) => {
        const m = byKey.get(JSON.stringify([kind, best.criterion, d]))?.find((x) => x.params === best.params);
        const status = m && Number.isFinite(m.pValue) ? STATUS[verdictOf(disc, m)] : 'untested';
        return cell(m, d, up, status);
      });
      out.push({
        kind, criterion: best.criterion, sets: members.length, params: best.params,
        discovery: cell(best, spec.discovery, up, Number.isFinite(q[k]!) ? (q[k]! < VERDICT_LEVEL ? 'discovered' : 'not discovered') : 'untested'),
        discoveryP: discoveryP[i]!, discoveryQ: q[k]!, targets,
      });
    });
  }
  return out;
}
