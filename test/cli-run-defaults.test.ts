/**
 * `rally run` as a user meets it, in this process: `--data` without a config
 * runs the default episode kinds its file supports and says which it left out;
 * the "wrote" line names exactly the files in the folder; `--help` states the
 * worker default the run applies.
 */
import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRunConfig, defaultRunOnData, readRunConfig, withOverrides } from '../engine/config.ts';
import { episodesOfConfig } from '../engine/run/episodes.ts';
import { runCommand } from '../engine/cli/run-command.ts';
import { DEFAULT_MAX_WORKERS } from '../engine/run/batches.ts';
import { command } from './support/cli.ts';
import { SMALL_STATISTICS, tempDir } from './support/runs.ts';

const tmp = tempDir('cli-run-defaults');

/** The command in this process, with what it wrote to stderr too. */
async function runWithStderr(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  try {
    const r = await command(runCommand, ['run', ...args]);
    return { ...r, stderr: r.stderr + stderr };
  } finally {
    spy.mockRestore();
  }
}

/** The files the last line says were written. */
function wroteNames(stdout: string, out: string): string[] {
  const last = stdout.trimEnd().split('\n').at(-1)!;
  expect(last.startsWith(`wrote ${out}/ (`)).toBe(true);
  return last.slice(`wrote ${out}/ (`.length, -1).split(', ');
}

describe('rally run --data without a config', () => {
  it('the default kinds a price file supports: rebound and seasonal, sector-lead left out with the reason', () => {
    const { config, leftOut } = defaultRunOnData('@embedded');
    expect(config.episodes.map((e) => e.kind)).toEqual(['rebound', 'seasonal']);
    expect(config.datasets).toEqual([{ spec: { price: '@embedded' }, key: '--data' }]);
    expect(leftOut).toHaveLength(1);
    expect(leftOut[0]).toMatch(/^sector-lead episodes left out: they need the 'sectors' role/);
    // Its episodes are found (the default config with --data alone stops at sector-lead).
    expect(episodesOfConfig(config).map((g) => g.episodes[0]?.kind)).toEqual(['rebound', 'seasonal']);
    expect(() => episodesOfConfig(withOverrides(defaultRunConfig(), { data: '@embedded' }))).toThrow(/has no sector data/);
  });

  it('a config that asks for sector-lead on data without sectors stays an error', () => {
    const file = join(tmp, 'asks-sector-lead.json');
    writeFileSync(file, JSON.stringify({ datasets: [{ price: '@embedded' }], episodes: [{ kind: 'rebound' }, { kind: 'sector-lead' }] }));
    expect(() => episodesOfConfig(readRunConfig(file))).toThrow(/episodes\[1\]: dataset '\S+' has no sector data/);
  });

  it('through the command: exit 0, the note on stderr, rebound and seasonal episodes in the outputs', async () => {
    const out = join(tmp, 'data-only');
    const r = await runWithStderr(['--data', '@embedded', '--workers', '0', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rally run: note: sector-lead episodes left out: .*'sectors'.*--data/m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.config.episodes).toEqual([{ kind: 'rebound' }, { kind: 'seasonal' }]);
    expect([...new Set(summary.episodes.map((e: { kind: string }) => e.kind))]).toEqual(['rebound', 'seasonal']);
    expect(wroteNames(r.stdout, out).sort()).toEqual(readdirSync(out).sort());
  });
});

describe('the "wrote" line', () => {
  it('names every file written, families.csv of a parameter grid included', async () => {
    const cfg = join(tmp, 'grid.json');
    writeFileSync(cfg, JSON.stringify({
      seed: 1, datasets: [{ price: '@embedded' }], episodes: [{ kind: 'rebound' }], statistics: SMALL_STATISTICS,
      criteria: ['always-durable', { id: 'golden-cross', params: { fast: [20, 50], slow: [150, 200] } }],
    }));
    const out = join(tmp, 'grid');
    const r = await command(runCommand, ['run', '--config', cfg, '--workers', '0', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const names = wroteNames(r.stdout, out);
    expect(names).toContain('families.csv');
    expect([...names].sort()).toEqual(readdirSync(out).sort());
  });
});

describe('rally run --help', () => {
  it('states the worker default the run applies: by the jobs\' cost, none for a small run, not the CPU count', async () => {
    const h = (await command(runCommand, ['run', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(h).not.toMatch(/else the CPU count/);
    expect(h).toMatch(/as many as the jobs' estimated cost can use/);
    expect(h).toContain(`(${DEFAULT_MAX_WORKERS} at most)`);
    expect(h).toMatch(/none for a run as small as the default one/);
  });
});

describe('--null-worlds mistakes are named as the flag', () => {
  it('a bad count and a sharded run: exit 2, the flag named, no config key blamed', async () => {
    const out = tempDir('rally-nw-');
    const zero = await runWithStderr(['--null-worlds', '0', '--out', join(out, 'a')]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--null-worlds: expected a whole number of paths from 1/);
    expect(zero.stderr).not.toMatch(/--null-worlds\.paths/);
    const sharded = await runWithStderr(['--null-worlds', '5', '--shard', '1/2', '--out', join(out, 'b')]);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr).toMatch(/--null-worlds needs the whole run: leave out --shard/);
    expect(sharded.stderr).not.toMatch(/: nullWorlds:/);
  });
});
