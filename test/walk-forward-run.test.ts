/**
 * evaluation.walkForward and evaluation.replication in a run: config errors
 * name their key; a small run (the embedded S&P 500 and a synthetic market)
 * writes walk-forward.csv and replication.csv, whose pooled out-of-sample
 * AUC an outside reader recomputes from predictions.csv and episodes.csv;
 * sharded and merged, the run writes the same files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig, recordedConfig, runConfigHash } from '../engine/config.ts';
import type { RunResult } from '../engine/results.ts';
import { SeededStream } from '../engine/stats/random.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { runConfig, runResult, shardedResult, SMALL_STATISTICS, tempDir } from './support/runs.ts';

const base = { criteria: ['always-durable'] };
const parse = (evaluation: unknown) => parseRunConfig({ ...base, evaluation }, 'run.json', '/tmp');

describe('evaluation.walkForward and evaluation.replication in the run config', () => {
  it('fills in defaults, records them and changes the hash', () => {
    const cfg = parse({ walkForward: {}, replication: { discovery: 'GSPC' } });
    expect(cfg.evaluation.walkForward).toEqual({ steps: 5, minTrain: 30, objective: 'auc', threshold: false });
    expect(cfg.evaluation.replication).toEqual({ discovery: 'GSPC', objective: 'auc' });
    expect(recordedConfig(cfg).evaluation).toEqual({ walkForward: cfg.evaluation.walkForward, replication: cfg.evaluation.replication });
    expect(parse({ walkForward: { stepYears: 10 } }).evaluation.walkForward).toEqual({ stepYears: 10, minTrain: 30, objective: 'auc', threshold: false });
    expect(runConfigHash(cfg)).not.toBe(runConfigHash(parseRunConfig(base, 'run.json', '/tmp')));
    // recorded, it parses back to the same evaluation (merge re-reads it)
    expect(parseRunConfig({ ...base, ...recordedConfig(cfg) as object }, 'run.json', '/tmp').evaluation).toEqual(cfg.evaluation);
  });

  it.each([
    [{ walkForward: 5 }, 'evaluation.walkForward', /expected an object/],
    [{ walkForward: { steps: 0 } }, 'evaluation.walkForward.steps', /whole number from 1/],
    [{ walkForward: { steps: 3, stepYears: 10 } }, 'evaluation.walkForward.stepYears', /not both/],
    [{ walkForward: { stepYears: 2.5 } }, 'evaluation.walkForward.stepYears', /whole number/],
    [{ walkForward: { minTrain: 1 } }, 'evaluation.walkForward.minTrain', /from 2/],
    [{ walkForward: { objective: 'sharpe' } }, 'evaluation.walkForward.objective', /"auc", "balanced-accuracy"/],
    [{ walkForward: { threshold: 'yes' } }, 'evaluation.walkForward.threshold', /true or false/],
    [{ walkForward: { window: 'rolling' } }, 'evaluation.walkForward.window', /unknown key/],
    [{ replication: {} }, 'evaluation.replication.discovery', /id of one of the run's datasets/],
    [{ replication: { discovery: 'GSPC', on: ['NDX'] } }, 'evaluation.replication.on', /unknown key/],
    [{ periods: [{ name: 'early', to: '2009-12-31' }], replication: { discovery: 'early' } }, 'evaluation.replication', /one period \('early'\)/],
  ])('rejects %j at %s', (evaluation, key, detail) => {
    let err: unknown;
    try { parse(evaluation); } catch (e) { err = e; }
    expect(err).toMatchObject({ name: 'ConfigError', key, source: 'run.json' });
    expect((err as Error).message).toMatch(detail);
  });

  it('a discovery dataset the run does not have, or a run of one dataset, is a config error before any job', async () => {
    const raw = { datasets: [{ price: '@embedded' }], episodes: [{ kind: 'rebound' }], criteria: ['always-durable'], statistics: SMALL_STATISTICS };
    await expect(runResult(runConfig({ ...raw, evaluation: { replication: { discovery: 'NDX' } } })))
      .rejects.toMatchObject({ name: 'ConfigError', key: 'evaluation.replication.discovery', message: expect.stringMatching(/no dataset or period named 'NDX' \(datasets: SP500-2000\)/) });
    await expect(runResult(runConfig({ ...raw, evaluation: { replication: { discovery: 'SP500-2000' } } })))
      .rejects.toMatchObject({ name: 'ConfigError', key: 'evaluation.replication', message: expect.stringMatching(/needs at least one other/) });
    const periods = [{ name: 'SP500-2000', to: '2009-12-31' }, { name: 'late', from: '2010-01-01' }];
    await expect(runResult(runConfig({ ...raw, evaluation: { periods, replication: { discovery: 'SP500-2000' } } })))
      .rejects.toMatchObject({ name: 'ConfigError', key: 'evaluation.replication.discovery', message: expect.stringMatching(/names both a dataset and a period/) });
  });
});

/** A seeded random-walk market (Date,Close) with enough corrections for rebounds. */
function syntheticMarket(file: string): void {
  const g = new SeededStream('walk-forward-market');
  const lines = ['Date,Close'];
  let p = 100;
  for (let day = Date.UTC(2001, 0, 1), n = 0; n < 5200; day += 86_400_000) {
    const wd = new Date(day).getUTCDay();
    if (wd === 0 || wd === 6) continue;
    p *= Math.exp(0.0003 + 0.015 * g.normal());
    lines.push(`${new Date(day).toISOString().slice(0, 10)},${p.toFixed(4)}`);
    n++;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function readCsv(text: string): Array<Record<string, string>> {
  const [head, ...rows] = text.trim().split('\n').map((l) => l.split(',')); // no quoted cells in the columns read here
  return rows.map((r) => Object.fromEntries(head!.map((h, j) => [h, r[j] ?? ''])));
}

describe('a run with walk-forward selection and replication', () => {
  let result: RunResult;
  let dir: string;
  let cfg: ReturnType<typeof runConfig>;
  beforeAll(async () => {
    const data = tempDir('wf-data');
    syntheticMarket(join(data, 'syn.csv'));
    cfg = runConfig({
      seed: 9,
      datasets: [{ id: 'SP500-2000', price: '@embedded' }, { id: 'SYN', price: 'syn.csv' }],
      episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }],
      criteria: ['above-200-day', { id: 'golden-cross', params: { fast: [20, 50], slow: [100, 200] } }],
      statistics: SMALL_STATISTICS,
      evaluation: { walkForward: { steps: 3, minTrain: 10 }, replication: { discovery: 'SP500-2000' } },
    }, data);
    result = await runResult(cfg);
    dir = tempDir('wf-out');
    await writeRunOutputs(dir, result);
  });

  it('reports each grid step by step, and the pooled out-of-sample AUC recomputes from predictions.csv', () => {
    const wf = result.summary.walkForward!;
    expect(wf.map((r) => `${r.dataset}|${r.kind}`).sort()).toEqual(['SP500-2000|rebound', 'SP500-2000|seasonal', 'SYN|rebound', 'SYN|seasonal']);
    const grid = result.summary.criteria.find((c) => c.id === 'golden-cross')!.paramSets;
    for (const r of wf) {
      expect(r.steps.length).toBeGreaterThan(0);
      expect(r.oosN).toBe(r.steps.reduce((k, s) => k + s.testN, 0));
      for (const s of r.steps) if (s.chosenParams) expect(grid).toContain(s.chosenParams);
    }
    const episodes = new Map(readCsv(readFileSync(join(dir, 'episodes.csv'), 'utf8')).map((e) => [e.id!, e]));
    const predictions = readCsv(readFileSync(join(dir, 'predictions.csv'), 'utf8').replace(/"[^"]*"/g, 'x'));
    const lines = readCsv(readFileSync(join(dir, 'walk-forward.csv'), 'utf8'));
    let checked = 0;
    for (const pooled of lines.filter((l) => l.step === 'pooled')) {
      const items: Array<{ s: number; y: number }> = [];
      for (const st of lines.filter((l) => l.dataset === pooled.dataset && l.kind === pooled.kind && l.step !== 'pooled' && l.chosen_params)) {
        for (const p of predictions) {
          const e = episodes.get(p.episode_id!)!;
          if (p.criterion !== 'golden-cross' || p.params !== st.chosen_params || e.market !== pooled.dataset || e.kind !== pooled.kind) continue;
          if (e.decision_date! < st.test_from! || e.decision_date! > st.test_to! || e.label === '' || p.score === '') continue;
          items.push({ s: Number(p.score), y: Number(e.label) });
        }
      }
      expect(items.length).toBe(Number(pooled.test_n));
      let pairs = 0, n1 = 0;
      for (const a of items) if (a.y === 1) { n1++; for (const b of items) if (b.y === 0) pairs += a.s > b.s ? 1 : a.s === b.s ? 0.5 : 0; }
      const auc = n1 > 0 && n1 < items.length ? pairs / (n1 * (items.length - n1)) : NaN;
      if (Number.isNaN(auc)) expect(pooled.test_auc).toBe('');
      else { expect(Math.abs(auc - Number(pooled.test_auc))).toBeLessThan(1e-9); checked++; }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('replication reads the discovery set on the other dataset, under the stated rule', () => {
    const rep = result.summary.replication!;
    expect(rep.map((r) => `${r.kind}|${r.criterion}`).sort()).toEqual(['rebound|above-200-day', 'rebound|golden-cross', 'seasonal|above-200-day', 'seasonal|golden-cross']);
    for (const r of rep) {
      const chosen = result.summary.metrics.find((m) => m.dataset === 'SP500-2000' && m.kind === r.kind && m.criterion === r.criterion && m.params === r.params)!;
      const rows = result.summary.metrics.filter((m) => m.dataset === 'SP500-2000' && m.kind === r.kind && m.criterion === r.criterion);
      expect(chosen.auc).toBe(Math.max(...rows.map((m) => m.auc)));
      expect(r.discoveryP).toBe(rows.length > 1 ? chosen.familyP : chosen.pValue);
      const target = result.summary.metrics.find((m) => m.dataset === 'SYN' && m.kind === r.kind && m.criterion === r.criterion && m.params === r.params)!;
      expect(r.targets).toHaveLength(1);
      expect(r.targets[0]).toMatchObject({ dataset: 'SYN', n: target.n, auc: target.auc, pValue: target.pValue });
      expect(['replicated', 'not replicated', 'reversed', 'not discovered', 'untested']).toContain(r.targets[0]!.status);
    }
    expect(result.summary.evaluation!.replication!.rule).toMatch(/replicated = discovered/);
    const csv = readCsv(readFileSync(join(dir, 'replication.csv'), 'utf8'));
    expect(csv).toHaveLength(4);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('id="selection"');
    expect(html).toContain('Replication across datasets');
    expect(result.summary.verdict!.kinds.flatMap((k) => k.rows).some((r) => /walk-forward \d/.test(r.outOfSample))).toBe(true);
  });

  it('sharded and merged, the run writes the same walk-forward and replication files', async () => {
    const merged = await shardedResult(cfg, 2);
    const other = tempDir('wf-merged');
    await writeRunOutputs(other, merged);
    for (const f of ['walk-forward.csv', 'replication.csv', 'summary.json', 'report.html']) {
      expect(readFileSync(join(other, f), 'utf8')).toBe(readFileSync(join(dir, f), 'utf8'));
    }
  });
});

describe('replication across evaluation periods', () => {
  it('chooses per dataset on the discovery period (family-wise p within it) and reads the same set in the later period', async () => {
    const periods = [{ name: 'early', to: '2009-12-31' }, { name: 'late', from: '2010-01-01' }];
    const r = await runResult(runConfig({
      seed: 4, datasets: [{ price: '@embedded' }], episodes: [{ kind: 'rebound' }],
      criteria: ['above-200-day', { id: 'golden-cross', params: { fast: [20, 50], slow: [100, 200] } }],
      statistics: SMALL_STATISTICS, evaluation: { periods, replication: { discovery: 'early' } },
    }));
    const rep = r.summary.replication!;
    expect(rep.map((x) => x.criterion).sort()).toEqual(['above-200-day', 'golden-cross']);
    const pm = r.summary.periodMetrics!;
    for (const x of rep) {
      expect(x.discovery).toMatchObject({ dataset: 'SP500-2000', period: 'early' });
      const early = pm.filter((m) => m.period === 'early' && m.criterion === x.criterion);
      const chosen = early.find((m) => m.params === x.params)!;
      expect(chosen.auc).toBe(Math.max(...early.map((m) => m.auc)));
      if (x.sets > 1) {
        for (const m of early) expect(m.familyP).toBeGreaterThan(0); // computed within the period
        expect(x.discoveryP).toBe(chosen.familyP);
      } else expect(x.discoveryP).toBe(chosen.pValue);
      const late = pm.find((m) => m.period === 'late' && m.criterion === x.criterion && m.params === x.params)!;
      expect(x.targets).toEqual([expect.objectContaining({ dataset: 'SP500-2000', period: 'late', n: late.n, auc: late.auc, pValue: late.pValue })]);
    }
    const dir = tempDir('wf-periods');
    await writeRunOutputs(dir, r);
    const csv = readCsv(readFileSync(join(dir, 'replication.csv'), 'utf8'));
    expect(csv.map((l) => [l.discovery_period, l.period])).toEqual([['early', 'late'], ['early', 'late']]);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Replication across periods');
  });
});
