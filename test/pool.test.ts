/**
 * The pool's guarantees, on fake workers (no threads, no processes): a
 * worker gets a run's context once, batches carry only their jobs; a crash
 * or a timeout stops the batch at the job that was running and the next
 * batch gets a fresh worker (and the context again); batches are cut by
 * cost; a batch queued behind the running one shares its context, is
 * timed from when the batch before it ends and, when the worker stops,
 * comes back unstarted; the worker count is capped;
 * `workers: 0` in a config means 0.
 */
import { describe, expect, it } from 'vitest';
import { Lane } from '../engine/run/lane.ts';
import { JobPool } from '../engine/run/pool.ts';
import type { Endpoint } from '../engine/run/endpoint.ts';
import type { FromWorker, ToWorker } from '../engine/run/protocol.ts';
import type { JobOutput, JobSpec } from '../engine/run/replay.ts';
import type { WorkerInit } from '../engine/run/worker-init.ts';
import { JobQueue, MAX_BATCH_JOBS, MIN_COST_PER_WORKER, resolveWorkers, workersForCost } from '../engine/run/batches.ts';
import { parseRunConfig } from '../engine/config.ts';

interface Fake extends Endpoint {
  received: ToWorker[];
}

/**
 * A fake worker: answers init and batches at once; `crashAt`/`hangAt` a job index makes it die or go silent there.
 * `jobMs`: each job takes that long instead, and batches run one after another, as a real worker runs them.
 */
function fakeWorker(behaviour: { crashAt?: number; hangAt?: number; jobMs?: number } = {}): Fake {
  const listeners = new Set<(m: FromWorker) => void>();
  const received: ToWorker[] = [];
  let alive = true;
  let stuck = false;
  let markGone!: (r: string) => void;
  const gone = new Promise<string>((r) => { markGone = r; });
  const emit = (m: FromWorker): void => { queueMicrotask(() => { for (const f of [...listeners]) f(m); }); };
  const die = (reason: string): void => { if (alive) { alive = false; markGone(reason); } };
  let inTurn = Promise.resolve();
  const slowBatch = async (batch: number, jobs: readonly JobSpec[]): Promise<void> => {
    emit({ type: 'batch-started', batch });
    for (const j of jobs) {
      await new Promise((r) => setTimeout(r, behaviour.jobMs));
      emit({ type: 'job-done', batch, output: { index: j.index } as JobOutput });
    }
    emit({ type: 'batch-done', batch });
  };
  return {
    received,
    ready: Promise.resolve(),
    gone,
    get alive() { return alive; },
    listen: (f) => { listeners.add(f); return () => { listeners.delete(f); }; },
    stop: (reason) => die(reason),
    hold: () => undefined,
    send(m) {
      if (!alive || stuck) return; // a dead worker gets nothing; a stuck one never starts the next batch
      received.push(m);
      if (m.type === 'init') emit({ type: 'init-done', runId: m.runId });
      if (m.type !== 'batch') return;
      if (behaviour.jobMs !== undefined) { inTurn = inTurn.then(() => slowBatch(m.batch, m.jobs)); return; }
      emit({ type: 'batch-started', batch: m.batch });
      for (const j of m.jobs) {
        if (j.index === behaviour.crashAt) { stuck = true; queueMicrotask(() => die('worker crashed: exited with code 1')); return; }
        if (j.index === behaviour.hangAt) { stuck = true; return; }
        emit({ type: 'job-done', batch: m.batch, output: { index: j.index } as JobOutput });
      }
      emit({ type: 'batch-done', batch: m.batch });
    },
  };
}

const init = { datasets: [], indicators: [], episodeSets: [], criteria: [], runSeed: 's', statistics: {}, baseDir: '.' } as unknown as WorkerInit;
const jobs = (from: number, n: number): JobSpec[] => Array.from({ length: n }, (_, i) => ({ index: from + i }) as JobSpec);
const kinds = (f: Fake): string[] => f.received.map((m) => m.type);

