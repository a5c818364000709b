/**
 * Run config mistakes point at the place: the config key (criteria[0].params,
 * episodes[0].drawdown...), or file:line:column for invalid JSON and missing
 * data files, and they are refused before the run (a formula naming an
 * unknown series, or one that cannot be a score, is not a failed job).
 * `rally run --config` runs in this process through its own flag parsing;
 * that the executable prints such an error as one line and exits 2 is
 * checked in cli-run.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runCommand } from '../engine/cli/run-command.ts';
import { command } from './support/cli.ts';
import { tempDir } from './support/runs.ts';

const tmp = tempDir('config-errors');
let k = 0;

/** `rally run --config <file with text>` in this process: the exit code and the error line. */
async function runWith(text: string): Promise<{ file: string; code: number; error: string }> {
  const file = join(tmp, `c${k++}.json`);
  writeFileSync(file, text);
  const r = await command(runCommand, ['run', '--config', file, '--workers', '0', '--out', join(tmp, 'never')]);
  return { file, code: r.code, error: r.stderr };
}
const refused = async (cfg: unknown, pattern: RegExp): Promise<void> => {
  const r = await runWith(JSON.stringify(cfg));
  expect(r.code, r.error).toBe(2);
  expect(r.error).toMatch(pattern);
  expect(r.error).toContain(basename(r.file));
};

describe('run config errors name the key', () => {
  it('parameters, formulas and episode definitions', async () => {
    await refused({ criteria: [{ id: 'golden-cross', params: { fast: [20, 'x'] } }] }, /criteria\[0\]\.params: parameter 'fast' must be a number/);
    await refused({ criteria: [{ id: 'x', expr: 'sma(close, 50) > smaa(close, 200)' }] }, /criteria\[0\]\.expr: .*smaa/);
    await refused({ episodes: [{ kind: 'rebound', drawdown: 2 }] }, /episodes\[0\]\.drawdown/);
    await refused({ datasets: [{ prices: 'x.csv' }] }, /: datasets\[0\]\.prices: unknown data role/);
  });

  it('invalid JSON names line and column', async () => {
    let r = await runWith('{"datasets":[{"price":"x.csv"},],\n"a":1}');
    expect(r.code).toBe(2);
    expect(r.error.trim()).toBe(`rally: ${r.file}:1:32: invalid JSON near '],'`);
    r = await runWith('{"seed": 1,\n "criteria": [}');
    expect(r.code).toBe(2);
    expect(r.error).toMatch(/invalid JSON/);
  });

  it('a missing data file is named with file:line:column', async () => {
    const r = await runWith(JSON.stringify({ datasets: [{ price: 'nope.csv' }] }));
    expect(r.code).toBe(2);
    expect(r.error).toMatch(/nope\.csv:0:0: file not found/);
  });

  it('formulas naming an unknown series, or that cannot be a score, are refused before the run', async () => {
    await refused({ criteria: [{ id: 'f', expr: 'sma(clos, 50) > sma(close, 200)' }] }, /criteria\[0\]\.expr: no dataset has 'clos'/);
    await refused({ criteria: [{ id: 'f', expr: 'close' }] }, /criteria\[0\]\.expr: formula 'close' gave [\d.]+, outside \[0,1\]/);
  });
});
