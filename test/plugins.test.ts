import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCriterion, loadPlugin } from '../engine/run/plugins.ts';
import { ConfigError } from '../engine/errors.ts';
import { createView, prepare, scoreAt } from '../engine/data/view.ts';
import { consecutiveDays, dataset, decisionAt } from './support/builders.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, 'fixtures', 'plugins');

/** The ConfigError a load fails with (fails the test if it loads). */
async function loadError(file: string, key = 'criteria[3]'): Promise<ConfigError> {
  try {
    await loadPlugin(file, dir, key);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`${file} loaded but should not have`);
}

/** A plugin's view (copying) of 60 rising closes at decision t. */
function tinyView(t: number) {
  const ds = dataset(consecutiveDays(60), { close: Array.from({ length: 60 }, (_, i) => 100 + i) }, [], 'T');
  return createView(prepare(ds), decisionAt(ds, t, { refLowIndex: 0, peakIndex: 0 }), { copy: true, seed: 's' });
}

describe('loadPlugin: valid plugins', () => {
  // Loading reads the plugin's metadata from a plugin worker; the plugin itself never runs in this
  // thread (its scores are checked through runs: test/plugin-boundary.test.ts).
  it('loads a TypeScript plugin (default export) relative to baseDir; here it is metadata only', async () => {
    const c = await loadPlugin('./valid-momentum.ts', dir, 'criteria[0]');
    expect(isCriterion(c)).toBe(true);
    expect(c.id).toBe('fixture-momentum');
    expect(c.params.map((p) => p.name)).toEqual(['window']);
    expect(() => scoreAt(c, tinyView(30), { window: 20 })).toThrow(/runs only in a plugin worker/);
  });

  it('loads a plain .mjs plugin through its single named criterion export', async () => {
    const c = await loadPlugin('valid-calendar.mjs', dir, 'criteria[1]');
    expect(c.id).toBe('fixture-winter-half');
    expect(isCriterion(c)).toBe(true);
    expect(c.needs).toEqual(['calendar']);
  });

  it('accepts absolute paths and caches by resolved path', async () => {
    const a = await loadPlugin(resolve(dir, 'valid-momentum.ts'), '/somewhere/else', 'criteria[0]');
    const b = await loadPlugin('../plugins/valid-momentum.ts', dir, 'criteria[5]');
    expect(a).toBe(b);
  });

  it('reports a duplicate id owned by someone else, not by the same file', async () => {
    const path = resolve(dir, 'valid-momentum.ts');
    await expect(loadPlugin('valid-momentum.ts', dir, 'criteria[2]', { takenIds: new Map([['fixture-momentum', path]]) })).resolves.toBeDefined();
    const p = loadPlugin('valid-momentum.ts', dir, 'criteria[2]', { takenIds: new Map([['fixture-momentum', 'built-in']]), source: 'run.json' });
    await expect(p).rejects.toThrow(/^run\.json: criteria\[2\]: plugin valid-momentum\.ts .*id 'fixture-momentum' is already used by built-in/);
  });
});

describe('loadPlugin: errors name the config key and the file', () => {
  it('a default export whose score is not a function', async () => {
    const e = await loadError('bad-default.ts');
    expect(e.key).toBe('criteria[3]');
    expect(e.message).toContain('criteria[3]');
    expect(e.message).toContain('bad-default.ts');
    expect(e.message).toMatch(/'score' must be a function/);
  });

  it('an id that is not kebab-case', async () => {
    const e = await loadError('bad-id.mjs', 'criteria[7]');
    expect(e.message).toContain('criteria[7]');
    expect(e.message).toContain('bad-id.mjs');
    expect(e.message).toMatch(/id 'Bad_Id' is not kebab-case/);
  });

  it('a parameter default outside its [min, max]', async () => {
    const e = await loadError('param-out-of-range.ts');
    expect(e.message).toContain('param-out-of-range.ts');
    expect(e.message).toContain('criteria[3]');
    expect(e.message).toMatch(/params\[0\] \('window'\): default 500 is outside its range \[2, 250\]/);
  });

  it('a plugin that imports a missing module', async () => {
    const e = await loadError('missing-dep.ts', '--criterion[0]');
    expect(e.message).toContain('--criterion[0]');
    expect(e.message).toContain('missing-dep.ts');
    expect(e.message).toMatch(/cannot load it: .*rally-replay-no-such-module/);
  });

  it('a missing claim, params that are not an array, a factory default export, several candidates', async () => {
    expect((await loadError('no-claim.mjs')).message).toMatch(/no-claim\.mjs.*missing 'claim'/);
    expect((await loadError('params-object.mjs')).message).toMatch(/params-object\.mjs.*'params' must be an array/);
    expect((await loadError('factory.mjs')).message).toMatch(/factory\.mjs.*default export is a function/);
    expect((await loadError('two-criteria.mjs')).message).toMatch(/two-criteria\.mjs.*several exports look like criteria \(first, second\)/);
  });

  it('a file that does not exist, or is not a script', async () => {
    const e = await loadError('./nope.ts', 'criteria[9]');
    expect(e.message).toContain('criteria[9]');
    expect(e.message).toContain('nope.ts');
    expect(e.message).toMatch(/cannot find the file \(ENOENT\)/);
    expect((await loadError('notes.json')).message).toMatch(/notes\.json.*a plugin is a \.ts, \.mts, \.js, \.mjs file/);
  });
});

describe('isCriterion', () => {
  it('checks the structure', () => {
    const ok = { id: 'a', claim: 'c', needs: [], scoring: '', params: [], score: () => ({ score: 1 }) };
    expect(isCriterion(ok)).toBe(true);
    expect(isCriterion({ ...ok, score: 1 })).toBe(false);
    expect(isCriterion({ ...ok, params: {} })).toBe(false);
    expect(isCriterion({ ...ok, id: '' })).toBe(false);
    expect(isCriterion({ ...ok, kinds: ['nope'] })).toBe(false);
    expect(isCriterion(null)).toBe(false);
  });
});
