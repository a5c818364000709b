/**
 * The benchmark sweep: 900 parameter sets of the golden-cross criterion
 * (30 fast × 30 slow moving-average windows) over the S&P 500 since 1928
 * (../shared/data; 87 rebounds, 86 scored at the longest windows), every
 * row scored with the default statistics (2000 bootstrap resamples per
 * scheme, 2000 permutations), run by the engine on N worker threads, in a
 * process of its own (engine-child.mjs) that loads the engine as `rally`
 * does: the plain-JS build in plain node, workers included (no tsx).
 * Standalone: `node --import tsx test/bench/sweep.ts [workers]` prints the
 * wall time, rows per second and ms per row. Printed, never asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GSPC, STATS } from './row-cost.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = resolve(here, 'engine-child.mjs');
export const FAST = Array.from({ length: 30 }, (_, i) => 5 + 4 * i); // 5..121
export const SLOW = Array.from({ length: 30 }, (_, i) => 130 + 6 * i); // 130..304

export interface SweepTiming {
  /** Wall seconds of the run and its assembly (the child's module loading left out). */
  seconds: number;
  /** CPU seconds of the whole process (every thread) over the same span: on a shared machine, the figure other processes do not inflate. */
  cpuSeconds: number;
  /** Steady-state job phase (first finished job to last), scaled to every job. */
  jobSeconds: number;
  rows: number;
  /**
   * CPU seconds per phase, main thread and whole process: before the first
   * job finished (data, episodes, worker start-up, the first job), the job
   * phase (to the last job), after the jobs, assembly. The main thread's
   * share is what does not scale with workers.
   */
  phases: { name: string; main: number; all: number }[];
  /** CPU seconds of the busiest other threads (the workers) when the last job finished. */
  busiest: number[];
  /** CPU seconds, since the process started, of the main thread and of all other threads (workers and V8's own: compiler, GC) when the last job finished. */
  mainCpuAtLast: number;
  otherCpu: number;
}

/**
 * The most any 2-worker run can gain over `one` on `cores` cores, from CPU alone: a run takes at least its
 * CPU seconds over the cores, and more workers never do less CPU work than one (each loads and compiles the
 * engine itself), so T(2) >= CPU(1) / cores and T(1) / T(2) <= cores × T(1) / CPU(1). A 1-worker run that
 * keeps 1.4 cores busy (its worker, the main thread's share, V8's compiler and GC threads) can gain at most
 * 2 / 1.4 = 1.43x on two cores.
 */
export function cpuBound(one: SweepTiming, cores = availableParallelism()): { coresBusy: number; bound: number } {
  const coresBusy = one.cpuSeconds / one.seconds;
  return { coresBusy, bound: cores / coresBusy };
}

/** Where a run's CPU went, up to its last job: main thread, workers, V8's own threads. */
export function threadSplit(t: SweepTiming): string {
  const workers = t.busiest.reduce((a, b) => a + b, 0);
  return `CPU s up to the last job (from process start): main thread ${t.mainCpuAtLast.toFixed(2)}, worker${t.busiest.length === 1 ? '' : 's'} ${workers.toFixed(2)}, V8's own threads (compiler, GC) ${(t.otherCpu - workers).toFixed(2)}; `
    + `cores busy over the run ${(t.cpuSeconds / t.seconds).toFixed(2)}`;
}

/** The child's report (engine-child.mjs). */
export interface ChildReport extends SweepTiming {
  workers: number;
  /** Wall seconds of load + detect + run (before assembly). */
  runSeconds: number;
  /** CPU seconds of the whole child process, module loading and writing included. */
  processCpuSeconds: number;
  writeSeconds: number;
  maxRssKb: number;
  jobs: number;
  episodes: number;
  members: number;
  failed: number;
}

/** One run in a child process (engine-child.mjs); the report, or why it failed. */
export function engineChild(request: { workers: number; config?: string; inline?: { raw: unknown; base: string }; write?: boolean }): ChildReport | string {
  const r = spawnSync(process.execPath, [CHILD, JSON.stringify(request)], { encoding: 'utf8', timeout: 900_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return `failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(line) as ChildReport;
}

/** engineChild, started without waiting for it (to run several at once). */
export function engineChildAsync(request: { workers: number; inline: { raw: unknown; base: string } }): Promise<ChildReport | string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      done(code === 0 && line.startsWith('{') ? JSON.parse(line) as ChildReport : `failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`);
    });
  });
}

/**
 * What this machine's cores give in parallel, whatever the engine does: the
 * sweep in the main thread only (0 workers), alone and then two copies at
 * once (two processes, nothing shared), in `rounds` rounds. The ceiling is
 * twice one copy's time alone over the slower of the two at once (medians):
 * no 2-worker run can be faster than that on the same machine.
 */
export async function parallelCeiling(rounds = 2): Promise<{ ceiling: number; alone: number; together: number } | string> {
  const req = { workers: 0, inline: { raw: sweepConfig(), base: here } };
  const alone: number[] = [], together: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = engineChild(req);
    if (typeof a === 'string') return a;
    alone.push(a.seconds);
    const both = await Promise.all([engineChildAsync(req), engineChildAsync(req)]);
    const bad = both.find((b) => typeof b === 'string');
    if (bad) return bad as string;
    together.push(Math.max(...both.map((b) => (b as ChildReport).seconds)));
  }
  const median = (xs: number[]): number => { const s = [...xs].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
  return { ceiling: (2 * median(alone)) / median(together), alone: median(alone), together: median(together) };
}

/** The sweep's config; `trading: false` leaves out the trading backtest (the rows 0.1.0 computed, without it). */
export function sweepConfig(opts: { trading?: boolean } = {}): unknown {
  return {
    seed: 'bench',
    datasets: [{ id: 'GSPC', price: GSPC }],
    episodes: [{ kind: 'rebound' }],
    criteria: [{ id: 'golden-cross', params: { fast: FAST, slow: SLOW } }],
    ...(opts.trading === false ? { trading: false } : {}),
    statistics: { bootstrap: STATS.bootstrap, permutations: STATS.permutations, threshold: STATS.threshold, level: STATS.level },
  };
}

export async function sweep(workers: number, opts: { trading?: boolean } = {}): Promise<SweepTiming> {
  const r = engineChild({ workers, inline: { raw: sweepConfig(opts), base: here } });
  if (typeof r === 'string') throw new Error(`sweep on ${workers} worker(s) ${r}`);
  return r;
}

export function describeSweep(label: string, t: SweepTiming): string {
  return `${label}: ${t.seconds.toFixed(2)} s, ${t.rows} rows: ${(t.rows / t.seconds).toFixed(0)} rows/s, ${((t.seconds * 1000) / t.rows).toFixed(2)} ms per row end to end `
    + `(job phase ${((t.jobSeconds * 1000) / t.rows).toFixed(2)} ms per row; CPU ${t.cpuSeconds.toFixed(2)} s, ${((t.cpuSeconds * 1000) / t.rows).toFixed(2)} CPU ms per row)`
    + `\n  CPU s per phase, main thread / all threads: ${t.phases.map((p) => `${p.name} ${p.main.toFixed(2)} / ${p.all.toFixed(2)}`).join('; ')}`
    + `\n  ${threadSplit(t)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const workers = Number(process.argv[2] ?? 1);
  console.log(describeSweep(`sweep, ${workers} worker(s)`, await sweep(workers)));
}
