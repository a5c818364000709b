/**
 * The regression gate. A baseline declares a run's expected statistics (as
 * LEAN's regression algorithms do): the episode set with its outcomes and,
 * per criterion × params × kind × dataset, AUC and balanced accuracy with
 * their bootstrap intervals. `checkBaseline` compares a new run against it:
 * it fails when a criterion's AUC or balanced accuracy falls below the
 * baseline by more than the tolerance (default: below the baseline's own
 * bootstrap interval; or a fixed delta), when the episode set or its outcomes
 * changed, or when a criterion disappeared.
 */
import type { RunSummary } from '../engine/results.ts';

export interface BaselineRow {
  dataset: string;
  kind: string;
  criterion: string;
  params: string;
  n: number;
  auc: number | null;
  aucLo: number | null;
  aucHi: number | null;
  balancedAccuracy: number | null;
  balancedAccuracyLo: number | null;
  balancedAccuracyHi: number | null;
}

export interface Baseline {
  format: 'rally-baseline/1';
  engine: string;
  runConfigHash: string;
  seed: string;
  episodes: Array<{ id: string; outcome: string }>;
  rows: BaselineRow[];
}

/** A statistic for the baseline file: null when undefined (JSON has no NaN). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function makeBaseline(s: RunSummary): Baseline {
  return {
    format: 'rally-baseline/1',
    engine: `${s.engine.name} ${s.engine.version}`,
    runConfigHash: s.runConfigHash,
    seed: s.seed,
    episodes: s.episodes.map((e) => ({ id: e.id, outcome: e.outcome })),
    rows: s.metrics.map((m) => ({
      dataset: m.dataset, kind: m.kind, criterion: m.criterion, params: m.params, n: m.n,
      auc: finiteOrNull(m.auc), aucLo: finiteOrNull(m.aucCI.lo), aucHi: finiteOrNull(m.aucCI.hi),
      balancedAccuracy: finiteOrNull(m.balancedAccuracy), balancedAccuracyLo: finiteOrNull(m.balancedAccuracyCI.lo), balancedAccuracyHi: finiteOrNull(m.balancedAccuracyCI.hi),
    })),
  };
}

export type CheckStatus = 'ok' | 'worse' | 'missing' | 'unscored' | 'new' | 'better';

/** The statuses that fail the check. */
const FAILING: ReadonlySet<CheckStatus> = new Set<CheckStatus>(['worse', 'missing', 'unscored']);

export interface CheckLine {
  dataset: string;
  kind: string;
  criterion: string;
  params: string;
  metric: 'auc' | 'balanced_accuracy' | 'row';
  baseline: number | null;
  baselineLo: number | null;
  baselineHi: number | null;
  current: number | null;
  /** current - baseline. */
  delta: number | null;
  /** Lowest current value that passes. */
  floor: number | null;
  status: CheckStatus;
}

export interface EpisodeChange {
  id: string;
  change: 'added' | 'removed' | 'outcome';
  baseline: string;
  current: string;
}

export interface CheckResult {
  pass: boolean;
  /** Warnings that do not fail the check (e.g. a different seed). */
  warnings: string[];
  lines: CheckLine[];
  episodeChanges: EpisodeChange[];
  tolerance: string;
}

function rowKey(r: { dataset: string; kind: string; criterion: string; params: string }): string {
  return `${r.dataset}|${r.kind}|${r.criterion}|${r.params}`;
}

