/**
 * CPU seconds of this process's main thread alone (Linux: /proc/self/task/<pid>/stat,
 * user + system, 10 ms resolution), so a benchmark can say how much of a
 * run's CPU is serial work in the main thread and how much ran in the other
 * threads (workers, and V8's own helper threads). NaN where /proc is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function taskCpuSeconds(tid: string): number {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return NaN;
  }
}

export function mainThreadCpuSeconds(): number {
  return taskCpuSeconds(String(process.pid));
}

/** CPU seconds of each other thread alive now (workers, V8's helpers), largest first; empty where /proc is absent. */
export function otherThreadsCpuSeconds(): number[] {
  try {
    return readdirSync('/proc/self/task').filter((t) => t !== String(process.pid)).map(taskCpuSeconds).filter((x) => x > 0).sort((a, b) => b - a);
  } catch {
    return [];
  }
}

/** CPU seconds of the whole process (every thread). */
export function processCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