describe('lane: the run context goes to each worker once', () => {
  it('one init per worker per run, then batches that carry only their jobs', async () => {
    const made: Fake[] = [];
    const lane = new Lane(() => { const f = fakeWorker(); made.push(f); return f; });
    lane.grow(2);
    for (let b = 0; b < 3; b++) {
      for (const slot of [0, 1]) {
        const r = await lane.run(slot, 'run-1', init, jobs(b * 10 + slot * 5, 4), 1000);
        expect(r.stopped).toBeUndefined();
        expect(r.outputs.map((o) => o.index)).toEqual(jobs(b * 10 + slot * 5, 4).map((j) => j.index));
      }
    }
    expect(made).toHaveLength(2);
    for (const f of made) {
      expect(kinds(f)).toEqual(['init', 'batch', 'batch', 'batch']);
      for (const m of f.received.filter((x) => x.type === 'batch')) expect(Object.keys(m).sort()).toEqual(['batch', 'jobs', 'runId', 'type']);
    }
    // A new run sends its own context once more.
    await lane.run(0, 'run-2', init, jobs(100, 2), 1000);
    expect(kinds(made[0]!)).toEqual(['init', 'batch', 'batch', 'batch', 'init', 'batch']);
  });

  it('a crash stops the batch at the running job; the next batch gets a fresh worker and the context again', async () => {
    const made: Fake[] = [];
    const lane = new Lane(() => { const f = fakeWorker(made.length === 0 ? { crashAt: 2 } : {}); made.push(f); return f; });
    lane.grow(1);
    const r = await lane.run(0, 'run-1', init, jobs(0, 5), 1000);
    expect(r.outputs.map((o) => o.index)).toEqual([0, 1]);
    expect(r.stopped).toEqual({ reason: 'worker crashed: exited with code 1', timedOut: false });
    const again = await lane.run(0, 'run-1', init, jobs(2, 3), 1000);
    expect(again.outputs.map((o) => o.index)).toEqual([2, 3, 4]);
    expect(made).toHaveLength(2);
    expect(kinds(made[1]!)).toEqual(['init', 'batch']);
  });

  it('a job over the timeout stops its worker; the jobs before it are kept', async () => {
    const lane = new Lane(() => fakeWorker({ hangAt: 7 }));
    lane.grow(1);
    const r = await lane.run(0, 'run-1', init, jobs(5, 4), 60);
    expect(r.outputs.map((o) => o.index)).toEqual([5, 6]);
    expect(r.stopped).toEqual({ reason: 'timed out after 60 ms (worker stopped)', timedOut: true });
  });
});

describe('lane: a slot the pool no longer has', () => {
  it('a batch sent to it comes back stopped (the pool was shut down), each job failing once, not thrown', async () => {
    const lane = new Lane(() => fakeWorker());
    lane.grow(1);
    await lane.destroy();
    const r = await lane.run(0, 'run-1', init, jobs(0, 2), 1000);
    expect(r.outputs).toEqual([]);
    expect(r.stopped).toEqual({ reason: 'worker stopped: the pool was shut down', timedOut: true });
  });
});

describe('lane: a second batch queued behind the running one', () => {
  it('both go to the worker after one init and come back in order', async () => {
    const made: Fake[] = [];
    const lane = new Lane(() => { const f = fakeWorker(); made.push(f); return f; });
    lane.grow(1);
    const first = lane.run(0, 'run-1', init, jobs(0, 3), 1000);
    const second = lane.run(0, 'run-1', init, jobs(3, 2), 1000, first);
    expect((await first).outputs.map((o) => o.index)).toEqual([0, 1, 2]);
    expect((await second).outputs.map((o) => o.index)).toEqual([3, 4]);
    expect(made).toHaveLength(1);
    expect(kinds(made[0]!)).toEqual(['init', 'batch', 'batch']);
  });

  it('a crash in the running batch: the queued one comes back unstarted, with no outputs', async () => {
    const lane = new Lane(() => fakeWorker({ crashAt: 1 }));
    lane.grow(1);
    const first = lane.run(0, 'run-1', init, jobs(0, 3), 1000);
    const second = lane.run(0, 'run-1', init, jobs(3, 2), 1000, first);
    expect((await first).outputs.map((o) => o.index)).toEqual([0]);
    const r = await second;
    expect(r.outputs).toEqual([]);
    expect(r.stopped?.timedOut).toBe(false);
  });

  it("a queued batch's clock starts when the batch before it ends: a first batch longer than start-up + timeout does not time out the second", async () => {
    // Start-up limit 20 ms, timeout 200 ms: a queued batch timed from when it was handed over would time out at 220 ms,
    // while the first batch (15 jobs of 20 ms, each well within the timeout) still runs.
    const lane = new Lane(() => fakeWorker({ jobMs: 20 }), 20);
    lane.grow(1);
    const first = lane.run(0, 'run-1', init, jobs(0, 15), 200);
    const second = lane.run(0, 'run-1', init, jobs(15, 2), 200, first);
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1).toEqual({ outputs: jobs(0, 15).map((j) => ({ index: j.index })) });
    expect(r2).toEqual({ outputs: [15, 16].map((index) => ({ index })) });
  });

  it('a timeout in the running batch: the queued one comes back unstarted, stopped with the worker but not timed out itself', async () => {
    const lane = new Lane(() => fakeWorker({ hangAt: 1 }));
    lane.grow(1);
    const first = lane.run(0, 'run-1', init, jobs(0, 3), 40);
    const second = lane.run(0, 'run-1', init, jobs(3, 2), 40, first);
    const r1 = await first;
    expect(r1.stopped).toEqual({ reason: 'timed out after 40 ms (worker stopped)', timedOut: true });
    const r2 = await second;
    expect(r2.outputs).toEqual([]);
    expect(r2.stopped?.timedOut).toBe(false); // stopped with the worker, not timed out itself
  });
});

