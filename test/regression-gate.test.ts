import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { ROOT } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-gate-'));
const committed = join(ROOT, 'test', 'fixtures', 'baseline-default.json');
const run = join(tmp, 'default');
const summaryPath = join(run, 'summary.json');

describe('the regression gate (rally baseline / rally check)', () => {
  beforeAll(() => {
    const r = rally(['run', '--out', run, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('dogfood: the default run passes against the committed baseline', () => {
    const xml = join(tmp, 'committed.xml');
    const r = rally(['check', '--baseline', committed, '--current', summaryPath, '--junit', xml]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/failures="0"/);
    // one test case per criterion × kind, plus the episode set
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
    expect((junit.match(/<testcase /g) ?? []).length).toBe(summary.criteria.length + 1);
  });

  it('passes against its own fresh baseline', () => {
    const b = join(tmp, 'own.json');
    expect(rally(['baseline', '--from', summaryPath, '--out', b]).code).toBe(0);
    expect(rally(['check', '--baseline', b, '--current', summaryPath]).code).toBe(0);
  });

  it('fails with a readable diff and JUnit XML when a criterion gets worse, disappears, or episodes change', () => {
    const s = JSON.parse(readFileSync(summaryPath, 'utf8'));
    const row = s.metrics.find((m: { criterion: string }) => m.criterion === 'seasonality');
    const before = row.auc as number;
    row.auc = row.aucCI.lo - 0.05; // below the baseline's bootstrap interval
    s.metrics = s.metrics.filter((m: { criterion: string }) => m.criterion !== 'golden-cross');
    s.episodes[3].outcome = s.episodes[3].outcome === 'durable' ? 'failed' : 'durable';
    const worse = join(tmp, 'worse.json');
    writeFileSync(worse, JSON.stringify(s));
    const xml = join(tmp, 'worse.xml');
    const r = rally(['check', '--baseline', committed, '--current', worse, '--junit', xml]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.stdout).toMatch(/WORSE\s+SP500-2000\s+seasonality\S*\s+rebound\s+auc/);
    expect(r.stdout).toContain(before.toFixed(3));
    expect(r.stdout).toMatch(/MISSING\s+SP500-2000\s+golden-cross/);
    expect(r.stdout).toMatch(/episode set changed \(1\)/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/failures="3"/);
    expect(junit).toMatch(/name="seasonality">\s*<failure message="worse auc"/);
    expect(junit).toMatch(/name="golden-cross">\s*<failure message="missing row"/);
  });

  it('a fixed --tolerance is a delta, not the interval', () => {
    const s = JSON.parse(readFileSync(summaryPath, 'utf8'));
    const row = s.metrics.find((m: { criterion: string }) => m.criterion === 'seasonality');
    row.auc -= 0.02;
    const p = join(tmp, 'slightly.json');
    writeFileSync(p, JSON.stringify(s));
    expect(rally(['check', '--baseline', committed, '--current', p, '--tolerance', '0.05']).code).toBe(0);
    expect(rally(['check', '--baseline', committed, '--current', p, '--tolerance', '0.01']).code).toBe(1);
  });

  it('bad baseline input exits 2 with the file named', () => {
    const p = join(tmp, 'not-a-baseline.json');
    writeFileSync(p, '{"hello": 1}');
    const r = rally(['check', '--baseline', p, '--current', summaryPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(p);
  });
});
