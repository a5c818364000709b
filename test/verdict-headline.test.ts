/**
 * The verdict states the interval each row reports (engine/stats/interval-choice.ts:
 * cluster-robust for a universe's pooled rows, calendar-year blocks where that
 * is the kind's scheme) and reads dependent rows honestly against chance; every
 * interval label follows the run's level; verdict lines name their row (pooled,
 * group, member) and rows too small to judge do not top them; a run without
 * permutations says so; the small-sample caveat names the actual reason.
 */
import { describe, expect, it } from 'vitest';
import type { Interval, MetricsRow, PooledInfo, RunResult, RunSummary } from '../engine/results.ts';
import { runVerdict } from '../engine/run/verdict.ts';
import { verdictText } from '../engine/cli/verdict-text.ts';
import { runSummaryText } from '../engine/cli/summary-text.ts';
import { nullAucBand } from '../engine/stats/null-band.ts';
import { levelPercent, shownAucInterval, shownBalancedAccuracyInterval } from '../engine/stats/interval-choice.ts';
import { smallSampleFlag } from '../engine/stats/descriptive.ts';
import { renderHtml } from '../reports/html/report.ts';
import { leaderboard } from '../reports/html/parts/leaderboard.ts';
import { caveats, smallSampleReasons } from '../reports/html/sections/caveats.ts';
import { ciText } from '../reports/html/format.ts';
import { fakeRun } from './support/fake-run.ts';

/** The terminal summary (its output-folder argument, where it still takes one, is irrelevant here). */
const terminal = (r: RunResult): string => (runSummaryText as (r: RunResult, out?: string) => string)(r, '/tmp/x');

const base = fakeRun({ episodes: 160, criteria: 6, seed: 5 });
const ci = (lo: number, hi: number): Interval => ({ lo, hi });

function pooledInfo(scope: PooledInfo['scope'], extra: Partial<PooledInfo> = {}): PooledInfo {
  return { scope, universe: 'U', members: 253, clusters: 11, clusterBy: 'month', clusterPeriods: 6, pValueIid: 0.0001, ...extra };
}

/** A copy of the fake run with these metrics rows (and statistics), its verdict recomputed. */
function withRows(metrics: MetricsRow[], stats: Partial<RunSummary['statistics']> = {}): RunResult {
  const summary: RunSummary = { ...base.summary, metrics, statistics: { ...base.summary.statistics, ...stats } };
  return { ...base, summary: { ...summary, verdict: runVerdict(summary) } };
}

const rebound = base.summary.metrics.find((m) => m.kind === 'rebound' && m.criterion !== 'always-durable' && m.criterion !== 'coin-flip')!;
/** The universe example: AUC 0.642 on 2182 episodes, i.i.d. [0.62, 0.66], cluster-robust [0.459, 0.825]. */
const valuation: MetricsRow = {
  ...rebound, dataset: 'U', criterion: 'valuation', params: '', n: 2182, positives: 800, negatives: 1382, auc: 0.642,
  aucCI: ci(0.62, 0.66), aucBlockCI: ci(0.6, 0.68), balancedAccuracyCI: ci(0.5, 0.53), balancedAccuracyBlockCI: ci(0.49, 0.54),
  interval: 'iid', pValue: 0.001, qValue: 0.01, smallSample: 'only 11 clusters',
  pooled: pooledInfo('pooled', { aucClusterCI: ci(0.459, 0.825), balancedAccuracyClusterCI: ci(0.4, 0.62), clusterDf: 5 }),
};
/** A pooled row whose cluster-robust interval excludes 0.5 by far. */
const strong: MetricsRow = { ...valuation, criterion: 'strong', auc: 0.8, aucCI: ci(0.78, 0.82), smallSample: '', pooled: pooledInfo('pooled', { clusters: 40, aucClusterCI: ci(0.65, 0.95) }) };
const seasonal = base.summary.metrics.find((m) => m.kind === 'seasonal' && m.criterion !== 'always-durable' && m.criterion !== 'coin-flip')!;
/** The default run's example: a seasonal row, i.i.d. [0.54, 0.72], calendar-year blocks [0.52, 0.75]. */
const breadth: MetricsRow = {
  ...seasonal, criterion: 'breadth-participation', params: '', n: 136, positives: 45, negatives: 91, auc: 0.634,
  aucCI: ci(0.54, 0.72), aucBlockCI: ci(0.52, 0.75), balancedAccuracyCI: ci(0.43, 0.6), balancedAccuracyBlockCI: ci(0.41, 0.63),
  interval: 'year-block', pValue: 0.04, qValue: 0.5, smallSample: '',
};

