import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { ROOT } from './support/shared-data.ts';
import { BUILTIN_CRITERIA } from '../strategies/registry.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-cli-run-'));

describe('rally run / list from the command line', () => {
  it('rally list criteria lists every built-in with claim, data and parameters', () => {
    const r = rally(['list', 'criteria']);
    expect(r.code).toBe(0);
    for (const c of BUILTIN_CRITERIA) expect(r.stdout).toContain(c.id);
    expect(r.stdout).toMatch(/claim\s+/);
    expect(r.stdout).toMatch(/params\s+fast=50/);
  });

  it('rally run --criterion adds the example plugin to the default run and writes predictions.csv', () => {
    const out = join(tmp, 'plugin');
    const r = rally(['run', '--criterion', join(ROOT, 'strategies', 'examples', 'ma-distance.ts'), '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const preds = readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n');
    expect(preds[0]).toBe('episode_id,criterion,params,score,call,abstain_reason,error');
    const mine = preds.filter((l) => l.split(',')[1] === 'ma-distance');
    expect(mine).toHaveLength(27);
    expect(mine.filter((l) => /^[^,]+,ma-distance,[^,]+,0\.\d+,[01],,$/.test(l)).length).toBeGreaterThan(20);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.criteria.find((c: { id: string }) => c.id === 'ma-distance').source).toBe('plugin');
  });

  it('config errors name the key', () => {
    const p = join(tmp, 'bad.json');
    writeFileSync(p, JSON.stringify({ criteria: [{ id: 'golden-cross', params: { fast: [20, 'x'] } }] }));
    let r = rally(['run', '--config', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/criteria\[0\]\.params: parameter 'fast' must be a number/);
    writeFileSync(p, JSON.stringify({ criteria: [{ id: 'x', expr: 'sma(close, 50) > smaa(close, 200)' }] }));
    r = rally(['run', '--config', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/criteria\[0\]\.expr: .*smaa/);
    writeFileSync(p, JSON.stringify({ episodes: [{ kind: 'rebound', drawdown: 2 }] }));
    r = rally(['run', '--config', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/episodes\[0\]\.drawdown/);
    writeFileSync(p, '{"seed": 1,\n "criteria": [}');
    r = rally(['run', '--config', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid JSON/);
    writeFileSync(p, JSON.stringify({ datasets: [{ price: 'nope.csv' }] }));
    r = rally(['run', '--config', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.csv:0:0: file not found/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('config file mistakes point at the place', () => {
  it('invalid JSON names line and column; unknown formula series are refused before the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rally-cfg-'));
    const p = join(dir, 'c.json');
    writeFileSync(p, '{"datasets":[{"price":"x.csv"},],\n"a":1}');
    let r = rally(['run', '--config', p, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`rally: ${p}:1:32: invalid JSON near '],'`);
    writeFileSync(p, JSON.stringify({ criteria: [{ id: 'f', expr: 'sma(clos, 50) > sma(close, 200)' }] }));
    r = rally(['run', '--config', p, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/criteria\[0\]\.expr: no dataset has 'clos'/);
    writeFileSync(p, JSON.stringify({ datasets: [{ prices: 'x.csv' }] }));
    r = rally(['run', '--config', p, '--out', join(dir, 'o')]);
    expect(r.stderr).toContain(`${p}: datasets[0].prices: unknown data role`);
    // A formula that cannot be a score is caught before the run, not as failed jobs.
    writeFileSync(p, JSON.stringify({ criteria: [{ id: 'f', expr: 'close' }] }));
    r = rally(['run', '--config', p, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/criteria\[0\]\.expr: formula 'close' gave [\d.]+, outside \[0,1\]/);
  });
});
