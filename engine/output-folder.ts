/**
 * A command's output folder as one unit: readers see the previous complete
 * folder or the new complete folder, never files of two runs side by side.
 *
 * `openOutputFolder(out)` runs BEFORE the work starts: it takes a lock beside
 * the folder (`.<name>.lock`, holding the pid; a lock whose process is gone is
 * taken over), cleans what killed runs left (staging and old folders), checks
 * that the location is writable by creating the staging folder
 * `.<name>.staging-<pid>` next to `out` and writing a probe into it, and
 * refuses to replace a folder that is not a rally output (so `--out .` never
 * swaps a user's folder away). Every file is then written into the staging
 * folder; `commit()` swaps it in (rename the old folder to `.<name>.old-<pid>`,
 * rename staging into place, delete the old one) and `abandon()` deletes it,
 * leaving the previous folder untouched. A kill between the two renames leaves
 * no folder at `out` and the previous one at `.<name>.old-<pid>`: the next run
 * into `out` puts it back before it starts. Problems are InputErrors naming
 * `out` (exit 2).
 */
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.ts';

export interface OutputFolder {
  /** The folder readers use. */
  readonly path: string;
  /** Where this run writes every file until commit(). */
  readonly staging: string;
  /** Swap the staging folder in as `path` (then delete the previous folder) and release the lock. */
  commit(): void;
  /** Delete the staging folder and release the lock; `path` stays as it was. */
  abandon(): void;
}

/** Files whose presence marks a folder as a rally output that a new run may replace. */
const OUTPUT_MARKERS = ['summary.json', 'shard.json'];

const errCode = (e: unknown): string => (e as NodeJS.ErrnoException)?.code ?? String(e);

const MEANING: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded', ENOTDIR: 'a file is in the way', EEXIST: 'a file is in the way', ENOENT: 'files cannot be created there',
  EIO: 'input/output error', EFBIG: 'file too large',
};

/** An fs error as `CODE: meaning` for a one-line message. */
const why = (e: unknown): string => `${errCode(e)}${MEANING[errCode(e)] ? `: ${MEANING[errCode(e)]}` : ''}`;

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

function readPid(file: string): number {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return NaN;
  }
}

/** The pid a leftover's name ends with (`.<name>.staging-123` → 123). */
const pidSuffix = (entry: string): number => Number.parseInt(/-(\d+)$/.exec(entry)?.[1] ?? '', 10);

class Names {
  constructor(readonly parent: string, readonly name: string) {}
  entry(what: string): string {
    return join(this.parent, `.${this.name}.${what}`);
  }
  get lock(): string {
    return this.entry('lock');
  }
}

const busy = (out: string, pid: number, lock: string): InputError => new InputError(out, 0, 0,
  `another rally process (pid ${pid}) is writing this output folder; wait for it or choose another --out (its lock: ${lock})`);

/**
 * Take the lock: a complete pid file linked into place (link fails when the
 * lock exists, so two runs cannot both create it). A lock whose pid is gone is
 * moved aside and checked: if another run took it over meanwhile, it is put
 * back and this run is refused.
 */
function acquireLock(n: Names, out: string): void {
  const mine = n.entry(`lock-${process.pid}`);
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, n.lock);
        return;
      } catch (e) {
        if (errCode(e) !== 'EEXIST') throw e;
      }
      const holder = readPid(n.lock);
      if (processAlive(holder)) throw busy(out, holder, n.lock);
      const aside = n.entry(`stale-${process.pid}`);
      try { renameSync(n.lock, aside); } catch { continue; }
      const moved = readPid(aside);
      if (moved !== holder && processAlive(moved)) {
        try { linkSync(aside, n.lock); } catch { /* yet another run holds it now */ }
        rmSync(aside, { force: true });
        throw busy(out, moved, n.lock);
      }
      rmSync(aside, { force: true });
    }
    throw new InputError(out, 0, 0, 'could not take the output folder\'s lock (other runs keep taking it)');
  } finally {
    rmSync(mine, { force: true });
  }
}

function releaseLock(n: Names): void {
  if (readPid(n.lock) === process.pid) rmSync(n.lock, { force: true });
}

/**
 * With the lock held, nothing else writes this folder: leftovers of killed runs
 * (staging, old, lock temp files of dead pids) go, and a previous folder that a
 * kill left moved aside is put back.
 */
