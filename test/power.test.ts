import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minDetectableAuc, simulatePower } from '../engine/stats/power.ts';
import { normalCdf, normalQuantile } from '../engine/stats/normal.ts';
import { rally } from './support/cli.ts';

describe('power analysis', () => {
  it('normalQuantile inverts normalCdf', () => {
    for (const p of [0.001, 0.02, 0.3, 0.5, 0.7, 0.975, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
  });
  it('under no effect the rejection rate is about alpha; it grows with the AUC and with n', () => {
    const opts = { seed: 't', replications: 400, permutations: 200 };
    const nullRate = simulatePower(0.5, 20, 40, opts);
    // Binomial(400, 0.05): sd 0.011, so 0.05 ± 0.035 is a > 3-sd band.
    expect(Math.abs(nullRate - 0.05)).toBeLessThan(0.035);
    const p6 = simulatePower(0.6, 20, 40, opts), p8 = simulatePower(0.8, 20, 40, opts);
    expect(p8).toBeGreaterThan(p6 + 0.3);
    expect(simulatePower(0.7, 60, 120, opts)).toBeGreaterThan(simulatePower(0.7, 10, 20, opts));
  });
  it('the minimum detectable AUC shrinks as episodes grow', () => {
    const opts = { seed: 't', replications: 200, permutations: 200 };
    const small = minDetectableAuc(6, 20, opts).auc, big = minDetectableAuc(60, 200, opts).auc;
    expect(small).toBeGreaterThan(0.75);
    expect(big).toBeLessThan(small);
  });
  it('rally power prints a table and writes CSV', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rally-power-'));
    const r = rally(['power', '--auc', '0.6,0.8', '--n', '30,90', '--base-rate', '0.3', '--replications', '100', '--csv', join(dir, 'p.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/n \\ AUC\s+0\.60\s+0\.80/);
    const csv = readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('auc,n,durable,not_durable,alpha,power');
    expect(csv).toHaveLength(5);
    expect(rally(['power', '--auc', '1.2', '--n', '30']).code).toBe(2);
  });
});
