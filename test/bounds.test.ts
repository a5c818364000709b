/**
 * Bounds: what a config may ask for is limited before anything is built from
 * it (grid size, nesting, formula size), the report's axes survive any finite
 * close, and user-supplied names never reach the prototype chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig, recordedConfig } from '../engine/config.ts';
import { checkBundleSpec } from '../engine/bundle-spec.ts';
import { ConfigError } from '../engine/errors.ts';
import { loadBundleSeries } from '../datasets/bundle.ts';
import { validateExpression } from '../strategies/expression.ts';
import { parseWindowSpec } from '../engine/calendar-windows.ts';
import { renderHtml } from '../reports/html/report.ts';
import { fakeRun } from './support/fake-run.ts';
import { thrown } from './support/builders.ts';

const parse = (raw: unknown): ReturnType<typeof parseRunConfig> => parseRunConfig(raw, 'run.json', '/tmp');

describe('parameter grids are counted before they are expanded', () => {
  const values = Array.from({ length: 10 }, (_, i) => i + 1);
  const huge = { criteria: [{ id: 'golden-cross', params: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, values])) }] };

  it('a 10^7-set grid is a ConfigError naming the key, before any set is built', () => {
    const err = thrown(ConfigError, () => parse(huge));
    expect(err.key).toBe('criteria[0].params');
    expect(err.message).toMatch(/10000000 parameter sets/);
    expect(err.message).toMatch(/limits.*gridSets/);
  });

  it('the limit can be raised (and is not recorded: it does not change results)', () => {
    const small = { criteria: [{ id: 'golden-cross', params: { fast: values, slow: values, x: values } }] };
    expect(thrown(ConfigError, () => parse({ ...small, limits: { gridSets: 999 } })).key).toBe('criteria[0].params');
    const cfg = parse({ ...small, limits: { gridSets: 1000 } });
    expect(cfg.criteria[0]).toMatchObject({ type: 'builtin' });
    expect((cfg.criteria[0] as { grid: unknown[] }).grid).toHaveLength(1000);
    expect(recordedConfig(cfg)).not.toHaveProperty('limits');
    expect(thrown(ConfigError, () => parse({ ...small, limits: { gridSets: 0 } })).key).toBe('limits.gridSets');
    expect(thrown(ConfigError, () => parse({ ...small, limits: { sets: 5 } })).key).toBe('limits.sets');
  });
});

describe('nesting and formula size are bounded', () => {
  it('a config nested 100,000 levels deep is a ConfigError, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const err = thrown(ConfigError, () => parse({ description: 'x', criteria: [{ id: 'golden-cross', params: deep }] }));
    expect(err.message).toMatch(/nested deeper than 64/);
    expect(err.key).toMatch(/^criteria\[0\]\.params(\.a)+$/);
  });

  it('a config nested 20 levels deep still parses to its ordinary errors', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(thrown(ConfigError, () => parse({ criteria: deep })).message).not.toMatch(/nested/);
  });

  it('a formula longer than 2,000 characters or nested deeper than 64 parentheses is refused with its key', () => {
    const long = Array.from({ length: 500 }, () => 'close').join(' + ');
    const e1 = thrown(ConfigError, () => parse({ criteria: [{ id: 'long', expr: long }] }));
    expect(e1.key).toBe('criteria[0].expr');
    expect(e1.message).toMatch(/at most 2000/);
    const nested = `${'('.repeat(500)}close${')'.repeat(500)} > 1`;
    const e2 = thrown(ConfigError, () => parse({ criteria: ['all', { id: 'deep', expr: nested }] }));
    expect(e2.key).toBe('criteria[1].expr');
    expect(e2.message).toMatch(/nested deeper than 64/);
    expect(parse({ criteria: [{ id: 'ok', expr: `${'('.repeat(30)}close${')'.repeat(30)} > 1` }] }).criteria).toHaveLength(1);
  });
});

describe('chart axes survive any finite close', () => {
  const scaled = (f: (v: number, i: number) => number): ReturnType<typeof fakeRun> => {
    const run = fakeRun({ episodes: 30, criteria: 3, seed: 9 });
    for (const p of run.prices ?? []) p.close = p.close.map((v, i) => (Number.isFinite(v) ? f(v, i) : v));
    return run;
  };
  it.each([
    ['one close of 1e308', (v: number, i: number) => (i === 100 ? 1e308 : v)],
    ['every close near 1e308', (v: number) => v * 1e305],
    ['every close near 1e-300', (v: number) => v * 1e-302],
    ['closes spanning 1e-300..1e308', (v: number, i: number) => (i % 2 ? 1e308 : 1e-300)],
    ['the largest and smallest numbers', (v: number, i: number) => (i % 2 ? Number.MAX_VALUE : Number.MIN_VALUE)],
  ])('%s: the report renders with no NaN or Infinity', (_name, f) => {
    const html = renderHtml(scaled(f));
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    for (const s of svgs) expect(s).not.toMatch(/NaN|Infinity/);
  });
});

describe('user-supplied names never reach the prototype chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = (name: string, k: number): string => {
    const rows = Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')},${(100 + k + i).toFixed(2)}`);
    writeFileSync(join(dir, name), `Date,Close\n${rows.join('\n')}\n`);
    return name;
  };

  it('a sector named __proto__, constructor or toString is an ordinary sector', () => {
    const raw = JSON.parse(`{"sectors": {"files": {"__proto__": "${csv('a.csv', 0)}", "constructor": "${csv('b.csv', 1)}", "toString": "${csv('c.csv', 2)}"}}}`);
    const spec = checkBundleSpec(raw, 'datasets[0]');
    const files = (spec.sectors as { files: Record<string, unknown> }).files;
    expect(Object.keys(files)).toEqual(['__proto__', 'constructor', 'toString']);
    const b = loadBundleSeries(spec, dir);
    expect(b.extras.map((s) => s.name)).toEqual(['sector:__proto__', 'sector:constructor', 'sector:toString', 'market']);
  });

  it('series named constructor or toString are ordinary series; __proto__ is refused by the name rule', () => {
    writeFileSync(join(dir, 'fred.csv'), 'DATE,X\n2020-01-01,1\n2020-02-01,2\n');
    const spec = checkBundleSpec({ price: csv('p.csv', 5), series: { constructor: 'fred.csv', toString: 'fred.csv' } }, 'datasets[0]');
    const b = loadBundleSeries(spec, dir);
    const named = b.extras.filter((s) => s.name === 'constructor' || s.name === 'toString');
    expect(named).toHaveLength(2);
    for (const s of named) expect(typeof s.lagDays).toBe('number');
    const raw = JSON.parse('{"price": "p.csv", "series": {"__proto__": "fred.csv"}}');
    expect(thrown(ConfigError, () => checkBundleSpec(raw, 'datasets[0]')).key).toBe('datasets[0].series.__proto__');
  });

  it('statistics, window and parameter names from the prototype are refused or kept as given', () => {
    expect(thrown(ConfigError, () => parse({ statistics: { constructor: 1 } })).key).toBe('statistics.constructor');
    expect(thrown(ConfigError, () => parse({ statistics: { toString: 1 } })).key).toBe('statistics.toString');
    expect(thrown(ConfigError, () => parseWindowSpec('constructor', 'episodes[0].windows[0]')).message).toMatch(/unknown built-in window/);
    const cfg = parse(JSON.parse('{"criteria": [{"id": "golden-cross", "params": {"__proto__": [1, 2]}}]}'));
    expect((cfg.criteria[0] as { grid: object[] }).grid.map((p) => Object.keys(p))).toEqual([['__proto__'], ['__proto__']]);
    const rec = recordedConfig(cfg).criteria as Array<{ params: object }>;
    expect(Object.keys(rec[0]!.params)).toEqual(['__proto__']);
  });

  it.each(['constructor(close, 3) > 1', 'toString(close) > 1', 'hasOwnProperty(close, 2) > 1', '__proto__(close) > 1'])(
    'formula %s: a clear unknown-function error', (expr) => {
      const err = thrown(ConfigError, () => validateExpression(expr, 'criteria[0]', 'run.json'));
      expect(err.key).toBe('criteria[0].expr');
      expect(err.message).toMatch(/unknown function|not allowed/);
    });
});

describe('built-in worker threads have a bounded heap', () => {
  it('defaults to 2048 MB, follows RALLY_WORKER_MEMORY_MB, ignores nonsense', async () => {
    const { workerMemoryMb } = await import('../engine/run/endpoint.ts');
    expect(workerMemoryMb({})).toBe(2048);
    expect(workerMemoryMb({ RALLY_WORKER_MEMORY_MB: '512' })).toBe(512);
    expect(workerMemoryMb({ RALLY_WORKER_MEMORY_MB: 'lots' })).toBe(2048);
    expect(workerMemoryMb({ RALLY_WORKER_MEMORY_MB: '1' })).toBe(2048);
  });
});
