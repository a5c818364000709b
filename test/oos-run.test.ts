/**
 * A real run's out-of-sample outputs. An outside tool can recompute every
 * metric from the run's files: this test
 * reads predictions.csv and episodes.csv of a real run (the embedded S&P 500
 * with evaluation periods, test/fixtures/oos-run.json) and recomputes the
 * confusion counts, precision, recall, specificity, F1, accuracy, balanced
 * accuracy, MCC, ROC AUC (all pairs), average precision (scikit-learn's
 * definition), Brier score, base rate and lift of every metrics.csv row —
 * whole sample and per period — and stability.csv's per-decade AUC and
 * balanced accuracy, with its own code (no engine function), to 1e-9.
 * Sharded and merged, the run writes the same files (period rows, families,
 * stability included). On the shared data, breadth-thrust is flagged inverted
 * on GSPC rebounds. The runs are `rally run` and `rally merge` in this
 * process, on the main thread (`command()` in support/cli.ts: the commands'
 * own flag parsing; the executable's wiring is cli-run.test.ts's).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from './support/cli.ts';
import { describeShared, ROOT, shared } from './support/shared-data.ts';
import { mergeCommand } from '../engine/cli/merge-command.ts';
import { runCommand } from '../engine/cli/run-command.ts';

/** `rally run|merge ...` in this process. */
const rally = (args: string[]) => command(args[0] === 'merge' ? mergeCommand : runCommand, args);
const OOS_RUN = join(ROOT, 'test', 'fixtures', 'oos-run.json');

/** RFC 4180 CSV into records keyed by header. */
function readCsv(file: string): Array<Record<string, string>> {
  const text = readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ''])));
}

const num = (s: string): number => (s === '' ? NaN : Number(s));

interface Item { score: number; label: number }

/** Every metric of one row from its (score, label) items, computed from first principles. */
function recompute(items: readonly Item[], threshold: number): Record<string, number> {
  const P = items.filter((x) => x.label === 1).length, N = items.length - P;
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (const x of items) {
    const called = x.score >= threshold;
    if (called && x.label === 1) tp++; else if (called) fp++; else if (x.label === 1) fn++; else tn++;
  }
  const div = (a: number, b: number): number => (b === 0 ? NaN : a / b);
  const precision = div(tp, tp + fp), recall = div(tp, tp + fn), specificity = div(tn, tn + fp);
  const margins = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
  let pairs = 0;
  for (const a of items) if (a.label === 1) for (const b of items) if (b.label === 0) pairs += a.score > b.score ? 1 : a.score === b.score ? 0.5 : 0;
  // Average precision: thresholds at each distinct score, descending; AP = sum (R_k - R_{k-1}) P_k.
  const thresholds = [...new Set(items.map((x) => x.score))].sort((a, b) => b - a);
  let ap = 0, prevRecall = 0;
  for (const t of thresholds) {
    const tpAt = items.filter((x) => x.score >= t && x.label === 1).length;
    const all = items.filter((x) => x.score >= t).length;
    const r = P === 0 ? 0 : tpAt / P;
    ap += (r - prevRecall) * (tpAt / all);
    prevRecall = r;
  }
  const baseRate = div(P, items.length);
  return {
    n: items.length, positives: P, negatives: N, tp, fp, tn, fn, precision, recall, specificity,
    f1: div(2 * tp, 2 * tp + fp + fn), accuracy: div(tp + tn, items.length),
    balanced_accuracy: (recall + specificity) / 2,
    mcc: margins === 0 ? NaN : (tp * tn - fp * fn) / Math.sqrt(margins),
    auc: P > 0 && N > 0 ? pairs / (P * N) : NaN,
    pr_auc: P > 0 ? ap : NaN,
    brier: items.length ? items.reduce((s, x) => s + (x.score - x.label) ** 2, 0) / items.length : NaN,
    base_rate: baseRate,
    lift: Number.isFinite(precision) && baseRate > 0 ? precision / baseRate : NaN,
  };
}

function expectClose(got: number, want: number, what: string): void {
  if (Number.isNaN(want)) expect(got, what).toBeNaN();
  else expect(Math.abs(got - want), `${what}: file ${got}, recomputed ${want}`).toBeLessThanOrEqual(1e-9);
}

const tmp = mkdtempSync(join(tmpdir(), 'rally-oos-'));
const out = join(tmp, 'run');

