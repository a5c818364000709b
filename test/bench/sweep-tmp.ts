/**
 * The benchmark sweep: 900 parameter sets of the golden-cross criterion
 * (30 fast × 30 slow moving-average windows) over the S&P 500 since 1928
 * (../shared/data; 87 rebounds, 86 scored at the longest windows), every
 * row scored with the default statistics (2000 bootstrap resamples per
 * scheme, 2000 permutations), run by the engine on N worker threads. The
 * engine is loaded as `rally` loads it: the plain-JS build (engine/cli/build.mjs;
 * the TypeScript sources under tsx with RALLY_NO_BUILD=1), so the workers
 * start as they do for users.
 * Standalone: `node --import tsx test/bench/sweep.ts [workers]` prints the
 * wall time, rows per second and ms per row. Printed, never asserted.
 */
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as ConfigModule from '../../engine/config.ts';
import type * as RunModule from '../../engine/run/run.ts';
import { GSPC, STATS } from './row-cost.ts';
import { mainThreadCpuSeconds, otherThreadsCpuSeconds, processCpuSeconds } from './thread-cpu.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const FAST = Array.from({ length: 30 }, (_, i) => 5 + 4 * i); // 5..121
export const SLOW = Array.from({ length: 30 }, (_, i) => 130 + 6 * i); // 130..304

export interface SweepTiming {
  seconds: number;
  /** CPU seconds of the whole process (every thread) during the sweep: on a shared machine, the figure other processes do not inflate. */
  cpuSeconds: number;
  /** Steady-state job phase (first finished batch to last), scaled to every job. */
  jobSeconds: number;
  rows: number;
  /**
   * CPU seconds per phase, main thread and whole process: before the first
   * job finished (data, episodes, indicators, worker start-up), the job phase
   * (to the last job), assembly. The main thread's share is what does not
   * scale with workers.
   */
  phases: { name: string; main: number; all: number }[];
  /** CPU seconds of the busiest other threads (the workers) when the last job finished. */
  busiest: number[];
}

/** The engine's config and run modules, from the plain-JS build (as `rally` runs) unless RALLY_NO_BUILD is set or it cannot be made. */
async function engine(): Promise<{ config: typeof ConfigModule; run: typeof RunModule }> {
  if (!process.env.RALLY_NO_BUILD) {
    try {
      // @ts-expect-error plain JS module without type declarations
      const { ensureBuild } = await import('../../engine/cli/build.mjs') as { ensureBuild: () => Promise<string> };
      const dir = await ensureBuild();
      const load = async <T>(rel: string): Promise<T> => import(pathToFileURL(join(dir, rel)).href) as Promise<T>;
      return { config: await load('engine/config.js'), run: await load('engine/run/run.js') };
    } catch { /* the sources under tsx */ }
  }
  return { config: await import('../../engine/config.ts'), run: await import('../../engine/run/run.ts') };
}

export async function sweep(workers: number): Promise<SweepTiming> {
  const { config: { parseRunConfig }, run: { executeRun, assemble } } = await engine();
  const cfg = parseRunConfig({
    seed: 'bench',
    datasets: [{ id: 'GSPC', price: GSPC }],
    episodes: [{ kind: 'rebound' }],
    criteria: [{ id: 'golden-cross', params: { fast: FAST, slow: SLOW } }],
    ...(process.env.SWEEP_NO_TRADING ? { trading: false } : {}), statistics: { bootstrap: STATS.bootstrap, permutations: STATS.permutations, threshold: STATS.threshold, level: STATS.level },
  }, 'bench', here);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const marks: Array<{ main: number; all: number }> = [{ main: mainThreadCpuSeconds(), all: processCpuSeconds() }];
  const mark = (): { main: number; all: number } => ({ main: mainThreadCpuSeconds(), all: processCpuSeconds() });
  let firstDone = -1, lastDone = -1, firstCount = 0;
  let atFirst = marks[0]!, atLast = marks[0]!;
  let busiest: number[] = [];
  const parts = await executeRun(cfg, {
    workers,
    onProgress: (done, total) => {
      const now = performance.now();
      if (firstDone < 0) { firstDone = now; firstCount = done; atFirst = mark(); }
      if (done === total) { atLast = mark(); busiest = otherThreadsCpuSeconds().slice(0, Math.max(1, workers)); }
      lastDone = now;
    },
  });
  const beforeAssembly = mark();
  const result = assemble(parts);
  const end = mark();
  marks.push(atFirst, atLast, beforeAssembly, end);
  const names = ['to the first job', 'job phase', 'after the jobs (parts, pool stop)', 'assembly'];
  const phases = names.map((name, i) => ({ name, main: marks[i + 1]!.main - marks[i]!.main, all: marks[i + 1]!.all - marks[i]!.all }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const jobSeconds = ((lastDone - firstDone) / 1000) * (parts.totalJobs / Math.max(1, parts.totalJobs - firstCount));
  return { seconds, cpuSeconds, jobSeconds, rows: result.summary.metrics.length, phases, busiest };
}

export function describeSweep(label: string, t: SweepTiming): string {
  return `${label}: ${t.seconds.toFixed(2)} s, ${t.rows} rows: ${(t.rows / t.seconds).toFixed(0)} rows/s, ${((t.seconds * 1000) / t.rows).toFixed(2)} ms per row end to end `
    + `(job phase ${((t.jobSeconds * 1000) / t.rows).toFixed(2)} ms per row; CPU ${t.cpuSeconds.toFixed(2)} s, ${((t.cpuSeconds * 1000) / t.rows).toFixed(2)} CPU ms per row)`
    + `\n  CPU s per phase, main thread / all threads: ${t.phases.map((p) => `${p.name} ${p.main.toFixed(2)} / ${p.all.toFixed(2)}`).join('; ')}`
    + `; busiest other threads ${t.busiest.map((x) => x.toFixed(2)).join(', ')}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const workers = Number(process.argv[2] ?? 1);
  console.log(describeSweep(`sweep, ${workers} worker(s)`, await sweep(workers)));
}
