/**
 * The plugin boundary holds: a faulty or hostile plugin fails only its own
 * jobs. Each hostile plugin in test/fixtures/hostile-plugins is one attack;
 * they run side by side with well-behaved criteria (built-ins, a good plugin,
 * a consensus that evaluates the good plugin) on the embedded S&P 500 with
 * small statistics, in this process (executeRun). For every attack: the run
 * completes, the plugin's jobs fail (or abstain) with the reason, and every
 * other job's predictions and metrics are identical to a run without any
 * hostile plugin — with 2 workers, and with 0 (built-ins in this thread,
 * plugins still in their own processes).
 *
 * The two attacks that only a timeout stops (an endless loop while loading, a
 * promise callback that never ends) burn a CPU until it fires, so they run on
 * their own with a short timeout beside the built-ins, in this thread where no
 * timeout applies: the short timeout can only ever stop a hostile job, never
 * an innocent one on a loaded machine. Every other run has a generous timeout.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseRunConfig } from '../engine/config.ts';
import { ConfigError } from '../engine/errors.ts';
import { executeRun, type JobResult, type RunParts } from '../engine/run/run.ts';
import { loadPlugin } from '../engine/run/plugins.ts';
import { ROOT } from './support/shared-data.ts';

const HOSTILE = join(ROOT, 'test', 'fixtures', 'hostile-plugins');
const plugin = (name: string, params?: Record<string, unknown>) => ({ plugin: `${name}.mjs`, ...(params ? { params } : {}) });

/** The well-behaved criteria every run has: their outputs must never change. */
const INNOCENT = [
  'always-durable', 'golden-cross',
  { plugin: '../plugins/valid-momentum.ts' },
  { id: 'consensus', params: { members: 'fixture-momentum,golden-cross', k: 1 } },
];
const INNOCENT_IDS = ['always-durable', 'golden-cross', 'fixture-momentum', 'consensus'];

const ATTACKS = [
  plugin('exit-at-import'), plugin('patch-math-exp'), plugin('peek-slice'),
  plugin('kill-run'), plugin('timer-leak', { how: 'interval' }), plugin('snoop-globals', { round: [1, 2] }),
  plugin('clock-and-dice'), plugin('unreadable-error'), plugin('require-at-runtime'), plugin('pollute-prototype'),
  plugin('terminal-escapes'),
];
const MEMORY_ATTACKS = [plugin('memory-hog'), plugin('heap-hog'), plugin('buffer-hog')];
/**
 * The attacks only a timeout stops. timer-leak was loaded (with a generous timeout) by the run
 * with ATTACKS before, and a loaded plugin is not loaded again in this process: the short timeout
 * bounds only loop-at-import's loading and the never-ending job.
 */
const TIMEOUT_ATTACKS = [plugin('loop-at-import'), plugin('timer-leak', { how: 'microtask' })];
/** Built-ins, which run in this thread with 0 workers: there no timeout applies. */
const BUILT_IN_IDS = ['always-durable', 'golden-cross'];
const SHORT_TIMEOUT_MS = 300;
/** Long enough that no innocent job meets it on a loaded machine. */
const SAFE_TIMEOUT_MS = 30_000;

function config(criteria: unknown[], timeoutMs: number) {
  return parseRunConfig({
    seed: 3, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }],
    criteria, statistics: { bootstrap: 40, permutations: 40 }, timeoutMs,
  }, 'boundary.json', HOSTILE);
}

function jobsOf(parts: RunParts, id: string): JobResult[] {
  return parts.jobs.filter((j) => j.metrics.criterion === id);
}

/** The innocent jobs' outputs, keyed without the job index (which depends on the criteria list). */
function innocent(parts: RunParts, ids = INNOCENT_IDS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) {
    for (const j of jobsOf(parts, id)) out[`${id}|${j.metrics.params}`] = JSON.stringify({ m: j.metrics, p: j.predictions, f: j.failure });
  }
  return out;
}

function failures(parts: RunParts, id: string): string[] {
  const js = jobsOf(parts, id);
  expect(js.length, `${id} has jobs`).toBeGreaterThan(0);
  return js.map((j) => j.failure?.reason ?? '(no failure)');
}

