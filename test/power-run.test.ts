/**
 * `rally power --run` on a finished run, in this process: by default it
 * answers with the run's own seed and settings, so its rows are power.csv's
 * byte for byte (it once simulated 400 data sets where the run simulates 200,
 * and disagreed); flags that change a setting say so. On a universe run it
 * prints the pooled set with its design effect, as power.csv holds it, not a
 * line per member.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { powerCommand } from '../engine/cli/power-command.ts';
import { writeRunOutputs } from '../reports/write.ts';
import { command } from './support/cli.ts';
import { fixtureConfig, runConfig, runResult, SMALL_STATISTICS, tempDir } from './support/runs.ts';
import { describeShared } from './support/shared-data.ts';

const tmp = tempDir('power-run');

async function writtenRun(name: string, cfg: Parameters<typeof runResult>[0]): Promise<string> {
  const out = join(tmp, name);
  await writeRunOutputs(out, await runResult(cfg, { workers: 0 }));
  return out;
}

describe('rally power --run on a plain run', () => {
  it('gives power.csv\'s rows with the run\'s own settings, and says when flags change them', async () => {
    const out = await writtenRun('plain', runConfig({
      seed: 'power-seed', datasets: [{ price: '@embedded' }], episodes: [{ kind: 'rebound' }, { kind: 'seasonal' }],
      criteria: ['always-durable'], statistics: SMALL_STATISTICS,
    }));
    const csv = join(tmp, 'plain-power.csv');
    const r = await command(powerCommand, ['power', '--run', join(out, 'summary.json'), '--csv', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(out, 'power.csv'), 'utf8'));
    expect(r.stdout).toMatch(/seed "power-seed"\)\n {2}\(the run's own settings: these are the numbers of its power\.csv\)/);
    expect(r.stdout).toMatch(/^ {2}\S+ rebound: with \d+ episodes/m);
    const other = await command(powerCommand, ['power', '--run', join(out, 'summary.json'), '--replications', '60']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/60 simulated data sets per point/);
    expect(other.stdout).toMatch(/the run's own settings, those of its power\.csv, are alpha 0\.05, 200 simulated data sets per point, 200 permutations per test, seed "power-seed": these numbers differ/);
  });
});

describeShared('rally power --run on a universe run', () => {
  it('the pooled set first, with its design effect; members in one line; power.csv\'s rows', async () => {
    const out = await writtenRun('universe', fixtureConfig('universe-t10.json', {
      criteria: ['always-durable'], episodes: [{ kind: 'rebound' }], statistics: { bootstrap: 40, permutations: 40 },
    }));
    const csv = join(tmp, 'universe-power.csv');
    const r = await command(powerCommand, ['power', '--run', join(out, 'summary.json'), '--csv', csv]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(join(out, 'power.csv'), 'utf8'));
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4); // settings, whose settings, the pooled set, the members
    expect(lines[2]).toMatch(/^ {2}T10 rebound, pooled over 10 members: \d+ episodes \(\d+ durable\) in \d+ clusters \(month\*6\), design effect \d+\.\d, so worth \d+ independent episodes/);
    expect(lines[3]).toBe('  T10: its 10 members\' episodes are pooled above (power.csv has no per-member rows)');
  });
});
