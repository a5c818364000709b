/**
 * The regression gate's check: a run (as a baseline of itself) against the
 * committed baseline, like with like. It fails on
 *  - a data change: a data file's sha256 differs, or a file was added or
 *    removed (unless allowed: then it is reported only);
 *  - a changed episode set: episodes added or removed, or an outcome changed
 *    (each listed);
 *  - a row whose n, abstentions or failed count changed, or that disappeared
 *    or is no longer scored;
 *  - a row whose per-episode scores or calls differ (reports/gate-scores.ts:
 *    a score moved by more than the score tolerance, a call flipped, an
 *    episode scored in one run only), unless score changes are allowed: then
 *    they are listed only and the metric rule alone decides;
 *  - a paired change of AUC, balanced accuracy or Brier score (changeRule below).
 * Changes fail in either direction: an improvement fails too, as a golden
 * master does, so that a new baseline is declared deliberately (rally baseline).
 * Rows of seed-dependent criteria (coin-flip) are not compared score by
 * score when the seeds differ: their draws differ by design.
 */
import { deriveSeed } from '../engine/stats/random.ts';
import { rowKey, setKey, type Baseline, type BaselineDataFile, type BaselineRow } from './baseline.ts';
import { pairedChanges, type PairedChange, type PairedSide } from './gate-paired.ts';
import { compareScores, SCORE_TOLERANCE, type ScoreChange } from './gate-scores.ts';

export interface GateOptions {
  /** A paired change at least this large fails (default 0.02). */
  tolerance: number;
  /** A smaller change fails when its paired interval excludes 0 and it is at least this large (default 0.005). */
  minEffect: number;
  /** An episode whose score moved by more than this differs (default 1e-6: above floating-point noise). */
  scoreTolerance: number;
  /** Per-episode score changes are reported, not failed (the metric rule alone decides). */
  allowScoreChange: boolean;
  /** Data changes are reported, not failed. */
  allowDataChange: boolean;
  /** Criteria whose scores depend on the run seed. */
  seedDependent: readonly string[];
  resamples: number;
  level: number;
}

export const DEFAULT_GATE: GateOptions = {
  tolerance: 0.02, minEffect: 0.005, scoreTolerance: SCORE_TOLERANCE, allowScoreChange: false, allowDataChange: false, seedDependent: ['coin-flip'], resamples: 2000, level: 0.95,
};

/** The rule in words, for `--help` and the check's output. */
export function changeRule(o: GateOptions): string {
  const scores = `a row whose per-episode scores differ (an episode's score moved by more than ${o.scoreTolerance}, its call flipped, or it was scored in one run only)`;
  return `${scores} ${o.allowScoreChange ? 'is listed, not failed (score changes allowed)' : 'fails'}; `
    + `a paired change of AUC, balanced accuracy or Brier score (same episodes, current - baseline; either direction, improvements too) fails when |change| >= ${o.tolerance}, `
    + `or when |change| >= ${o.minEffect} and its ${Math.round(o.level * 100)}% paired bootstrap interval (${o.resamples} seeded resamples of the shared episodes) excludes 0`;
}

/** `allowed`: per-episode scores differ, reported only (score changes allowed). */
export type CheckStatus = 'ok' | 'worse' | 'better' | 'changed' | 'missing' | 'unscored' | 'allowed' | 'new' | 'seeded';
export const FAILING: ReadonlySet<CheckStatus> = new Set<CheckStatus>(['worse', 'better', 'changed', 'missing', 'unscored']);

export type CheckMetric = 'auc' | 'balanced_accuracy' | 'brier' | 'scores' | 'n' | 'abstentions' | 'failed' | 'row';

export interface CheckLine {
  dataset: string;
  kind: string;
  criterion: string;
  params: string;
  metric: CheckMetric;
  /** Metric lines: both runs' values on the shared episodes (the rows' own values when undefined there); null on a scores line. */
  baseline: number | null;
  current: number | null;
  /** current - baseline; on a scores line the largest |change| of a score scored in both runs. */
  delta: number | null;
  /** Paired bootstrap interval of the change (metric lines). */
  lo: number | null;
  hi: number | null;
  /** Episodes the paired comparison used (scores line: the episodes compared). */
  shared: number | null;
  status: CheckStatus;
  /** Scores line: the episodes whose score or call differs. */
  episodes?: ScoreChange[];
}

export interface EpisodeChange {
  dataset: string;
  kind: string;
  id: string;
  change: 'added' | 'removed' | 'outcome';
  baseline: string;
  current: string;
}

export interface DataChange {
  dataset: string;
  role: string;
  file: string;
  change: 'changed' | 'added' | 'removed';
  baseline: string;
  current: string;
}