describe('the verdict states the interval its row reports', () => {
  const r = withRows([valuation, strong, breadth]);
  const v = r.summary.verdict!;
  const row = (criterion: string) => v.kinds.flatMap((k) => k.rows).find((x) => x.criterion === criterion)!;

  it('one home: every verdict row states shownAucInterval of its metrics row', () => {
    for (const m of r.summary.metrics) expect(row(m.criterion).aucCI).toEqual(shownAucInterval(m));
    expect(row('valuation').aucCI).toEqual(ci(0.459, 0.825));
    expect(row('valuation').interval).toBe('cluster');
    expect(row('breadth-participation').aucCI).toEqual(ci(0.52, 0.75));
    expect(row('breadth-participation').interval).toBe('year-block');
  });

  it('a pooled row whose cluster-robust interval holds 0.5 does not beat chance, nor stand above the band', () => {
    const x = row('valuation');
    expect(x.status).toBe('within-band');
    // The band is widened by the row's own dependence: wider than the i.i.d. null for n = 2182 and holding the AUC.
    const iid = nullAucBand(2182, 800, 0.95, r.summary.seed);
    expect(x.nullBand.hi - x.nullBand.lo).toBeGreaterThan(5 * (iid.hi - iid.lo));
    expect(x.nullBand.hi).toBeGreaterThan(0.642);
    // Whereas a pooled row well clear of 0.5 by its own interval still beats chance.
    expect(row('strong').status).toBe('beats-chance');
    expect(row('strong').nullBand.hi).toBeLessThan(0.8);
  });

  it('a year-block row\'s band is widened by its block interval over its i.i.d. one', () => {
    const x = row('breadth-participation');
    const iid = nullAucBand(136, 45, 0.95, r.summary.seed);
    expect(x.nullBand.hi - 0.5).toBeCloseTo((iid.hi - 0.5) * (0.23 / 0.18), 9);
  });

  it('the terminal and the report state the same interval as the leaderboard', () => {
    const text = verdictText(v, 1).join('\n');
    expect(text).toContain('0.642 [0.46, 0.82]');
    expect(text).toContain('0.634 [0.52, 0.75]');
    expect(text).not.toContain('[0.62, 0.66]');
    expect(terminal(r)).toContain('0.642 [0.459, 0.825]');
    const html = renderHtml(r);
    const verdictPart = html.slice(html.indexOf('id="verdict"'), html.indexOf('</section>', html.indexOf('id="verdict"')));
    expect(verdictPart).toContain('0.46\u20130.82');
    expect(verdictPart).toContain('0.52\u20130.75');
  });

  it('the leaderboard states a year-block row\'s balanced-accuracy interval by blocks, a pooled row\'s cluster-robust', () => {
    const html = leaderboard([breadth, valuation].map((m) => ({ row: m, anchor: 'a', abstainReasons: undefined, claim: '' })), 0.95);
    expect(shownBalancedAccuracyInterval(breadth)).toEqual(ci(0.41, 0.63));
    expect(html).toContain(`<span class="ci">${ciText(ci(0.41, 0.63), 2)}</span>`);
    expect(html).toContain(`<span class="ci">${ciText(ci(0.4, 0.62), 2)}</span>`);
    expect(html).not.toContain(`<span class="ci">${ciText(ci(0.43, 0.6), 2)}</span>`);
  });
});

describe('interval labels follow the run\'s level', () => {
  it('levelPercent', () => {
    expect([0.95, 0.5, 0.9, 0.995, 0.999].map(levelPercent)).toEqual(['95%', '50%', '90%', '99.5%', '99.9%']);
  });

  it('a run at level 0.5 says 50% everywhere, and 95% nowhere', () => {
    const r = withRows(base.summary.metrics, { level: 0.5 });
    const text = terminal(r);
    expect(text).toContain('[50% CI]');
    expect(text).not.toContain('95%');
    const html = renderHtml(r);
    expect(html).toContain('AUC [50% CI]');
    expect(html).toContain('AUC (50% CI)');
    expect(html).not.toContain('95%');
  });
});