/** `tolerance`: undefined = the baseline's bootstrap interval; a number = fixed allowed drop. */
export function checkBaseline(base: Baseline, current: RunSummary, tolerance?: number): CheckResult {
  const cur = makeBaseline(current);
  const lines: CheckLine[] = [];
  const curRows = new Map(cur.rows.map((r) => [rowKey(r), r] as const));
  const baseKeys = new Set(base.rows.map(rowKey));
  for (const b of base.rows) {
    const c = curRows.get(rowKey(b));
    const id = { dataset: b.dataset, kind: b.kind, criterion: b.criterion, params: b.params };
    if (!c) {
      lines.push({ ...id, metric: 'row', baseline: null, baselineLo: null, baselineHi: null, current: null, delta: null, floor: null, status: 'missing' });
      continue;
    }
    for (const metric of ['auc', 'balanced_accuracy'] as const) {
      const bv = metric === 'auc' ? b.auc : b.balancedAccuracy;
      const lo = metric === 'auc' ? b.aucLo : b.balancedAccuracyLo;
      const hi = metric === 'auc' ? b.aucHi : b.balancedAccuracyHi;
      const cv = metric === 'auc' ? c.auc : c.balancedAccuracy;
      const floor = bv === null ? null : tolerance !== undefined ? bv - tolerance : lo ?? bv;
      let status: CheckStatus;
      if (bv === null) status = 'ok';
      else if (cv === null) status = 'unscored';
      else if (floor !== null && cv < floor - 1e-12) status = 'worse';
      else if (cv > bv + 1e-12) status = 'better';
      else status = 'ok';
      lines.push({ ...id, metric, baseline: bv, baselineLo: lo, baselineHi: hi, current: cv, delta: bv !== null && cv !== null ? cv - bv : null, floor, status });
    }
  }
  for (const c of cur.rows) {
    if (!baseKeys.has(rowKey(c))) {
      lines.push({ dataset: c.dataset, kind: c.kind, criterion: c.criterion, params: c.params, metric: 'row', baseline: null, baselineLo: null, baselineHi: null, current: c.auc, delta: null, floor: null, status: 'new' });
    }
  }
  const episodeChanges: EpisodeChange[] = [];
  const curEp = new Map(cur.episodes.map((e) => [e.id, e.outcome] as const));
  const baseEp = new Map(base.episodes.map((e) => [e.id, e.outcome] as const));
  for (const [id, o] of baseEp) {
    const c = curEp.get(id);
    if (c === undefined) episodeChanges.push({ id, change: 'removed', baseline: o, current: '' });
    else if (c !== o) episodeChanges.push({ id, change: 'outcome', baseline: o, current: c });
  }
  for (const [id, o] of curEp) if (!baseEp.has(id)) episodeChanges.push({ id, change: 'added', baseline: '', current: o });
  const failing = lines.some((l) => FAILING.has(l.status));
  const warnings: string[] = [];
  if (base.seed !== current.seed) warnings.push(`the baseline used seed ${base.seed}, this run seed ${current.seed}: resampled intervals and seeded criteria (coin-flip) differ by design`);
  if (base.runConfigHash !== current.runConfigHash) warnings.push('the run config differs from the baseline\'s (config hash)');
  return {
    warnings,
    pass: !failing && episodeChanges.length === 0,
    lines,
    episodeChanges,
    tolerance: tolerance === undefined ? 'baseline bootstrap interval' : `fixed delta ${tolerance}`,
  };
}

/** A statistic in the check table: 3 decimals, '-' when absent. */
const fmt3 = (x: number | null): string => (x === null ? '-' : x.toFixed(3));

