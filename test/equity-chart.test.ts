// The report's equity chart draws a long history: a daily series since 1885 with its benchmarks and
// best rows is some 200,000 values, more than a function call may take as spread arguments.
import { describe, expect, it } from 'vitest';
import { equityChart } from '../reports/html/parts/equity-chart.ts';
import type { EquityCurveSet } from '../engine/trading-results.ts';

describe('equity chart', () => {
  it('draws five curves of 40,000 sessions, scaled to their lowest and highest values', () => {
    const n = 40_000;
    const dates = Array.from({ length: n }, (_, i) => `${1885 + Math.floor(i / 252)}-01-01`);
    const curve = (k: number): number[] => Array.from({ length: n }, (_, i) => Math.exp(Math.sin(i / (500 + 100 * k)) + (k * i) / n));
    const set: EquityCurveSet = {
      dataset: 'DJI', kind: 'rebound', dates,
      series: [0, 1, 2, 3, 4].map((k) => ({ criterion: k === 0 ? 'buy-and-hold' : `row-${k}`, params: '', equity: curve(k) })),
    };
    const svg = equityChart(set, () => 0);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path fill="none"/g)).toHaveLength(10);
    // The log axis spans the curves' lowest (about e^-1) and highest (about 81) values, and the
    // underwater axis the deepest fall (about -86%): ticks follow the data, not a default.
    const labels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['0.5', '1', '2', '5', '10', '20', '50', '0%', '-43%', '-86%']);
  });
});