describe('verdict lines name their row; small rows do not top them', () => {
  const member = (id: string, n: number, auc: number, small: string): MetricsRow => ({
    ...rebound, dataset: id, criterion: 'breadth-participation', params: 'smaWindow=50', n, positives: Math.floor(n / 2), auc,
    aucCI: ci(auc - 0.1, Math.min(1, auc + 0.1)), interval: 'iid', pValue: 0.3, qValue: 1, smallSample: small,
    pooled: pooledInfo('member', { members: 1 }),
  });
  const rows = [
    member('TIF', 4, 1, smallSampleFlag(4, 2, 2)), member('TXN', 11, 0.967, smallSampleFlag(11, 5, 6)),
    { ...valuation, criterion: 'breadth-participation', params: 'smaWindow=50', auc: 0.6, smallSample: 'only 9 clusters', pooled: pooledInfo('pooled', { clusters: 9, aucClusterCI: ci(0.45, 0.75) }) },
    { ...valuation, dataset: 'U/Tech', criterion: 'breadth-participation', params: 'smaWindow=50', auc: 0.58, smallSample: '', pooled: pooledInfo('group', { group: 'Tech', clusters: 25, aucClusterCI: ci(0.4, 0.76) }) },
  ];
  const r = withRows(rows);
  const k = r.summary.verdict!.kinds.find((x) => x.kind === 'rebound')!;

  it('judgeable rows come first; rows too small to judge are left to the leaderboard while any row can be judged', () => {
    // Unflagged, then flagged for few clusters on 2182 episodes; the n = 4 and n = 11 member rows only when nothing else can be judged.
    expect(k.rows.map((x) => `${x.scope} ${x.n}`)).toEqual(['group 2182', 'pooled 2182']);
    const small = withRows(rows.filter((m) => m.pooled?.scope === 'member')).summary.verdict!.kinds.find((x) => x.kind === 'rebound')!;
    expect(small.rows.map((x) => `${x.scope} ${x.n}`)).toEqual(['member 4', 'member 11']);
  });

  it('each line names the pooled row, the group and the member', () => {
    const text = verdictText(r.summary.verdict, 0).join('\n');
    expect(text).toMatch(/rows of/);
    for (const where of ['U pooled', 'U group Tech']) expect(text).toContain(where);
    const members = withRows(rows.filter((m) => m.pooled?.scope === 'member'));
    for (const where of ['U member TIF', 'U member TXN']) expect(verdictText(members.summary.verdict, 0).join('\n')).toContain(where);
    const lines = text.split('\n').filter((l) => l.includes('breadth-participation') && !l.includes(':'));
    expect(new Set(lines.map((l) => l.slice(0, 60))).size).toBe(lines.length); // no two lines alike
    expect(k.sentence).toContain('breadth-participation on U group Tech');
    expect(renderHtml(members)).toContain('<td>U member TIF</td>');
  });
});

describe('the verdict says why nothing was tested', () => {
  it('permutations 0: no test was run', () => {
    const none = base.summary.metrics.map((m) => ({ ...m, pValue: NaN, qValue: NaN }));
    const v = withRows(none, { permutations: 0 }).summary.verdict!;
    for (const k of v.kinds) expect(k.sentence).toMatch(/no test was run \(statistics\.permutations is 0\)/);
    const v2 = withRows(none).summary.verdict!;
    for (const k of v2.kinds) expect(k.sentence).toMatch(/no criterion scored episodes of both outcomes/);
  });
});

describe('the small-sample caveat names the actual reason', () => {
  it('a universe\'s pooled rows of 2182 episodes are flagged for their clusters, not for n', () => {
    const rows = Array.from({ length: 19 }, (_, i) => ({ ...valuation, criterion: `c${i}`, smallSample: `only ${i < 3 ? 9 : 11} clusters` }));
    const html = caveats({ ...base.summary, metrics: rows }, rows);
    expect(html).toContain('19 of 19 result rows have a small sample');
    expect(html).toContain('19 rows: only 9\u201311 clusters of episodes');
    expect(html).not.toContain('fewer than 30');
  });

  it('reads every reason the flags give', () => {
    expect(smallSampleReasons([smallSampleFlag(12, 3, 9), smallSampleFlag(40, 2, 38), `${smallSampleFlag(6, 2, 4)}; only 178 of 200 resamples usable; only 2 clusters`, 'something else']))
      .toBe('2 rows: fewer than 30 scored episodes; 3 rows: fewer than 5 episodes of a class; 1 row: only 2 clusters of episodes, the independent units of a universe\u2019s pooled or group row whatever its n; 1 row: too few usable bootstrap resamples; 1 row: something else');
  });
});

describe('verdict lines of labelled definitions', () => {
  it("a long name is cut before its definition's tag, so two definitions' rows read apart", () => {
    const long = { ...rebound, criterion: 'breadth-participation-with-a-much-longer-name-than-fits', params: '', n: 87, positives: 26, negatives: 61, smallSample: '' };
    const r = withRows([{ ...long, definition: 'h63' }, { ...long, definition: 'h252', auc: (long.auc ?? 0.5) - 0.01 }]);
    const text = verdictText(r.summary.verdict, 0).join('\n');
    expect(text).toContain('… [h63]');
    expect(text).toContain('… [h252]');
  });
});