/** A readable diff table: failing lines first, then the rest (ok lines only when `all`). */
export function checkTable(r: CheckResult, all = false): string {
  const out: string[] = [];
  const shown = r.lines.filter((l) => all || l.status !== 'ok');
  const order: Record<CheckStatus, number> = { missing: 0, unscored: 1, worse: 2, new: 3, better: 4, ok: 5 };
  shown.sort((a, b) => order[a.status] - order[b.status] || rowKey(a).localeCompare(rowKey(b)) || a.metric.localeCompare(b.metric));
  out.push(`rally check (tolerance: ${r.tolerance}): ${r.pass ? 'PASS' : 'FAIL'}`);
  for (const w of r.warnings) out.push(`note: ${w}`);
  if (shown.length) {
    out.push('');
    out.push(`${'status'.padEnd(9)}${'dataset'.padEnd(14)}${'criterion'.padEnd(34)}${'kind'.padEnd(12)}${'metric'.padEnd(18)}${'baseline [interval]'.padEnd(24)}${'floor'.padEnd(8)}${'current'.padEnd(9)}delta`);
    for (const l of shown) {
      const name = `${l.criterion}${l.params ? `(${l.params})` : ''}`;
      const bl = l.baseline === null ? '-' : `${fmt3(l.baseline)} [${fmt3(l.baselineLo)}, ${fmt3(l.baselineHi)}]`;
      out.push(`${l.status.toUpperCase().padEnd(9)}${l.dataset.slice(0, 13).padEnd(14)}${name.slice(0, 33).padEnd(34)}${l.kind.padEnd(12)}${l.metric.padEnd(18)}${bl.padEnd(24)}${fmt3(l.floor).padEnd(8)}${fmt3(l.current).padEnd(9)}${l.delta === null ? '-' : (l.delta >= 0 ? '+' : '') + l.delta.toFixed(3)}`);
    }
  }
  const okCount = r.lines.filter((l) => l.status === 'ok').length;
  if (!all && okCount) out.push(`(${okCount} metric checks within tolerance not shown)`);
  if (r.episodeChanges.length) {
    out.push('', `episode set changed (${r.episodeChanges.length}):`);
    for (const c of r.episodeChanges.slice(0, 50)) out.push(`  ${c.change.padEnd(8)} ${c.id}${c.change === 'outcome' ? `: ${c.baseline} → ${c.current}` : ''}`);
    if (r.episodeChanges.length > 50) out.push(`  … ${r.episodeChanges.length - 50} more`);
  }
  return `${out.join('\n')}\n`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
    // XML 1.0 forbids most control characters.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML: one test case per criterion × episode kind, plus one per kind for the episode set. */
export function checkJunit(r: CheckResult): string {
  const cases = new Map<string, CheckLine[]>();
  for (const l of r.lines) {
    const k = `${l.criterion}\u0000${l.kind}`;
    const list = cases.get(k) ?? [];
    list.push(l);
    cases.set(k, list);
  }
  const kinds = [...new Set(r.lines.map((l) => l.kind))].sort();
  const body: string[] = [];
  let failures = 0;
  for (const kind of kinds) {
    const changes = r.episodeChanges.filter((c) => c.id.includes(`:${kind}:`));
    body.push(`    <testcase classname="rally.episodes" name="${xmlEscape(kind)}">`);
    if (changes.length) {
      failures++;
      body.push(`      <failure message="${xmlEscape(`${changes.length} episodes changed`)}">${xmlEscape(changes.map((c) => `${c.change} ${c.id} ${c.baseline}→${c.current}`).join('\n'))}</failure>`);
    }
    body.push('    </testcase>');
  }
  for (const k of [...cases.keys()].sort()) {
    const ls = cases.get(k)!;
    const [criterion, kind] = k.split('\u0000') as [string, string];
    const bad = ls.filter((l) => FAILING.has(l.status));
    body.push(`    <testcase classname="rally.criteria.${xmlEscape(kind)}" name="${xmlEscape(criterion)}">`);
    if (bad.length) {
      failures++;
      const msg = bad.map((l) => `${l.status} ${l.metric} ${l.params ? `(${l.params}) ` : ''}on ${l.dataset}: baseline ${fmt3(l.baseline)} [${fmt3(l.baselineLo)}, ${fmt3(l.baselineHi)}], current ${fmt3(l.current)}`).join('\n');
      body.push(`      <failure message="${xmlEscape(bad[0]!.status + ' ' + bad[0]!.metric)}">${xmlEscape(msg)}</failure>`);
    }
    body.push('    </testcase>');
  }
  const tests = kinds.length + cases.size;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rally check" tests="${tests}" failures="${failures}">\n  <testsuite name="rally check" tests="${tests}" failures="${failures}">\n${body.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
