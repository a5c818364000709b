import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../datasets/bundle.ts';
import { ConfigError } from '../engine/errors.ts';
import { checkBundleSpec, parseRunConfig } from '../engine/config.ts';
import { thrown } from './support/builders.ts';

const dir = mkdtempSync(join(tmpdir(), 'rally-bundle-'));
const days = Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`);
function price(name: string, drift: number): string {
  writeFileSync(join(dir, name), `Date,Close\n${days.map((d, i) => `${d},${(100 * (1 + drift) ** i).toFixed(4)}`).join('\n')}\n`);
  return name;
}
const configError = (fn: () => unknown): ConfigError => thrown(ConfigError, fn);

describe('data bundles', () => {
  it('per-sector price files: one provenance entry per file, labelled as the config gave them', () => {
    price('spx.csv', 0.001); price('tech.csv', 0.003); price('energy.csv', -0.001);
    const { dataset, files } = loadBundle(checkBundleSpec({ id: 'T', price: 'spx.csv', sectors: { files: { Tech: 'tech.csv', Energy: 'energy.csv' } } }, 'd'), dir, 'd');
    expect(files.map((f) => `${f.role}:${f.file}`)).toEqual(['price:spx.csv', 'sectors:tech.csv', 'sectors:energy.csv']);
    for (const f of files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files[2]!.notes.join()).toMatch(/derived from these files: market/);
    expect([...dataset.columns.keys()]).toEqual(expect.arrayContaining(['sector:Tech', 'sector:Energy', 'market']));
    for (const m of dataset.meta.values()) expect(m.source?.file ?? '').not.toContain(dir);
  });

  it('lagDays applies to every role that takes it, and unknown keys are refused by name', () => {
    writeFileSync(join(dir, 'breadth.csv'), `date,advn,decln\n${days.map((d) => `${d},10,5`).join('\n')}\n`);
    const { dataset } = loadBundle(checkBundleSpec({ price: 'spx.csv', breadth: { file: 'breadth.csv', lagDays: 3 } }, 'd'), dir, 'd');
    expect(dataset.meta.get('adv')!.lagDays).toBe(3);
    expect(dataset.meta.get('adv')!.firstKnownIndex).toBe(3);
    expect(configError(() => loadBundle(checkBundleSpec({ price: 'spx.csv', breadth: { file: 'breadth.csv', lagdays: 3 } }, 'd'), dir, 'd')).message)
      .toMatch(/d\.breadth\.lagdays: unknown key \(allowed here: file, lagDays\)/);
    expect(configError(() => checkBundleSpec({ price: 'spx.csv', volume: 'x.csv' }, 'datasets[1]')).message).toMatch(/datasets\[1\]\.volume: unknown data role/);
  });

  it('config: a repeated episode kind needs labels; thresholds only on formulas; formulas take no params', () => {
    expect(configError(() => parseRunConfig({ episodes: [{ kind: 'seasonal' }, { kind: 'seasonal', windows: ['santa-claus'] }] }, 'r.json', dir)).message)
      .toMatch(/r\.json: episodes\[0\]\.label: 2 'seasonal' definitions: give each a "label"/);
    expect(configError(() => parseRunConfig({ criteria: [{ id: 'golden-cross', threshold: 0.6 }] }, 'r.json', dir)).message).toMatch(/criteria\[0\]\.threshold/);
    expect(configError(() => parseRunConfig({ criteria: [{ id: 'f', expr: 'close > 1', params: { a: 1 } }] }, 'r.json', dir)).message).toMatch(/criteria\[0\]\.params/);
  });
});