describe('pool: with two batches per worker, a crash blames only the job that was running', () => {
  it('every job is answered once; the crashing job is retried in a fresh worker; the jobs queued behind it run after it', async () => {
    let spawned = 0;
    // The first worker crashes at job 3, the second at job 3 too: job 3 fails with the reason, every other job succeeds.
    const pool = new JobPool(2, () => undefined, false, () => fakeWorker(spawned++ < 3 ? { crashAt: 3 } : {}));
    const all = jobs(0, 40);
    const outputs = await pool.execute({
      jobs: all, isPluginJob: () => false, cost: () => 1, builtinInit: () => init, pluginInit: () => init,
      inThread: () => Promise.reject(new Error('not in this thread')), preFailed: new Map(),
      failed: (j, reason) => ({ index: j.index, error: reason }) as JobOutput, timeoutMs: 1000, unpack: (o) => o,
    });
    await pool.destroy();
    expect(outputs.map((o) => o.index)).toEqual(all.map((j) => j.index));
    expect(outputs.filter((o) => o.error).map((o) => [o.index, o.error])).toEqual([[3, 'worker crashed: exited with code 1']]);
    expect(spawned).toBeGreaterThanOrEqual(3); // the first two, then a fresh one for the retry (and after it crashed too)
  });
});

describe('batches by cost', () => {
  it('every job once, in order; costly jobs go alone, cheap ones together; batches shrink towards the end', () => {
    const list = jobs(0, 200);
    const cost = (j: JobSpec): number => (j.index < 4 ? 10_000 : 10);
    const q = new JobQueue(list, cost);
    const batches: JobSpec[][] = [];
    while (!q.empty) batches.push(q.take(2));
    expect(batches.flat().map((j) => j.index)).toEqual(list.map((j) => j.index));
    expect(batches.slice(0, 4).map((b) => b.length)).toEqual([1, 1, 1, 1]);
    const cheap = batches.slice(4).map((b) => b.length);
    expect(Math.max(...cheap)).toBeLessThanOrEqual(MAX_BATCH_JOBS);
    expect(cheap[0]!).toBeGreaterThan(cheap[cheap.length - 1]!);
  });
});

describe('worker count', () => {
  it('defaults to the CPUs (up to 8), is capped at 4 per CPU with a note, keeps 0', () => {
    expect(resolveWorkers(undefined, 2)).toEqual({ workers: 2 });
    expect(resolveWorkers(undefined, 32)).toEqual({ workers: 8 });
    expect(resolveWorkers(3, 2)).toEqual({ workers: 3 });
    expect(resolveWorkers(0, 2)).toEqual({ workers: 0 });
    const capped = resolveWorkers(1000, 2);
    expect(capped.workers).toBe(8);
    expect(capped.note).toMatch(/1000 workers is more than 4 per CPU \(2 CPUs here\): using 8/);
  });

  it('with no count asked for, a lane starts the workers its cost can use: none below two workers\' shares', () => {
    expect(workersForCost(2 * MIN_COST_PER_WORKER - 1, 2, 19)).toBe(0);
    expect(workersForCost(2 * MIN_COST_PER_WORKER, 2, 19)).toBe(2);
    expect(workersForCost(2 * MIN_COST_PER_WORKER, 1, 19)).toBe(1);
    expect(workersForCost(10 * MIN_COST_PER_WORKER, 2, 900)).toBe(2);
    expect(workersForCost(10 * MIN_COST_PER_WORKER, 8, 3)).toBe(3);
  });

  it('`workers: 0` in a config is 0 (built-ins in the main thread), as on the command line; absent is unset', () => {
    expect(parseRunConfig({ workers: 0 }, 'w.json', '.').workers).toBe(0);
    expect(parseRunConfig({ workers: 3 }, 'w.json', '.').workers).toBe(3);
    expect(parseRunConfig({}, 'w.json', '.').workers).toBeUndefined();
  });
});
