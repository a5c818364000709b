import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { describeShared, ROOT } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-kinds-'));

describeShared('rally run with all three episode kinds on the shared data', () => {
  const out = join(tmp, 'kinds');
  let summary: {
    definitions: Array<{ kind: string; version: string; params: Record<string, unknown> }>;
    metrics: Array<{ kind: string; criterion: string; n: number; abstentions: number }>;
    episodes: Array<{ id: string; kind: string }>;
  };
  let stdout = '';
  beforeAll(() => {
    const r = rally(['run', '--config', join(ROOT, 'test', 'fixtures', 'kinds-run.json'), '--out', out, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('states every definition with its version and parameters, including the user-defined window', () => {
    expect(summary.definitions.map((d) => `${d.kind}@${d.version}`)).toEqual(['rebound@rebound/v1', 'sector-lead@sector-lead/v1', 'seasonal@seasonal/v1']);
    const seasonal = summary.definitions[2]!.params as { windows: Array<{ name: string }> };
    expect(seasonal.windows.map((w) => w.name)).toEqual(['santa-claus', 'first-five-days', 'last-3-of-march']);
  });

  it('detects episodes of each kind, the user window included', () => {
    const count = (k: string) => summary.episodes.filter((e) => e.kind === k).length;
    expect(count('rebound')).toBe(87);
    expect(count('sector-lead')).toBeGreaterThan(300);
    expect(summary.episodes.some((e) => e.id.includes(':seasonal:last-3-of-march:'))).toBe(true);
    expect(summary.episodes.some((e) => e.id.includes(':seasonal:santa-claus:'))).toBe(true);
  });

  it('scores criteria per kind, and a criterion that does not apply to a kind says so instead of scoring', () => {
    const row = (c: string, k: string) => summary.metrics.find((m) => m.criterion === c && m.kind === k)!;
    expect(row('golden-cross', 'sector-lead').n).toBeGreaterThan(300);
    expect(row('narrow-leadership', 'rebound').n).toBeGreaterThan(50);
    expect(row('narrow-leadership', 'sector-lead').n).toBe(0);
    const preds = readFileSync(join(out, 'predictions.csv'), 'utf8');
    expect(preds).toMatch(/narrow-leadership,[^,]*,,,"?not applicable to sector-lead episodes/);
    expect(stdout).toMatch(/not scored: not applicable to sector-lead episodes/);
  });

  it('the report has a section per kind', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const k of ['rebound', 'sector-lead', 'seasonal']) expect(html).toContain(`data-kind="${k}"`);
  });

  it('is byte-identical with one worker and in the main thread (all three kinds, sectors, breadth)', () => {
    for (const w of ['1', '0']) {
      const other = join(tmp, `kinds-w${w}`);
      const r = rally(['run', '--config', join(ROOT, 'test', 'fixtures', 'kinds-run.json'), '--out', other, '--workers', w]);
      expect(r.code, r.stderr).toBe(0);
      for (const f of ['episodes.csv', 'predictions.csv', 'metrics.csv', 'power.csv', 'summary.json', 'report.html']) {
        expect(readFileSync(join(other, f), 'utf8'), `${f} with --workers ${w}`).toBe(readFileSync(join(out, f), 'utf8'));
      }
    }
  });
});
