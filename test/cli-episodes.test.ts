/**
 * `rally --help` and `rally episodes`: the executable's wiring (every
 * command registered, files written, exit 2 with one line for bad input and
 * bad flags), then what `rally episodes` finds on the shared data, run in
 * this process through its own flag parsing.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegisteredCommand } from '../engine/cli/command.ts';
type CommandModule = RegisteredCommand & { command: string; describe: string };
import { runCommand } from '../engine/cli/run-command.ts';
import { episodesCommand } from '../engine/cli/episodes-command.ts';
import { listCommand } from '../engine/cli/list-command.ts';
import { mergeCommand } from '../engine/cli/merge-command.ts';
import { baselineCommand } from '../engine/cli/baseline-command.ts';
import { checkCommand } from '../engine/cli/check-command.ts';
import { powerCommand } from '../engine/cli/power-command.ts';
import { simulateCommand } from '../engine/cli/simulate-command.ts';
import { command, rally } from './support/cli.ts';
import { describeShared, shared } from './support/shared-data.ts';
import { tempDir } from './support/runs.ts';
import { defaultRunConfig } from '../engine/config.ts';
import { episodesOfConfig } from '../engine/run/episodes.ts';

const tmp = tempDir('cli-episodes');
const MODULES: CommandModule[] = [runCommand, episodesCommand, listCommand, mergeCommand, baselineCommand, checkCommand, powerCommand, simulateCommand];
const nameOf = (m: CommandModule): string => m.command.split(' ')[0]!;

describe('rally CLI basics', () => {
  it('--help lists every command, and every command\'s --help has examples', async () => {
    const r = rally(['--help']);
    expect(r.code).toBe(0);
    const listed = [...r.stdout.matchAll(/^\s+rally (\w+)/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(MODULES.map(nameOf).sort());
    for (const m of MODULES) {
      const h = await command(m, [nameOf(m), '--help']);
      expect(h.code, nameOf(m)).toBe(0);
      expect(h.stdout, nameOf(m)).toMatch(/Examples:/);
    }
    expect((await command(episodesCommand, ['episodes', '--help'])).stdout).toMatch(/--drawdown/);
  });

  it('episodes on the embedded data (--data @embedded) writes episodes.csv with the brief\'s leading columns', () => {
    const out = join(tmp, 'emb');
    const r = rally(['episodes', '--data', '@embedded', '--out', out]);
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

describe('rally episodes without --data', () => {
  it('uses the data of the default rally run: its rebounds, row for row', async () => {
    const out = join(tmp, 'default');
    const r = await command(episodesCommand, ['episodes', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^GSPC 1927-12-30\.\.\d{4}-\d{2}-\d{2} \(\d+ closes\): \d+ rebound episodes/);
    const rows = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n');
    const [rebounds] = episodesOfConfig({ ...defaultRunConfig(), episodes: defaultRunConfig().episodes.filter((e) => e.kind === 'rebound') });
    expect(rows.slice(1).map((l) => l.split(',')[0])).toEqual(rebounds!.episodes.map((e) => e.id));
    expect(rows.length - 1).toBeGreaterThan(27); // more than the embedded 2000-2020 gives
  });
});

describeShared('rally episodes on the shared data', () => {
  const episodes = (...args: string[]) => command(episodesCommand, ['episodes', ...args]);

  it('reproduces the public facts on GSPC', async () => {
    const out = join(tmp, 'gspc');
    const r = await episodes('--data', shared('sp500', 'GSPC.csv'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'episodes.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const find = (d: string) => rows.find((c) => c[3] === d);
    expect(find('2008-10-13')!.slice(4, 9)).toEqual(['2008-10-10', '899.2199707', '2007-10-09', '1565.150024', 'failed']);
    expect(find('2009-03-10')![8]).toBe('durable');
    expect(find('2002-10-11')![4]).toBe('2002-10-09');
    expect(find('2020-03-24')![8]).toBe('durable');
  });

  it('--kind sector-lead on the Ken French file and --kind seasonal on GSPC', async () => {
    const sl = join(tmp, 'sl');
    let r = await episodes('--kind', 'sector-lead', '--data', shared('famafrench', '10_Industry_Portfolios_Daily.csv'), '--out', sl);
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
    r = await episodes('--kind', 'seasonal', '--window', 'santa-claus', '--data', shared('sp500', 'GSPC.csv'), '--out', se);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ seasonal episodes/);
    // Hand-checked from the file's lines (see test/seasonal.test.ts): the 2022/23 window failed.
    expect(readFileSync(join(se, 'episodes.csv'), 'utf8')).toMatch(/GSPC:seasonal:santa-claus:2023-01-04,GSPC,seasonal,2023-01-04,2022-12-22,3822\.38989\d*,[^,]*,[^,]*,failed/);
  });
});
