/**
 * The regression gate (rally baseline / rally check) catches real regressions
 * and only those: a fully inverted plugin, data files cut short, changed
 * episodes; it never false-alarms on unchanged reruns with other seeds; its
 * outputs hold against hostile names; every malformed input is exit 2 naming
 * the file. The cases use the small embedded run (test/fixtures/embedded-run.json)
 * and its own baseline; the default run against the committed baseline, as
 * .ci/run checks it, is in corpus.test.ts (which runs the default run anyway).
 * The commands (`rally run`, `baseline`, `check`) run in this process through
 * their own flag parsing (`command()` in support/cli.ts); their wiring in the
 * real executable is cli-gate.test.ts's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from './support/cli.ts';
import { baselineCommand } from '../engine/cli/baseline-command.ts';
import { checkCommand } from '../engine/cli/check-command.ts';
import { runCommand } from '../engine/cli/run-command.ts';
import { describeShared, shared } from './support/shared-data.ts';
import { withOverrides } from '../engine/config.ts';
import { readJsonFile } from '../engine/files.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { readRunRecord } from '../engine/run/summary.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { predictionsCsv } from '../reports/tables.ts';
import { summaryJson } from '../reports/json.ts';
import type { RunResult } from '../engine/results.ts';
import { baselineJson, makeBaseline } from '../reports/baseline.ts';
import { parseBaseline } from '../reports/baseline-parse.ts';
import { checkBaseline } from '../reports/gate-check.ts';
import { checkTable } from '../reports/gate-report.ts';
import { embeddedRunConfig } from './support/embedded-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-gate-'));
/** The small embedded run and the baseline made from it. */
const run = join(tmp, 'embedded');
const runBaseline = join(tmp, 'embedded-baseline.json');

/**
 * The two files of a run that the gate reads (engine/run/summary.ts's readRunRecord: summary.json and
 * predictions.csv), written by the writers `rally run` writes them with (reports/write.ts); the
 * reruns' other outputs (the report, the other tables) play no part in a check.
 */
async function writeCheckedFiles(dir: string, r: RunResult): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), summaryJson(r.summary));
  writeFileSync(join(dir, 'predictions.csv'), await predictionsCsv(r.predictions));
}

/** A plugin fixture without imports: 1 when the 20-day return is positive (0 when `inverted`). */
function momentumPlugin(inverted: boolean): string {
  const file = join(tmp, inverted ? 'momentum-inverted.mjs' : 'momentum.mjs');
  writeFileSync(file, `export default {
  id: 'fixture-momentum', claim: 'A rally whose price rose over the last 20 days is durable.', needs: ['price'],
  scoring: '1 when the 20-day return is positive, else 0.', params: [],
  score(view) {
    const r = view.indicator('roc', 'close', 20)[view.t];
    if (Number.isNaN(r)) return { abstain: 'roc(close, 20) not available yet' };
    return { score: (r > 0) !== ${inverted} ? 1 : 0 };
  },
};\n`);
  return file;
}

/** `rally <run|baseline|check> ...` in this process. */
const rally = (args: string[]) => command({ run: runCommand, baseline: baselineCommand, check: checkCommand }[args[0] as 'run' | 'baseline' | 'check'], args);

const metricsOf = (dir: string, criterion: string): { auc: number; n: number } =>
  JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).metrics.find((m: { criterion: string }) => m.criterion === criterion);

