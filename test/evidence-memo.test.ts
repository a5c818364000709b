/**
 * A worker's memos of row evidence (CallsMemo in whole-path.ts, TradesMemo
 * in trading.ts): rows that call every episode alike share their survival
 * curves and fan bands by call, rows that size the same trades share the
 * curve's statistics. Every row's evidence computed with one memo shared by
 * all the rows equals its evidence computed alone (fresh memos), on a grid
 * whose rows really do repeat call patterns, with trades sized by the call
 * (rows alike share trades) and by the score (alike trades, other sizes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { executeRun, type RunParts } from '../engine/run/run.ts';
import { evidenceContext, evidenceInit, jobEvidence } from '../engine/run/row-evidence.ts';
import { exactJson } from '../reports/json.ts';
import { runConfig } from './support/runs.ts';

describe.each(['call', 'score'])('evidence memos (trades sized by %s): shared across rows, the same evidence as each row alone', (size) => {
  let parts: RunParts;
  beforeAll(async () => {
    parts = await executeRun(runConfig({
      seed: 9, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }],
      criteria: [{ id: 'golden-cross', params: { fast: [10, 20, 30, 40, 50], slow: [100, 150, 200] } }, 'always-durable'],
      statistics: { bootstrap: 50, permutations: 50 }, trading: { size },
    }), { workers: 0 });
  }, 60_000);

  it('the grid repeats call patterns (so the memos are hit)', () => {
    const patterns = new Set<string>();
    let rows = 0;
    for (const j of parts.jobs) {
      const calls = j.predictions.filter((p) => p.call !== null).map((p) => `${p.episodeId}:${p.call}`).join(',');
      if (!calls) continue;
      rows++;
      patterns.add(`${j.metrics.kind}|${calls}`);
    }
    expect(rows).toBeGreaterThan(10);
    expect(patterns.size).toBeLessThan(rows);
  });

  it('every row: survival, fans and trading with the shared memos equal those computed alone', () => {
    const init = evidenceInit(parts.episodes, parts.paths!, parts.trading);
    const shared = evidenceContext(init);
    const { statistics, seed } = parts.summaryBase;
    for (const j of parts.jobs) {
      const withMemo = jobEvidence(shared, j.metrics, parts.episodes, j.predictions, statistics, seed);
      const alone = jobEvidence(evidenceContext(init), j.metrics, parts.episodes, j.predictions, statistics, seed);
      expect(withMemo.trading, j.metrics.params).toBeDefined();
      expect(exactJson(withMemo), `${j.metrics.kind} ${j.metrics.criterion} ${j.metrics.params}`).toBe(exactJson(alone));
    }
  });
});