let reference: RunParts;
let attacked: RunParts;
let inThread: RunParts;
let memory: RunParts;
let timeouts: RunParts;

/** Each run starts worker threads and plugin processes: on a loaded machine that takes a while. */
const RUNS_LIMIT_MS = 900_000;

beforeAll(async () => {
  reference = await executeRun(config(INNOCENT, SAFE_TIMEOUT_MS), { workers: 0 }); // the same outputs for any worker count (determinism.test.ts)
  attacked = await executeRun(config([...INNOCENT, ...ATTACKS], SAFE_TIMEOUT_MS), { workers: 2 });
  inThread = await executeRun(config([...INNOCENT, plugin('exit-at-import'), plugin('patch-math-exp'), plugin('kill-run'), plugin('peek-slice')], SAFE_TIMEOUT_MS), { workers: 0 });
  timeouts = await executeRun(config([...BUILT_IN_IDS, ...TIMEOUT_ATTACKS], SHORT_TIMEOUT_MS), { workers: 0 });
  process.env.RALLY_PLUGIN_MEMORY_MB = '200';
  try {
    memory = await executeRun(config([...INNOCENT, ...MEMORY_ATTACKS], SAFE_TIMEOUT_MS), { workers: 1 });
  } finally {
    delete process.env.RALLY_PLUGIN_MEMORY_MB;
  }
}, RUNS_LIMIT_MS);

describe('plugin boundary: every other job is untouched', () => {
  it('the reference run scores every innocent criterion', () => {
    for (const id of INNOCENT_IDS) {
      for (const j of jobsOf(reference, id)) {
        expect(j.failure, id).toBeNull();
        expect(j.metrics.n + j.metrics.abstentions, id).toBeGreaterThan(10);
      }
    }
    expect(jobsOf(reference, 'fixture-momentum')[0]!.metrics.n).toBeGreaterThan(10);
  });

  it('with every attack at once (2 workers), the innocent outputs are identical', () => {
    expect(innocent(attacked)).toEqual(innocent(reference));
  });

  it('with 0 workers (built-ins in this thread, plugins in their processes), identical again', () => {
    expect(innocent(inThread)).toEqual(innocent(reference));
  });

  it('with the memory attacks (1 worker), identical again', () => {
    expect(innocent(memory)).toEqual(innocent(reference));
  });

  it('with the attacks only a timeout stops (0 workers, a short timeout), the built-ins are identical again', () => {
    expect(innocent(timeouts, BUILT_IN_IDS)).toEqual(innocent(reference, BUILT_IN_IDS));
  });

  it('no plugin ran in this thread: its intrinsics are neither patched nor frozen, no global was left', () => {
    expect(Math.exp(0)).toBe(1);
    expect(Math.exp(1)).toBeCloseTo(2.718281828, 8);
    expect(Object.isFrozen(Math)).toBe(false);
    expect(Float64Array.from([1, 2, 3]).slice(0, 1)).toHaveLength(1);
    expect((globalThis as Record<string, unknown>).__rallyStash).toBeUndefined();
    expect(({} as Record<string, unknown>)['golden-cross']).toBeUndefined();
  });
});

