/**
 * What a criterion lacks: its declared `needs` (engine/criterion.ts) checked
 * against a dataset's columns, each missing need named as the config role
 * that supplies it and the file that fills that role (shipped in the default
 * corpus, or in ../shared/data only), so that "not scored" always says what
 * to add.
 */
import { CORPUS_FILES, corpusRef } from './default-corpus.ts';
import type { MetricsRow, RunSummary } from './results.ts';
import type { Episode, Prediction } from './types.ts';

export interface MissingData {
  /** The criterion's need as it declares it (`breadth`, `BAA10Y`, ...). */
  need: string;
  /** The config key that supplies it: `breadth`, `series.BAA10Y`, `price` (a file with volume). */
  role: string;
  /** What file fills the role, in words, with an example path. */
  file: string;
}

/** Files that fill a role but are not shipped (../shared/data/PROVENANCE.md: no stated terms). */
const UNSHIPPED: Record<string, { role: string; file: string }> = {
  breadth: { role: 'breadth', file: 'an NYSE advance/decline file (advancers, decliners, up/down volume), e.g. ../shared/data/breadth/NYSE-breadth-daily.csv (not shipped: no stated terms)' },
  BAA10Y: { role: 'series.BAA10Y', file: "FRED BAA10Y (Moody's Baa yield minus the 10-year Treasury), e.g. ../shared/data/fred/BAA10Y.csv (not shipped: no stated terms)" },
};

/** Is the need met by these columns? Needs that are not data (calendar, none, others' scores) always are. */
function met(need: string, columns: ReadonlySet<string>): boolean {
  switch (need) {
    case 'price': return columns.has('close');
    case 'volume': return columns.has('volume');
    case 'vix': return columns.has('vix');
    case 'breadth': return columns.has('adv') && columns.has('dec');
    case 'sectors': return [...columns].some((c) => c.startsWith('sector:'));
    case 'shiller': return [...columns].some((c) => c.startsWith('shiller.'));
    default: return !/^[A-Z][A-Z0-9_]*$/.test(need) || columns.has(need); // a FRED-style id is a series name
  }
}

/** The role and file that would supply a need. */
function supplier(need: string): { role: string; file: string } {
  if (UNSHIPPED[need]) return UNSHIPPED[need]!;
  if (need === 'volume') return { role: 'price', file: 'an OHLCV price file with a Volume column' };
  const shipped = CORPUS_FILES.find((f) => (f.role === 'series' ? f.name === need : f.role === need));
  if (shipped) return { role: shipped.role === 'series' ? `series.${need}` : shipped.role, file: `${corpusRef(shipped.path)} (in the default corpus)` };
  if (need === 'price') return { role: 'price', file: 'an OHLCV price file' };
  return { role: `series.${need}`, file: `a file with the ${need} series (FRED layout: DATE,${need})` };
}

/** The needs these columns do not meet, each with the role and file that would. */
export function missingData(needs: readonly string[], columns: Iterable<string>): MissingData[] {
  const have = new Set(columns);
  return needs.filter((n) => !met(n, have)).map((need) => ({ need, ...supplier(need) }));
}

/** `lacks role 'breadth': an NYSE advance/decline file …`, for each missing need. */
export function missingDataText(missing: readonly MissingData[]): string {
  return `lacks ${missing.map((m) => `role '${m.role}': ${m.file}`).join('; ')}`;
}

/** A criterion left with no scored episode, in some kinds, because its data is absent from a dataset. */
export interface UnscoredForData {
  criterion: string;
  dataset: string;
  kinds: string[];
  missing: MissingData[];
}

/** The columns a dataset of the run offers (a universe's: its shared files' series, its members' prices and breadth). */
function columnsOf(s: RunSummary, dataset: string): string[] {
  const plain = s.datasets.find((d) => d.id === dataset);
  if (plain) return plain.columns;
  const shared = s.data.filter((f) => f.dataset === dataset).flatMap((f) => f.series);
  return [...shared, 'close', 'volume', 'adv', 'dec', 'adv_volume', 'dec_volume'];
}

/**
 * Every (criterion, dataset) whose rows scored nothing in some kind for want of data, with what it
 * lacks; `applies(row)` leaves out the rows of kinds a criterion does not apply to.
 */
export function unscoredForData(s: RunSummary, applies: (row: MetricsRow) => boolean = () => true): UnscoredForData[] {
  const out = new Map<string, UnscoredForData>();
  for (const m of s.metrics) {
    if (m.n > 0 || (m.pooled && m.pooled.scope !== 'pooled') || !applies(m)) continue;
    const needs = s.criteria.find((c) => c.id === m.criterion)?.needs ?? [];
    const missing = missingData(needs, columnsOf(s, m.dataset));
    if (missing.length === 0) continue;
    const key = `${m.criterion}\u0000${m.dataset}`;
    const hit = out.get(key) ?? { criterion: m.criterion, dataset: m.dataset, kinds: [], missing };
    if (!hit.kinds.includes(m.kind)) hit.kinds.push(m.kind);
    out.set(key, hit);
  }
  return [...out.values()];
}

/** The terminal's block on criteria not scored for want of data (empty when every criterion had its data). */
export function unscoredForDataLines(rows: readonly UnscoredForData[], s: RunSummary): string[] {
  if (rows.length === 0) return [];
  const multi = new Set(rows.map((r) => r.dataset)).size > 1 || s.datasets.length > 1;
  return [
    'Not scored for want of data: the data roles each criterion lacks, and a file for each (name it under that role of the dataset in a run config; README "Run configs"):',
    ...rows.map((r) => `  ${r.criterion}${multi ? ` on ${r.dataset}` : ''} (${r.kinds.join(', ')}): ${missingDataText(r.missing)}`),
  ];
}

/**
 * Which rows could have had data: a row whose every abstention says "not applicable to …" (or that
 * has none) is of a kind its criterion does not apply to, which is no want of data.
 */
export function appliesFromPredictions(episodes: readonly Episode[], predictions: readonly Prediction[]): (row: MetricsRow) => boolean {
  const kindOf = new Map(episodes.map((e) => [e.id, e.kind] as const));
  const onlyNotApplicable = new Map<string, boolean>();
  for (const p of predictions) {
    const reason = p.error || p.abstainReason;
    if (!reason) continue;
    const k = `${p.criterion}|${p.params}|${kindOf.get(p.episodeId)}`;
    onlyNotApplicable.set(k, (onlyNotApplicable.get(k) ?? true) && reason.startsWith('not applicable to '));
  }
  return (m) => !(onlyNotApplicable.get(`${m.criterion}|${m.params}|${m.kind}`) ?? true);
}
