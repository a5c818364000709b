/**
 * A run's output folder is one unit: a reader sees the previous complete
 * folder or the new complete folder, never files of two runs side by side —
 * whenever the run is killed (kill -9 at each step of writing the folder: lock
 * taken, folder staged, files written, the two renames of the swap, the clean-up),
 * when two runs aim at one folder, when the disk fills up. The location is
 * checked before the run starts, and leftovers of killed runs are cleaned by
 * the next run.
 *
 * Only what needs processes spawns the real `rally` (kill -9, two runs at once);
 * the other runs are `rally run` in this process (`command()`, support/cli.ts),
 * the same command code and folder logic. The kills land at exact steps
 * (support/kill-at-step.mjs, preloaded into the spawned run): a kill at a random
 * moment almost never falls in the few milliseconds the folder is written and
 * swapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { command } from './support/cli.ts';
import { runCommand } from '../engine/cli/run-command.ts';
import { ROOT } from './support/shared-data.ts';
import { InputError } from '../engine/errors.ts';
import { openOutputFolder, withOutputFolder } from '../engine/output-folder.ts';
import { embeddedPricePath } from '../datasets/embedded.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-out-folder-'));
const config = join(tmp, 'small.json');
const refs: Record<string, Map<string, string>> = {};
const KILL_AT_STEP = pathToFileURL(join(ROOT, 'test', 'support', 'kill-at-step.mjs')).href;

/** A folder's files and their bytes (as latin1 text: exact, cheap to compare). */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'latin1')] as const));
}

/** Which reference run's complete output `dir` is ('A', 'B'), or a description of the mix. */
function whichRun(dir: string): string {
  const got = snapshot(dir);
  for (const [name, ref] of Object.entries(refs)) {
    if (got.size === ref.size && [...ref].every(([f, text]) => got.get(f) === text)) return name;
  }
  return `MIXED: ${[...got.keys()].map((f) => `${f}=${Object.entries(refs).filter(([, r]) => r.get(f) === got.get(f)).map(([n]) => n).join('') || '?'}`).join(' ')}`;
}

/** `rally run` of the small config in this process. */
const runHere = (out: string, seed = '1') => command(runCommand, ['run', '--config', config, '--seed', seed, '--workers', '0', '--out', out]);

/** A pid that no process has (a child that already exited). */
function deadPid(): number {
  const r = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(r.stdout);
}

/**
 * The real `rally run` of the small config into `out`; with `killBefore` ("<fs call> <path regex> <n>",
 * paths relative to out's parent) it is killed with SIGKILL just before that change to the folder.
 * Resolves with its exit code (null when killed) and pid.
 */
function runRally(out: string, seed: string, killBefore?: string): Promise<{ code: number | null; pid: number }> {
  const env = killBefore ? { ...process.env, RALLY_TEST_FS_UNDER: join(out, '..'), RALLY_TEST_KILL_BEFORE: killBefore } : process.env;
  const args = [...(killBefore ? ['--import', KILL_AT_STEP] : []), join(ROOT, 'engine', 'cli', 'rally.mjs'), 'run', '--config', config, '--seed', seed, '--workers', '0', '--out', out];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env });
    child.on('exit', (code) => done({ code, pid: child.pid! }));
  });
}

type Outcome = 'killedBeforeStaging' | 'killedWithStaging' | 'killedInSwap' | 'killedAfterSwap';

/**
 * The steps of writing a folder that already exists (engine/output-folder.ts), each a kill point, and
 * the state a kill there must leave: the change named is the one that never happens (PID: the killed
 * run's own files, not the leftovers of earlier kills that it cleans first).
 */
const KILL_POINTS: Array<{ step: string; before: string; leaves: Outcome }> = [
  { step: 'its lock file written, not yet the lock', before: 'linkSync ^/\\.out\\.lock-PID$ 1', leaves: 'killedBeforeStaging' },
  { step: 'the lock taken, no staging folder', before: 'mkdirSync ^/\\.out\\.staging-PID$ 1', leaves: 'killedBeforeStaging' },
  { step: 'the run done, its staging folder empty', before: 'writeFileSync ^/\\.out\\.staging-PID/[^.] 1', leaves: 'killedWithStaging' },
  { step: 'every file staged, the swap not begun', before: 'renameSync ^/out$ 1', leaves: 'killedWithStaging' },
  { step: 'between the two renames', before: 'renameSync ^/\\.out\\.staging-PID$ 1', leaves: 'killedInSwap' },
  { step: 'swapped, the previous folder not yet removed', before: 'rmSync ^/\\.out\\.old-PID$ 1', leaves: 'killedAfterSwap' },
  { step: 'all done but the lock', before: 'rmSync ^/\\.out\\.lock$ 1', leaves: 'killedAfterSwap' },
];

