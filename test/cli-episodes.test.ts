import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './cli-helpers.ts';
import { describeShared, shared } from './shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-cli-'));

describe('rally CLI basics', () => {
  it('--help lists commands and each command has examples', () => {
    const r = rally(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rally run/);
    expect(r.stdout).toMatch(/rally episodes/);
    const e = rally(['episodes', '--help']);
    expect(e.stdout).toMatch(/Examples:/);
    expect(e.stdout).toMatch(/--drawdown/);
  });
  it('episodes on the embedded data writes episodes.csv with the brief\'s leading columns', () => {
    const out = join(tmp, 'emb');
    const r = rally(['episodes', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'episodes.csv'), 'utf8');
    expect(csv.split('\n')[0]!.startsWith('id,market,kind,decision_date,ref_low_date,ref_low,peak_date,peak,outcome,')).toBe(true);
    expect(r.stdout).toMatch(/SP500-2000 2000-01-03\.\.2020-04-17/);
  });
  it('bad input: exit 2 and one line file:line:column, no stack trace', () => {
    const p = join(tmp, 'bad.csv');
    writeFileSync(p, 'Date,Close\n2020-01-02,1\n2020-01-03,x\n');
    const r = rally(['episodes', '--data', p, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${p}:3:12: non-numeric value 'x'`);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
  it('bad flags exit 2 naming the flag', () => {
    const r = rally(['episodes', '--drawdown', '1.5', '--out', join(tmp, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--drawdown/);
  });
});

describeShared('rally episodes on GSPC', () => {
  it('reproduces the public facts', () => {
    const out = join(tmp, 'gspc');
    const r = rally(['episodes', '--data', shared('sp500', 'GSPC.csv'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const find = (d: string) => rows.find((c) => c[3] === d);
    expect(find('2008-10-13')!.slice(4, 9)).toEqual(['2008-10-10', '899.2199707', '2007-10-09', '1565.150024', 'failed']);
    expect(find('2009-03-10')![8]).toBe('durable');
    expect(find('2002-10-11')![4]).toBe('2002-10-09');
    expect(find('2020-03-24')![8]).toBe('durable');
  });
});
