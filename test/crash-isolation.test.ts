/**
 * CRASH ISOLATION — a plugin that throws, one that kills its worker thread
 * and one that never returns each fail only their own jobs: the run
 * completes, every other criterion is scored, and each failure is recorded
 * with its reason (summary.json failures, predictions.csv errors, the
 * terminal summary). The runs happen in this process: crash-run.json on 2
 * worker threads, its hanging plugin set apart (below); that `rally run` then
 * exits 3 is checked in cli-run.test.ts.
 *
 * The hanging plugin burns a CPU until the per-job timeout stops it, so it runs
 * beside the same built-ins in a run of its own with a short timeout and 0
 * workers: the built-ins run in this thread, where no timeout applies, so the
 * short timeout can only ever stop the hanging job, never an innocent one on a
 * loaded machine. The run with the other two has a generous timeout.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { runSummaryText } from '../engine/cli/summary-text.ts';
import { loadPlugin } from '../engine/run/plugins.ts';
import { FIXTURES, fixtureConfig, fixtureRaw, outputFiles, runResult, type OutputFiles } from './support/runs.ts';

const HANGS = 'bad-plugins/hangs.ts';
const SHORT_TIMEOUT_MS = 300;
const SAFE_TIMEOUT_MS = 30_000;
const BUILT_INS = ['always-durable', 'golden-cross'];

describe('crash isolation: a throwing, a process-exiting and a hanging plugin fail only their own jobs', () => {
  let result: RunResult;
  let hung: RunResult;
  let files: OutputFiles;

  beforeAll(async () => {
    // crash-run.json: always-durable, golden-cross and the three bad plugins.
    const criteria = fixtureRaw('crash-run.json').criteria as Array<string | { plugin: string }>;
    const isHangs = (c: string | { plugin: string }): boolean => typeof c === 'object' && c.plugin === HANGS;
    expect(criteria.filter(isHangs)).toHaveLength(1);
    expect(criteria.filter((c) => typeof c === 'string')).toEqual(BUILT_INS);
    result = await runResult(fixtureConfig('crash-run.json', { criteria: criteria.filter((c) => !isHangs(c)), timeoutMs: SAFE_TIMEOUT_MS }), { workers: 2 });
    // Loaded first with a generous timeout (a loaded plugin is not loaded again in this process): the short
    // timeout then bounds only the hanging job, not the plugin's loading on a busy machine.
    await loadPlugin(HANGS, FIXTURES, 'criteria[2]', { loadTimeoutMs: SAFE_TIMEOUT_MS });
    hung = await runResult(fixtureConfig('crash-run.json', { criteria: [...BUILT_INS, { plugin: HANGS }], timeoutMs: SHORT_TIMEOUT_MS }), { workers: 0 });
    files = await outputFiles(result);
  });

  it('exactly the three bad plugins fail, each with its reason', () => {
    const failed = [...result.summary.failures, ...hung.summary.failures].map((f) => `${f.criterion}: ${f.reason}`).sort();
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatch(/^kills-worker: kills-worker threw at .*process\.exit is not available to plugins/);
    expect(failed[1]).toMatch(new RegExp(`^never-returns: timed out after ${SHORT_TIMEOUT_MS} ms`));
    expect(failed[2]).toMatch(/^throws-after-2008: throws-after-2008 threw at 2008-.*deliberate failure/);
    expect(hung.summary.failures.map((f) => f.criterion)).toEqual(['never-returns']);
  });

  it('the other criteria complete and are scored, the same beside the hanging plugin as beside the others', () => {
    const scored = (r: RunResult) => r.summary.metrics.filter((m) => BUILT_INS.includes(m.criterion));
    const ok = scored(result);
    expect(ok).toHaveLength(2);
    for (const m of ok) expect(m.n).toBeGreaterThan(20);
    expect(scored(hung)).toEqual(ok);
  });

  it('the failures are in the written files and the terminal summary', () => {
    expect(files['predictions.csv']).toMatch(/kills-worker,,,,,"kills-worker threw at [^,]*: process\.exit is not available to plugins/);
    expect(JSON.parse(files['summary.json']).failures).toHaveLength(2);
    expect(runSummaryText(result)).toMatch(/FAILED kills-worker/);
    expect(runSummaryText(hung)).toMatch(/FAILED never-returns/);
  });
});
