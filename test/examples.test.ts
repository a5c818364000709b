/**
 * The example configs the README names (datasets/examples/*.json) exist and run as
 * written: each parses, and runs in process (with small statistics: the
 * point is that its files, keys and plugin paths work) — or, for the ones
 * that read ../shared/data, refuses with one clear error naming the file and
 * the config key when that folder is absent. The README's big config example
 * is datasets/examples/corpus-run.json, verbatim.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunConfig, type RunConfig } from '../engine/config.ts';
import { executeRun } from '../engine/run/run.ts';
import { isUserError } from '../engine/errors.ts';
import { hasShared, ROOT } from './support/shared-data.ts';
import { runResult, tempDir } from './support/runs.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const named = [...new Set([...README.matchAll(/`(datasets\/examples\/[\w.-]+\.json)`/g)].map((m) => m[1]!))].sort();
const needsShared = (file: string): boolean => readFileSync(join(ROOT, file), 'utf8').includes('shared/data');
const quick = (cfg: RunConfig): RunConfig => ({ ...cfg, statistics: { ...cfg.statistics, bootstrap: 20, permutations: 20 } });

describe('the README\'s example configs', () => {
  it('the README names the examples, and each exists', () => {
    expect(named).toEqual(['datasets/examples/corpus-run.json', 'datasets/examples/full-data-run.json', 'datasets/examples/universe-stocks5yr.json']);
    for (const f of named) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it('the README\'s config example is datasets/examples/corpus-run.json, verbatim', () => {
    expect(README).toContain(`\`\`\`json\n${readFileSync(join(ROOT, 'datasets', 'examples', 'corpus-run.json'), 'utf8')}\`\`\``);
  });

  for (const file of named) {
    const shared = needsShared(file);
    it.skipIf(shared && !hasShared)(`${file} runs as written (small statistics)${shared ? '; it reads ../shared/data' : ''}`, async () => {
      const r = await runResult(quick(readRunConfig(join(ROOT, file))), { workers: 0 });
      expect(r.summary.failures, file).toEqual([]);
      expect(r.episodes.length).toBeGreaterThan(50);
      // Every criterion scored on some kind, but where the config lacks its data (corpus-run: no breadth, no BAA10Y).
      const rows = r.summary.metrics;
      const unscored = [...new Set(rows.map((m) => m.criterion))].filter((c) => !rows.some((m) => m.criterion === c && m.n > 0)).sort();
      expect(unscored, file).toEqual(file.endsWith('corpus-run.json') ? ['breadth-thrust', 'credit-spreads'] : []);
    }, 600_000);
  }

  it('an example that reads ../shared/data, copied where there is none, refuses with one error naming the file and key', async () => {
    const dir = tempDir('examples-no-shared');
    copyFileSync(join(ROOT, 'datasets', 'examples', 'full-data-run.json'), join(dir, 'run.json'));
    const err = await executeRun(quick(readRunConfig(join(dir, 'run.json'))), { workers: 0 }).then(() => null, (e: unknown) => e);
    expect(isUserError(err), String(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/shared\/data\/breadth\/NYSE-breadth-daily\.csv.*file not found \(the file named by datasets\[0\]\.breadth\)/);
  });
});