describe('the output folder is one unit', () => {
  beforeAll(async () => {
    // A small run (the folder's contents are not the point, and every trial's run, killed or not, costs
    // less): the embedded S&P 500's first three years (the 2000-2002 falls and their rebounds), few
    // resamples; two seeds give two different complete outputs (coin-flip).
    const prices = readFileSync(embeddedPricePath(), 'utf8').split('\n').slice(0, 800);
    writeFileSync(join(tmp, 'prices.csv'), `${prices.join('\n')}\n`);
    writeFileSync(config, JSON.stringify({ datasets: [{ id: 'SP500-2000-2003', price: 'prices.csv' }], episodes: [{ kind: 'rebound' }],
      criteria: ['always-durable', 'coin-flip'], statistics: { bootstrap: 20, permutations: 20 } }));
    const a = await runHere(join(tmp, 'ref-A'), '1');
    expect(a.code, a.stderr).toBe(0);
    refs.A = snapshot(join(tmp, 'ref-A'));
    const b = await runHere(join(tmp, 'ref-B'), '2');
    expect(b.code, b.stderr).toBe(0);
    refs.B = snapshot(join(tmp, 'ref-B'));
    expect(whichRun(join(tmp, 'ref-A'))).toBe('A');
    expect(refs.A!.get('predictions.csv')).not.toBe(refs.B!.get('predictions.csv'));
  });

  it(`kill -9 at each of ${KILL_POINTS.length} steps of writing into an existing folder: never a mixed folder; the next run cleans up`, async () => {
    const parent = join(tmp, 'kill');
    const out = join(parent, 'out');
    mkdirSync(parent);
    cpSync(join(tmp, 'ref-A'), out, { recursive: true });
    let current = 'A';
    for (const { step, before, leaves } of KILL_POINTS) {
      const next = current === 'A' ? 'B' : 'A';
      const { code, pid } = await runRally(out, next === 'A' ? '1' : '2', before);
      const at = `killed before ${before} (${step})`;
      expect(code, at).toBeNull();
      const leftovers = readdirSync(parent).filter((e) => e !== 'out');
      let outcome: Outcome;
      if (existsSync(out)) {
        const seen = whichRun(out);
        expect(seen, at).toMatch(/^[AB]$/);
        if (seen === next) outcome = 'killedAfterSwap';
        else outcome = leftovers.some((e) => e.startsWith('.out.staging-')) ? 'killedWithStaging' : 'killedBeforeStaging';
        current = seen;
      } else {
        // Killed between the two renames: the previous complete folder waits beside it, and the next run restores it.
        expect(leftovers, at).toContain(`.out.old-${pid}`);
        expect(whichRun(join(parent, `.out.old-${pid}`)), at).toBe(current);
        outcome = 'killedInSwap';
      }
      expect(outcome, at).toBe(leaves);
      for (const e of leftovers) expect(e, at).toMatch(/^\.out\.(lock|lock-\d+|stale-\d+|staging-\d+|old-\d+)$/);
    }
    const last = await runHere(out, '1');
    expect(last.code, last.stderr).toBe(0);
    expect(whichRun(out)).toBe('A');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a run refuses a folder another live run holds, takes over a dead run\'s lock, and cleans every leftover', async () => {
    const parent = join(tmp, 'locks');
    const out = join(parent, 'out');
    mkdirSync(parent);
    cpSync(join(tmp, 'ref-A'), out, { recursive: true });
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(parent, '.out.lock'), `${holder.pid}\n`);
      const r = await runHere(out, '2');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`another rally process (pid ${holder.pid}) is writing this output folder`);
      expect(whichRun(out)).toBe('A');
    } finally {
      holder.kill('SIGKILL');
    }
    const dead = deadPid();
    writeFileSync(join(parent, '.out.lock'), `${dead}\n`);
    mkdirSync(join(parent, `.out.staging-${dead}`));
    writeFileSync(join(parent, `.out.staging-${dead}`, 'summary.json'), 'half');
    cpSync(join(tmp, 'ref-A'), join(parent, `.out.old-${dead}`), { recursive: true });
    writeFileSync(join(parent, `.out.lock-${dead}`), `${dead}\n`);
    const r = await runHere(out, '2');
    expect(r.code, r.stderr).toBe(0);
    expect(whichRun(out)).toBe('B');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('two runs started together into one folder: one is refused or they run one after the other; the folder is whole', async () => {
    const out = join(tmp, 'together', 'out');
    const both = await Promise.all([runRally(out, '1'), runRally(out, '2')]);
    const codes = both.map((b) => b.code).sort();
    expect([[0, 0], [0, 2]]).toContainEqual(codes);
    expect(whichRun(out)).toMatch(/^[AB]$/);
    expect(readdirSync(join(tmp, 'together'))).toEqual(['out']);
  });

  it('in one process, a second open of the same folder is refused until the first is done', () => {
    const out = join(tmp, 'twice');
    const first = openOutputFolder(out);
    expect(() => openOutputFolder(out)).toThrow(InputError);
    writeFileSync(join(first.staging, 'summary.json'), '{}');
    first.commit();
    expect(readdirSync(out)).toEqual(['summary.json']);
    openOutputFolder(out).abandon();
    expect(readdirSync(join(tmp))).not.toContain('.twice.lock');
  });

  it('a kill between the two renames (no folder, the previous one moved aside): the next run puts it back first', () => {
    const out = join(tmp, 'gap');
    const dead = deadPid();
    cpSync(join(tmp, 'ref-A'), join(tmp, `.gap.old-${dead}`), { recursive: true });
    mkdirSync(join(tmp, `.gap.staging-${dead}`));
    const folder = openOutputFolder(out);
    expect(whichRun(out)).toBe('A');
    folder.abandon();
    expect(whichRun(out)).toBe('A');
    expect(readdirSync(tmp).filter((e) => e.startsWith('.gap.'))).toEqual([]);
  });

  it('the output location is checked before the run starts: exit 2 naming it, nothing written', async () => {
    const run = (args: string[]) => command(runCommand, ['run', ...args]);
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    // --data names a missing file: the output location is refused first, before any data is read.
    let r = await run(['--data', join(tmp, 'missing.csv'), '--out', join(file, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(file, 'out'));
    expect(r.stderr).not.toContain('missing.csv');
    const mine = join(tmp, 'my-documents');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    r = await run(['--data', join(tmp, 'missing.csv'), '--out', mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to replace this folder: it is not a rally output/);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
    // A failed run leaves no trace: no folder, no staging, no lock, no created parents.
    r = await run(['--data', join(tmp, 'missing.csv'), '--out', join(tmp, 'new-parent', 'deeper', 'out')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(tmp, 'new-parent'))).toBe(false);
  });

  it('a write failure (disk full) leaves the previous folder intact, no staging, no lock', async () => {
    const out = join(tmp, 'full');
    cpSync(join(tmp, 'ref-A'), out, { recursive: true });
    const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    await expect(withOutputFolder(out, async (dir) => {
      writeFileSync(join(dir, 'episodes.csv'), 'partial');
      throw err;
    })).rejects.toThrow(/could not write the outputs \(ENOSPC: no space left on the device\); the output folder was left as it was/);
    expect(whichRun(out)).toBe('A');
    expect(readdirSync(tmp).filter((e) => e.startsWith('.full.'))).toEqual([]);
  });

  it('a symlinked output folder is replaced behind the link', async () => {
    const real = join(tmp, 'real-out');
    cpSync(join(tmp, 'ref-A'), real, { recursive: true });
    const link = join(tmp, 'link-out');
    symlinkSync(real, link);
    const r = await runHere(link, '2');
    expect(r.code, r.stderr).toBe(0);
    expect(whichRun(real)).toBe('B');
    expect(whichRun(link)).toBe('B');
  });
});

/** A real full disk: a tiny tmpfs, where mounting is allowed (root with CAP_SYS_ADMIN); skipped elsewhere. */
const mountPoint = join(tmp, 'tiny-disk');
mkdirSync(mountPoint, { recursive: true });
const mounted = process.platform === 'linux' && process.getuid?.() === 0
  && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' }).status === 0;

describe.skipIf(!mounted)('on a real full disk (a 64 KB tmpfs)', () => {
  afterAll(() => { spawnSync('umount', ['-l', mountPoint]); rmSync(tmp, { recursive: true, force: true }); });

  it('the run ends with exit 2 and a clear message; the previous folder is intact', async () => {
    const out = join(mountPoint, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), '{"previous": true}\n');
    const r = await runHere(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not write the outputs \(ENOSPC: no space left on the device\)/);
    expect(readdirSync(mountPoint)).toEqual(['out']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"previous": true}\n');
  });
});
