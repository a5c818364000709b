/**
 * `rally run`, `rally merge` and `rally list` through the real executable:
 * the wiring only (flags reach the run, files are written, exit codes 0, 2
 * and 3, one-line errors). What runs compute is tested in process elsewhere
 * (determinism, crash-isolation, config-errors, kinds-run...).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CRITERIA } from '../strategies/registry.ts';
import { rally, type CliResult } from './support/cli.ts';
import { ROOT } from './support/shared-data.ts';
import { fixture, outputFiles, readOutputs, runConfig, runResult, RUN_FILES, SMALL_STATISTICS, tempDir, writeShard, type OutputFiles } from './support/runs.ts';

const tmp = tempDir('cli-run');

/** A small run (the embedded S&P 500, rebounds, a few built-ins, small statistics): the wiring is the point. */
const SMALL = { seed: 1, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }], criteria: ['always-durable', 'golden-cross', 'coin-flip'], statistics: SMALL_STATISTICS };
const smallConfig = join(tmp, 'small.json');
writeFileSync(smallConfig, JSON.stringify(SMALL));

describe('rally run from the command line', () => {
  // One spawned run checks both: a plugin added with --criterion, and a plugin in the config that fails its jobs.
  const out = join(tmp, 'plugin');
  let r: CliResult;
  beforeAll(() => {
    const cfg = join(tmp, 'throws.json');
    writeFileSync(cfg, JSON.stringify({ ...SMALL, criteria: ['always-durable', { plugin: fixture('bad-plugins/throws.ts') }] }));
    r = rally(['run', '--config', cfg, '--criterion', join(ROOT, 'strategies', 'examples', 'ma-distance.ts'), '--workers', '1', '--out', out]);
  });

  it('--criterion adds a plugin to the run; --workers and --out are honoured; the files are written', () => {
    expect(readdirSync(out).sort()).toEqual([...RUN_FILES].sort());
    expect(r.stdout).toContain(`wrote ${out}`);
    const preds = readFileSync(join(out, 'predictions.csv'), 'utf8').split('\n');
    expect(preds[0]).toBe('episode_id,criterion,params,score,call,abstain_reason,error');
    const mine = preds.filter((l) => l.split(',')[1] === 'ma-distance');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(mine).toHaveLength(summary.counts.episodes);
    expect(mine.filter((l) => /^[^,]+,ma-distance,[^,]+,0\.\d+,[01],,$/.test(l)).length).toBeGreaterThan(20);
    expect(summary.criteria.find((c: { id: string }) => c.id === 'ma-distance').source).toBe('plugin');
  });

  it('exits 3 when the run completed with failed jobs, and says which', () => {
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/FAILED throws-after-2008/);
    expect(r.stdout).not.toMatch(/FAILED (ma-distance|always-durable)/);
  });

  it('a config mistake: exit 2, one line naming the file and key, no stack trace, nothing written', () => {
    const cfg = join(tmp, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ criteria: [{ id: 'golden-cross', params: { fast: [20, 'x'] } }] }));
    const r = rally(['run', '--config', cfg, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^rally: ${cfg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: criteria\\[0\\]\\.params: parameter 'fast' must be a number`));
    expect(readdirSync(tmp)).not.toContain('bad');
  });
});

describe('rally run --shard and rally merge from the command line', () => {
  let unsharded: OutputFiles;
  beforeAll(async () => {
    unsharded = await outputFiles(await runResult(runConfig(SMALL, tmp, smallConfig), { workers: 0 }));
  });

  it('--shard writes only shard.json; merge writes exactly the unsharded files', async () => {
    const one = join(tmp, 'shard1');
    const r = rally(['run', '--config', smallConfig, '--shard', '1/2', '--workers', '0', '--out', one]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(one)).toEqual(['shard.json']);
    expect(r.stdout).toMatch(/^shard 1\/2: \d+ of \d+ jobs, 0 failed/);
    const two = await writeShard(runConfig(SMALL, tmp, smallConfig), 2, 2, join(tmp, 'shard2'), { workers: 0 });
    const merged = join(tmp, 'merged');
    const m = rally(['merge', two, one, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    const files = readOutputs(merged);
    for (const f of RUN_FILES) expect(files[f], f).toBe(unsharded[f]);
  });
});

describe('rally list from the command line', () => {
  it('list criteria shows every built-in with its claim, data and parameters', () => {
    const r = rally(['list', 'criteria']);
    expect(r.code).toBe(0);
    for (const c of BUILTIN_CRITERIA) expect(r.stdout).toContain(c.id);
    expect(r.stdout).toMatch(/claim\s+/);
    expect(r.stdout).toMatch(/params\s+fast=50/);
  });
});
