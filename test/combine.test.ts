/**
 * Combining criteria (engine/stats/combine.ts, engine/stats/increment.ts,
 * engine/run/combine.ts): a planted signal is recovered and beats its
 * members out of sample, noise adds nothing; the walk-forward fit never sees
 * a label that was not known at its step (a planted leak is caught by the
 * same check); purging; missing scores counted; the combined row is scored
 * from its own predictions and is byte-identical for any worker count and
 * for merged shards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { walkForwardFolds, type Fold, type FoldItem } from '../engine/stats/folds.ts';
import { walkForwardLogistic, type CombineInput } from '../engine/stats/combine.ts';
import { pairedAucChanges } from '../engine/stats/increment.ts';
import { rocAuc } from '../engine/stats/auc.ts';
import { makeRng } from '../engine/stats/random.ts';
import { ConfigError } from '../engine/errors.ts';
import type { RunResult } from '../engine/results.ts';
import { thrown } from './support/builders.ts';
import { fixtureConfig, outputFiles, runConfig, runResult, RUN_FILES, shardedResult, SMALL_STATISTICS } from './support/runs.ts';
import { describeShared } from './support/shared-data.ts';
import { combineCsv } from '../reports/combine-csv.ts';
import { renderHtml } from '../reports/html/report.ts';

const NAMES = ['a', 'b', 'noise'];

/** n episodes 20 trading days apart with 126-day outcome windows (so windows overlap the next blocks); members a and b each carry the label plus noise. */
function planted(n: number, seed: string, strength = 1): { items: FoldItem[]; input: Omit<CombineInput, 'folds'> } {
  const rng = makeRng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const labels = new Float64Array(n), scores = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const y = rng() < 0.4 ? 1 : 0;
    labels[i] = y;
    scores[i * 3] = strength * y + normal();
    scores[i * 3 + 1] = strength * y + normal();
    scores[i * 3 + 2] = normal();
  }
  const items = Array.from({ length: n }, (_, i) => ({ decision: 20 * i, outcomeEnd: 20 * i + 126 }));
  return { items, input: { scores, n, k: 3, labels, penalty: 1, missing: 'mean' } };
}

const foldsOf = (items: FoldItem[], steps = 8, minTrain = 30): Fold[] => walkForwardFolds(items, { steps, minTrain, purge: true });

/**
 * The look-ahead check: for each step, every label the step could not have
 * known (episodes outside its training set: the test block, later episodes,
 * and earlier ones still running) is flipped; the step's predictions must not
 * move by a single bit. Returns the steps whose predictions moved.
 */
function stepsThatSawTheFuture(input: CombineInput, fit: (inp: CombineInput) => Float64Array): number[] {
  const base = fit(input);
  const moved: number[] = [];
  for (const f of input.folds) {
    const known = new Set(f.train);
    const flipped = Float64Array.from(input.labels as Float64Array, (y, i) => (known.has(i) ? y : 1 - y));
    const p = fit({ ...input, labels: flipped });
    if (f.test.some((i) => !Object.is(p[i], base[i]))) moved.push(f.step);
  }
  return moved;
}

