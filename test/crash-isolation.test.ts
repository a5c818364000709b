/**
 * CRASH ISOLATION — a plugin that throws, one that kills its worker thread
 * and one that never returns each fail only their own jobs: the run
 * completes, every other criterion is scored, and each failure is recorded
 * with its reason (summary.json failures, predictions.csv errors, the
 * terminal summary). The run happens in this process on 2 worker threads;
 * that `rally run` then exits 3 is checked in cli-run.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { runSummaryText } from '../engine/cli/summary-text.ts';
import { fixtureConfig, outputFiles, runResult, type OutputFiles } from './support/runs.ts';

describe('crash isolation: a throwing, a process-exiting and a hanging plugin fail only their own jobs', () => {
  let result: RunResult;
  let files: OutputFiles;

  beforeAll(async () => {
    // crash-run.json: always-durable, golden-cross and the three bad plugins; 4 s job timeout.
    result = await runResult(fixtureConfig('crash-run.json'), { workers: 2 });
    files = await outputFiles(result);
  });

  it('exactly the three bad plugins fail, each with its reason', () => {
    const failed = result.summary.failures.map((f) => `${f.criterion}: ${f.reason}`).sort();
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatch(/^kills-worker: kills-worker threw at .*process\.exit is not available to plugins/);
    expect(failed[1]).toMatch(/^never-returns: timed out after 4000 ms/);
    expect(failed[2]).toMatch(/^throws-after-2008: throws-after-2008 threw at 2008-.*deliberate failure/);
  });

  it('the other criteria complete and are scored', () => {
    const ok = result.summary.metrics.filter((m) => ['always-durable', 'golden-cross'].includes(m.criterion));
    expect(ok).toHaveLength(2);
    for (const m of ok) expect(m.n).toBeGreaterThan(20);
  });

  it('the failures are in the written files and the terminal summary', () => {
    expect(files['predictions.csv']).toMatch(/kills-worker,,,,,"kills-worker threw at [^,]*: process\.exit is not available to plugins/);
    expect(JSON.parse(files['summary.json']).failures).toHaveLength(3);
    expect(runSummaryText(result, 'out')).toMatch(/FAILED never-returns/);
  });
});
