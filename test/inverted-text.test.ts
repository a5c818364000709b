/** The terminal's INVERTED line names each row's dataset when the run has several (it listed six rows of one criterion with no dataset shown). */
import { describe, expect, it } from 'vitest';
import type { MetricsRow } from '../engine/results.ts';
import { invertedLine } from '../engine/cli/inverted-text.ts';

const row = (dataset: string, params: string, inverted: boolean, extra: Partial<MetricsRow> = {}): MetricsRow =>
  ({ dataset, kind: 'rebound', criterion: 'golden-cross', params, inverted, auc: 0.3, aucCI: { lo: 0.2, hi: 0.4 }, interval: 'iid', ...extra }) as unknown as MetricsRow;

describe('the INVERTED line', () => {
  it('names the dataset of each row when the run has several; a universe\'s pooled row as such', () => {
    const rows = [row('GSPC', 'fast=20', true), row('DJI', 'fast=20', true), row('GSPC', 'fast=50', false),
      row('T10', 'fast=20', true, { pooled: { scope: 'pooled', universe: 'T10' } } as Partial<MetricsRow>)];
    const line = invertedLine(rows, true)!;
    expect(line).toMatch(/^INVERTED \(AUC interval entirely below 0\.5: durable rallies scored lower\): /);
    expect(line).toContain('golden-cross(fast=20) rebound on GSPC 0.300 [');
    expect(line).toContain('golden-cross(fast=20) rebound on DJI 0.300 [');
    expect(line).toContain('golden-cross(fast=20) rebound on T10 pooled 0.300 [');
    expect(line).not.toContain('fast=50');
  });

  it('keeps the one-dataset line as it was, and is absent without an inverted row', () => {
    expect(invertedLine([row('GSPC', 'fast=20', true)], false)).toBe('INVERTED (AUC interval entirely below 0.5: durable rallies scored lower): golden-cross rebound 0.300 [0.200, 0.400]');
    expect(invertedLine([row('GSPC', 'fast=20', false)], true)).toBeUndefined();
  });
});
