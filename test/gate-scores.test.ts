/**
 * The gate compares what its baseline stores: every episode's score and call,
 * paired by episode, and the Brier score on those scores, not only AUC and
 * balanced accuracy. A monotone rescaling of one criterion's scores keeps its
 * ranks and calls (so AUC and balanced accuracy exactly) but changes its
 * Brier score and calibration: the gate fails it and lists the episodes;
 * floating-point noise passes; `--allow-score-change` lists score changes
 * without failing them and leaves the metric rule, which fails a change in
 * either direction (an improvement too), to decide. The small embedded run,
 * in process (`command()` in support/cli.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from './support/cli.ts';
import { checkCommand } from '../engine/cli/check-command.ts';
import { assemble, executeRun } from '../engine/run/run.ts';
import { withOverrides } from '../engine/config.ts';
import { readRunRecord } from '../engine/run/summary.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { baselineJson, makeBaseline, type Baseline } from '../reports/baseline.ts';
import { checkBaseline } from '../reports/gate-check.ts';
import { checkJunit, checkTable } from '../reports/gate-report.ts';
import { embeddedRunConfig } from './support/embedded-run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rally-gate-scores-'));
const run = join(tmp, 'run');
const baselineFile = join(tmp, 'baseline.json');
let base: Baseline;

/** A copy of the run with every scored golden-cross prediction's score replaced by `f(score)` (calls kept). */
function rescaled(name: string, f: (s: number) => string): string {
  const dir = join(tmp, name);
  cpSync(run, dir, { recursive: true });
  const file = join(dir, 'predictions.csv');
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => {
    const x = l.split(',');
    if (x[1] !== 'golden-cross' || x[3] === '') return l;
    x[3] = f(Number(x[3]));
    return x.join(',');
  });
  writeFileSync(file, lines.join('\n'));
  return dir;
}

const check = (current: string, ...flags: string[]) => command(checkCommand, ['check', '--baseline', baselineFile, '--current', current, ...flags]);
const compress = (s: number): string => (0.5 + (s - 0.5) * 0.1).toFixed(10);

