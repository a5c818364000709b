/**
 * The sweep on one worker against another checkout's engine (`npm run bench`
 * with RALLY_BENCH_COMPARE=<checkout>, e.g. round 1's: `git worktree add
 * --detach ../r1 d75a319 && (cd ../r1 && npm ci)`): interleaved rounds, this
 * checkout's engine (engine-child.mjs, the plain-JS build) and that one's
 * (earlier-sweep.mjs under its own tsx, as it ran then), each in a process
 * of its own, timed from the parsed config to the assembled result; the
 * median of the per-round ratios of rows per second. Printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweep } from './sweep.ts';

const here = dirname(fileURLToPath(import.meta.url));

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

/** That checkout's sweep: seconds, or why it could not run. */
function earlierSweep(dir: string): number | string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'earlier-sweep.mjs'), dir, '1'], { cwd: dir, encoding: 'utf8', timeout: 900_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) return `failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`;
  return (JSON.parse(line) as { seconds: number }).seconds;
}

export async function compareSweep(dir: string, rounds = 3): Promise<void> {
  if (!existsSync(join(dir, 'engine', 'config.ts'))) {
    console.log(`  RALLY_BENCH_COMPARE=${dir}: no engine/config.ts there; not compared`);
    return;
  }
  const ours: number[] = [], theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = earlierSweep(dir);
    if (typeof t === 'string') { console.log(`  ${dir}: ${t}`); return; }
    theirs.push(t);
    ours.push((await sweep(1)).seconds);
  }
  const ratios = ours.map((x, i) => theirs[i]! / x);
  console.log(`  one worker, ${dir} / this checkout (seconds from parsed config to assembled result; rows per second the inverse): `
    + `${median(ratios).toFixed(2)}x (rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')}; median seconds ${median(theirs).toFixed(2)} vs ${median(ours).toFixed(2)}; target >= 3x)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dir = process.env.RALLY_BENCH_COMPARE ?? process.argv[2];
  if (!dir) console.log('usage: RALLY_BENCH_COMPARE=<checkout> node --import tsx test/bench/sweep-compare.ts [rounds]');
  else await compareSweep(resolve(dir), Number(process.argv[3] ?? 3));
}
