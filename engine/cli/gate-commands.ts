import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, InputError } from '../errors.ts';
import type { RunSummary } from '../results.ts';
import { checkBaseline, checkJunit, checkTable, makeBaseline, type Baseline } from '../../reports/baseline.ts';
import { writeFileAtomic } from '../files.ts';
import type { CommandModule } from './main.ts';

function readJson<T>(file: string, what: string): T {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) {
    throw new InputError(file, 0, 0, `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try { return JSON.parse(text) as T; } catch (e) { throw new InputError(file, 0, 0, `not valid JSON: ${(e as Error).message}`); }
}

function readSummary(file: string): RunSummary {
  const s = readJson<RunSummary>(file, 'summary.json');
  if (!s || !Array.isArray(s.metrics) || !Array.isArray(s.episodes)) throw new InputError(file, 0, 0, 'not a rally summary.json (no metrics/episodes)');
  // summary.json writes NaN as null; restore numbers the checker reads.
  for (const m of s.metrics) {
    for (const k of ['auc', 'balancedAccuracy'] as const) if (m[k] === null) (m as unknown as Record<string, number>)[k] = NaN;
    for (const k of ['aucCI', 'balancedAccuracyCI'] as const) {
      if (m[k].lo === null) m[k].lo = NaN;
      if (m[k].hi === null) m[k].hi = NaN;
    }
  }
  return s;
}

export const baselineCommand: CommandModule = {
  command: 'baseline',
  describe: 'Write a baseline (expected statistics) from a run\'s summary.json, for `rally check`',
  builder: (y: Argv) => y
    .option('from', { type: 'string', default: 'rally-out/summary.json', describe: 'summary.json of the reference run' })
    .option('out', { alias: 'o', type: 'string', default: 'baseline.json', describe: 'baseline file to write' })
    .example('rally baseline --from rally-out/summary.json --out baseline.json', 'declare the current statistics as the baseline'),
  handler: async (a) => {
    const b = makeBaseline(readSummary(a.from as string));
    writeFileAtomic(a.out as string, `${JSON.stringify(b, null, 2)}\n`);
    process.stdout.write(`baseline: ${b.rows.length} criterion rows, ${b.episodes.length} episodes → ${String(a.out)}\n`);
    return 0;
  },
};

export const checkCommand: CommandModule = {
  command: 'check',
  describe: 'Regression gate: compare a run against a baseline; exit 1 when a criterion got worse or the episodes changed',
  builder: (y: Argv) => y
    .option('baseline', { type: 'string', demandOption: true, describe: 'baseline.json written by rally baseline' })
    .option('current', { type: 'string', default: 'rally-out/summary.json', describe: 'summary.json of the run to check' })
    .option('tolerance', { type: 'number', describe: 'allowed drop in AUC / balanced accuracy (default: the baseline\'s 95% bootstrap interval)' })
    .option('junit', { type: 'string', describe: 'also write JUnit XML (one test case per criterion × episode kind)' })
    .option('all', { type: 'boolean', default: false, describe: 'show passing checks too' })
    .example('rally check --baseline baseline.json --current rally-out/summary.json --junit rally-check.xml', 'gate a CI run')
    .example('rally check --baseline baseline.json --tolerance 0.02', 'fail on any AUC drop above 0.02'),
  handler: async (a) => {
    const base = readJson<Baseline>(a.baseline as string, 'baseline');
    if (base?.format !== 'rally-baseline/1') throw new InputError(a.baseline as string, 0, 0, 'not a rally baseline (format rally-baseline/1)');
    const tol = a.tolerance as number | undefined;
    if (tol !== undefined && !(tol >= 0)) throw new ConfigError('--tolerance', `expected a number >= 0, got ${tol}`, 'flags');
    const r = checkBaseline(base, readSummary(a.current as string), tol);
    process.stdout.write(checkTable(r, a.all as boolean));
    if (a.junit) writeFileAtomic(a.junit as string, checkJunit(r));
    return r.pass ? 0 : 1;
  },
};
