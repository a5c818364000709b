import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { ROOT } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-run-'));
const fixture = (f: string): string => join(ROOT, 'test', 'fixtures', f);
const REPORT_FILES = ['episodes.csv', 'predictions.csv', 'metrics.csv', 'power.csv', 'summary.json', 'report.html'];

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of REPORT_FILES) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}

describe('rally run: determinism, sharding, failure isolation', () => {
  it('every output file is byte-identical for --workers 1, 2 and 4 (and the main thread)', () => {
    const outs = [0, 1, 2, 4].map((w) => {
      const out = join(tmp, `w${w}`);
      const r = rally(['run', '--config', fixture('sweep-run.json'), '--workers', String(w), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      return files(out);
    });
    for (const o of outs.slice(1)) for (const f of REPORT_FILES) expect(o[f], f).toBe(outs[0]![f]);
    // The sweep really produced one row per parameter set (4 golden-cross sets incl. the default).
    const metrics = outs[0]!['metrics.csv']!.split('\n').filter((l) => l.split(',')[2] === 'golden-cross');
    expect(metrics).toHaveLength(4);
  });

  it('sharded runs merged give exactly the unsharded files', () => {
    const full = join(tmp, 'w2');
    const dirs = [1, 2, 3].map((i) => {
      const out = join(tmp, `shard${i}`);
      const r = rally(['run', '--config', fixture('sweep-run.json'), '--shard', `${i}/3`, '--workers', '1', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(out)).toEqual(['shard.json']);
      return out;
    });
    const merged = join(tmp, 'merged');
    const m = rally(['merge', ...dirs.reverse(), '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    const a = files(full), b = files(merged);
    for (const f of REPORT_FILES) expect(b[f], f).toBe(a[f]);
  });

  it('merge refuses incomplete or mixed shard sets', () => {
    const r = rally(['merge', join(tmp, 'shard1'), join(tmp, 'shard2'), '--out', join(tmp, 'bad-merge')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing shards 3\/3/);
  });

  it('a throwing, a process-exiting and a hanging plugin fail only their own jobs; the run completes and exits 3', () => {
    const out = join(tmp, 'crash');
    const r = rally(['run', '--config', fixture('crash-run.json'), '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(3);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const failed = summary.failures.map((f: { criterion: string; reason: string }) => `${f.criterion}: ${f.reason}`).sort();
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatch(/^kills-worker: kills-worker threw at .*process\.exit is not available to plugins/);
    expect(failed[1]).toMatch(/^never-returns: timed out after 4000 ms/);
    expect(failed[2]).toMatch(/^throws-after-2008: throws-after-2008 threw at 2008-.*deliberate failure/);
    const ok = summary.metrics.filter((m: { criterion: string }) => ['always-durable', 'golden-cross'].includes(m.criterion));
    expect(ok).toHaveLength(2);
    for (const m of ok) expect(m.n).toBeGreaterThan(20);
    expect(r.stdout).toMatch(/FAILED never-returns/);
    const preds = readFileSync(join(out, 'predictions.csv'), 'utf8');
    expect(preds).toMatch(/kills-worker,,,,,"kills-worker threw at [^,]*: process\.exit is not available to plugins/);
  });

  it('a plugin cannot read the future directly nor as a consensus member (its views are copies)', () => {
    for (const w of ['0', '2']) {
      const out = join(tmp, `peek${w}`);
      const r = rally(['run', '--config', fixture('peek-run.json'), '--workers', w, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      for (const id of ['peek-future', 'consensus']) {
        const m = summary.metrics.find((x: { criterion: string }) => x.criterion === id);
        expect(m.n, `${id} with --workers ${w}`).toBe(0);
      }
      expect(readFileSync(join(out, 'predictions.csv'), 'utf8')).toMatch(/peek-future,,,,no future visible/);
    }
  });
});
