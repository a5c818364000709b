/**
 * The gate against hostile and malformed input, in process: every malformed
 * baseline, summary.json or predictions.csv is an InputError naming the file
 * (the CLI's exit 2), never another error; JUnit output is well-formed XML 1.0
 * whatever the names hold; the text report never cuts a name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../engine/errors.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { readRunRecord } from '../engine/run/summary.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { baselineJson, makeBaseline, type Baseline } from '../reports/baseline.ts';
import { parseBaseline } from '../reports/baseline-parse.ts';
import { checkBaseline } from '../reports/gate-check.ts';
import { checkJunit, checkTable, xmlText } from '../reports/gate-report.ts';
import { embeddedRunConfig } from './support/embedded-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-gate-inputs-'));
const run = join(tmp, 'run');
let summaryText = '';
let predictionsText = '';
let base: Baseline;

/** Run `fn`; it must either return or throw an InputError whose message names `file`. Returns the error, if any. */
function inputErrorOrNothing(fn: () => unknown, file: string): InputError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.message).toContain(file);
    return e;
  }
}

/** Every path to a value in `x` down to `depth` levels (arrays: first two items only). */
function paths(x: unknown, depth: number, at: Array<string | number> = []): Array<Array<string | number>> {
  if (depth === 0 || x === null || typeof x !== 'object') return [at];
  const keys: Array<string | number> = Array.isArray(x) ? [0, 1].filter((i) => i < x.length) : Object.keys(x);
  return [at, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], depth - 1, [...at, k]))];
}

function mutated(json: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  if (value === undefined) delete o[path.at(-1)!];
  else o[path.at(-1)!] = value;
  return copy;
}

const WRONG: unknown[] = [undefined, null, -1, 1.5, 'x', [], {}, true, [null], 'durable'];

/**
 * A strict well-formedness check of the XML the gate writes (declaration,
 * elements, attributes, text, character and entity references): returns the
 * first problem, or null.
 */
function xmlProblem(xml: string): string | null {
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) return 'a character XML 1.0 forbids';
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) return 'no XML declaration';
  const refs = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  token.lastIndex = decl[0].length;
  const stack: string[] = [];
  let roots = 0;
  while (token.lastIndex < xml.length) {
    const m = token.exec(xml);
    if (!m) return `unparsable at ${token.lastIndex}: ${JSON.stringify(xml.slice(token.lastIndex, token.lastIndex + 30))}`;
    const [, close, name, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (refs.test(text) || text.includes(']]>')) return `bad text ${JSON.stringify(text.slice(0, 40))}`;
      if (stack.length === 0 && text.trim()) return 'text outside the root';
      continue;
    }
    if (attrs && refs.test(attrs)) return `bad attribute ${JSON.stringify(attrs.slice(0, 40))}`;
    if (close) {
      if (stack.pop() !== name) return `unbalanced </${name}>`;
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    }
  }
  return stack.length ? `unclosed <${stack.at(-1)}>` : roots === 1 ? null : `${roots} roots`;
}