describe('combine: the walk-forward logistic model on a planted signal', () => {
  const { items, input: raw } = planted(400, 'combine-planted');
  const folds = foldsOf(items);
  const input: CombineInput = { ...raw, folds };
  const full = walkForwardLogistic(input, NAMES);
  const scored = Array.from({ length: raw.n }, (_, i) => i).filter((i) => full.probability[i] === full.probability[i]);
  const aucOf = (col: (i: number) => number): number => rocAuc(scored.map(col), scored.map((i) => raw.labels[i]!));

  it('predicts every episode after the first step, out of sample, and beats each member on the same episodes', () => {
    expect(folds.length).toBe(8);
    expect(scored.length).toBe(folds.reduce((s, f) => s + f.test.length, 0));
    const combined = aucOf((i) => full.probability[i]!);
    const a = aucOf((i) => raw.scores[i * 3]!), b = aucOf((i) => raw.scores[i * 3 + 1]!);
    expect(combined).toBeGreaterThan(Math.max(a, b) + 0.02);
    expect(full.reason.filter((r) => r.startsWith('before the first')).length).toBe(raw.n - scored.length);
  });

  it('gives the informative members positive weight and incremental value, and the noise member none', () => {
    const last = full.fits[full.fits.length - 1]!;
    expect(last.coefficients[0]).toBeGreaterThan(0.3);
    expect(last.coefficients[1]).toBeGreaterThan(0.3);
    expect(Math.abs(last.coefficients[2]!)).toBeLessThan(0.3);
    const reduced = [0, 1, 2].map((j) => walkForwardLogistic(input, NAMES, [0, 1, 2].filter((c) => c !== j)).probability);
    const changes = pairedAucChanges(raw.labels, full.probability, reduced, { resamples: 400, level: 0.95, seed: 'inc' });
    expect(changes[0]!.lo).toBeGreaterThan(0);
    expect(changes[1]!.lo).toBeGreaterThan(0);
    expect(changes[2]!.lo).toBeLessThan(0);
    expect(changes[2]!.hi).toBeGreaterThan(0);
    // Paired: the same resamples for every member, whatever the order they are asked in.
    const again = pairedAucChanges(raw.labels, full.probability, [reduced[2]!, reduced[0]!], { resamples: 400, level: 0.95, seed: 'inc' });
    expect(again[0]).toEqual(changes[2]);
    expect(again[1]).toEqual(changes[0]);
  });

  it('never uses a label not known at its step; the same check catches a planted leak', () => {
    const honest = (inp: CombineInput): Float64Array => walkForwardLogistic(inp, NAMES).probability;
    expect(stepsThatSawTheFuture(input, honest)).toEqual([]);
    // A hostile fold construction that also trains on the test block (the outcomes it is about to predict).
    const leaky = (inp: CombineInput): Float64Array => walkForwardLogistic({ ...inp, folds: inp.folds.map((f) => ({ ...f, train: [...f.train, ...f.test] })) }, NAMES).probability;
    expect(stepsThatSawTheFuture(input, leaky)).toEqual(folds.map((f) => f.step));
  });

  it('purges: a step trains only on episodes whose outcome window ended by its first test decision', () => {
    let purged = 0;
    for (const [k, f] of folds.entries()) {
      for (const i of f.train) expect(items[i]!.outcomeEnd).toBeLessThanOrEqual(f.start);
      const running = items.filter((it) => it.decision < f.start && it.outcomeEnd > f.start).length;
      purged += running;
      expect(f.train.length).toBe(items.filter((it) => it.decision < f.start).length - running);
      expect(full.fits[k]!.trainN).toBe(f.train.length);
    }
    expect(purged).toBeGreaterThan(folds.length * 5); // windows of 126 days over decisions 20 apart: ~6 running at each step
  });
});

describe('combine: missing member scores are counted, never dropped silently', () => {
  const { items, input: raw } = planted(200, 'combine-missing');
  const scores = Float64Array.from(raw.scores, (v, x) => (x % 3 === 0 && (x / 3) % 5 === 0 ? NaN : v)); // member a missing on every 5th episode
  const folds = foldsOf(items, 4, 30);
  const missingA = (idx: readonly number[]): number => idx.filter((i) => i % 5 === 0).length;

  it("'mean': imputed and counted per step, in training and in test", () => {
    const r = walkForwardLogistic({ ...raw, scores, folds }, NAMES);
    r.fits.forEach((f, k) => {
      expect(f.trainMissing).toEqual([missingA(folds[k]!.train), 0, 0]);
      expect(f.testMissing).toEqual([missingA(folds[k]!.test), 0, 0]);
      for (const i of folds[k]!.test) expect(Number.isFinite(r.probability[i]!)).toBe(true);
    });
  });

  it("'abstain': left out of training (counted) and no combined score, with the member named", () => {
    const r = walkForwardLogistic({ ...raw, scores, folds, missing: 'abstain' }, NAMES);
    r.fits.forEach((f, k) => {
      expect(f.trainDropped).toBe(missingA(folds[k]!.train));
      expect(f.trainN).toBe(folds[k]!.train.length - f.trainDropped);
      for (const i of folds[k]!.test) {
        if (i % 5 === 0) expect([r.probability[i], r.reason[i]]).toEqual([NaN, 'member score missing: a']);
        else expect(Number.isFinite(r.probability[i]!)).toBe(true);
      }
    });
  });
});

