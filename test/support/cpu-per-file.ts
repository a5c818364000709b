/**
 * Vitest setup file (runs before each test file, in the file's worker): when
 * RALLY_TEST_CPU names a file, appends one line per test file to it: the
 * file, its wall seconds, and the CPU seconds it used in its worker process
 * (threads included) and in the child processes it waited for (spawned CLIs,
 * plugin workers, the browser). Wall time depends on what else the machine
 * runs; CPU time much less, so this is what the suite's speed is judged by
 * (test/README.md, "Speed"). Off (no hooks) when RALLY_TEST_CPU is unset.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const target = process.env.RALLY_TEST_CPU;

/** This process's CPU seconds (utime + stime) and its waited-for children's (cutime + cstime). */
function cpu(): { self: number; children: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ').map(Number);
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) is index 11.
  const tick = 100; // USER_HZ on Linux
  return { self: (fields[11]! + fields[12]!) / tick, children: (fields[13]! + fields[14]!) / tick };
}

if (target) {
  let start = { self: 0, children: 0 };
  let wall = 0;
  let file = '';
  // (Vitest passes a hook's context first, to be destructured, and the file's suite second.)
  // eslint-disable-next-line no-empty-pattern
  beforeAll(({}, suite) => {
    const s = suite as { file?: { filepath?: string }; name?: string };
    file = basename(s.file?.filepath ?? s.name ?? 'unknown');
    start = cpu();
    wall = performance.now();
  });
  afterAll(() => {
    const end = cpu();
    const row = [file, ((performance.now() - wall) / 1000).toFixed(1), (end.self - start.self).toFixed(1), (end.children - start.children).toFixed(1)];
    appendFileSync(target, `${row.join('\t')}\n`);
  });
}