describe('plugin boundary: each attack fails its own jobs, with the reason', () => {
  it('a top-level process.exit(0) cannot end the run: the plugin could not be loaded', () => {
    for (const parts of [attacked, inThread]) {
      expect(failures(parts, 'exit-at-import')).toEqual([expect.stringMatching(/^plugin could not be loaded: threw while loading: process\.exit is not available to plugins/)]);
    }
  });

  it('a top-level endless loop is stopped after the timeout', () => {
    expect(failures(timeouts, 'loop-at-import')).toEqual([`plugin could not be loaded: did not finish loading within ${SHORT_TIMEOUT_MS} ms (worker stopped)`]);
  });

  it('patching Math.exp is refused (frozen intrinsics); golden-cross scores are unchanged', () => {
    for (const parts of [attacked, inThread]) {
      expect(failures(parts, 'patch-math-exp')).toEqual([expect.stringMatching(/Cannot assign to read only property 'exp'/)]);
      const scores = (r: RunParts) => JSON.stringify(jobsOf(r, 'golden-cross').map((j) => [j.metrics, j.predictions]));
      expect(scores(parts)).toBe(scores(reference));
    }
  });

  it('patching Float64Array.prototype.slice to read the future is refused; no future is visible', () => {
    for (const parts of [attacked, inThread]) {
      const [j] = jobsOf(parts, 'peek-slice');
      expect(j!.failure?.reason ?? null).toBeNull();
      expect(j!.metrics.n).toBe(0);
      expect(new Set(j!.predictions.map((p) => p.abstainReason))).toEqual(new Set(['slice patch refused; no future visible']));
    }
  });

  it('process.kill(process.pid) is refused (no process in a plugin; its worker is a process of its own anyway)', () => {
    for (const parts of [attacked, inThread]) {
      expect(failures(parts, 'kill-run')).toEqual([expect.stringMatching(/process\.kill is not available to plugins/)]);
    }
  });

  it('a leaked setInterval is refused; a promise callback that never ends times out its own job', () => {
    expect(failures(attacked, 'timer-leak')).toEqual([expect.stringMatching(/setInterval is not available to plugins/)]);
    expect(failures(timeouts, 'timer-leak')).toEqual([expect.stringMatching(new RegExp(`^timed out after ${SHORT_TIMEOUT_MS} ms`))]);
  });

  it('globalThis, module state, Function, stack frames and shared memory reveal nothing of other jobs or the run', () => {
    const js = jobsOf(attacked, 'snoop-globals');
    expect(js).toHaveLength(2);
    for (const j of js) {
      expect(j.failure?.reason ?? null).toBeNull();
      expect(new Set(j.predictions.map((p) => p.abstainReason))).toEqual(new Set(['isolated']));
    }
  });

  it('the clock and Math.random are refused (plugins stay deterministic)', () => {
    expect(failures(attacked, 'clock-and-dice')).toEqual([expect.stringMatching(/secure mode/)]);
  });

  it('an error that cannot be printed, require() at run time, prototype pollution: each fails its own job', () => {
    expect(failures(attacked, 'unreadable-error')).toEqual([expect.stringMatching(/^unreadable-error threw at .*: an unreadable error$/)]);
    expect(failures(attacked, 'require-at-runtime')).toEqual([expect.stringMatching(/require is not available to plugins/)]);
    expect(failures(attacked, 'pollute-prototype')).toEqual([expect.stringMatching(/not extensible|read only/)]);
  });

  it('typed-array, heap and Buffer allocation loops fail their own jobs (memory guard, no Buffer)', () => {
    expect(failures(memory, 'memory-hog')).toEqual([expect.stringMatching(/^worker crashed: killed for using more than 200 MB of memory/)]);
    expect(failures(memory, 'heap-hog')).toEqual([expect.stringMatching(/^worker crashed: killed for using more than 200 MB of memory/)]);
    expect(failures(memory, 'buffer-hog')).toEqual([expect.stringMatching(/Cannot read properties of undefined \(reading 'alloc'\)/)]);
  });

  it('terminal escapes in what a plugin says are made inert; its console is bounded', () => {
    const [j] = jobsOf(attacked, 'terminal-escapes');
    expect(j!.failure?.reason ?? null).toBeNull();
    for (const p of j!.predictions) expect(p.abstainReason).toBe(' [2J [31mgotcha  second line');
  });
});

describe('plugin boundary: what a plugin may import and say', () => {
  it('a claim of a million characters is a config error', async () => {
    await expect(loadPlugin('huge-claim.mjs', HOSTILE, 'criteria[5]')).rejects.toThrow(/'claim' is longer than 2000 characters/);
  });

  it("importing one of Node's modules (child_process) is a config error before the run", async () => {
    const p = loadPlugin('imports-child-process.mjs', HOSTILE, 'criteria[4]');
    await expect(p).rejects.toBeInstanceOf(ConfigError);
    await expect(p).rejects.toThrow(/criteria\[4\]: plugin imports-child-process\.mjs .*imports Node's 'node:child_process': plugins run sandboxed/);
    await expect(executeRun(config([...INNOCENT, plugin('imports-child-process')], SAFE_TIMEOUT_MS), { workers: 0 })).rejects.toThrow(/sandboxed/);
  });
});