const RAW = {
  seed: 11,
  datasets: [{ id: 'SP500-2000', price: '@embedded' }],
  episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }],
  criteria: ['seasonality', 'volatility-compression', { id: 'golden-cross', params: { fast: [20, 50] } }, 'above-200-day'],
  statistics: SMALL_STATISTICS,
  combine: { criteria: ['seasonality', 'volatility-compression', { id: 'golden-cross', params: { fast: 50 } }, 'above-200-day'], steps: 4, minTrain: 10 },
};

describe('combine: the combined rows of a run', () => {
  const cfg = runConfig(RAW);
  let main: RunResult;
  beforeAll(async () => { main = await runResult(cfg, { workers: 0 }); });

  it('scores the combined row from its own predictions and joins the q-values', () => {
    const rows = main.summary.metrics.filter((m) => m.criterion === 'combined');
    expect(rows.map((m) => m.kind)).toEqual(['rebound', 'seasonal']);
    for (const m of rows) {
      const eps = main.episodes.filter((e) => e.market === m.dataset && e.kind === m.kind);
      const preds = main.predictions.filter((p) => p.criterion === 'combined' && p.params === m.params);
      expect(preds.length).toBe(eps.length);
      const label = new Map(eps.map((e) => [e.id, e.label]));
      const ok = preds.filter((p) => p.call !== null && label.get(p.episodeId) !== null);
      expect(m.n).toBe(ok.length);
      expect(m.n + m.abstentions + m.censored).toBe(eps.length);
      expect(m.auc).toBe(rocAuc(ok.map((p) => p.score), ok.map((p) => label.get(p.episodeId)!)));
      expect(Number.isFinite(m.qValue)).toBe(true);
      expect(m.params).toContain('oos=walk-forward');
    }
    expect(main.summary.criteria.find((c) => c.id === 'combined')?.source).toBe('derived');
  });

  it('has a report section with the combined row, each member\u2019s AUC change and the walk-forward steps', () => {
    const html = renderHtml(main);
    const section = html.slice(html.indexOf('<section id="combine">'), html.indexOf('</section>', html.indexOf('<section id="combine">')));
    expect(section).toContain('Combined criteria (out of sample)');
    for (const set of main.summary.combine!.sets!) {
      for (const m of set.members) expect(section).toContain(`<tr><td>${m}</td>`);
      expect(section).toContain(`Walk-forward steps (${set.folds.length})`);
    }
    expect(html).toContain('<a href="#combine">Combined criteria</a>');
  });

  it('counts the purged episodes of each step from the episodes\u2019 outcome windows', () => {
    for (const set of main.summary.combine!.sets!) {
      const eps = main.episodes.filter((e) => e.market === set.dataset && e.kind === set.kind);
      expect(set.folds.length).toBeGreaterThan(1);
      for (const f of set.folds) {
        const start = Math.min(...eps.filter((e) => e.decisionDate === f.testFrom).map((e) => e.decisionIndex));
        const before = eps.filter((e) => e.decisionIndex < start);
        expect(f.trainPurged).toBe(before.filter((e) => e.decisionIndex + e.horizon > start).length);
        expect(f.trainN).toBe(before.length - f.trainPurged);
      }
      expect(set.increments.map((i) => i.member)).toEqual(set.members);
    }
  });

  it('writes byte-identical files, combine.csv included, for 2 workers and for 2 merged shards', async () => {
    const files = async (r: RunResult) => ({ ...(await outputFiles(r)), 'combine.csv': await combineCsv(r.summary.combine!.sets!) });
    const expected = await files(main);
    for (const other of [await runResult(cfg, { workers: 2 }), await shardedResult(cfg, 2, { workers: 0 })]) {
      const got = await files(other);
      for (const f of [...RUN_FILES, 'combine.csv' as const]) expect(got[f], f).toBe(expected[f]);
    }
    expect(expected['combine.csv'].split('\n').filter((l) => l.includes(',increment,')).length).toBe(main.summary.combine!.sets!.reduce((s, x) => s + x.members.length, 0));
    const widths = new Set(expected['combine.csv'].trim().split('\n').map((l) => l.split(',').length));
    expect([...widths]).toEqual([expected['combine.csv'].split('\n')[0]!.split(',').length]);
  });
});

