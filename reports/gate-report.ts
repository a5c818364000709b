/**
 * The gate's result for people and for CI: a text report (grouped by row,
 * each row's full name on its own line: never cut, control characters shown
 * as visible escapes) and JUnit XML that is always well-formed XML 1.0 (text
 * escaped; characters XML 1.0 forbids, such as NUL, \u001b or \uFFFF, shown
 * as visible escapes instead).
 */
import { printable } from '../engine/errors.ts';
import { rowKey } from './baseline.ts';
import { FAILING, type CheckLine, type CheckResult, type CheckStatus, type EpisodeChange } from './gate-check.ts';

const ORDER: Record<CheckStatus, number> = { missing: 0, unscored: 1, changed: 2, worse: 3, better: 4, allowed: 5, new: 6, seeded: 7, ok: 8 };

/** A name for a terminal line: whole, with control, format and non-characters escaped. */
const shown = (s: string): string => printable(s, Number.POSITIVE_INFINITY).replace(/[\uFDD0-\uFDEF\uFFFE\uFFFF]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);

const rowName = (l: Pick<CheckLine, 'criterion' | 'params'>): string => `${shown(l.criterion)}${l.params ? ` (${shown(l.params)})` : ''}`;

const fmt3 = (x: number | null): string => (x === null ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(3));
const signed = (x: number | null): string => (x === null ? '-' : `${x >= 0 ? '+' : ''}${fmt3(x)}`);

/** A score for a changed-episode line: 4 decimals and the call beside it, or `not scored`. */
const scoreText = (s: number | null, call: string): string => (s === null ? 'not scored' : `${s.toFixed(4)} (call ${call})`);
/** A score change: 3 decimals, or 2 significant digits when smaller than 0.001 (so that it never reads 0.000). */
const sizeText = (x: number): string => (x === 0 || x >= 0.001 ? x.toFixed(3) : x.toPrecision(2));

/** How many episodes of a scores line differ, the largest change, and the first few. */
function scoresText(l: CheckLine, shownEpisodes = 5): string[] {
  const eps = l.episodes ?? [];
  const head = l.status === 'seeded' ? 'not compared: seed-dependent criterion, different seed'
    : `${eps.length} of ${l.shared ?? 0} episodes differ (score or call); largest |score change| ${sizeText(l.delta ?? 0)}${l.status === 'allowed' ? ' (allowed by --allow-score-change)' : ''}`;
  const out = [`    ${`${l.status === 'ok' ? '' : l.status.toUpperCase()}`.padEnd(10)}${'scores'.padEnd(19)}${head}`];
  for (const e of eps.slice(0, shownEpisodes)) out.push(`      ${shown(e.id)}: ${scoreText(e.baseline, e.baselineCall)} → ${scoreText(e.current, e.currentCall)}`);
  if (eps.length > shownEpisodes) out.push(`      … ${eps.length - shownEpisodes} more`);
  return out;
}

function lineText(l: CheckLine): string {
  const values = `${fmt3(l.baseline)} → ${fmt3(l.current)}`;
  let text = `${l.status === 'ok' ? '' : l.status.toUpperCase()}`.padEnd(10) + l.metric.padEnd(19) + values.padEnd(18) + `change ${signed(l.delta)}`.padEnd(15);
  if ((l.metric === 'auc' || l.metric === 'balanced_accuracy' || l.metric === 'brier') && l.shared !== null) {
    text += l.status === 'seeded' ? 'not paired: seed-dependent criterion, different seed' : `paired 95% [${signed(l.lo)}, ${signed(l.hi)}] on ${l.shared} shared episodes`;
  }
  return `    ${text}`.trimEnd();
}

/** The lines of a check grouped by row, worst row first. */
function groupRows(lines: readonly CheckLine[]): CheckLine[][] {
  const rows = new Map<string, CheckLine[]>();
  for (const l of lines) {
    const k = rowKey(l);
    if (!rows.has(k)) rows.set(k, []);
    rows.get(k)!.push(l);
  }
  const worst = (ls: CheckLine[]): number => Math.min(...ls.map((l) => ORDER[l.status]));
  return [...rows.values()].sort((a, b) => worst(a) - worst(b) || rowKey(a[0]!).localeCompare(rowKey(b[0]!)));
}

function episodeLines(changes: readonly EpisodeChange[]): string[] {
  const out: string[] = [];
  const sets = new Map<string, EpisodeChange[]>();
  for (const c of changes) {
    const k = `${shown(c.dataset)} ${c.kind}`;
    if (!sets.has(k)) sets.set(k, []);
    sets.get(k)!.push(c);
  }
  for (const [k, cs] of sets) {
    out.push('', `episodes changed in ${k} (${cs.length}):`);
    for (const c of cs.slice(0, 50)) out.push(`  ${c.change.padEnd(8)} ${shown(c.id)}${c.change === 'outcome' ? `: ${c.baseline} → ${c.current}` : ` (${c.baseline || c.current})`}`);
    if (cs.length > 50) out.push(`  … ${cs.length - 50} more`);
  }
  return out;
}

