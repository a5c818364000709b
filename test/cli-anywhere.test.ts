/**
 * `rally` from anywhere: every flag misuse is exit 2 with one line; the
 * README lists every exit code; `rally` runs from an empty folder outside
 * the clone (directly, and after the README's one install step), and `.ts`
 * and `.mts` plugins copied into such a folder load; `--shard auto` reads
 * the scheduler's environment or says which variables to set.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../engine/cli/main.ts';
import { EXIT } from '../engine/vocabulary.ts';
import { rally } from './support/cli.ts';
import { ROOT } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-anywhere-'));
const missing = join(tmp, 'no-such-config.json');

/** `rally ARGS` in this process: exit code and what it wrote to stderr (stdout is swallowed). */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { stderr += String(s); return true; });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

const SCHEDULER_VARS = [
  'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT', 'AWS_BATCH_JOB_ARRAY_INDEX', 'AWS_BATCH_JOB_ARRAY_SIZE', 'JOB_COMPLETION_INDEX',
  'CI_NODE_INDEX', 'CI_NODE_TOTAL', 'CIRCLE_NODE_INDEX', 'CIRCLE_NODE_TOTAL', 'BUILDKITE_PARALLEL_JOB', 'BUILDKITE_PARALLEL_JOB_COUNT',
  'RALLY_SHARD_INDEX', 'RALLY_SHARD_COUNT',
];
const noScheduler = Object.fromEntries(SCHEDULER_VARS.map((v) => [v, '']));

describe('every flag misuse is exit 2 with one line', () => {
  afterEach(() => { vi.unstubAllEnvs(); });

  const cases: Array<[string, string[], RegExp]> = [
    ['unknown flag', ['run', '--bogus', '--config', missing], /Unknown argument: bogus \(see rally run --help\)/],
    ['unexpected argument', ['run', 'extra', '--config', missing], /Unknown argument: extra/],
    ['unknown command', ['rnu'], /unknown command 'rnu' \(did you mean run\?\); commands: run, /],
    ['missing value (last)', ['run', '--config'], /Not enough arguments following: config/],
    ['missing value (another flag follows)', ['run', '--seed', '--config', missing], /Not enough arguments following: seed/],
    ['missing value (short alias)', ['run', '-w'], /Not enough arguments following: w/],
    ['empty value', ['run', '--out=', '--config', missing], /flags: --out \(-o\): needs a value/],
    ['negated value flag', ['run', '--no-out', '--config', missing], /flags: --out \(-o\): needs a value/],
    ['list flag without a value', ['run', '--criterion', '--config', missing], /flags: --criterion: needs a value/],
    ['wrong type', ['run', '--workers', 'abc', '--config', missing], /flags: --workers \(-w\): expected a number, got 'abc'/],
    ['not a finite number', ['episodes', '--horizon', 'Infinity', '--config', missing], /flags: --horizon: expected a number, got 'Infinity'/],
    ['single-value flag given twice', ['run', '--data', 'a.csv', '--data', 'b.csv'], /flags: --data: given 2 times \('a.csv', 'b.csv'\); give it once/],
    ['alias and flag both given', ['run', '-w', '1', '--workers', '2', '--config', missing], /flags: --workers \(-w\): given 2 times/],
    ['switch with a value', ['check', '--all=maybe', '--baseline', missing], /flags: --all: is a switch: give it alone \(or =true, =false\), not 'maybe'/],
    ['value outside the choices', ['episodes', '--kind', 'crash'], /Invalid values: Argument: kind, Given: "crash", Choices: "rebound", "sector-lead", "seasonal"/],
    ['bad shard', ['run', '--shard', '3', '--config', missing], /flags: --shard: expected i\/n such as 1\/4, or auto/],
    ['shard out of range', ['run', '--shard', '5/4', '--config', missing], /flags: --shard: shard 5\/4: need 1 <= i <= n/],
    ['missing positional', ['merge'], /Not enough non-option arguments: got 0, need at least 1 \(see rally merge --help\)/],
    ['missing required flag', ['check'], /Missing required argument: baseline/],
    ['conflicting flags (power)', ['power', '--run', missing, '--auc', '0.7'], /Arguments run and auc are mutually exclusive/],
    ['conflicting flags (episodes)', ['episodes', '--config', missing, '--data', 'a.csv'], /--config: the config defines the data .* drop --data/],
    ['conflicting flags (simulate)', ['simulate', '--years', '5', '--paths', '3', '--out', join(tmp, 'never')], /--paths: applies only with --bootstrap/],
    ['--shard auto outside a scheduler', ['run', '--shard', 'auto', '--config', missing], /--shard auto: no scheduler environment found: set one of SLURM_ARRAY_TASK_ID \(Slurm\), .* or pass --shard i\/n/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    for (const [k, v] of Object.entries(noScheduler)) vi.stubEnv(k, v);
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^rally: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });
});

