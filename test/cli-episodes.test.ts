import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { describeShared, shared } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-cli-'));

describe('rally CLI basics', () => {
  it('--help lists commands and every command has examples', () => {
    const r = rally(['--help']);
    expect(r.code).toBe(0);
    const commands = ['run', 'episodes', 'list', 'merge', 'baseline', 'check', 'power', 'simulate'];
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`rally ${c}`));
    for (const c of commands) {
      const h = rally([c, '--help']);
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toMatch(/Examples:/);
    }
    expect(rally(['episodes', '--help']).stdout).toMatch(/--drawdown/);
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

  it('--kind sector-lead on the Ken French file and --kind seasonal on GSPC', () => {
    const sl = join(tmp, 'sl');
    let r = rally(['episodes', '--kind', 'sector-lead', '--data', shared('famafrench', '10_Industry_Portfolios_Daily.csv'), '--out', sl]);
    expect(r.code, r.stderr).toBe(0);
    // The summary line agrees with the file it wrote.
    const m = /(\d+) sector-lead episodes — (\d+) durable, (\d+) stalled, (\d+) failed, (\d+) censored/.exec(r.stdout)!;
    const rows = readFileSync(join(sl, 'episodes.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(Number(m[1]));
    expect(rows.filter((c) => c[8] === 'durable')).toHaveLength(Number(m[2]));
    expect(rows.filter((c) => c[8] === 'failed')).toHaveLength(Number(m[4]));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows[0]![0]).toMatch(/^10_Industry_Portfolios_Daily:sector-lead:\w+:\d{4}-\d{2}-\d{2}$/);
    expect(new Set(rows.map((c) => c[19])).size).toBe(10); // every industry leads at some point
    const se = join(tmp, 'se');
    r = rally(['episodes', '--kind', 'seasonal', '--window', 'santa-claus', '--data', shared('sp500', 'GSPC.csv'), '--out', se]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ seasonal episodes/);
    // Hand-checked from the file's lines (see test/seasonal.test.ts): the 2022/23 window failed.
    expect(readFileSync(join(se, 'episodes.csv'), 'utf8')).toMatch(/GSPC:seasonal:santa-claus:2023-01-04,GSPC,seasonal,2023-01-04,2022-12-22,3822\.38989\d*,[^,]*,[^,]*,failed/);
  });
});
