/**
 * The regression gate's baseline: a run's expected results, declared once
 * (as LEAN's regression algorithms declare theirs) and compared against later
 * runs by reports/gate-check.ts. Format rally-baseline/2 records what a
 * like-with-like comparison needs:
 *  - the data files' sha256 hashes (same data?);
 *  - each episode set (dataset × kind) with every episode's outcome (same episodes?);
 *  - per criterion × params × kind × dataset: n, abstentions, failed, AUC and
 *    balanced accuracy, and the per-episode scores and calls, aligned with
 *    the row's episode set (null / '-' where the episode was not scored), so
 *    that a later run can be compared episode by episode (paired).
 * `makeBaseline` builds one from a finished run (summary.json and
 * predictions.csv); `parseBaseline` checks a file's shape (every malformation
 * an InputError naming the file and the offending key).
 */
import { kindLabel } from '../engine/definition-labels.ts';
import type { RunSummary } from '../engine/results.ts';
import type { Prediction } from '../engine/types.ts';

export const BASELINE_FORMAT = 'rally-baseline/2';

export interface BaselineDataFile {
  dataset: string;
  role: string;
  series: string[];
  file: string;
  sha256: string;
}

/** The episodes of one dataset × kind, in run order, as [id, outcome]. */
export interface EpisodeSet {
  dataset: string;
  kind: string;
  episodes: Array<[string, string]>;
}

export interface BaselineRow {
  dataset: string;
  kind: string;
  criterion: string;
  params: string;
  n: number;
  abstentions: number;
  failed: number;
  auc: number | null;
  balancedAccuracy: number | null;
  /** Per episode of the row's set (same order): the score, or null when not scored (censored, abstained, failed). */
  scores: Array<number | null>;
  /** Per episode: '1' called durable, '0' called not, '-' not scored. */
  calls: string;
}

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  engine: string;
  runConfigHash: string;
  seed: string;
  /** The call threshold of the run (balanced accuracy depends on it). */
  threshold: number | null;
  data: BaselineDataFile[];
  episodeSets: EpisodeSet[];
  rows: BaselineRow[];
}

/** What a baseline is made from: a finished run's summary and its predictions. */
export interface RunForBaseline {
  summary: RunSummary;
  predictions: readonly Prediction[];
}

/** A statistic for the baseline file: null when undefined (JSON has no NaN). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Collision-free key of a dataset × kind (names may hold any character). */
export const setKey = (r: { dataset: string; kind: string }): string => JSON.stringify([r.dataset, r.kind]);
export const rowKey = (r: { dataset: string; kind: string; criterion: string; params: string }): string =>
  JSON.stringify([r.dataset, r.kind, r.criterion, r.params]);

function episodeSets(s: RunSummary): EpisodeSet[] {
  const sets = new Map<string, EpisodeSet>();
  for (const e of s.episodes) {
    // A labelled definition's set is its own (kind written `rebound@h63`); unlabelled kinds are written as before.
    const kind = kindLabel(e.kind, e.definition);
    const k = setKey({ dataset: e.dataset, kind });
    if (!sets.has(k)) sets.set(k, { dataset: e.dataset, kind, episodes: [] });
    sets.get(k)!.episodes.push([e.id, e.outcome]);
  }
  return [...sets.values()];
}

export function makeBaseline(run: RunForBaseline): Baseline {
  const s = run.summary;
  const sets = episodeSets(s);
  const setOf = new Map(sets.map((x) => [setKey(x), x] as const));
  const byRow = new Map<string, Map<string, Prediction>>();
  for (const p of run.predictions) {
    const k = JSON.stringify([p.criterion, p.params]);
    if (!byRow.has(k)) byRow.set(k, new Map());
    byRow.get(k)!.set(p.episodeId, p);
  }
  const rows = s.metrics.map((m): BaselineRow => {
    const preds = byRow.get(JSON.stringify([m.criterion, m.params])) ?? new Map<string, Prediction>();
    const kind = kindLabel(m.kind, m.definition);
    const eps = setOf.get(setKey({ dataset: m.dataset, kind }))?.episodes ?? [];
    const scored = eps.map(([id, outcome]) => {
      const p = preds.get(id);
      return outcome === 'censored' || !p || p.error || p.call === null || !Number.isFinite(p.score) ? null : p;
    });
    return {
      dataset: m.dataset, kind, criterion: m.criterion, params: m.params,
      n: m.n, abstentions: m.abstentions, failed: m.failed,
      auc: finiteOrNull(m.auc), balancedAccuracy: finiteOrNull(m.balancedAccuracy),
      scores: scored.map((p) => (p ? p.score : null)),
      calls: scored.map((p) => (p ? String(p.call) : '-')).join(''),
    };
  });
  return {
    format: BASELINE_FORMAT,
    engine: `${s.engine.name} ${s.engine.version}`,
    runConfigHash: s.runConfigHash,
    seed: s.seed,
    threshold: finiteOrNull(s.statistics?.threshold ?? NaN),
    data: (s.data ?? []).map((d) => ({ dataset: d.dataset, role: d.role, series: [...d.series], file: d.file, sha256: d.sha256 })),
    episodeSets: sets,
    rows,
  };
}

/**
 * The baseline file's text: 2-space JSON with every list of plain values
 * (scores, an [id, outcome] pair, series names) on one line, so that a
 * baseline stays readable and its diffs stay small.
 */
export function baselineJson(b: Baseline): string {
  const flat = (x: unknown): boolean => x === null || typeof x !== 'object';
  const fmt = (x: unknown, indent: string): string => {
    if (flat(x)) return JSON.stringify(x);
    const inner = `${indent}  `;
    if (Array.isArray(x)) {
      if (x.every(flat)) return `[${x.map((v) => JSON.stringify(v)).join(', ')}]`;
      return x.length ? `[\n${x.map((v) => inner + fmt(v, inner)).join(',\n')}\n${indent}]` : '[]';
    }
    const entries = Object.entries(x as Record<string, unknown>);
    return entries.length ? `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${fmt(v, inner)}`).join(',\n')}\n${indent}}` : '{}';
  };
  return `${fmt(b, '')}\n`;
}
