/**
 * Rows of labelled definitions of one kind stay apart in the outputs: each
 * whole-sample row of metrics.csv is followed by its own definition's period
 * rows only (they were followed by every definition's, duplicating rows).
 */
import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '../engine/results.ts';
import { metricsWithPeriods } from '../reports/oos-csv.ts';

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
