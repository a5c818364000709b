// Worker threads build formula criteria (mathjs) only when a batch needs one: a formula's job, or
// a job of a criterion that evaluates others (consensus counting a formula). The results are the
// same as in the main thread, whichever worker gets which job.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CRITERIA } from '../strategies/registry.ts';
import { contextFromInit, type WorkerInit } from '../engine/run/context.ts';
import type { JobSpec } from '../engine/run/replay.ts';
import { outputFiles, runConfig, runResult } from './support/runs.ts';
import { ROOT } from './support/shared-data.ts';

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

describe('criteria that evaluate others', () => {
  it('declare whom they reach (a worker builds formulas for their jobs only then)', () => {
    const dir = join(ROOT, 'strategies');
    const calling = readdirSync(dir).filter((f) => f.endsWith('.ts') && /view\.evaluate\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(calling).toEqual(['consensus.ts']);
    for (const c of BUILTIN_CRITERIA) {
      const src = readFileSync(join(dir, `${c.id}.ts`), 'utf8');
      expect(Boolean(c.reaches), c.id).toBe(/view\.evaluate\(/.test(src));
    }
    const consensus = BUILTIN_CRITERIA.find((c) => c.id === 'consensus')!;
    expect(consensus.reaches!({ members: 'a, b' })).toEqual(['a', 'b']);
  });
});

describe('a worker context builds formulas on demand', () => {
  const init = (): WorkerInit => ({
    datasets: [], indicators: [], episodeSets: [], runSeed: 's', statistics: { bootstrap: 10, permutations: 10, threshold: 0.5, level: 0.95, blockBy: 'year' }, baseDir: ROOT,
    criteria: [
      { kind: 'builtin', id: 'golden-cross' },
      { kind: 'builtin', id: 'consensus' },
      { kind: 'expr', id: 'trend-expr', expr: 'sma(close, 50) > sma(close, 200)', key: 'criteria[2]' },
    ],
  });
  const job = (criterion: number, params: Record<string, unknown> = {}): JobSpec => ({ criterion, params } as unknown as JobSpec);
  const built = (c: { claim: string }): boolean => c.claim !== '';

  it('only for a batch with a formula job, or a consensus that counts a formula', async () => {
    const ctx = await contextFromInit(init());
    expect(built(ctx.criteria[2]!)).toBe(false);
    expect(() => ctx.criteria[2]!.score({} as never, {})).toThrow(/was not built in this worker/);
    await ctx.prepare!([job(0), job(1, { members: 'golden-cross,valuation' })]);
    expect(built(ctx.criteria[2]!)).toBe(false);
    await ctx.prepare!([job(1, { members: 'golden-cross,trend-expr' })]);
    expect(built(ctx.criteria[2]!)).toBe(true);
    const direct = await contextFromInit(init());
    await direct.prepare!([job(2)]);
    expect(built(direct.criteria[2]!)).toBe(true);
  });

  it('not in a plugin process, where a formula fails its job saying why', async () => {
    const ctx = await contextFromInit(init(), { formulas: false });
    expect(ctx.prepare).toBeUndefined();
    expect(() => ctx.criteria[2]!.score({} as never, {})).toThrow(/cannot be evaluated from a plugin job/);
  });
});
