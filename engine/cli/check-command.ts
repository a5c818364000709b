import type { Argv } from 'yargs';
import { ConfigError, InputError } from '../errors.ts';
import { readJsonFile, writeFileAtomic } from '../files.ts';
import { EXIT } from '../vocabulary.ts';
import { readRunSummary } from '../run/summary.ts';
import { checkBaseline, checkJunit, checkTable, type Baseline } from '../../reports/baseline.ts';
import { defineCommand } from './command.ts';

function readBaseline(file: string): Baseline {
  const base = readJsonFile(file, 'baseline') as Partial<Baseline> | null;
  if (base?.format !== 'rally-baseline/1') throw new InputError(file, 0, 0, 'not a rally baseline (format rally-baseline/1)');
  return base as Baseline;
}

export const checkCommand = defineCommand({
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
    const base = readBaseline(a.baseline);
    const tol = a.tolerance;
    if (tol !== undefined && !(tol >= 0)) throw new ConfigError('--tolerance', `expected a number >= 0, got ${tol}`, 'flags');
    const r = checkBaseline(base, readRunSummary(a.current), tol);
    process.stdout.write(checkTable(r, a.all));
    if (a.junit) writeFileAtomic(a.junit, checkJunit(r));
    return r.pass ? EXIT.ok : EXIT.checkFailed;
  },
});
