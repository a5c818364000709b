/**
 * Rows of labelled definitions of one kind stay apart in the outputs: each
 * whole-sample row of metrics.csv is followed by its own definition's period
 * rows only (they were followed by every definition's, duplicating rows),
 * and the trading backtest trades each definition's episodes as a set of its
 * own (it pooled both: 174 episodes, every row's trades twice).
 */
import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '../engine/results.ts';
import { metricsWithPeriods } from '../reports/oos-csv.ts';
import { runConfig, runResult } from './support/runs.ts';

const row = (definition: string, period: string): MetricsRow =>
  ({ dataset: 'SPX', kind: 'rebound', definition, criterion: 'f1', params: '', period }) as unknown as MetricsRow;

describe('metrics.csv rows with definitions and periods', () => {
  it("each definition's whole-sample row is followed by its own period rows, once", () => {
    const out = metricsWithPeriods({
      metrics: [row('h63', 'all'), row('h252', 'all')],
      periodMetrics: [row('h63', 'd'), row('h63', 'c'), row('h252', 'd'), row('h252', 'c')],
    });
    expect(out.map((m) => `${m.definition}/${m.period}`)).toEqual(['h63/all', 'h63/d', 'h63/c', 'h252/all', 'h252/d', 'h252/c']);
  });
});

describe('the trading backtest with labelled definitions of one kind', () => {
  it("trades each definition's episodes as a set of its own, its rows and trades naming it", async () => {
    const r = await runResult(runConfig({
      seed: 3, datasets: [{ id: 'SPX', price: '@corpus/sp500/GSPC.csv.gz' }],
      episodes: [{ kind: 'rebound', label: 'h63', horizon: 63 }, { kind: 'rebound', label: 'h252', horizon: 252 }],
      criteria: [{ id: 'f1', expr: 'close > sma(close, 200)' }], statistics: { bootstrap: 0, permutations: 0 },
    }), { workers: 0 });
    const rows = r.trading!.rows;
    const every = rows.filter((x) => x.criterion === 'buy-every-rally');
    expect(every.map((x) => x.definition).sort()).toEqual(['h252', 'h63']);
    const n = (d: string): number => r.episodes.filter((e) => e.definition === d && e.kind === 'rebound').length;
    for (const x of every) expect(x.episodes).toBeLessThanOrEqual(n(x.definition!));
    const f1 = rows.filter((x) => x.criterion === 'f1');
    expect(f1.map((x) => x.definition).sort()).toEqual(['h252', 'h63']);
    // Each definition's trades once: no episode traded twice by one row.
    for (const d of ['h63', 'h252']) {
      const ids = r.trading!.trades.filter((t) => t.criterion === 'f1' && t.definition === d).map((t) => t.episode);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => r.episodes.find((e) => e.id === id)?.definition === d)).toBe(true);
    }
  }, 60_000);
});

describe('combine with labelled definitions of one kind', () => {
  it("fits each definition's episodes apart: one combined row per definition, never both definitions' outcomes in one model", async () => {
    const r = await runResult(runConfig({
      seed: 3, datasets: [{ id: 'SPX', price: '@corpus/sp500/GSPC.csv.gz' }],
      episodes: [{ kind: 'rebound', label: 'h63', horizon: 63 }, { kind: 'rebound', label: 'h252', horizon: 252 }],
      criteria: ['golden-cross', 'volatility-compression'], trading: false, statistics: { bootstrap: 50, permutations: 50 },
      combine: { criteria: ['golden-cross', 'volatility-compression'], steps: 3 },
    }), { workers: 0 });
    const combined = r.summary.metrics.filter((m) => m.criterion === 'combined');
    expect(combined.map((m) => m.definition).sort()).toEqual(['h252', 'h63']);
    for (const m of combined) {
      const scored = r.episodes.filter((e) => e.definition === m.definition && e.outcome !== 'censored').length;
      expect(m.n).toBeLessThanOrEqual(scored);
    }
    expect((r.summary.combine?.sets ?? []).map((s) => s.definition).sort()).toEqual(['h252', 'h63']);
  }, 60_000);
});