describe('the regression gate (rally baseline / rally check)', () => {
  beforeAll(async () => {
    await writeRunOutputs(run, assemble(await executeRun(embeddedRunConfig(), { workers: 0 })));
    writeFileSync(runBaseline, baselineJson(makeBaseline(readRunRecord(run))));
  });

  it('an unchanged rerun passes; JUnit has a case for the data, the episode set and each criterion', async () => {
    const xml = join(tmp, 'rerun.xml');
    const r = await rally(['check', '--baseline', runBaseline, '--current', run, '--junit', xml]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^rally check: PASS/);
    expect(r.stdout).toMatch(/rule: .*\|change\| >= 0\.02.*excludes 0/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/failures="0"/);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    expect((junit.match(/<testcase /g) ?? []).length).toBe(1 + 1 + summary.criteria.length);
  });

  it('a fully inverted plugin fails by default, though its paired interval includes 0', async () => {
    const good = join(tmp, 'plugin'), bad = join(tmp, 'plugin-inverted'), b = join(tmp, 'plugin-baseline.json');
    // The embedded run's data, episodes and seed with fewer criteria and resamples: the plugin's row
    // (scores, n, AUC) is the one the full embedded run gives; the other rows stay identical.
    const small = join(tmp, 'small-default.json');
    writeFileSync(small, JSON.stringify({ seed: 1, datasets: [{ id: 'SP500-2000', price: '@embedded' }], episodes: [{ kind: 'rebound' }],
      criteria: ['always-durable', 'seasonality'], statistics: { bootstrap: 100, permutations: 100 } }));
    expect((await rally(['run', '--config', small, '--criterion', momentumPlugin(false), '--workers', '0', '--out', good])).code).toBe(0);
    expect((await rally(['run', '--config', small, '--criterion', momentumPlugin(true), '--workers', '0', '--out', bad])).code).toBe(0);
    const was = metricsOf(good, 'fixture-momentum').auc, now = metricsOf(bad, 'fixture-momentum').auc;
    expect(now).toBeCloseTo(1 - was, 12); // the same episodes, every call flipped
    expect(Math.abs(now - was)).toBeLessThan(0.2); // a weak signal: both AUCs sit inside each other's bootstrap interval
    expect((await rally(['baseline', '--from', good, '--out', b])).code).toBe(0);
    const r = await rally(['check', '--baseline', b, '--current', bad]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/^rally check: FAIL \(1 rows failed/);
    const line = r.stdout.split('\n').find((l) => /WORSE\s+auc/.test(l))!;
    expect(line).toContain(`${was.toFixed(3)} → ${now.toFixed(3)}`);
    // Its paired 95% interval includes 0 (inverting a weak signal is not "significant"); |change| >= 0.02 fails it.
    const [lo, hi] = /paired 95% \[([-+\d.]+), ([-+\d.]+)\]/.exec(line)!.slice(1).map(Number) as [number, number];
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    // every other row is untouched
    expect(r.stdout).toMatch(/\(2 rows unchanged/);
  });

  it('20 reruns with other seeds pass against the seed-1 baseline (only coin-flip differs, and it is compared by n)', async () => {
    const base = parseBaseline(readJsonFile(runBaseline, 'baseline'), runBaseline);
    const cfg0 = embeddedRunConfig();
    const cfg = { ...cfg0, statistics: { ...cfg0.statistics, bootstrap: 100, permutations: 100 } };
    const changedCoin: number[] = [];
    for (let seed = 2; seed <= 21; seed++) {
      const dir = join(tmp, `seed-${seed}`);
      await writeCheckedFiles(dir, assemble(await executeRun(withOverrides(cfg, { seed: String(seed) }), { workers: 0 })));
      const r = checkBaseline(base, makeBaseline(readRunRecord(dir)));
      expect(r.pass, `seed ${seed}`).toBe(true);
      const coin = r.lines.find((l) => l.criterion === 'coin-flip' && l.metric === 'auc')!;
      expect(coin.status).toBe('seeded');
      if (coin.delta !== 0) changedCoin.push(seed);
      for (const l of r.lines.filter((x) => x.criterion !== 'coin-flip' && (x.metric === 'auc' || x.metric === 'balanced_accuracy'))) {
        expect(l.delta === null || l.delta === 0, `${l.criterion} ${l.metric} seed ${seed}`).toBe(true);
        expect([l.lo, l.hi].every((x) => x === null || x === 0)).toBe(true);
      }
    }
    expect(changedCoin.length).toBeGreaterThan(15); // the seeds did change the coin flips
  });

  it('episode changes are listed; a missing row, changed n and abstentions fail; JUnit says which', async () => {
    const s = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    s.episodes[3].outcome = s.episodes[3].outcome === 'durable' ? 'failed' : 'durable';
    const dir = join(tmp, 'edited');
    mkdirSync(dir, { recursive: true });
    const preds = readFileSync(join(run, 'predictions.csv'), 'utf8').split('\n').filter((l) => !/^[^,]+,golden-cross,/.test(l));
    s.metrics = s.metrics.filter((m: { criterion: string }) => m.criterion !== 'golden-cross');
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(s));
    writeFileSync(join(dir, 'predictions.csv'), preds.join('\n'));
    const xml = join(tmp, 'edited.xml');
    const r = await rally(['check', '--baseline', runBaseline, '--current', dir, '--junit', xml]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/episodes changed in SP500-2000 rebound \(1\):\n {2}outcome +SP500-2000:rebound:\S+: \w+ → \w+/);
    expect(r.stdout).toMatch(/MISSING +golden-cross \(fast=50;slow=200;steepness=50\) on SP500-2000 rebound/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/<testcase classname="rally.episodes" name="rebound on SP500-2000">\s*<failure message="1 episodes changed"/);
    expect(junit).toMatch(/name="golden-cross">\s*<failure message="missing row"/);
  });

  it('malformed or foreign inputs are exit 2 naming the file (more cases in gate-inputs.test.ts)', async () => {
    const bad = join(tmp, 'not-a-baseline.json');
    writeFileSync(bad, '{"hello": 1}');
    let r = await rally(['check', '--baseline', bad, '--current', run]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    const dir = join(tmp, 'broken-run');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), readFileSync(join(run, 'summary.json'), 'utf8').replace('"metrics": [', '"metrics": [7, '));
    writeFileSync(join(dir, 'predictions.csv'), readFileSync(join(run, 'predictions.csv')));
    r = await rally(['check', '--baseline', runBaseline, '--current', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'summary.json'));
  });
});

