/**
 * `rally baseline` and `rally check` through the real executable: the
 * wiring only (files written, exit 1 when the gate fails, JUnit XML). The
 * gate's behaviour is tested in process in regression-gate.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rally } from './support/cli.ts';
import { outputFiles, runResult, tempDir } from './support/runs.ts';
import { embeddedRunConfig } from './support/embedded-run.ts';

const tmp = tempDir('cli-gate');
const summaryPath = join(tmp, 'run', 'summary.json');

describe('rally baseline / rally check from the command line', () => {
  beforeAll(async () => {
    await outputFiles(await runResult(embeddedRunConfig(), { workers: 0 }), join(tmp, 'run'));
  });

  it('baseline writes a baseline; check exits 1 on a worse run and writes JUnit XML', () => {
    const baseline = join(tmp, 'baseline.json');
    const b = rally(['baseline', '--from', summaryPath, '--out', baseline]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(baseline, 'utf8')).format).toBe('rally-baseline/2');
    const s = JSON.parse(readFileSync(summaryPath, 'utf8'));
    s.metrics = s.metrics.filter((m: { criterion: string }) => m.criterion !== 'golden-cross');
    // The gate reads the predictions.csv beside a summary: the worse run is a folder too.
    mkdirSync(join(tmp, 'worse'), { recursive: true });
    const worse = join(tmp, 'worse', 'summary.json');
    writeFileSync(worse, JSON.stringify(s));
    const preds = readFileSync(join(tmp, 'run', 'predictions.csv'), 'utf8').split('\n').filter((l) => l.split(',')[1] !== 'golden-cross');
    writeFileSync(join(tmp, 'worse', 'predictions.csv'), preds.join('\n'));
    const xml = join(tmp, 'check.xml');
    const c = rally(['check', '--baseline', baseline, '--current', worse, '--junit', xml]);
    expect(c.code, c.stderr).toBe(1);
    expect(c.stdout).toMatch(/MISSING\s+golden-cross .* on SP500-2000 rebound/);
    expect(readFileSync(xml, 'utf8')).toMatch(/failures="1"/);
  });
});
