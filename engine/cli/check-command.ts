import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import type { GateOptions } from '../../reports/gate-check.ts';
import { defineCommand } from './command.ts';

const rule = (changeRule: (g: GateOptions) => string, gate: GateOptions): string => `Exit ${EXIT.checkFailed} when the results changed, in either direction `
  + '(an improvement fails too: the gate is a golden master, and a deliberate change is accepted by writing a new baseline with rally baseline). '
  + 'It fails when: a data file\'s sha256 changed or a file was added or removed (unless --allow-data-change); '
  + 'an episode was added or removed or its outcome changed (each listed); a row\'s n, abstentions or failed count changed, or a row disappeared or is no longer scored. '
  + `The rule for scores and statistics: ${changeRule(gate)} (defaults; --score-tolerance, --allow-score-change, --tolerance and --min-effect change them). `
  + 'Unchanged data and code give identical per-episode scores, so nothing differs and a rerun passes with any seed; '
  + 'only seed-dependent criteria (coin-flip; --seed-dependent adds more) draw different scores under another seed, '
  + 'and those rows are then compared by n, abstentions and failed only. '
  + `Exit ${EXIT.ok} otherwise (new rows, allowed changes and notes are reported). Malformed or foreign input files: exit ${EXIT.usage}, naming the file.`;

function nonNegative(flag: string, x: number): number {
  if (!(Number.isFinite(x) && x >= 0)) throw new ConfigError(flag, `expected a number >= 0, got ${x}`, 'flags');
  return x;
}

export const checkCommand = defineCommand({
  command: 'check',
  describe: 'Regression gate: compare a run against a baseline, like with like (data hashes, episodes, paired per-episode scores); exit 1 when results changed beyond the rule, in either direction',
  // The gate's defaults come from reports/gate-check.ts, loaded only for `rally check` (not at start-up).
  options: async () => {
    const { changeRule, DEFAULT_GATE } = await import('../../reports/gate-check.ts');
    return {
      flags: {
        baseline: { type: 'string', required: true, describe: 'baseline.json written by rally baseline' },
        current: { type: 'string', default: 'rally-out', describe: 'the run to check: its output folder or summary.json (predictions.csv must be beside it)' },
        tolerance: { type: 'number', default: DEFAULT_GATE.tolerance, describe: 'a paired change of AUC, balanced accuracy or Brier score at least this large fails (either direction)' },
        'min-effect': { type: 'number', default: DEFAULT_GATE.minEffect, describe: 'a smaller change fails when at least this large and its paired 95% interval excludes 0' },
        'score-tolerance': { type: 'number', default: DEFAULT_GATE.scoreTolerance, describe: 'an episode whose score moved by more than this differs (the default is above floating-point noise)' },
        'allow-score-change': { type: 'boolean', default: false, describe: 'list per-episode score and call changes without failing; the AUC, balanced accuracy and Brier rule alone decides' },
        'allow-data-change': { type: 'boolean', default: false, describe: 'report changed data files (hashes) without failing' },
        'seed-dependent': { type: 'string', array: true, default: [...DEFAULT_GATE.seedDependent], describe: 'criteria whose scores depend on the run seed' },
        junit: { type: 'string', describe: 'also write JUnit XML (data files, each episode set, each criterion × episode kind)' },
        all: { type: 'boolean', default: false, describe: 'show unchanged rows too' },
      },
      examples: [
        ['rally check --baseline baseline.json --current rally-out --junit rally-check.xml', 'gate a CI run'],
        ['rally check --baseline baseline.json --allow-score-change --tolerance 0.05', 'list changed scores; fail only on paired metric changes of 0.05 or more, or smaller systematic ones'],
      ],
      epilog: rule(changeRule, DEFAULT_GATE),
    };
  },
  handler: async (a) => {
    const opts = {
      tolerance: nonNegative('--tolerance', a.tolerance),
      minEffect: nonNegative('--min-effect', a.minEffect),
      scoreTolerance: nonNegative('--score-tolerance', a.scoreTolerance),
      allowScoreChange: a.allowScoreChange,
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
