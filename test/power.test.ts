import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minDetectableAuc, powerRows, simulatePower } from '../engine/stats/power.ts';
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
  it('power depends only on the class counts, the seed and the settings: equal counts share one computation', () => {
    const sets = [
      { dataset: 'A', kind: 'rebound' as const, n1: 9, n0: 21 },
      { dataset: 'B', kind: 'seasonal' as const, n1: 9, n0: 21 },
      { dataset: 'C', kind: 'rebound' as const, n1: 12, n0: 21 },
    ];
    const rows = powerRows(sets, 'cache', 0.05, 60);
    const direct = minDetectableAuc(9, 21, { seed: 'cache', alpha: 0.05, replications: 60, permutations: 200 });
    expect(rows[0]!.minDetectableAuc).toBe(direct.auc);
    for (const [a, p] of direct.curve) if ([0.6, 0.7, 0.8, 0.9].includes(a)) expect(rows[0]!.power[String(a)]).toBe(p);
    expect({ ...rows[1], dataset: 'A', kind: 'rebound' }).toEqual(rows[0]);
    expect(rows[2]!.n).toBe(33);
    // Asked again (from the cache), the same rows; the rows do not share mutable parts.
    const again = powerRows(sets, 'cache', 0.05, 60);
    expect(again).toEqual(rows);
    again[0]!.power['0.6'] = -1;
    expect(powerRows(sets, 'cache', 0.05, 60)[0]!.power['0.6']).toBe(rows[0]!.power['0.6']);
    // Another seed is another computation.
    expect(powerRows(sets.slice(0, 1), 'other', 0.05, 60)[0]!.power).not.toEqual(rows[0]!.power);
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
