/**
 * A private single-node Slurm for tests: its own slurm.conf, state, spool,
 * logs, pid files and ports under a temporary folder; daemons run as root with
 * AuthType=auth/none and CredType=cred/none (no munge, no systemd). Installs
 * Debian's slurmctld, slurmd and slurm-client when absent (bounded by timeouts).
 *
 *   const started = await startSlurm();
 *   if ('skip' in started) ctx.skip(started.skip);
 *   const { cluster } = started; ... await cluster.stop();
 *
 * Clients (sbatch, squeue, scontrol) reach it through SLURM_CONF, which
 * `cluster.env` carries; jobs inherit it. `stop()` cancels what is left, stops
 * the daemons, ends every process that still carries this cluster's SLURM_CONF
 * (job steps, job scripts) and removes the folder; it also runs if the test
 * process exits early.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client'];
const DAEMONS = { slurmctld: '/usr/sbin/slurmctld', slurmd: '/usr/sbin/slurmd' };
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

export interface JobRecord {
  jobId: string; arrayTaskId: string | null; state: string; exitCode: string; reason: string;
  /** Slurm's StartTime/EndTime (local time, whole seconds), 'Unknown' before. */
  start: string; end: string;
}

export interface SlurmCluster {
  dir: string;
  conf: string;
  /** process.env plus SLURM_CONF: pass it to anything that calls sbatch/squeue/scontrol. */
  env: Record<string, string>;
  /** Run a Slurm client (sbatch, squeue, ...) against this cluster. */
  client(cmd: string, args: string[], opts?: { cwd?: string }): { code: number; stdout: string; stderr: string };
  /** sbatch --parsable; returns the job id (throws with sbatch's message on failure). */
  sbatch(args: string[], opts?: { cwd?: string }): string;
  /** Every record of a job (one per array task), from scontrol. */
  jobs(jobId: string): JobRecord[];
  /** Wait until every record of these jobs is in a final state; throws after timeoutMs with the queue and logs. */
  waitFor(jobIds: string[], timeoutMs: number): Promise<JobRecord[]>;
  /** The end of the daemons' logs, for failure messages. */
  logs(lines?: number): string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') };
}

function installed(): boolean {
  return existsSync(DAEMONS.slurmctld) && existsSync(DAEMONS.slurmd) && run('sh', ['-c', 'command -v sbatch']).code === 0;
}

