import { writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ConfigError, UsageError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import type { Shard } from '../run/shard.ts';
import { defineCommand } from './command.ts';
import { parseNullWorlds, type NullWorldsConfig } from '../null-worlds-spec.ts';

export const runCommand = defineCommand({
  command: 'run',
  describe: 'Run the main job: detect episodes, score every criterion, write reports',
  // The scheduler variables (in the help text) come from engine/run/scheduler-env.ts, loaded only for `rally run`.
  options: async () => {
    const [{ SHARD_ENV_HELP }, { DEFAULT_MAX_WORKERS, MAX_WORKERS_PER_CPU }] = await Promise.all([import('../run/scheduler-env.ts'), import('../run/batches.ts')]);
    return {
      flags: {
        config: { alias: 'c', type: 'string', describe: 'run config (JSON); default: the shipped corpus (S&P 500 since 1927 with VIX, yields, macro, Shiller, Ken French industries), all three episode kinds, every built-in' },
        data: { type: 'string', describe: 'price file to use instead of the config\'s datasets (OHLCV); without --config, the default run on it with the episode kinds a price file supports (rebound, seasonal: sector-lead needs sector data, so a note says it is left out)' },
        criterion: { type: 'string', array: true, describe: 'add a user plugin criterion (.ts or .js file, default export); repeatable' },
        workers: { alias: 'w', type: 'number', describe: `worker threads (0 = main thread; at most ${MAX_WORKERS_PER_CPU} per CPU); default: the config's "workers", else as many as the jobs' estimated cost can use, up to the CPU count (${DEFAULT_MAX_WORKERS} at most), and none for a run as small as the default one (its jobs run in the main thread)` },
        seed: { type: 'string', describe: 'run seed (overrides the config)' },
        shard: { type: 'string', describe: `run only shard i of n of the jobs (i/n, balanced by estimated cost); auto (or auto/N): i and n from the scheduler's environment (${SHARD_ENV_HELP}); combine with \`rally merge\`` },
        'null-worlds': { type: 'number', describe: 'also score every criterion on this many null worlds (whole years resampled) and rank each real AUC among them (config key nullWorlds)' },
        out: { alias: 'o', type: 'string', describe: 'output folder (default: the config\'s "out", else rally-out); replaced as a whole when the run completes' },
      },
      examples: [
        ['rally run', 'the default run → rally-out/ (episodes, predictions, metrics, summary.json, report.html)'],
        ['rally run --data spx.csv', 'the default run on your own price file (rebound and seasonal episodes)'],
        ['rally run --config run.json --workers 4', 'a configured batch on 4 worker threads'],
        ['rally run --criterion ./my-criterion.ts', 'add your own criterion to the default run'],
        ['rally run --config run.json --shard 2/8 --out shards/2', 'one of 8 shards (e.g. a CI matrix job); then rally merge shards/*'],
        ['rally run --config run.json --shard auto --out shards/$SLURM_ARRAY_TASK_ID', 'one task of a Slurm job array (sbatch --array=1-8); see engine/run/scale-out/'],
      ],
    };
  },
  handler: async (a) => {
    const workers = a.workers;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new ConfigError('--workers', `expected a whole number >= 0, got ${workers}`, 'flags');
    const shard = a.shard === undefined ? undefined : await shardOfFlag(a.shard);
    if (shard && a.nullWorlds !== undefined) throw new UsageError('--null-worlds needs the whole run: leave out --shard (null worlds are scored against the real run, all of it)');
    // Loaded here, not at start-up: `rally --help` and the other commands need none of them.
    const [{ defaultRunConfig, defaultRunOnData, readRunConfig, withOverrides }, { withOutputFolder }, { assemble, executeRun }, { SHARD_FILE, shardFile },
      { writeRunOutputs }, { exactJson }, { progressReporter }, { runSummaryText }] = await Promise.all([
      import('../config.ts'), import('../output-folder.ts'), import('../run/run.ts'), import('../run/merge.ts'),
      import('../../reports/write.ts'), import('../../reports/json.ts'), import('./progress.ts'), import('./summary-text.ts'),
    ]);
    // Without a config, --data runs the default episode kinds its file supports, saying which it left out.
    const { config: given, leftOut } = a.config ? { config: readRunConfig(a.config), leftOut: [] } : a.data ? defaultRunOnData(a.data) : { config: defaultRunConfig(), leftOut: [] };
    for (const note of leftOut) process.stderr.write(`rally run: note: ${note}\n`);
    const cfg = withNullWorldsFlag(withOverrides(given, { data: a.data || undefined, seed: a.seed }), a.nullWorlds);
    const out = a.out ?? (a.config && cfg.out !== undefined ? resolve(cfg.baseDir, cfg.out) : 'rally-out');
    // The output folder is locked and checked for writability before the run, written as a
    // staging folder and swapped in whole (engine/output-folder.ts).
    const done = await withOutputFolder(out, async (dir) => {
      const progress = progressReporter('rally run');
      const parts = await executeRun(cfg, { workers, shard, plugins: a.criterion ?? [], onProgress: progress });
      progress.end();
      if (shard) {
        writeFileSync(join(dir, SHARD_FILE), exactJson(shardFile(shard, parts)));
        const failed = parts.jobs.filter((j) => j.failure).length;
        return { code: failed > 0 ? EXIT.jobsFailed : EXIT.ok, text: `shard ${shard.index}/${shard.count}: ${parts.jobs.length} of ${parts.totalJobs} jobs, ${failed} failed → ${join(out, SHARD_FILE)}\n` };
      }
      const result = assemble(parts);
      const written = await writeRunOutputs(dir, result);
      return { code: result.summary.failures.length > 0 ? EXIT.jobsFailed : EXIT.ok, text: `${runSummaryText(result)}\n${wroteLine(out, written)}` };
    });
    process.stdout.write(done.text);
    return done.code;
  },
});

/** `--null-worlds P`: the config's null worlds with P paths (the default scheme when the config has none). */
function withNullWorldsFlag<T extends { nullWorlds?: NullWorldsConfig; source: string }>(cfg: T, paths: number | undefined): T {
  if (paths === undefined) return cfg;
  try {
    return { ...cfg, nullWorlds: parseNullWorlds({ ...(cfg.nullWorlds ?? {}), paths }, 'flags', '--null-worlds') };
  } catch (e) {
    // The flag gives the paths: a bad count is the flag's mistake, named as the flag (not as a config key under it).
    if (e instanceof ConfigError && e.key === '--null-worlds.paths') throw new UsageError(`--null-worlds: ${e.detail}`);
    throw e;
  }
}

/** `--shard i/n`, or `--shard auto[/N]` from the scheduler's environment (saying which variables it used). */
async function shardOfFlag(text: string): Promise<Shard> {
  const [{ parseShard }, { parseAutoShard, shardFromEnvironment }] = await Promise.all([import('../run/shard.ts'), import('../run/scheduler-env.ts')]);
  const auto = parseAutoShard(text);
  if (!auto) return parseShard(text);
  const s = shardFromEnvironment(process.env, auto.countHint);
  process.stderr.write(`rally run: shard ${s.index}/${s.count} from ${s.source}\n`);
  return { index: s.index, count: s.count };
}

/**
 * The last line after a run or a merge: the folder and the files written there, named from what
 * reports/write.ts returned (the one home of which files a run writes), so it cannot drift from the folder.
 */
export function wroteLine(out: string, written: readonly string[]): string {
  return `wrote ${out}/ (${written.map((f) => basename(f)).join(', ')})\n`;
}
