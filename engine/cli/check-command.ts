import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import type { GateOptions } from '../../reports/gate-check.ts';
import { defineCommand } from './command.ts';

const rule = (changeRule: (g: GateOptions) => string, gate: GateOptions): string => `Fails (exit ${EXIT.checkFailed}) when: a data file's sha256 changed or a file was added or removed (unless --allow-data-change); `
  + 'an episode was added or removed or its outcome changed (each listed); a row\'s n or abstentions changed, or a row disappeared; '
  + `or ${changeRule(gate)} (defaults; --tolerance and --min-effect change them). `
  + 'Unchanged data and code give identical per-episode scores, so every paired change is exactly 0 and a rerun passes with any seed; '
  + 'only seed-dependent criteria (coin-flip; --seed-dependent adds more) draw different scores under another seed, '
  + 'and those rows are then compared by n and abstentions only. '
  + `Malformed or foreign input files: exit ${EXIT.usage}, naming the file.`;

function nonNegative(flag: string, x: number): number {
  if (!(Number.isFinite(x) && x >= 0)) throw new ConfigError(flag, `expected a number >= 0, got ${x}`, 'flags');
  return x;
}

export const checkCommand = defineCommand({
  command: 'check',
  describe: 'Regression gate: compare a run against a baseline, like with like (data hashes, episodes, paired per-episode scores); exit 1 on a regression',
  // The gate's defaults come from reports/gate-check.ts, loaded only for `rally check` (not at start-up).
  options: async () => {
    const { changeRule, DEFAULT_GATE } = await import('../../reports/gate-check.ts');
    return {
      flags: {
        baseline: { type: 'string', required: true, describe: 'baseline.json written by rally baseline' },
        current: { type: 'string', default: 'rally-out', describe: 'the run to check: its output folder or summary.json (predictions.csv must be beside it)' },
        tolerance: { type: 'number', default: DEFAULT_GATE.tolerance, describe: 'a paired change of AUC or balanced accuracy at least this large fails' },
        'min-effect': { type: 'number', default: DEFAULT_GATE.minEffect, describe: 'a smaller change fails when at least this large and its paired 95% interval excludes 0' },
        'allow-data-change': { type: 'boolean', default: false, describe: 'report changed data files (hashes) without failing' },
        'seed-dependent': { type: 'string', array: true, default: [...DEFAULT_GATE.seedDependent], describe: 'criteria whose scores depend on the run seed' },
        junit: { type: 'string', describe: 'also write JUnit XML (data files, each episode set, each criterion × episode kind)' },
        all: { type: 'boolean', default: false, describe: 'show unchanged rows too' },
      },
      examples: [
        ['rally check --baseline baseline.json --current rally-out --junit rally-check.xml', 'gate a CI run'],
        ['rally check --baseline baseline.json --tolerance 0.05', 'let paired changes below 0.05 pass unless systematic'],
      ],
      epilog: rule(changeRule, DEFAULT_GATE),
    };
  },
  handler: async (a) => {
    const opts = {
      tolerance: nonNegative('--tolerance', a.tolerance),
      minEffect: nonNegative('--min-effect', a.minEffect),
      allowDataChange: a.allowDataChange,
      seedDependent: a.seedDependent.map(String),
    };
    const [{ readJsonFile, writeFileAtomic }, { readRunRecord }, { makeBaseline }, { parseBaseline }, { checkBaseline }, { checkJunit, checkTable }] = await Promise.all([
      import('../files.ts'), import('../run/summary.ts'), import('../../reports/baseline.ts'), import('../../reports/baseline-parse.ts'),
      import('../../reports/gate-check.ts'), import('../../reports/gate-report.ts'),
    ]);
    const base = parseBaseline(readJsonFile(a.baseline, 'baseline'), a.baseline);
    const r = checkBaseline(base, makeBaseline(readRunRecord(a.current)), opts);
    process.stdout.write(checkTable(r, a.all));
    if (a.junit) writeFileAtomic(a.junit, checkJunit(r));
    return r.pass ? EXIT.ok : EXIT.checkFailed;
  },
});