/** Install the Debian packages when absent; returns why not when it cannot. */
export function ensureSlurmPackages(): string | null {
  if (installed()) return null;
  if (process.getuid?.() !== 0) return 'Slurm is not installed and installing it needs root';
  if (run('sh', ['-c', 'command -v apt-get']).code !== 0) return 'Slurm is not installed and there is no apt-get';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = ['-o', 'Acquire::Retries=0', '-o', 'Acquire::http::Timeout=20', '-o', 'Acquire::https::Timeout=20'];
  const install = () => run('timeout', ['240', 'apt-get', 'install', '-y', '--no-install-recommends', ...opts, ...PACKAGES], { env, timeoutMs: 250_000 });
  let r = install();
  if (r.code !== 0) {
    run('timeout', ['240', 'apt-get', 'update', ...opts], { env, timeoutMs: 250_000 });
    r = install();
  }
  if (r.code !== 0 || !installed()) return `apt-get install ${PACKAGES.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`;
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The slurm.conf of a one-node cluster living entirely in `dir`. */
export function slurmConf(dir: string, ctldPort: number, slurmdPort: number): string {
  const cpuCount = Math.max(1, cpus().length);
  const memoryMb = Math.max(512, Math.floor((totalmem() / 1048576) * 0.9));
  return [
    'ClusterName=rallytest',
    'SlurmctldHost=localhost(127.0.0.1)',
    'AuthType=auth/none',
    'CredType=cred/none',
    'SlurmUser=root',
    'SlurmdUser=root',
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${slurmdPort}`,
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    'MailProg=/bin/true',
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SwitchType=switch/none',
    'MpiDefault=none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'SchedulerType=sched/backfill',
    // A test cluster with a handful of jobs: start each job as soon as it can run (the merge job the
    // moment its array is done) rather than on a busy site's cadence (main loop every 60 s, backfill
    // every 30 s, batch jobs delayed up to 3 s).
    'SchedulerParameters=sched_interval=1,bf_interval=1,batch_sched_delay=0',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_CPU',
    // A job whose afterok can never be met (a failed task) is cancelled instead of waiting forever.
    'DependencyParameters=kill_invalid_depend',
    'ReturnToService=2',
    `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpuCount} RealMemory=${memoryMb} State=UNKNOWN`,
    'PartitionName=rally Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
    '',
  ].join('\n');
}

function parseJobs(text: string): JobRecord[] {
  return text.split('\n').filter((l) => l.includes('JobId=')).map((line) => {
    const field = (k: string): string | null => new RegExp(`(?:^|\\s)${k}=(\\S*)`).exec(line)?.[1] ?? null;
    return {
      jobId: field('JobId')!, arrayTaskId: field('ArrayTaskId'), state: field('JobState') ?? '?',
      exitCode: field('ExitCode') ?? '?', reason: field('Reason') ?? '',
      start: field('StartTime') ?? '?', end: field('EndTime') ?? '?',
    };
  });
}

/** Processes that carry this cluster's SLURM_CONF (daemons, job steps, job scripts), except this one. */
function clusterProcesses(conf: string): number[] {
  const needle = `SLURM_CONF=${conf}\0`;
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      if ((readFileSync(`/proc/${d}/environ`, 'latin1') + '\0').includes(needle)) pids.push(Number(d));
    } catch { /* gone, or not ours to read */ }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How often the node's and jobs' states are read (each read is one short client call). */
const POLL_MS = 200;

function exited(p: ChildProcess): boolean {
  return p.exitCode !== null || p.signalCode !== null;
}

class PrivateSlurm implements SlurmCluster {
  readonly conf: string;
  readonly env: Record<string, string>;
  private readonly daemons: ChildProcess[] = [];
  private readonly submitted = new Set<string>();
  private readonly onExit = (): void => this.killAll();
  private stopped = false;

  constructor(readonly dir: string) {
    this.conf = join(dir, 'slurm.conf');
    this.env = { ...(process.env as Record<string, string>), SLURM_CONF: this.conf };
    process.once('exit', this.onExit);
  }

  /** Start both daemons; resolves to the node's state ('idle' when usable). */
  async boot(): Promise<string> {
    this.daemon('slurmctld', ['-i']);
    await sleep(500);
    this.daemon('slurmd', ['-N', 'localhost']);
    let state = '';
    for (let i = 0; i < 30_000 / POLL_MS && state !== 'idle'; i++) {
      await sleep(POLL_MS);
      if (this.daemons.some(exited)) return `${state || 'unknown'}, a daemon exited`;
      state = this.client('sinfo', ['-h', '-n', 'localhost', '-o', '%T']).stdout.trim();
    }
    return state || 'unknown';
  }

  private daemon(name: keyof typeof DAEMONS, args: string[]): void {
    const p = spawn(DAEMONS[name], ['-D', '-f', this.conf, ...args], { env: this.env, stdio: 'ignore' });
    p.on('error', () => { /* seen as an exited daemon by boot() */ });
    this.daemons.push(p);
  }

  client(cmd: string, args: string[], opts: { cwd?: string } = {}) {
    return run(cmd, args, { env: this.env, cwd: opts.cwd, timeoutMs: 30_000 });
  }

  sbatch(args: string[], opts: { cwd?: string } = {}): string {
    const r = this.client('sbatch', ['--parsable', ...args], opts);
    const id = r.stdout.trim().split(';')[0]!;
    if (r.code !== 0 || !/^\d+$/.test(id)) throw new Error(`sbatch ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
    this.submitted.add(id);
    return id;
  }

  jobs(jobId: string): JobRecord[] {
    return parseJobs(this.client('scontrol', ['show', 'job', '-o', jobId]).stdout);
  }

  private jobsAsync(jobId: string): Promise<JobRecord[]> {
    return new Promise((resolve) => {
      execFile('scontrol', ['show', 'job', '-o', jobId], { env: this.env, encoding: 'utf8', timeout: 30_000 }, (_err, stdout) => resolve(parseJobs(stdout ?? '')));
    });
  }

  async waitFor(jobIds: string[], timeoutMs: number): Promise<JobRecord[]> {
    for (const id of jobIds) this.submitted.add(id);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Read without blocking this thread: a test may compute its reference meanwhile.
      const records = (await Promise.all(jobIds.map((id) => this.jobsAsync(id)))).flat();
      if (records.length && records.every((r) => TERMINAL.has(r.state))) return records;
      if (Date.now() > deadline) {
        throw new Error(`Slurm jobs ${jobIds.join(', ')} not done after ${timeoutMs} ms:\n${this.client('squeue', []).stdout}\n${this.logs()}`);
      }
      await sleep(POLL_MS);
    }
  }

  logs(lines = 15): string {
    return ['slurmctld', 'slurmd'].map((n) => {
      const f = join(this.dir, 'log', `${n}.log`);
      const text = existsSync(f) ? readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
      return `--- ${n}.log\n${text}`;
    }).join('\n');
  }

  private killAll(): void {
    for (const p of this.daemons) if (!exited(p)) p.kill('SIGKILL');
    for (const pid of clusterProcesses(this.conf)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.submitted.size) this.client('scancel', [...this.submitted]);
    for (const p of this.daemons) if (!exited(p)) p.kill('SIGTERM');
    for (let i = 0; i < 50 && this.daemons.some((p) => !exited(p)); i++) await sleep(100);
    this.killAll();
    process.removeListener('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Install (when needed) and start a private Slurm, or say why it cannot run here. */
export async function startSlurm(): Promise<{ cluster: SlurmCluster } | { skip: string }> {
  const why = ensureSlurmPackages();
  if (why) return { skip: `private Slurm SKIPPED: ${why}` };
  const dir = mkdtempSync(join(tmpdir(), 'rally-slurm-'));
  for (const sub of ['state', 'spool', 'log']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'slurm.conf'), slurmConf(dir, await freePort(), await freePort()));
  const cluster = new PrivateSlurm(dir);
  const state = await cluster.boot();
  if (state === 'idle') return { cluster };
  const skip = `private Slurm SKIPPED: the node did not become idle (state '${state}')\n${cluster.logs()}`;
  await cluster.stop();
  return { skip };
}