describe('the gate compares per-episode scores', () => {
  beforeAll(async () => {
    const cfg0 = embeddedRunConfig();
    const cfg = { ...cfg0, statistics: { ...cfg0.statistics, bootstrap: 50, permutations: 50 } };
    await writeRunOutputs(run, assemble(await executeRun(cfg, { workers: 0 })));
    base = makeBaseline(readRunRecord(run));
    writeFileSync(baselineFile, baselineJson(base));
  });

  it('rescaled scores (same ranks and calls, AUC and balanced accuracy unchanged) fail, the episodes listed; not "unchanged"', async () => {
    const dir = rescaled('compressed', compress);
    const r = await check(dir, '--junit', join(tmp, 'compressed.xml'));
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/^rally check: FAIL \(1 rows failed/);
    const row = base.rows.find((x) => x.criterion === 'golden-cross')!;
    expect(r.stdout).toMatch(new RegExp(`CHANGED +golden-cross \\(${row.params}\\) on SP500-2000 rebound\\n +CHANGED +scores +${row.n} of \\d+ episodes differ`));
    expect(r.stdout).toMatch(/\n {6}SP500-2000:rebound:\S+: 0\.\d{4} \(call [01]\) → 0\.\d{4} \(call [01]\)\n/);
    expect(r.stdout).toMatch(/\(\d+ rows unchanged within the rule; not shown/);
    const res = checkBaseline(base, makeBaseline(readRunRecord(dir)));
    const lines = res.lines.filter((l) => l.criterion === 'golden-cross');
    for (const m of ['auc', 'balanced_accuracy'] as const) expect(lines.find((l) => l.metric === m)!.delta).toBe(0);
    expect(Math.abs(lines.find((l) => l.metric === 'brier')!.delta!)).toBeGreaterThan(0.02);
    expect(readFileSync(join(tmp, 'compressed.xml'), 'utf8')).toMatch(/name="golden-cross">\s*<failure message="changed scores"/);
  });

  it('floating-point noise passes: scores moved by 1e-9 compare equal under the default tolerance, and fail under a tighter one', async () => {
    const dir = rescaled('noise', (s) => (s < 0.5 ? s + 1e-9 : s - 1e-9).toFixed(12));
    const r = await check(dir);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^rally check: PASS \(0 rows failed/);
    expect((await check(dir, '--score-tolerance', '1e-10')).code).toBe(1);
  });

  it('--allow-score-change lists the changes without failing them; the metric rule then fails a change in either direction, improvements too', async () => {
    const small = rescaled('nudged', (s) => (s < 0.5 ? s + 1e-4 : s - 1e-4).toFixed(10));
    const r = await check(small, '--allow-score-change');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/ALLOWED +scores +\d+ of \d+ episodes differ \(score or call\); largest \|score change\| 0\.00010 \(allowed by --allow-score-change\)/);
    const brierWas = checkBaseline(base, makeBaseline(readRunRecord(run))).lines.find((l) => l.criterion === 'golden-cross' && l.metric === 'brier')!.baseline!;
    const big = rescaled('compressed-allowed', compress);
    const res = checkBaseline(base, makeBaseline(readRunRecord(big)), { allowScoreChange: true });
    const brier = res.lines.find((l) => l.criterion === 'golden-cross' && l.metric === 'brier')!;
    // Scores pulled towards 0.5 lower this criterion's Brier score (it is worse than 0.25): an improvement, and it fails.
    expect(brierWas).toBeGreaterThan(0.3);
    expect(brier.delta!).toBeLessThan(-0.02);
    expect(brier.status).toBe('better');
    expect(res.pass).toBe(false);
    expect((await check(big, '--allow-score-change')).code).toBe(1);
  });

  it('an episode scored in one run only, or a flipped call, fails even when n, AUC and balanced accuracy are unchanged', () => {
    const i = base.rows.findIndex((r) => r.scores.includes(null) && r.n > 2);
    const row = base.rows[i]!;
    const unscored = row.scores.indexOf(null), scored = row.scores.findIndex((s) => s !== null);
    const swapped = structuredClone(base);
    const r = swapped.rows[i]!;
    [r.scores[unscored], r.scores[scored]] = [r.scores[scored]!, null];
    r.calls = [...r.calls].map((c, j) => (j === unscored ? row.calls[scored]! : j === scored ? '-' : c)).join('');
    const res = checkBaseline(base, swapped);
    const line = res.lines.find((l) => l.criterion === row.criterion && l.params === row.params && l.metric === 'scores')!;
    expect(line.status).toBe('changed');
    expect(line.episodes!.map((e) => e.current === null)).toEqual(unscored < scored ? [false, true] : [true, false]);
    expect(res.lines.find((l) => l.criterion === row.criterion && l.params === row.params && l.metric === 'n')!.status).toBe('ok');
    expect(res.pass).toBe(false);
    const flipped = structuredClone(base);
    const f = flipped.rows[i]!;
    f.calls = [...f.calls].map((c, j) => (j === scored ? (c === '1' ? '0' : '1') : c)).join('');
    const line2 = checkBaseline(base, flipped).lines.find((l) => l.criterion === row.criterion && l.params === row.params && l.metric === 'scores')!;
    expect(line2.status).toBe('changed');
    expect(line2.episodes).toHaveLength(1);
    expect(line2.delta).toBe(0);
    expect(checkJunit(checkBaseline(base, flipped))).toContain('changed scores');
  });

  it('another seed: coin-flip is not compared score by score, and the report says so rather than calling it unchanged', async () => {
    const cfg0 = embeddedRunConfig();
    const cfg = withOverrides({ ...cfg0, statistics: { ...cfg0.statistics, bootstrap: 50, permutations: 50 } }, { seed: '2' });
    const dir = join(tmp, 'seed-2');
    await writeRunOutputs(dir, assemble(await executeRun(cfg, { workers: 0 })));
    const res = checkBaseline(base, makeBaseline(readRunRecord(dir)));
    expect(res.pass).toBe(true);
    expect(res.lines.find((l) => l.criterion === 'coin-flip' && l.metric === 'scores')!.status).toBe('seeded');
    expect(checkTable(res)).toMatch(/\(\d+ rows unchanged within the rule; 1 rows of seed-dependent criteria under another seed, not compared score by score; not shown/);
  });

  it('--help says what exit 1 means: any change beyond the rule, in either direction', async () => {
    const r = await command(checkCommand, ['check', '--help']);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/Exit 1 when the results changed, in either direction \(an improvement fails too/);
    expect(text).toContain('--allow-score-change');
    expect(text).toMatch(/score moved by more than 0\.000001/);
  });
});