describeShared('the gate catches data cut short (five FRED files cut at 1995)', () => {
  const SERIES = ['BAA10Y', 'T10Y2Y', 'DGS10', 'DGS2', 'DGS3MO'];
  const config = (folder: string): string => {
    const p = join(tmp, `run-${folder}.json`);
    writeFileSync(p, JSON.stringify({
      seed: 1,
      datasets: [{ id: 'GSPC', price: shared('sp500', 'GSPC.csv'), series: Object.fromEntries(SERIES.map((s) => [s, join(tmp, folder, `${s}.csv`)])) }],
      episodes: [{ kind: 'rebound' }],
      criteria: ['credit-spreads', 'yield-curve', 'golden-cross'],
      statistics: { bootstrap: 100, permutations: 100 },
    }));
    return p;
  };

  it('fails on the hashes and on n (credit-spreads 29 → 5), even with --allow-data-change', async () => {
    for (const folder of ['full', 'cut']) {
      mkdirSync(join(tmp, folder), { recursive: true });
      for (const s of SERIES) {
        const lines = readFileSync(shared('fred', `${s}.csv`), 'utf8').split('\n');
        const kept = folder === 'full' ? lines : lines.filter((l, i) => i === 0 || l.slice(0, 4) < '1996');
        writeFileSync(join(tmp, folder, `${s}.csv`), kept.join('\n'));
      }
      const r = await rally(['run', '--config', config(folder), '--workers', '0', '--out', join(tmp, `out-${folder}`)]);
      expect(r.code, r.stderr).toBe(0);
    }
    const full = metricsOf(join(tmp, 'out-full'), 'credit-spreads').n, cut = metricsOf(join(tmp, 'out-cut'), 'credit-spreads').n;
    expect(cut).toBeLessThan(full);
    const b = join(tmp, 'full-baseline.json');
    expect((await rally(['baseline', '--from', join(tmp, 'out-full'), '--out', b])).code).toBe(0);
    const r = await rally(['check', '--baseline', b, '--current', join(tmp, 'out-cut')]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/data files changed \(5\):/);
    for (const s of SERIES) expect(r.stdout).toMatch(new RegExp(`changed +GSPC ${s} `));
    expect(r.stdout).toMatch(new RegExp(`CHANGED +credit-spreads \\(lookback=21;steepness=5\\) on GSPC rebound\\n.*n +${full} → ${cut} `));
    const base = parseBaseline(readJsonFile(b, 'baseline'), b);
    const allowed = checkBaseline(base, makeBaseline(readRunRecord(join(tmp, 'out-cut'))), { allowDataChange: true });
    expect(allowed.pass).toBe(false); // n and abstentions still differ
    expect(allowed.dataChanges).toHaveLength(5);
    expect(checkTable(allowed)).toMatch(/5 data files changed \(allowed\)/);
    // The unchanged run passes against its own baseline.
    expect(checkBaseline(base, makeBaseline(readRunRecord(join(tmp, 'out-full')))).pass).toBe(true);
  });
});
