/**
 * A real scheduler: a private single-node Slurm (test/support/slurm.ts) runs
 * test/fixtures/kinds-run.json (the shared real data) as a 2-task job array
 * with engine/run/scale-out/submit-slurm.sh, whose merge job waits on the array
 * (--dependency=afterok); the merged folder must be byte-identical, file by
 * file, to the unsharded run. Skips with a message when ../shared/data is
 * absent or Slurm cannot be installed or started.
 *
 * Two tasks (a real split; more only repeat the same path, each at the cost of
 * a whole `rally run` start) fit the 2-CPU test node at once; the unsharded
 * reference runs in this process while Slurm runs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from './support/cli.ts';
import { runCommand } from '../engine/cli/run-command.ts';
import { describeShared, ROOT } from './support/shared-data.ts';
import { startSlurm, type SlurmCluster } from './support/slurm.ts';

const CONFIG = join(ROOT, 'test', 'fixtures', 'kinds-run.json');
const SUBMIT = join(ROOT, 'engine', 'run', 'scale-out', 'submit-slurm.sh');
const TASKS = 2;

/** Until `rally run` takes `--shard auto`, the array script passes the same shard as i/n. */
const hasAutoShard = /\bauto\b/.test((await command(runCommand, ['run', '--help'])).stdout);

function tree(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix + e.name;
    if (e.isDirectory()) for (const [k, v] of tree(join(dir, e.name), `${rel}/`)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, e.name)));
  }
  return out;
}

/** engine/run/scale-out/submit-slurm.sh CONFIG 4 shards merged, from `dir`; waits for both jobs. */
async function submitRun(cluster: SlurmCluster, config: string, dir: string) {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const env = {
    ...cluster.env,
    RALLY: `${process.execPath} ${join(ROOT, 'engine', 'cli', 'rally.mjs')}`,
    RALLY_LOGS: join(dir, 'logs'),
    RALLY_EXPLICIT_SHARD: hasAutoShard ? '0' : '1',
  };
  const s = spawnSync('bash', [SUBMIT, config, String(TASKS), 'shards', 'merged'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  expect(s.status, `${s.stdout}\n${s.stderr}`).toBe(0);
  const [arrayId, mergeId] = s.stdout.trim().split('\n').pop()!.split(' ');
  const records = await cluster.waitFor([arrayId!, mergeId!], 240_000);
  const logs = readdirSync(join(dir, 'logs')).map((f) => `--- ${f}\n${readFileSync(join(dir, 'logs', f), 'utf8')}`).join('\n');
  return { records, logs, mergeId: mergeId! };
}

describeShared('a live single-node Slurm runs a sharded run as a job array + merge job', () => {
  let cluster: SlurmCluster | undefined;
  let skipped = '';
  const work = mkdtempSync(join(tmpdir(), 'rally-slurm-work-'));

  beforeAll(async () => {
    const started = await startSlurm();
    if ('skip' in started) {
      skipped = started.skip;
      console.warn(`[rally-replay tests] ${skipped}`);
    } else cluster = started.cluster;
  }, 600_000);

  /** A config every task fails on, submitted once (by the first test, so that Slurm runs it meanwhile). */
  let failing: ReturnType<typeof submitRun> | undefined;
  function failingRun(c: SlurmCluster): ReturnType<typeof submitRun> {
    if (!failing) {
      const dir = join(work, 'bad');
      mkdirSync(dir);
      const config = join(dir, 'bad-run.json');
      writeFileSync(config, '{ "seed": 1, "criteria": ["no-such-criterion"] }\n');
      failing = submitRun(c, config, dir);
      failing.catch(() => undefined); // awaited by its test
    }
    return failing;
  }

  afterAll(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it(`a ${TASKS}-task array (--shard ${hasAutoShard ? 'auto' : 'i/n'}) merged after afterok is byte-identical to the unsharded run`, async (ctx) => {
    if (!cluster) return ctx.skip(skipped);
    const full = join(work, 'full');
    const submitStart = Date.now();
    const submitted = submitRun(cluster, CONFIG, join(work, 'ok'));
    submitted.catch(() => undefined); // awaited below; a failure is reported there, not as an unhandled rejection
    failingRun(cluster); // queued behind this array, checked by the next test
    // The reference, meanwhile: `rally run` in this process, on the main thread (the same files for any worker count).
    const unsharded = await command(runCommand, ['run', '--config', CONFIG, '--workers', '0', '--out', full]);
    expect(unsharded.code, unsharded.stderr).toBe(0);
    const referenceMs = Date.now() - submitStart;
    const { records, logs } = await submitted;
    const states = records.map((r) => `${r.jobId}${r.arrayTaskId ? `[${r.arrayTaskId}]` : ''}=${r.state} ${r.start.slice(11)}-${r.end.slice(11)}`);
    expect(records.every((r) => r.state === 'COMPLETED'), `${states.join(' ')}\n${logs}\n${cluster.logs()}`).toBe(true);
    expect(records.filter((r) => r.arrayTaskId !== null)).toHaveLength(TASKS);
    console.log(`[slurm] unsharded run ${referenceMs} ms, meanwhile array of ${TASKS} + merge through Slurm ${Date.now() - submitStart} ms; ${states.join(' ')}`);

    for (let t = 1; t <= TASKS; t++) expect(logs).toContain(`shard ${t}/${TASKS}:`);
    if (hasAutoShard) expect(logs).toContain('Slurm job array (SLURM_ARRAY_TASK_ID='); // rally said where the shard came from
    const want = tree(full);
    const got = tree(join(work, 'ok', 'merged'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [file, bytes] of want) expect(got.get(file)!.equals(bytes), `${file} differs`).toBe(true);
  }, 400_000);

  it('a failing task leaves the merge job cancelled (afterok never met) and writes no merged folder', async (ctx) => {
    if (!cluster) return ctx.skip(skipped);
    const { records, logs, mergeId } = await failingRun(cluster);
    const dir = join(work, 'bad');
    const tasks = records.filter((r) => r.arrayTaskId !== null);
    expect(tasks.map((r) => r.state), logs).toEqual(Array(TASKS).fill('FAILED'));
    expect(records.find((r) => r.jobId === mergeId)?.state).toBe('CANCELLED');
    expect(logs).toContain('no-such-criterion');
    expect(existsSync(join(dir, 'merged'))).toBe(false);
  }, 300_000);
});
