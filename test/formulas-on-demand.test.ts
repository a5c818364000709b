// Worker threads build formula criteria (mathjs) only when a batch needs one: a formula's job, or
// a job of a criterion that evaluates others (consensus counting a formula). The results are the
// same as in the main thread, whichever worker gets which job.
import { describe, expect, it } from 'vitest';
import { outputFiles, runConfig, runResult } from './support/runs.ts';

const CONFIG = {
  seed: 5,
  datasets: [{ id: 'SP500-2000', price: '@embedded' }],
  episodes: [{ kind: 'rebound' }],
  criteria: [
    'golden-cross', 'above-200-day', 'volatility-compression',
    { id: 'trend-expr', expr: 'sma(close, 50) > sma(close, 200)' },
    { id: 'consensus', params: { k: 1, members: 'trend-expr,golden-cross' } },
  ],
  statistics: { bootstrap: 50, permutations: 50 },
};

describe('formula criteria in worker threads', () => {
  it('score the same with 2 workers as in the main thread, directly and as a consensus member', async () => {
    const cfg = runConfig(CONFIG);
    const inThread = await runResult(cfg, { workers: 0 });
    const threads = await runResult(cfg, { workers: 2 });
    const failed = threads.summary.metrics.filter((m) => m.failed > 0 || m.n === 0).map((m) => m.criterion);
    expect(failed).toEqual([]);
    const a = await outputFiles(inThread), b = await outputFiles(threads);
    expect(b['predictions.csv']).toBe(a['predictions.csv']);
    expect(b['metrics.csv']).toBe(a['metrics.csv']);
    // The consensus of the formula and golden-cross (k = 1) is not golden-cross alone: the formula counted.
    const scores = (id: string): string[] => a['predictions.csv'].split('\n').filter((l) => l.includes(`,${id},`)).map((l) => l.split(',').slice(3).join(','));
    expect(scores('consensus')).not.toEqual(scores('golden-cross'));
  });
});