describe('the README lists every exit code', () => {
  it('one row per code of engine/vocabulary.ts EXIT, with its meaning', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'));
    expect(section.length, 'README has a "### Exit codes" section').toBeGreaterThan(0);
    const rows = [...section.split('\n\n')[1]!.matchAll(/^\| `(\d+)` \| (.+) \|$/gm)].map((m) => Number(m[1]));
    expect(rows.sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});

/** An empty folder outside the clone with a tiny run config (embedded data, small statistics). */
function emptyFolder(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ seed: 3, criteria: ['always-durable'], statistics: { bootstrap: 20, permutations: 20 } }));
  return dir;
}

describe('rally from any folder', () => {
  it('.ts and .mts plugins copied into an empty folder outside the clone run with --criterion from there', () => {
    const dir = emptyFolder('plugins');
    const template = join(ROOT, 'strategies', 'examples', 'ma-distance.ts');
    copyFileSync(template, join(dir, 'plugin.ts'));
    writeFileSync(join(dir, 'plugin.mts'), readFileSync(template, 'utf8').replace(/id: 'ma-distance'/, "id: 'ma-distance-mts'"));
    const r = rally(['run', '--config', 'run.json', '--criterion', './plugin.ts', '--criterion', './plugin.mts', '--workers', '1', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { metrics: Array<{ criterion: string; n: number }> };
    for (const id of ['ma-distance', 'ma-distance-mts']) expect(summary.metrics.find((m) => m.criterion === id)?.n, id).toBeGreaterThan(10);
  });

  it('after the one install step (npm install -g <clone>, here into a private prefix), `rally` runs from an empty folder', (ctx) => {
    const prefix = join(tmp, 'prefix');
    const npm = spawnSync('npm', ['install', '--global', '--prefix', prefix, ROOT, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: tmp, encoding: 'utf8', timeout: 120_000,
    });
    const bin = join(prefix, 'bin', 'rally');
    if (npm.status !== 0 || !existsSync(bin)) {
      ctx.skip(`npm install -g could not be done here (${npm.error?.message ?? npm.stderr.trim().split('\n').pop()}): the installed-rally check is skipped`);
    }
    const dir = emptyFolder('installed');
    copyFileSync(join(ROOT, 'strategies', 'examples', 'ma-distance.ts'), join(dir, 'plugin.ts'));
    const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` };
    const list = spawnSync('rally', ['list', 'criteria', '--criterion', './plugin.ts'], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ma-distance$/m);
    const bad = spawnSync('rally', ['run', '--workers', 'many'], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("rally: flags: --workers (-w): expected a number, got 'many'\n");
    expect(readdirSync(dir).sort()).toEqual(['plugin.ts', 'run.json']);
  });
});

describe('--shard auto', () => {
  it('takes the shard from the scheduler\'s environment, says which variables it used, and records it', () => {
    const dir = emptyFolder('auto');
    const r = rally(['run', '--config', 'run.json', '--shard', 'auto', '--workers', '0', '--out', 's2'], {
      cwd: dir, env: { ...noScheduler, RALLY_SHARD_INDEX: '2', RALLY_SHARD_COUNT: '3' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^rally run: shard 2\/3 from RALLY_SHARD_\* variables \(RALLY_SHARD_INDEX=2, RALLY_SHARD_COUNT=3\)$/m);
    const shard = JSON.parse(readFileSync(join(dir, 's2', 'shard.json'), 'utf8')) as { shard: unknown; plan: { scheme: string } };
    expect(shard.shard).toEqual({ index: 2, count: 3 });
    expect(shard.plan.scheme).toBe('cost-lpt/1');
  });
});