function cleanLeftovers(n: Names, target: string): void {
  const prefix = `.${n.name}.`;
  const leftovers = readdirSync(n.parent).filter((e) => e.startsWith(prefix) && /^(staging|old|lock|stale)-\d+$/.test(e.slice(prefix.length)))
    .filter((e) => pidSuffix(e) !== process.pid && !processAlive(pidSuffix(e)));
  const olds = leftovers.filter((e) => e.startsWith(`${prefix}old-`));
  if (!exists(target) && olds.length) renameSync(join(n.parent, olds[0]!), target);
  for (const e of leftovers) rmSync(join(n.parent, e), { recursive: true, force: true });
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The folder `out` names (through a symlink, the folder it points to); refuses a non-folder. */
function targetOf(out: string): string {
  const abs = resolve(out);
  if (!exists(abs)) return abs;
  const real = realpathSync(abs);
  if (!statSync(real).isDirectory()) throw new InputError(out, 0, 0, 'the output location exists and is not a folder');
  return real;
}

function checkReplaceable(target: string, out: string): void {
  if (!exists(target)) return;
  const entries = readdirSync(target);
  if (entries.length === 0 || OUTPUT_MARKERS.some((m) => entries.includes(m))) return;
  throw new InputError(out, 0, 0, `refusing to replace this folder: it is not a rally output (no ${OUTPUT_MARKERS.join(' or ')}); choose a new or empty folder`);
}

/** Make the parent folder; returns the first folder it had to create (to remove on abandon), if any. */
function makeParent(parent: string, out: string): string | undefined {
  try {
    return mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new InputError(out, 0, 0, `cannot create the output folder's parent (${why(e)})`);
  }
}

function removeCreated(created: string | undefined, parent: string): void {
  if (created === undefined) return;
  for (let d = parent; d.length >= created.length; d = dirname(d)) {
    try { rmdirSync(d); } catch { return; }
  }
}

/**
 * The location checks of openOutputFolder without its lock and swap, for a
 * command that writes its files straight into `out` (rally simulate): refuses
 * a non-folder at `out` and a parent that cannot be created (InputErrors
 * naming `out`), creates the parent, and returns the folder `out` names.
 */
export function checkOutputLocation(out: string): string {
  const target = targetOf(out);
  makeParent(dirname(target), out);
  return target;
}

export function openOutputFolder(out: string): OutputFolder {
  const target = targetOf(out);
  const parent = dirname(target);
  const name = basename(target);
  if (!name || parent === target) throw new InputError(out, 0, 0, 'not usable as an output folder (a file system root)');
  const created = makeParent(parent, out);
  const n = new Names(parent, name);
  try {
    acquireLock(n, out);
  } catch (e) {
    removeCreated(created, parent);
    if (e instanceof InputError) throw e;
    throw new InputError(out, 0, 0, `cannot write to the output location (${why(e)})`);
  }
  const staging = n.entry(`staging-${process.pid}`);
  try {
    cleanLeftovers(n, target);
    checkReplaceable(target, out);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    writeFileSync(join(staging, '.probe'), 'rally output folder probe\n');
    unlinkSync(join(staging, '.probe'));
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    releaseLock(n);
    removeCreated(created, parent);
    if (e instanceof InputError) throw e;
    throw new InputError(out, 0, 0, `cannot write to the output location (${why(e)})`);
  }
  let done = false;
  return {
    path: target,
    staging,
    commit() {
      if (done) return;
      done = true;
      const old = n.entry(`old-${process.pid}`);
      const hadOld = exists(target);
      try {
        if (hadOld) renameSync(target, old);
        try {
          renameSync(staging, target);
        } catch (e) {
          if (hadOld) renameSync(old, target);
          throw e;
        }
        if (hadOld) rmSync(old, { recursive: true, force: true });
      } finally {
        rmSync(staging, { recursive: true, force: true });
        releaseLock(n);
      }
    },
    abandon() {
      if (done) return;
      done = true;
      rmSync(staging, { recursive: true, force: true });
      releaseLock(n);
      if (!exists(target)) removeCreated(created, parent);
    },
  };
}

/** Errors of writing the outputs (disk full, I/O) become one clear line naming `out`; others pass. */
const WRITE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS', 'EACCES', 'EPERM']);

function writeFailure(e: unknown, out: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !WRITE_FAILURES.has(code) || !(e as NodeJS.ErrnoException).syscall) return e;
  return new InputError(out, 0, 0, `could not write the outputs (${why(e)}); the output folder was left as it was before this run`);
}

/**
 * Open `out` (lock, clean, check writability: before any work), let `work`
 * write every file into the staging folder it is given, then swap the folder
 * in. When `work` throws, the staging folder is deleted and `out` is left as
 * it was.
 */
export async function withOutputFolder<T>(out: string, work: (dir: string) => Promise<T>): Promise<T> {
  const folder = openOutputFolder(out);
  let result: T;
  try {
    result = await work(folder.staging);
  } catch (e) {
    folder.abandon();
    throw writeFailure(e, out);
  }
  try {
    folder.commit();
  } catch (e) {
    throw writeFailure(e, out);
  }
  return result;
}