/** The text report: verdict, rule, notes, data and episode changes, then the rows (failing ones; every row when `all`). */
export function checkTable(r: CheckResult, all = false): string {
  const failingRows = groupRows(r.lines).filter((ls) => ls.some((l) => FAILING.has(l.status)));
  const counts = [`${failingRows.length} rows failed`, `${r.episodeChanges.length} episodes changed`, `${r.dataChanges.length} data files changed${r.dataAllowed && r.dataChanges.length ? ' (allowed)' : ''}`];
  const out = [`rally check: ${r.pass ? 'PASS' : 'FAIL'} (${counts.join(', ')})`, `rule: ${r.rule}`];
  for (const w of r.warnings) out.push(`note: ${shown(w)}`);
  if (r.dataChanges.length) {
    out.push('', `data files changed (${r.dataChanges.length})${r.dataAllowed ? ', allowed by --allow-data-change' : ''}:`);
    for (const d of r.dataChanges) out.push(`  ${d.change.padEnd(8)} ${shown(d.dataset)} ${shown(d.role)}  ${shown(d.file)}  ${d.baseline.slice(0, 12) || '-'} → ${d.current.slice(0, 12) || '-'}`);
  }
  out.push(...episodeLines(r.episodeChanges));
  let hidden = 0, hiddenSeeded = 0;
  for (const ls of groupRows(r.lines)) {
    const show = all ? ls : ls.filter((l) => l.status !== 'ok' && l.status !== 'seeded');
    if (!show.length) {
      if (ls.some((l) => l.status === 'seeded')) hiddenSeeded++; else hidden++;
      continue;
    }
    const worst = show.reduce((a, l) => (ORDER[l.status] < ORDER[a.status] ? l : a));
    const l0 = ls[0]!;
    out.push('', `${worst.status.toUpperCase().padEnd(10)}${rowName(l0)} on ${shown(l0.dataset)} ${l0.kind}`);
    for (const l of show) if (l.metric === 'scores') out.push(...scoresText(l)); else if (l.metric !== 'row') out.push(lineText(l));
  }
  const notShown = [hidden ? `${hidden} rows unchanged within the rule` : '',
    hiddenSeeded ? `${hiddenSeeded} rows of seed-dependent criteria under another seed, not compared score by score` : ''].filter(Boolean);
  if (notShown.length) out.push('', `(${notShown.join('; ')}; not shown, --all shows them)`);
  return `${out.join('\n')}\n`;
}

/** Characters XML 1.0 allows: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute content for XML 1.0: forbidden characters as visible escapes, markup escaped. */
export function xmlText(s: string, attribute = false): string {
  const safe = s.replace(NOT_XML_CHAR, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  return attribute ? safe.replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : safe.replace(/\r/g, '&#13;');
}

interface Failure { message: string; text: string }

function testcaseXml(classname: string, name: string, failure: Failure | null): string {
  const head = `    <testcase classname="${xmlText(classname, true)}" name="${xmlText(name, true)}"`;
  return failure ? `${head}>\n      <failure message="${xmlText(failure.message, true)}">${xmlText(failure.text)}</failure>\n    </testcase>` : `${head}/>`;
}

const describeLine = (l: CheckLine): string => `${l.status} ${l.metric}${l.params ? ` (${l.params})` : ''} on ${l.dataset}: `
  + (l.metric === 'scores'
    ? `${l.episodes?.length ?? 0} of ${l.shared} episodes differ, largest |score change| ${sizeText(l.delta ?? 0)}`
      + (l.episodes ?? []).slice(0, 5).map((e) => `; ${e.id} ${scoreText(e.baseline, e.baselineCall)} → ${scoreText(e.current, e.currentCall)}`).join('')
    : `${fmt3(l.baseline)} → ${fmt3(l.current)}`
      + (l.lo !== null ? `, change ${signed(l.delta)}, paired 95% [${signed(l.lo)}, ${signed(l.hi)}] on ${l.shared} episodes` : ''));

/** JUnit XML: one case for the data files, one per episode set (dataset × kind), one per criterion × kind. */
export function checkJunit(r: CheckResult): string {
  const cases: string[] = [];
  let failed = 0;
  const testcase = (classname: string, name: string, failure: Failure | null): string => {
    if (failure) failed++;
    return testcaseXml(classname, name, failure);
  };
  const dataFails = r.dataChanges.length > 0 && !r.dataAllowed;
  cases.push(testcase('rally.data', 'data files', dataFails
    ? { message: `${r.dataChanges.length} data files changed`, text: r.dataChanges.map((d) => `${d.change} ${d.dataset} ${d.role} ${d.file}: ${d.baseline} → ${d.current}`).join('\n') } : null));
  const sets = new Map<string, EpisodeChange[]>();
  for (const x of [...r.lines, ...r.episodeChanges]) {
    const k = JSON.stringify([x.dataset, x.kind]);
    if (!sets.has(k)) sets.set(k, []);
  }
  for (const c of r.episodeChanges) sets.get(JSON.stringify([c.dataset, c.kind]))!.push(c);
  for (const [k, cs] of [...sets].sort(([a], [b]) => a.localeCompare(b))) {
    const [dataset, kind] = JSON.parse(k) as [string, string];
    cases.push(testcase('rally.episodes', `${kind} on ${dataset}`, cs.length
      ? { message: `${cs.length} episodes changed`, text: cs.map((c) => `${c.change} ${c.id} ${c.baseline} → ${c.current}`).join('\n') } : null));
  }
  const byCriterion = new Map<string, CheckLine[]>();
  for (const l of r.lines) {
    const k = JSON.stringify([l.kind, l.criterion]);
    if (!byCriterion.has(k)) byCriterion.set(k, []);
    byCriterion.get(k)!.push(l);
  }
  for (const [k, ls] of [...byCriterion].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, criterion] = JSON.parse(k) as [string, string];
    const bad = ls.filter((l) => FAILING.has(l.status));
    cases.push(testcase(`rally.criteria.${kind}`, criterion, bad.length ? { message: `${bad[0]!.status} ${bad[0]!.metric}`, text: bad.map(describeLine).join('\n') } : null));
  }
  const failures = failed;
  const head = `tests="${cases.length}" failures="${failures}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rally check" ${head}>\n  <testsuite name="rally check" ${head}>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