describe('the gate against malformed and hostile input', () => {
  beforeAll(async () => {
    const cfg0 = embeddedRunConfig();
    const cfg = { ...cfg0, statistics: { ...cfg0.statistics, bootstrap: 50, permutations: 50 } };
    await writeRunOutputs(run, assemble(await executeRun(cfg, { workers: 0 })));
    summaryText = readFileSync(join(run, 'summary.json'), 'utf8');
    predictionsText = readFileSync(join(run, 'predictions.csv'), 'utf8');
    base = makeBaseline(readRunRecord(run));
  });

  it('a baseline mutated anywhere (every field of the first entries, wrong types, missing keys) is accepted or an InputError naming the file', () => {
    const json = JSON.parse(baselineJson(base)) as unknown;
    const file = join(tmp, 'baseline.json');
    const current = makeBaseline(readRunRecord(run));
    let errors = 0, cases = 0;
    for (const p of paths(json, 4)) {
      for (const v of WRONG) {
        cases++;
        if (inputErrorOrNothing(() => checkBaseline(parseBaseline(mutated(json, p, v), file), current), file)) errors++;
      }
    }
    expect(cases).toBeGreaterThan(500);
    expect(errors).toBeGreaterThan(cases / 2);
    for (const text of ['', '[]', 'null', '"x"', '{"format": "rally-baseline/1"}']) {
      expect(inputErrorOrNothing(() => parseBaseline(JSON.parse(text || 'null'), file), file)).toBeInstanceOf(InputError);
    }
  });

  it('scores misaligned with their episode set, or n disagreeing with the scores, are refused', () => {
    const file = 'b.json';
    const json = JSON.parse(baselineJson(base)) as Baseline;
    const scored = json.rows.findIndex((r) => r.n > 0);
    const cases: Array<(b: Baseline) => void> = [
      (b) => { b.rows[scored]!.scores.pop(); },
      (b) => { b.rows[scored]!.calls = b.rows[scored]!.calls.slice(1); },
      (b) => { b.rows[scored]!.n += 1; },
      (b) => { b.rows[scored]!.scores[b.rows[scored]!.calls.indexOf('1')] = null; },
      (b) => { b.rows[scored]!.scores[b.rows[scored]!.scores.findIndex((x) => x !== null)] = 1.5; },
      (b) => { b.rows.push(b.rows[scored]!); },
      (b) => { b.episodeSets.push(b.episodeSets[0]!); },
      (b) => { b.rows[scored]!.kind = 'seasonal'; },
    ];
    for (const edit of cases) {
      const b = structuredClone(json);
      edit(b);
      expect(inputErrorOrNothing(() => parseBaseline(b, file), file)).toBeInstanceOf(InputError);
    }
  });

  it('summary.json mutated anywhere is accepted or an InputError naming it (or predictions.csv, when they no longer match)', () => {
    const json = JSON.parse(summaryText) as Record<string, unknown>;
    const dir = join(tmp, 'mutated');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'predictions.csv'), predictionsText);
    const file = join(dir, 'summary.json');
    // What the gate reads: these keys, the first entry of each list, and a metrics row's identity and counts.
    const relied = ['engine', 'runConfigHash', 'seed', 'data', 'episodes', 'metrics', 'statistics'];
    const rowFields = ['dataset', 'kind', 'criterion', 'params', 'n', 'abstentions', 'failed', 'auc', 'balancedAccuracy', 'aucCI'];
    const read = (q: Array<string | number>): boolean => q.length === 0 || (relied.includes(String(q[0]))
      && (q.length < 2 || q[0] === 'engine' || q[0] === 'statistics' || q[1] === 0) && (q[0] !== 'metrics' || q.length < 3 || rowFields.includes(String(q[2]))));
    let cases = 0;
    for (const p of paths(json, 3).filter(read)) {
      for (const v of WRONG.slice(0, 6)) {
        cases++;
        writeFileSync(file, JSON.stringify(mutated(json, p, v)) ?? '');
        // (an edit that makes the two files disagree is reported against predictions.csv)
        inputErrorOrNothing(() => checkBaseline(base, makeBaseline(readRunRecord(dir))), dir);
      }
    }
    expect(cases).toBeGreaterThan(150);
    for (const text of ['', '{', '[1,2]', '{"engine": {"name": "x", "version": "1"}}']) {
      writeFileSync(file, text);
      expect(inputErrorOrNothing(() => readRunRecord(dir), file)).toBeInstanceOf(InputError);
    }
  });

  it('predictions.csv broken or not matching its summary.json (a mixed folder) is an InputError naming it', () => {
    const dir = join(tmp, 'bad-predictions');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), summaryText);
    const file = join(dir, 'predictions.csv');
    const lines = predictionsText.split('\n');
    const row = lines.findIndex((l) => /,0\.\d+,[01],,$/.test(l));
    const cases = [
      '', 'episode_id,criterion\n', `${predictionsText}"unclosed,x\n`, `${predictionsText}a"b,c\n`,
      lines.map((l, i) => (i === row ? l.replace(/,0\.(\d+),/, ',7.5,') : l)).join('\n'),
      lines.map((l, i) => (i === row ? l.replace(/,0\.(\d+),/, ',0x10,') : l)).join('\n'),
      lines.map((l, i) => (i === row ? l.replace(/,([01]),,$/, ',,,') : l)).join('\n'),
      lines.map((l, i) => (i === row ? l.replace(/^[^,]+/, 'SP500-2000:rebound:1999-01-01') : l)).join('\n'),
      lines.filter((_, i) => i !== row).join('\n'),
      [...lines.slice(0, row + 1), lines[row], ...lines.slice(row + 1)].join('\n'),
    ];
    for (const text of cases) {
      writeFileSync(file, text);
      expect(inputErrorOrNothing(() => readRunRecord(dir), file), text.slice(0, 60)).toBeInstanceOf(InputError);
    }
    writeFileSync(file, predictionsText);
    expect(readRunRecord(dir).predictions.length).toBe(lines.length - 2);
  });

  it('JUnit is well-formed XML 1.0 and the text report shows every name whole, whatever the names hold', () => {
    const hostile = ['a\uFFFFb', 'nul\u0000x', 'esc\u001b[31mred', '<tag> & "q" \'a\'', ']]>', 'lone\uD800x', 'bidi\u202Eevil', 'tab\tnl\ncr\r', '\uFFFE', '😀 ok',
      `${'long-name-'.repeat(8)}one`, `${'long-name-'.repeat(8)}two`];
    const rename = (b: Baseline): Baseline => {
      const c = structuredClone(b);
      c.rows.forEach((r, i) => { r.criterion = hostile[i % hostile.length]!; r.params = `${r.params}|${i}`; r.dataset = hostile[(i + 3) % hostile.length]!; });
      c.episodeSets.forEach((s) => { s.dataset = 'x'; });
      return c;
    };
    const b = rename(base);
    b.episodeSets = b.rows.map((r) => ({ dataset: r.dataset, kind: r.kind, episodes: base.episodeSets[0]!.episodes.map(([id, o]) => [`${id}${r.dataset}`, o]) }));
    const cur = structuredClone(b);
    for (const r of cur.rows) r.scores = r.scores.map((s) => (s === null ? null : 1 - s)); // every scored row changes
    cur.episodeSets[0]!.episodes.pop();
    cur.data[0]!.sha256 = 'f'.repeat(64);
    cur.data[0]!.file = 'evil\u0000\uFFFF.csv';
    const r = checkBaseline(b, cur);
    expect(r.pass).toBe(false);
    const xml = checkJunit(r);
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain('a\\u{ffff}b');
    expect(xml).toContain('&lt;tag&gt; &amp; &quot;q&quot; &apos;a&apos;');
    const text = checkTable(r, true);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(text).toContain(`${'long-name-'.repeat(8)}one`);
    expect(text).toContain(`${'long-name-'.repeat(8)}two`);
    expect(text).toContain('esc\\x1b[31mred');
    for (const s of ['x\uFFFF', '\u0000', '\uD800', '\uDFFF', 'a\uD83D\uDE00b', '\r\n\t', '&<>"\'']) expect(xmlProblem(`<?xml version="1.0" encoding="UTF-8"?>\n<a b="${xmlText(s, true)}">${xmlText(s)}</a>`)).toBeNull();
  });
});
