/**
 * Definition sensitivity: how each criterion's AUC moves across the labelled
 * definitions of one episode kind (rebound horizons 63/126/252, drawdowns
 * 7/10/15%): the analogue of an information-coefficient decay curve. One line
 * per metrics row of a kind with two or more labelled definitions, in the
 * config's definition order, with the row's shown AUC interval, its q-value
 * (adjusted over every row of the run, all definitions together: choosing a
 * definition is part of the search) and the AUC change from the kind's first
 * definition. Pure: a function of the summary's definitions and rows.
 */
import type { DefinitionInfo, HeadlineScheme, MetricsRow } from '../results.ts';
import type { EpisodeKind } from '../types.ts';
import { shownAucInterval } from './interval-choice.ts';

export interface DefinitionSensitivityRow {
  dataset: string;
  kind: EpisodeKind;
  criterion: string;
  params: string;
  definition: string;
  /** 1-based place of the definition among its kind's definitions (config order). */
  order: number;
  /** The definition's parameters, `name=value;...` in name order. */
  definitionParams: string;
  n: number;
  positives: number;
  auc: number;
  aucLo: number;
  aucHi: number;
  interval: HeadlineScheme;
  qValue: number;
  /** AUC minus the AUC of the same criterion and parameters under the kind's first definition (NaN when either is undefined). */
  aucChange: number;
}

function paramText(p: Record<string, unknown>): string {
  return Object.keys(p).sort().map((k) => `${k}=${typeof p[k] === 'object' ? JSON.stringify(p[k]) : String(p[k])}`).join(';');
}

/** Labels of each kind with 2+ labelled definitions, in config order. */
function repeatedKinds(definitions: readonly DefinitionInfo[]): Map<EpisodeKind, DefinitionInfo[]> {
  const out = new Map<EpisodeKind, DefinitionInfo[]>();
  for (const d of definitions) {
    if (d.label === undefined) continue;
    const l = out.get(d.kind) ?? [];
    l.push(d);
    out.set(d.kind, l);
  }
  for (const [k, l] of out) if (l.length < 2) out.delete(k);
  return out;
}

export function definitionSensitivity(definitions: readonly DefinitionInfo[], metrics: readonly MetricsRow[]): DefinitionSensitivityRow[] {
  const kinds = repeatedKinds(definitions);
  if (kinds.size === 0) return [];
  const rows = metrics.filter((m) => m.definition !== undefined && kinds.has(m.kind) && (!m.pooled || m.pooled.scope === 'pooled'));
  const byKey = new Map<string, Map<string, MetricsRow>>();
  const keyOf = (m: MetricsRow): string => JSON.stringify([m.dataset, m.kind, m.criterion, m.params]);
  for (const m of rows) {
    const k = keyOf(m);
    if (!byKey.has(k)) byKey.set(k, new Map());
    byKey.get(k)!.set(m.definition!, m);
  }
  const out: DefinitionSensitivityRow[] = [];
  for (const [k, perDef] of byKey) {
    const [dataset, kind, criterion, params] = JSON.parse(k) as [string, EpisodeKind, string, string];
    const defs = kinds.get(kind)!;
    const first = perDef.get(defs[0]!.label!);
    defs.forEach((d, i) => {
      const m = perDef.get(d.label!);
      if (!m) return;
      const ci = shownAucInterval(m);
      out.push({
        dataset, kind, criterion, params, definition: d.label!, order: i + 1, definitionParams: paramText(d.params),
        n: m.n, positives: m.positives, auc: m.auc, aucLo: ci.lo, aucHi: ci.hi, interval: m.interval, qValue: m.qValue,
        aucChange: first ? m.auc - first.auc : NaN,
      });
    });
  }
  return out;
}
