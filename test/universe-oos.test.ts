/**
 * Walk-forward selection and combined rows on runs with a universe: refused
 * (exit 2, naming the key) when every dataset is a universe, as nullWorlds on
 * a universe is; with a plain dataset beside it they act on that dataset alone,
 * whatever the universe's `rows` (with "both" each job's rows used to be
 * misread as other jobs' rows: the plain dataset lost its families,
 * walk-forward and combined row, and member datasets got bogus ones).
 */
import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../engine/config.ts';
import type { MetricsRow, RunResult, RunSummary } from '../engine/results.ts';
import { universeInferenceNote } from '../engine/universe-oos-spec.ts';
import { universeLines } from '../engine/cli/universe-text.ts';
import { caveats } from '../reports/html/sections/caveats.ts';
import { runConfig, runResult } from './support/runs.ts';
import { describeShared } from './support/shared-data.ts';

const UNIVERSE = { id: 'U', universe: { prices: 'members/*.csv', rows: 'both' } };
const PLAIN = { id: 'P', price: 'p.csv' };
const GRID = { id: 'golden-cross', params: { fast: [20, 50], slow: [150, 200] } };
const COMBINE = { criteria: [{ id: 'golden-cross', params: { fast: 20, slow: 150 } }, 'always-durable'] };

function refusal(raw: Record<string, unknown>): unknown {
  try {
    parseRunConfig({ criteria: [GRID, 'always-durable'], ...raw }, 'run.json', '/tmp');
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('walk-forward and combine on a run with a universe', () => {
  it.each([
    [{ datasets: [UNIVERSE], evaluation: { walkForward: {} } }, 'evaluation.walkForward', /needs a plain dataset.*'U'/],
    [{ datasets: [UNIVERSE], combine: COMBINE }, 'combine', /need a plain dataset.*'U'/],
    [{ datasets: [UNIVERSE, PLAIN], combine: { ...COMBINE, datasets: ['U'] } }, 'combine.datasets', /names only universes \('U'\)/],
    // A universe's rows per period are its pooled rows: with member rows only they would have no row to stand beside (they were dropped).
    [{ datasets: [{ ...UNIVERSE, universe: { ...UNIVERSE.universe, rows: 'members' } }, PLAIN], evaluation: { periods: [{ name: 'a', to: '2015-12-31' }] } },
      'evaluation.periods', /'U' reports member rows only/],
  ])('refuses %j at %s', (raw, key, detail) => {
    const err = refusal(raw);
    expect(err).toMatchObject({ name: 'ConfigError', key, source: 'run.json' });
    expect((err as Error).message).toMatch(detail);
  });

  it('accepts them when a plain dataset is there to act on, and on plain datasets alone', () => {
    expect(refusal({ datasets: [UNIVERSE, PLAIN], evaluation: { walkForward: {} }, combine: COMBINE })).toBeUndefined();
    expect(refusal({ datasets: [PLAIN], evaluation: { walkForward: {} }, combine: COMBINE })).toBeUndefined();
    expect(refusal({ datasets: [UNIVERSE], evaluation: { periods: [{ name: 'a', to: '2015-12-31' }] } })).toBeUndefined();
    // Sector-lead episodes on a universe's groups are the universe's own episode set: grids, walk-forward and combine act on them.
    expect(refusal({ datasets: [UNIVERSE], episodes: [{ kind: 'sector-lead' }], evaluation: { walkForward: {} }, combine: COMBINE })).toBeUndefined();
  });
});

describeShared('a universe with rows "both" beside a plain dataset', () => {
  it('leaves the plain dataset its families, walk-forward and combined row, and gives member datasets none', async () => {
    const r = await runResult(runConfig({
      seed: 7,
      datasets: [
        { id: 'T10', universe: { prices: '../../../shared/data/stocks-5yr/T*_data.csv', market: '../../../shared/data/sp500/GSPC.csv', rows: 'both' } },
        { id: 'GSPC', price: '../../../shared/data/sp500/GSPC.csv' },
      ],
      episodes: [{ kind: 'rebound' }],
      criteria: [GRID, 'always-durable'],
      statistics: { bootstrap: 20, permutations: 20 },
      evaluation: { walkForward: { steps: 3, minTrain: 30 } },
      combine: { ...COMBINE, steps: 3, minTrain: 30 },
    }), { workers: 0 });
    const s = r.summary;
    expect(s.families?.map((f) => f.dataset)).toEqual(['GSPC']);
    expect(s.walkForward?.map((w) => w.dataset)).toEqual(['GSPC']);
    expect(s.metrics.filter((m) => m.criterion === 'combined').map((m) => m.dataset)).toEqual(['GSPC']);
    expect([...new Set((s.stability ?? []).map((x) => x.dataset))]).toEqual(['GSPC']);
    const gspcGrid = s.metrics.filter((m) => m.dataset === 'GSPC' && m.criterion === 'golden-cross');
    expect(gspcGrid).toHaveLength(4);
    for (const m of gspcGrid) expect(m.familyP).toBeGreaterThan(0);
  });
});

describe('the note on what a universe\'s rows go without', () => {
  const row = (dataset: string, kind: string, params: string, universe?: string): MetricsRow =>
    ({ dataset, kind, criterion: 'golden-cross', params, ...(universe ? { pooled: { scope: 'pooled', universe } } : {}) }) as unknown as MetricsRow;
  const grid = [row('U', 'rebound', 'fast=20', 'U'), row('U', 'rebound', 'fast=50', 'U'), row('P', 'rebound', 'fast=20'), row('P', 'rebound', 'fast=50')];
  const summary = (metrics: MetricsRow[], extra: Partial<RunSummary> = {}): RunSummary => ({ metrics, universes: [], ...extra }) as unknown as RunSummary;

  it('names the grids\' family-wise p and PBO, walk-forward and combine as they apply; nothing when nothing was asked of a universe', () => {
    expect(universeInferenceNote(summary(grid))).toMatch(/^the rebound and seasonal rows of the universe 'U' \(pooled, group and member\) get no family-wise p or PBO for their parameter grids: these act only on plain datasets/);
    const all = universeInferenceNote(summary(grid, { evaluation: { walkForward: {} }, combine: {} } as unknown as Partial<RunSummary>));
    expect(all).toContain('no family-wise p or PBO for their parameter grids, no walk-forward choice and no combined row');
    expect(universeInferenceNote(summary(grid.slice(1)))).toBeUndefined(); // one set on the universe: no grid
    expect(universeInferenceNote(summary(grid.slice(2)))).toBeUndefined(); // no universe
    expect(universeInferenceNote(summary([row('U', 'sector-lead', 'fast=20', 'U'), row('U', 'sector-lead', 'fast=50', 'U')]))).toBeUndefined();
  });

  it('is in the terminal\'s universe lines and the report\'s caveats', () => {
    const sm = summary(grid);
    expect(universeLines({ summary: sm, episodes: [] } as unknown as RunResult).join('\n')).toContain('  note: the rebound and seasonal rows of the universe \'U\'');
    expect(caveats(sm, sm.metrics)).toContain('<li><b>Universes and run-level inference.</b> The rebound and seasonal rows of the universe');
  });
});
