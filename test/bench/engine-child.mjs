// One timed run of the engine in a process of its own, loaded as `rally` loads it: the plain-JS
// build (engine/cli/build.mjs) in plain node, so that neither this process nor its worker threads
// load tsx (a worker inherits its parent's --import flags). sweep.ts and universe.ts spawn it:
//   node test/bench/engine-child.mjs '<request JSON>'
// request: { workers, config?: a run config file, inline?: { raw, base } (a config object and the
// folder its paths are relative to), write?: also write the reports (timed apart) }.
// Prints one JSON line: wall and CPU seconds of the run and of each phase (see sweep.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from '../../engine/cli/build.mjs';

const TICKS_PER_SECOND = 100;

/** CPU seconds of one thread of this process (Linux /proc; NaN elsewhere). */
function taskCpuSeconds(tid) {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

const mainCpu = () => taskCpuSeconds(String(process.pid));
const allCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const mark = () => ({ main: mainCpu(), all: allCpu() });

/** CPU seconds of the other threads alive now (workers, V8's helpers), largest first. */
function otherThreads() {
  try {
    return readdirSync('/proc/self/task').filter((t) => t !== String(process.pid)).map(taskCpuSeconds).filter((x) => x > 0).sort((a, b) => b - a);
  } catch {
    return [];
  }
}

const req = JSON.parse(process.argv[2]);
const dir = await ensureBuild();
const load = (rel) => import(pathToFileURL(join(dir, rel)).href);
const { parseRunConfig, readRunConfig } = await load('engine/config.js');
const { executeRun, assemble } = await load('engine/run/run.js');
const cfg = req.config ? readRunConfig(req.config) : parseRunConfig(req.inline.raw, 'bench', req.inline.base);

const t0 = performance.now();
const marks = [mark()];
let first = -1, last = -1, firstCount = 0, atFirst = marks[0], atLast = marks[0], busiest = [], otherCpu = 0;
const parts = await executeRun(cfg, {
  workers: req.workers,
  onProgress: (done, total) => {
    const now = performance.now();
    if (first < 0) { first = now; firstCount = done; atFirst = mark(); }
    if (done === total) { atLast = mark(); const others = otherThreads(); busiest = others.slice(0, req.workers); otherCpu = others.reduce((a, b) => a + b, 0); }
    last = now;
  },
});
const t1 = performance.now();
const beforeAssembly = mark();
const result = assemble(parts);
const t2 = performance.now();
marks.push(atFirst, atLast, beforeAssembly, mark());
const names = ['to the first job', 'job phase', 'after the jobs (parts, pool stop)', 'assembly'];
let writeSeconds = 0;
if (req.write) {
  const out = mkdtempSync(join(tmpdir(), 'rally-bench-'));
  try {
    const { writeRunOutputs } = await load('reports/write.js');
    await writeRunOutputs(out, result);
    writeSeconds = (performance.now() - t2) / 1000;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
const s = result.summary;
process.stdout.write(`${JSON.stringify({
  workers: req.workers,
  runSeconds: (t1 - t0) / 1000,
  seconds: (t2 - t0) / 1000,
  jobSeconds: ((last - first) / 1000) * (parts.totalJobs / Math.max(1, parts.totalJobs - firstCount)),
  firstJobSeconds: (first - t0) / 1000,
  afterLastSeconds: (t1 - last) / 1000,
  cpuSeconds: marks[4].all - marks[0].all,
  processCpuSeconds: allCpu(),
  phases: names.map((name, i) => ({ name, main: marks[i + 1].main - marks[i].main, all: marks[i + 1].all - marks[i].all })),
  busiest,
  mainCpuAtLast: atLast.main,
  otherCpu,
  writeSeconds,
  maxRssKb: process.resourceUsage().maxRSS,
  jobs: s.counts.jobs, episodes: s.counts.episodes, members: s.universes?.[0]?.members.length ?? 0, rows: s.metrics.length, failed: s.counts.failedJobs,
})}\n`);
