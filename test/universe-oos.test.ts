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
  ])('refuses %j at %s', (raw, key, detail) => {
    const err = refusal(raw);
    expect(err).toMatchObject({ name: 'ConfigError', key, source: 'run.json' });
    expect((err as Error).message).toMatch(detail);
  });

  it('accepts them when a plain dataset is there to act on, and on plain datasets alone', () => {
    expect(refusal({ datasets: [UNIVERSE, PLAIN], evaluation: { walkForward: {} }, combine: COMBINE })).toBeUndefined();
    expect(refusal({ datasets: [PLAIN], evaluation: { walkForward: {} }, combine: COMBINE })).toBeUndefined();
    expect(refusal({ datasets: [UNIVERSE], evaluation: { periods: [{ name: 'a', to: '2015-12-31' }] } })).toBeUndefined();
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
