/**
 * A run with all three episode kinds on the shared data (GSPC, the Ken
 * French industries, NYSE breadth): definitions with versions and
 * parameters, episodes of each kind, criteria scored per kind (or saying why
 * not), a report section per kind. The run happens in this process and
 * writes its files as `rally run` does (its byte-identity across workers and
 * shards is in determinism.test.ts).
 */
import { beforeAll, expect, it } from 'vitest';
import type { RunResult } from '../engine/results.ts';
import { runSummaryText } from '../engine/cli/summary-text.ts';
import { describeShared } from './support/shared-data.ts';
import { fixtureConfig, outputFiles, runResult, type OutputFiles } from './support/runs.ts';

describeShared('a run with all three episode kinds on the shared data', () => {
  let result: RunResult;
  let files: OutputFiles;
  let summary: {
    definitions: Array<{ kind: string; version: string; params: Record<string, unknown> }>;
    metrics: Array<{ kind: string; criterion: string; n: number; abstentions: number }>;
    episodes: Array<{ id: string; kind: string }>;
  };
  beforeAll(async () => {
    // kinds-run.json already asks for few resamples (200).
    result = await runResult(fixtureConfig('kinds-run.json'), { workers: 0 });
    files = await outputFiles(result);
    summary = JSON.parse(files['summary.json']);
  });

  it('states every definition with its version and parameters, including the user-defined window', () => {
    expect(summary.definitions.map((d) => `${d.kind}@${d.version}`)).toEqual(['rebound@rebound/v1', 'sector-lead@sector-lead/v1', 'seasonal@seasonal/v1']);
    const seasonal = summary.definitions[2]!.params as { windows: Array<{ name: string }> };
    expect(seasonal.windows.map((w) => w.name)).toEqual(['santa-claus', 'first-five-days', 'last-3-of-march']);
  });

  it('detects episodes of each kind, the user window included', () => {
    const count = (k: string) => summary.episodes.filter((e) => e.kind === k).length;
    expect(count('rebound')).toBe(87);
    expect(count('sector-lead')).toBeGreaterThan(300);
    expect(summary.episodes.some((e) => e.id.includes(':seasonal:last-3-of-march:'))).toBe(true);
    expect(summary.episodes.some((e) => e.id.includes(':seasonal:santa-claus:'))).toBe(true);
  });

  it('scores criteria per kind, and a criterion that does not apply to a kind says so instead of scoring', () => {
    const row = (c: string, k: string) => summary.metrics.find((m) => m.criterion === c && m.kind === k)!;
    expect(row('golden-cross', 'sector-lead').n).toBeGreaterThan(300);
    expect(row('narrow-leadership', 'rebound').n).toBeGreaterThan(50);
    expect(row('narrow-leadership', 'sector-lead').n).toBe(0);
    expect(files['predictions.csv']).toMatch(/narrow-leadership,[^,]*,,,"?not applicable to sector-lead episodes/);
    expect(runSummaryText(result)).toMatch(/not scored: not applicable to sector-lead episodes/);
  });

  it('the report has a section per kind', () => {
    for (const k of ['rebound', 'sector-lead', 'seasonal']) expect(files['report.html']).toContain(`data-kind="${k}"`);
  });
});