describe('every metric recomputed from predictions.csv and episodes.csv', () => {
  let episodes: Array<Record<string, string>>;
  let predictions: Array<Record<string, string>>;
  const itemsOf = (dataset: string, kind: string, criterion: string, params: string, keep: (e: Record<string, string>) => boolean): Item[] => {
    const eps = new Map(episodes.filter((e) => e.market === dataset && e.kind === kind && e.label !== '' && keep(e)).map((e) => [e.id, e]));
    return predictions.filter((p) => p.criterion === criterion && p.params === params && eps.has(p.episode_id) && p.score !== '' && p.error === '')
      .map((p) => ({ score: Number(p.score), label: Number(eps.get(p.episode_id)!.label) }));
  };

  beforeAll(async () => {
    const r = await rally(['run', '--config', OOS_RUN, '--out', out, '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    episodes = readCsv(join(out, 'episodes.csv'));
    predictions = readCsv(join(out, 'predictions.csv'));
  });

  it('metrics.csv, whole sample and each period, to 1e-9', () => {
    const periods: Record<string, (e: Record<string, string>) => boolean> = {
      all: () => true, discovery: (e) => e.decision_date <= '2009-12-31', confirmation: (e) => e.decision_date >= '2010-01-01',
    };
    const rows = readCsv(join(out, 'metrics.csv'));
    expect(rows.filter((r) => r.period === 'all').length * 3).toBe(rows.length);
    let checked = 0;
    for (const row of rows) {
      const items = itemsOf(row.dataset!, row.kind!, row.criterion!, row.params!, periods[row.period!]!);
      const want = recompute(items, 0.5);
      for (const [k, v] of Object.entries(want)) expectClose(num(row[k]!), v, `${row.criterion}(${row.params}) ${row.kind} ${row.period} ${k}`);
      if (items.length > 0) checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('the calls in predictions.csv are the scores at the threshold', () => {
    for (const p of predictions) if (p.score !== '') expect(p.call).toBe(Number(p.score) >= 0.5 ? '1' : '0');
  });

  it('stability.csv: AUC and balanced accuracy per decade, to 1e-9', () => {
    const rows = readCsv(join(out, 'stability.csv'));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const d = Number(row.decade);
      const items = itemsOf(row.dataset!, row.kind!, row.criterion!, row.params!, (e) => Math.floor(Number(e.decision_date.slice(0, 4)) / 10) * 10 === d);
      const want = recompute(items, 0.5);
      expect(Number(row.n)).toBe(want.n);
      expectClose(num(row.auc!), want.auc!, `${row.criterion} ${row.decade} auc`);
      expectClose(num(row.balanced_accuracy!), want.balanced_accuracy!, `${row.criterion} ${row.decade} balanced accuracy`);
    }
  });
});

describe('sharded and merged', () => {
  it('gives exactly the files of the unsharded run, period rows, families and stability included', async () => {
    const dirs: string[] = [];
    for (const i of [1, 2]) {
      const dir = join(tmp, `shard${i}`);
      const r = await rally(['run', '--config', OOS_RUN, '--shard', `${i}/2`, '--workers', '0', '--out', dir]);
      expect(r.code, r.stderr).toBe(0);
      dirs.push(dir);
    }
    const merged = join(tmp, 'merged');
    const m = await rally(['merge', ...dirs, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['families.csv', 'metrics.csv', 'stability.csv', 'summary.json']));
    expect(readdirSync(merged).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(out, f), 'utf8'));
  });
});

describeShared('on the shared S&P 500', () => {
  it('breadth-thrust is flagged inverted on GSPC rebounds, in metrics.csv and in the terminal', async () => {
    const cfg = join(tmp, 'thrust.json');
    writeFileSync(cfg, JSON.stringify({
      seed: 3,
      datasets: [{ id: 'GSPC', price: shared('sp500', 'GSPC.csv'), breadth: shared('breadth', 'NYSE-breadth-daily.csv') }],
      episodes: [{ kind: 'rebound' }],
      criteria: ['breadth-thrust', 'always-durable'],
      statistics: { bootstrap: 400, permutations: 400 },
    }));
    const dir = join(tmp, 'thrust');
    const r = await rally(['run', '--config', cfg, '--out', dir, '--workers', '0']);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(join(dir, 'metrics.csv'));
    const thrust = rows.find((x) => x.criterion === 'breadth-thrust')!;
    expect(thrust.inverted).toBe('true');
    expect(Number(thrust.auc_hi)).toBeLessThan(0.5);
    expect(Number(thrust.p_below)).toBeLessThan(0.05);
    expect(rows.find((x) => x.criterion === 'always-durable')!.inverted).toBe('false');
    expect(r.stdout).toMatch(/INVERTED .*breadth-thrust rebound/);
  });
});
