/**
 * THE REGRESSION GATE (rally baseline / rally check): the default run passes
 * against the committed baseline (test/fixtures/baseline-default.json) and
 * against its own fresh baseline; a run where a criterion got worse,
 * disappeared or an episode's outcome changed fails, with a readable diff
 * and JUnit XML; a fixed --tolerance is a delta; a file that is not a
 * baseline is refused, naming it.
 *
 * The default run (full statistics: the committed baseline's intervals come
 * from them) happens in this process and writes its files as `rally run`
 * does; `rally baseline` and `rally check` run in this process through their
 * own flag parsing (test/support/cli.ts). The spawned executable's exit codes
 * are checked in cli-gate.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRunConfig } from '../engine/config.ts';
import { baselineCommand } from '../engine/cli/baseline-command.ts';
import { checkCommand } from '../engine/cli/check-command.ts';
import { command } from './support/cli.ts';
import { fixture, outputFiles, runResult, tempDir } from './support/runs.ts';

const committed = fixture('baseline-default.json');
const tmp = tempDir('gate');
const summaryPath = join(tmp, 'default', 'summary.json');
const check = (...args: string[]) => command(checkCommand, ['check', ...args]);

/** The parts of summary.json the tests edit. */
interface Summary {
  criteria: unknown[];
  metrics: Array<{ criterion: string; auc: number; aucCI: { lo: number } }>;
  episodes: Array<{ outcome: string }>;
}
const readSummary = (): Summary => JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;

/** The default run's summary.json with `edit` applied, written to `name`. */
function editedSummary(name: string, edit: (s: Summary) => void): string {
  const s = readSummary();
  edit(s);
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(s));
  return p;
}

describe('the regression gate (rally baseline / rally check)', () => {
  beforeAll(async () => {
    await outputFiles(await runResult(defaultRunConfig(), { workers: 0 }), join(tmp, 'default'));
  });

  it('dogfood: the default run passes against the committed baseline', async () => {
    const xml = join(tmp, 'committed.xml');
    const r = await check('--baseline', committed, '--current', summaryPath, '--junit', xml);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/failures="0"/);
    // one test case per criterion × kind, plus the episode set
    expect((junit.match(/<testcase /g) ?? []).length).toBe(readSummary().criteria.length + 1);
  });

  it('passes against its own fresh baseline', async () => {
    const b = join(tmp, 'own.json');
    const made = await command(baselineCommand, ['baseline', '--from', summaryPath, '--out', b]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`${readSummary().episodes.length} episodes → ${b}`);
    expect((await check('--baseline', b, '--current', summaryPath)).code).toBe(0);
  });

  it('fails with a readable diff and JUnit XML when a criterion gets worse, disappears, or episodes change', async () => {
    let before = NaN;
    const worse = editedSummary('worse.json', (s) => {
      const row = s.metrics.find((m) => m.criterion === 'seasonality')!;
      before = row.auc;
      row.auc = row.aucCI.lo - 0.05; // below the baseline's bootstrap interval
      s.metrics = s.metrics.filter((m) => m.criterion !== 'golden-cross');
      s.episodes[3]!.outcome = s.episodes[3]!.outcome === 'durable' ? 'failed' : 'durable';
    });
    const xml = join(tmp, 'worse.xml');
    const r = await check('--baseline', committed, '--current', worse, '--junit', xml);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.stdout).toMatch(/WORSE\s+SP500-2000\s+seasonality\S*\s+rebound\s+auc/);
    expect(r.stdout).toContain(before.toFixed(3));
    expect(r.stdout).toMatch(/MISSING\s+SP500-2000\s+golden-cross/);
    expect(r.stdout).toMatch(/episode set changed \(1\)/);
    const junit = readFileSync(xml, 'utf8');
    expect(junit).toMatch(/failures="3"/);
    expect(junit).toMatch(/name="seasonality">\s*<failure message="worse auc"/);
    expect(junit).toMatch(/name="golden-cross">\s*<failure message="missing row"/);
  });

  it('a fixed --tolerance is a delta, not the interval', async () => {
    const p = editedSummary('slightly.json', (s) => {
      s.metrics.find((m) => m.criterion === 'seasonality')!.auc -= 0.02;
    });
    expect((await check('--baseline', committed, '--current', p, '--tolerance', '0.05')).code).toBe(0);
    expect((await check('--baseline', committed, '--current', p, '--tolerance', '0.01')).code).toBe(1);
  });

  it('bad baseline input exits 2 with the file named', async () => {
    const p = join(tmp, 'not-a-baseline.json');
    writeFileSync(p, '{"hello": 1}');
    const r = await check('--baseline', p, '--current', summaryPath);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(p);
  });
});