export interface CheckResult {
  pass: boolean;
  rule: string;
  warnings: string[];
  dataChanges: DataChange[];
  /** Data changes allowed by the caller (reported, not failing). */
  dataAllowed: boolean;
  episodeChanges: EpisodeChange[];
  lines: CheckLine[];
}

const nullable = (x: number): number | null => (Number.isFinite(x) ? x : null);

function dataKeys(files: readonly BaselineDataFile[]): Map<string, BaselineDataFile> {
  const out = new Map<string, BaselineDataFile>();
  for (const f of files) {
    const k = JSON.stringify([f.dataset, f.role, f.series.join(',')]);
    out.set(out.has(k) ? JSON.stringify([k, f.file]) : k, f);
  }
  return out;
}

export function compareData(base: readonly BaselineDataFile[], cur: readonly BaselineDataFile[]): DataChange[] {
  const b = dataKeys(base), c = dataKeys(cur);
  const out: DataChange[] = [];
  for (const [k, f] of b) {
    const g = c.get(k);
    if (!g) out.push({ dataset: f.dataset, role: f.role, file: f.file, change: 'removed', baseline: f.sha256, current: '' });
    else if (g.sha256 !== f.sha256) out.push({ dataset: f.dataset, role: f.role, file: g.file, change: 'changed', baseline: f.sha256, current: g.sha256 });
  }
  for (const [k, g] of c) if (!b.has(k)) out.push({ dataset: g.dataset, role: g.role, file: g.file, change: 'added', baseline: '', current: g.sha256 });
  return out;
}

export function compareEpisodes(base: Baseline, cur: Baseline): EpisodeChange[] {
  const out: EpisodeChange[] = [];
  const curSets = new Map(cur.episodeSets.map((s) => [setKey(s), new Map(s.episodes)] as const));
  const baseSets = new Map(base.episodeSets.map((s) => [setKey(s), new Map(s.episodes)] as const));
  const sets = [...base.episodeSets, ...cur.episodeSets.filter((s) => !baseSets.has(setKey(s)))];
  for (const s of sets) {
    const b = baseSets.get(setKey(s)) ?? new Map<string, string>(), c = curSets.get(setKey(s)) ?? new Map<string, string>();
    const at = { dataset: s.dataset, kind: s.kind };
    for (const [id, o] of b) {
      const now = c.get(id);
      if (now === undefined) out.push({ ...at, id, change: 'removed', baseline: o, current: '' });
      else if (now !== o) out.push({ ...at, id, change: 'outcome', baseline: o, current: now });
    }
    for (const [id, o] of c) if (!b.has(id)) out.push({ ...at, id, change: 'added', baseline: '', current: o });
  }
  return out;
}

/** Scores, calls and labels of the episodes both rows scored, with the same outcome in both runs. */
function pairedSample(b: BaselineRow, bEps: Array<[string, string]>, c: BaselineRow, cEps: Array<[string, string]>): { base: PairedSide; cur: PairedSide; labels: Float64Array } {
  const cur = new Map(cEps.map(([id, o], i) => [id, { o, s: c.scores[i] ?? null, call: c.calls[i]! }] as const));
  const bs: number[] = [], bc: number[] = [], cs: number[] = [], cc: number[] = [], y: number[] = [];
  bEps.forEach(([id, o], i) => {
    const x = cur.get(id);
    const s = b.scores[i] ?? null;
    if (!x || x.o !== o || s === null || x.s === null || o === 'censored') return;
    bs.push(s); bc.push(b.calls[i] === '1' ? 1 : 0); cs.push(x.s); cc.push(x.call === '1' ? 1 : 0); y.push(o === 'durable' ? 1 : 0);
  });
  return { base: { scores: Float64Array.from(bs), calls: Float64Array.from(bc) }, cur: { scores: Float64Array.from(cs), calls: Float64Array.from(cc) }, labels: Float64Array.from(y) };
}

/** The status of a paired change under the rule: either direction fails (`worse` or `better` says which). */
function metricStatus(p: PairedChange, o: GateOptions, lowerIsBetter: boolean): CheckStatus {
  if (Number.isNaN(p.delta)) return 'ok';
  const d = Math.abs(p.delta);
  const excludesZero = p.lo > 0 || p.hi < 0;
  const fails = d >= o.tolerance - 1e-12 || (d >= o.minEffect - 1e-12 && excludesZero);
  return !fails ? 'ok' : (p.delta < 0) !== lowerIsBetter ? 'worse' : 'better';
}

type RowId = Pick<CheckLine, 'dataset' | 'kind' | 'criterion' | 'params'>;
type Eps = { base: Array<[string, string]>; cur: Array<[string, string]> };

