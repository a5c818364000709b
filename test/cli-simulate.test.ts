/**
 * `rally simulate` through the real executable: the wiring only (files
 * written, exit 2 on a bad flag). What it simulates is tested in process in
 * simulate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILES } from '../datasets/simulate/market.ts';
import { rally } from './support/cli.ts';
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