describe('combine: config errors name the key', () => {
  const run = (combine: unknown, criteria: unknown = RAW.criteria) => runResult(runConfig({ ...RAW, criteria, combine }), { workers: 0 });

  it('refuses members that are not one criterion x parameter set of the run, and bad settings', async () => {
    expect((await run({ criteria: ['valuation'] }).catch((e: unknown) => e) as ConfigError).key).toBe('combine.criteria[0]');
    const grid = await run({ criteria: ['golden-cross'] }).catch((e: unknown) => e) as ConfigError;
    expect([grid.key, grid.message.includes('2 parameter sets match')]).toEqual(['combine.criteria[0]', true]);
    expect((await run({ criteria: ['seasonality'], kinds: ['sector-lead'] }).catch((e: unknown) => e) as ConfigError).key).toBe('combine.kinds[0]');
    expect(thrown(ConfigError, () => runConfig({ ...RAW, combine: { criteria: ['seasonality'], penalty: 0 } })).key).toBe('combine.penalty');
    expect(thrown(ConfigError, () => runConfig({ ...RAW, combine: { criteria: ['seasonality'], missing: 'drop' } })).key).toBe('combine.missing');
    expect(thrown(ConfigError, () => runConfig({ ...RAW, combine: { criteria: [] } })).key).toBe('combine.criteria');
    expect(thrown(ConfigError, () => runConfig({ ...RAW, combine: { criteria: ['a'], lookahead: true } })).key).toBe('combine.lookahead');
  });
});

describeShared('combine on the shared GSPC corpus (rebounds, six members)', () => {
  const members = ['macro-confirmation', 'golden-cross', 'valuation', 'volatility-compression', 'breadth-thrust', 'seasonality'];
  let r: RunResult;
  beforeAll(async () => {
    r = await runResult(fixtureConfig('combine-corpus-run.json', { episodes: [{ kind: 'rebound' }], criteria: members, statistics: SMALL_STATISTICS }), { workers: 0 });
  });

  it('has a combined row out of sample with every member\u2019s incremental value', () => {
    const set = r.summary.combine!.sets!.find((s) => s.dataset === 'GSPC' && s.kind === 'rebound')!;
    expect(set.members).toEqual(members);
    expect(set.folds.length).toBe(10);
    for (const f of set.folds) expect(f.trainN).toBeGreaterThanOrEqual(30);
    const row = r.summary.metrics.find((m) => m.criterion === 'combined')!;
    expect(row.n).toBe(set.increments[0]!.n);
    expect(row.n).toBeGreaterThan(50);
    for (const inc of set.increments) {
      expect(inc.lo).toBeLessThanOrEqual(inc.delta);
      expect(inc.hi).toBeGreaterThanOrEqual(inc.delta);
      expect(inc.valid).toBe(SMALL_STATISTICS.bootstrap);
    }
  });
});