/** The row's per-episode scores and calls, episode by episode (reports/gate-scores.ts). */
function scoresLine(id: RowId, b: BaselineRow, c: BaselineRow, eps: Eps, seeded: boolean, o: GateOptions): CheckLine {
  const cmp = compareScores(b, eps.base, c, eps.cur, o.scoreTolerance);
  const status: CheckStatus = seeded ? 'seeded' : cmp.changed.length === 0 ? 'ok' : o.allowScoreChange ? 'allowed' : 'changed';
  return { ...id, metric: 'scores', baseline: null, current: null, delta: cmp.largest, lo: null, hi: null, shared: cmp.compared, status, episodes: cmp.changed };
}

const PAIRED = [['auc', 'auc'], ['balanced_accuracy', 'balancedAccuracy'], ['brier', 'brier']] as const;

function rowLines(b: BaselineRow, c: BaselineRow | undefined, eps: Eps, seeded: boolean, o: GateOptions): CheckLine[] {
  const id: RowId = { dataset: b.dataset, kind: b.kind, criterion: b.criterion, params: b.params };
  const none = { lo: null, hi: null, shared: null };
  if (!c) return [{ ...id, ...none, metric: 'row', baseline: null, current: null, delta: null, status: 'missing' }];
  const lines: CheckLine[] = (['n', 'abstentions', 'failed'] as const).map((metric) => ({
    ...id, ...none, metric, baseline: b[metric], current: c[metric], delta: c[metric] - b[metric], status: b[metric] === c[metric] ? 'ok' : 'changed',
  }));
  lines.push(scoresLine(id, b, c, eps, seeded, o));
  const s = pairedSample(b, eps.base, c, eps.cur);
  const paired = pairedChanges(s.base, s.cur, s.labels, { resamples: o.resamples, level: o.level, seed: deriveSeed('rally-check', rowKey(b)) });
  for (const [metric, key] of PAIRED) {
    const p = paired[key];
    // The baseline stores AUC and balanced accuracy; the Brier score is measured on the stored scores only.
    const was = key === 'brier' ? null : b[key], now = key === 'brier' ? null : c[key];
    const status: CheckStatus = seeded ? 'seeded' : was !== null && now === null ? 'unscored' : metricStatus(p, o, key === 'brier');
    // The values the change is measured on (the shared episodes); the rows' own when undefined there.
    const onShared = Number.isFinite(p.delta);
    lines.push({ ...id, metric, baseline: onShared ? p.baseline : was, current: onShared ? p.current : now,
      delta: nullable(p.delta), lo: nullable(p.lo), hi: nullable(p.hi), shared: p.shared, status });
  }
  return lines;
}

export function checkBaseline(base: Baseline, cur: Baseline, opts: Partial<GateOptions> = {}): CheckResult {
  const o: GateOptions = { ...DEFAULT_GATE, ...opts };
  const warnings: string[] = [];
  const seedDiffers = base.seed !== cur.seed;
  if (seedDiffers) warnings.push(`the baseline used seed ${base.seed}, this run seed ${cur.seed}: rows of seed-dependent criteria (${o.seedDependent.join(', ') || 'none'}) are compared by n, abstentions and failed only`);
  if (base.runConfigHash !== cur.runConfigHash) warnings.push('the run config differs from the baseline\'s (config hash)');
  if (base.threshold !== cur.threshold) warnings.push(`the call threshold differs (baseline ${base.threshold}, this run ${cur.threshold}): calls and balanced accuracy are not like with like`);
  if (base.engine !== cur.engine) warnings.push(`the baseline was made by ${base.engine}, this run by ${cur.engine}`);
  const epsOf = (b: Baseline): Map<string, Array<[string, string]>> => new Map(b.episodeSets.map((s) => [setKey(s), s.episodes] as const));
  const baseEps = epsOf(base), curEps = epsOf(cur);
  const curRows = new Map(cur.rows.map((r) => [rowKey(r), r] as const));
  const baseKeys = new Set(base.rows.map(rowKey));
  const lines: CheckLine[] = [];
  for (const b of base.rows) {
    const eps = { base: baseEps.get(setKey(b)) ?? [], cur: curEps.get(setKey(b)) ?? [] };
    lines.push(...rowLines(b, curRows.get(rowKey(b)), eps, seedDiffers && o.seedDependent.includes(b.criterion), o));
  }
  for (const c of cur.rows) {
    if (!baseKeys.has(rowKey(c))) lines.push({ dataset: c.dataset, kind: c.kind, criterion: c.criterion, params: c.params, metric: 'row', baseline: null, current: c.auc, delta: null, lo: null, hi: null, shared: null, status: 'new' });
  }
  const dataChanges = compareData(base.data, cur.data);
  const episodeChanges = compareEpisodes(base, cur);
  const pass = !lines.some((l) => FAILING.has(l.status)) && episodeChanges.length === 0 && (o.allowDataChange || dataChanges.length === 0);
  return { pass, rule: changeRule(o), warnings, dataChanges, dataAllowed: o.allowDataChange, episodeChanges, lines };
}
