// Assembly uses a job's own evidence (survival, fans, trading) only where no
// other job's predictions carry the same row key (engine/run/row-evidence.ts).
import { describe, expect, it } from 'vitest';
import { givenEvidence, type RowEvidence } from '../engine/run/row-evidence.ts';
import type { Episode, Prediction } from '../engine/types.ts';
import type { MetricsRow } from '../engine/results.ts';

const ep = (id: string, market: string, definition?: string): Episode =>
  ({ id, market, kind: 'rebound', ...(definition === undefined ? {} : { definition }) } as unknown as Episode);
const pred = (episodeId: string, params: string): Prediction =>
  ({ episodeId, criterion: 'gc', params, score: 0.7, call: 1, abstainReason: '', error: '' });
const row = (dataset: string, params: string, definition?: string): MetricsRow =>
  ({ dataset, kind: 'rebound', criterion: 'gc', params, ...(definition === undefined ? {} : { definition }) } as unknown as MetricsRow);
const evidence = (tag: string): RowEvidence => ({ wholePath: { survival: { tag }, fan: { tag } }, trading: { row: { tag }, records: [] } } as unknown as RowEvidence);

describe('givenEvidence', () => {
  const episodes = [ep('a1', 'A'), ep('a2', 'A'), ep('b1', 'B'), ep('h1', 'A', 'h63')];

  it('uses each job\'s evidence when its row key is its own', () => {
    const jobs = [
      { metrics: row('A', 'p=1'), predictions: [pred('a1', 'p=1'), pred('a2', 'p=1')], evidence: evidence('1') },
      { metrics: row('A', 'p=2'), predictions: [pred('a1', 'p=2')], evidence: evidence('2') },
      { metrics: row('B', 'p=1'), predictions: [pred('b1', 'p=1')], evidence: evidence('3') },
    ];
    expect(givenEvidence(episodes, jobs, [])).toEqual([evidence('1'), evidence('2'), evidence('3')]);
  });

  it('computes again where another job or a combined row shares the key', () => {
    const jobs = [
      { metrics: row('A', 'p=1'), predictions: [pred('a1', 'p=1')], evidence: evidence('1') },
      { metrics: row('A', 'p=1'), predictions: [pred('a2', 'p=1')], evidence: evidence('2') }, // same key: both rows gather both jobs' predictions
      { metrics: row('B', 'p=1'), predictions: [pred('b1', 'p=1')], evidence: evidence('3') },
    ];
    expect(givenEvidence(episodes, jobs, [pred('b1', 'p=1')])).toEqual([undefined, undefined, undefined]);
  });

  it('keeps whole-path evidence apart by definition, trading evidence not (trading groups by dataset and kind)', () => {
    const jobs = [
      { metrics: row('A', 'p=1'), predictions: [pred('a1', 'p=1')], evidence: evidence('1') },
      { metrics: row('A', 'p=1', 'h63'), predictions: [pred('h1', 'p=1')], evidence: evidence('2') },
    ];
    const got = givenEvidence(episodes, jobs, []);
    expect(got.map((g) => g?.wholePath)).toEqual([evidence('1').wholePath, evidence('2').wholePath]);
    expect(got.map((g) => g?.trading)).toEqual([undefined, undefined]);
  });

  it('leaves universe jobs\' rows and jobs without evidence to assembly', () => {
    const jobs = [
      { metrics: row('U', 'p=1'), rows: [row('U', 'p=1'), row('A', 'p=1')], predictions: [pred('a1', 'p=1')], evidence: evidence('u') },
      { metrics: row('B', 'p=1'), predictions: [pred('b1', 'p=1')] },
    ];
    expect(givenEvidence(episodes, jobs, [])).toEqual([undefined, undefined, undefined]);
  });
});
