/**
 * Start-up and short commands, whole processes timed from outside (wall
 * time, what a user waits for), interleaved so that a busy machine slows
 * every command alike: `node -e 0` (Node's own start-up, for reference),
 * `rally --help`, `rally run --help`, and `npm start`'s command
 * (`node engine/cli/rally.mjs run`) on the default run and on the round-1
 * default workload (the embedded S&P 500 2000-2020 as an explicit config,
 * default-workload.json, so that it stays the same when the default run
 * changes). With RALLY_BENCH_COMPARE=<another checkout> (e.g. an export of
 * an earlier commit, its node_modules beside it) that checkout's `rally run`
 * (its own default run) is timed in the same rounds and the ratio printed:
 * median of the per-round ratios. Printed, never asserted.
 *
 * Standalone: `node --import tsx test/bench/startup.ts [rounds]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '..', '..');
const RALLY = join(ROOT, 'engine', 'cli', 'rally.mjs');
const WORKLOAD = join(here, 'default-workload.json');

interface Timed { label: string; args: string[]; cwd?: string; ms: number[] }

/** Wall milliseconds of one run of `node ARGS` (its output discarded); throws when it fails. */
function wallMs(t: Timed): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, t.args, { cwd: t.cwd ?? ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 600_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${t.label}: exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').pop()}`);
  return ms;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

/** Every command once per round, in turn, after one warm-up round (the plain-JS build is made then if needed). */
function rounds(commands: Timed[], n: number): void {
  for (const c of commands) wallMs(c);
  for (let r = 0; r < n; r++) for (const c of commands) c.ms.push(wallMs(c));
}

function row(t: Timed): string {
  return `  ${t.label.padEnd(52)} median ${(median(t.ms) / 1000).toFixed(3)} s  (min ${(Math.min(...t.ms) / 1000).toFixed(3)}, max ${(Math.max(...t.ms) / 1000).toFixed(3)}; ${t.ms.length} runs)`;
}

export function runStartupBench(n = 7): void {
  const out = mkdtempSync(join(tmpdir(), 'rally-startup-bench-'));
  try {
    const compare = process.env.RALLY_BENCH_COMPARE;
    const short: Timed[] = [
      { label: 'node -e 0 (Node itself)', args: ['-e', '0'], ms: [] },
      { label: 'rally --help', args: [RALLY, '--help'], ms: [] },
      { label: 'rally run --help', args: [RALLY, 'run', '--help'], ms: [] },
    ];
    console.log(`\nstart-up — whole processes, wall time, ${n} interleaved rounds after a warm-up; load average before: ${load()}`);
    rounds(short, n);
    for (const t of short) console.log(row(t));
    const runs: Timed[] = [
      { label: 'npm start (rally run, the default run)', args: [RALLY, 'run', '--out', join(out, 'default')], ms: [] },
      { label: 'rally run --config default-workload.json (round 1\'s)', args: [RALLY, 'run', '--config', WORKLOAD, '--out', join(out, 'r1')], ms: [] },
    ];
    if (compare && existsSync(join(compare, 'engine', 'cli', 'rally.mjs'))) {
      runs.push({ label: `${compare}: rally run (its default run)`, args: [join(compare, 'engine', 'cli', 'rally.mjs'), 'run', '--out', join(out, 'cmp')], cwd: compare, ms: [] });
    }
    const m = Math.max(3, Math.ceil(n / 2));
    console.log(`short runs — ${m} interleaved rounds after a warm-up; load average before: ${load()}`);
    rounds(runs, m);
    for (const t of runs) console.log(row(t));
    if (runs.length === 3) {
      const ratios = runs[1]!.ms.map((x, i) => runs[2]!.ms[i]! / x);
      console.log(`  ${compare} / this checkout on the round-1 workload: ${median(ratios).toFixed(2)}x (median of ${ratios.length} paired rounds; target >= 2x)`);
    }
    console.log(`  load average after: ${load()} (${availableParallelism()} CPUs here: under a higher load, wall times are inflated; compare ratios)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) runStartupBench(Number(process.argv[2] ?? 7));
