/**
 * `rally simulate` through the real executable: the wiring only (files
 * written, exit 2 on a bad flag). What it simulates is tested in process in
 * simulate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, SIMULATE_DEFAULTS, SIMULATE_LIMITS } from '../datasets/simulate/market.ts';
import { simulateCommand } from '../engine/cli/simulate-command.ts';
import { command, rally } from './support/cli.ts';
import { tempDir } from './support/runs.ts';

const tmp = tempDir('cli-simulate');

describe('rally simulate from the command line', () => {
  it('writes every file of a small market, and exits 2 on a bad flag', () => {
    const ok = rally(['simulate', '--seed', '3', '--years', '5', '--stocks', '10', '--sectors', '3', '--out', join(tmp, 'exe')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(join(tmp, 'exe')).sort()).toEqual(Object.values(FILES).sort());
    const bad = rally(['simulate', '--years', '5', '--plant', 'golden-cross=0.7', '--out', join(tmp, 'exe2')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/golden-cross/);
  });
});

describe('rally simulate: usage errors and help (in process, before any work)', () => {
  const sim = (args: string[]) => command(simulateCommand, ['simulate', ...args]);

  it('refuses an --out that is a file, or lies under a file, with exit 2 naming it (not an internal error)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const onFile = await sim(['--years', '3', '--out', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain(file);
    expect(onFile.stderr).toMatch(/exists and is not a folder/);
    const under = await sim(['--bootstrap', join(tmp, 'missing.csv'), '--paths', '2', '--out', join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(join(file, 'sub'));
    expect(under.stderr).toMatch(/a file is in the way/);
  });

  it('--block out of range states the accepted range', async () => {
    const [lo, hi] = SIMULATE_LIMITS.block;
    for (const block of ['1e9', '0.5']) {
      const r = await sim(['--bootstrap', join(tmp, 'missing.csv'), '--paths', '2', '--block', block, '--out', join(tmp, 'never')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--block: expected a mean block length in days from ${lo} to ${hi}, or "years", got "${block}"`);
    }
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('--help says which flags are required and gives every default and range', async () => {
    const help = (await sim(['--help'])).stdout.replace(/\s+/g, ' ');
    const { years, paths, block } = SIMULATE_LIMITS;
    expect(help).toContain(`--years years of market to simulate (${years[0]}-${years[1]}; the data ends in ${SIMULATE_DEFAULTS.endYear}); required without --bootstrap`);
    expect(help).toContain(`(default ${SIMULATE_DEFAULTS.seed})`);
    expect(help).toMatch(new RegExp(`--paths with --bootstrap \\(and required there\\): number of paths to write \\(${paths[0]}-${paths[1]}\\)`));
    expect(help).toContain(`mean block length in days (${block[0]}-${block[1]}, default ${SIMULATE_DEFAULTS.block})`);
    expect(help).toMatch(/--plant .*default: nothing planted/);
    expect(help).toMatch(/--out output folder \(required\)/);
    const noYears = await sim(['--out', join(tmp, 'never')]);
    expect(noYears.code).toBe(2);
    expect(noYears.stderr).toMatch(/--years: required/);
  });
});
