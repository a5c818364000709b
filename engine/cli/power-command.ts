import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';

/** A comma-separated list (a flag given twice arrives as an array). */
function list(x: string | readonly string[], flag: string, check: (v: number) => boolean, what: string): number[] {
  const texts = (Array.isArray(x) ? x : [x]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const t of texts) if (!check(Number(t))) throw new ConfigError(flag, `${what}, got '${t}'`, 'flags');
  return texts.map(Number);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '-');

export const powerCommand = defineCommand({
  command: 'power',
  describe: 'Power analysis: how likely the permutation test detects a criterion of true AUC a with n episodes; or the minimum detectable AUC of a finished run',
  options: {
    flags: {
      auc: { type: 'string', describe: 'true AUC(s), comma-separated (e.g. 0.6,0.7,0.8)' },
      n: { type: 'string', describe: 'scored episode count(s), comma-separated' },
      'base-rate': { type: 'number', default: 0.3, describe: 'share of durable episodes' },
      alpha: { type: 'number', default: 0.05, describe: 'test level' },
      replications: { type: 'number', default: 400, describe: 'simulated data sets per cell' },
      permutations: { type: 'number', default: 200, describe: 'permutations per test' },
      seed: { type: 'string', default: '1', describe: 'simulation seed' },
      run: { type: 'string', describe: 'a finished run\'s summary.json: minimum detectable AUC at its own episode counts' },
      csv: { type: 'string', describe: 'also write the table as CSV' },
    },
    conflicts: [['run', ['auc', 'n']]],
    examples: [
      ['rally power --auc 0.6,0.7,0.8 --n 27,60,120 --base-rate 0.25', 'power table for three effect sizes and sample sizes'],
      ['rally power --run rally-out/summary.json --csv power.csv', 'what a finished run could and could not detect'],
    ],
  },
  handler: async (a) => {
    const { alpha, replications: reps, permutations: perms, seed } = a;
    if (!(alpha > 0 && alpha < 1)) throw new ConfigError('--alpha', `must be in (0,1), got ${alpha}`, 'flags');
    if (!(Number.isInteger(reps) && reps >= 10)) throw new ConfigError('--replications', `must be an integer >= 10, got ${reps}`, 'flags');
    if (!(Number.isInteger(perms) && perms >= 19)) throw new ConfigError('--permutations', `must be an integer >= 19, got ${perms}`, 'flags');
    // Loaded here, not at start-up (`rally --help` needs none of them).
    const [{ writeFileAtomic }, { powerGrid, powerOfRun }, { powerCsv }, { toCsv }] = await Promise.all([
      import('../files.ts'), import('../run/power.ts'), import('../../reports/tables.ts'), import('../../reports/csv.ts'),
    ]);
    const lines: string[] = [];
    if (a.run) {
      const rows = powerOfRun(a.run, seed, alpha, reps);
      lines.push(`minimum AUC the permutation test detects with 80% power (alpha ${alpha}, ${reps} simulated data sets per point)`);
      for (const r of rows) {
        lines.push(`  ${r.dataset} ${r.kind}: with ${r.n} episodes (${r.positives} durable), ` +
          (Number.isFinite(r.minDetectableAuc) ? `only AUC above ~${r.minDetectableAuc.toFixed(2)} is detectable` : 'no AUC up to 0.99 is reliably detectable') +
          `; power at AUC 0.6/0.7/0.8/0.9: ${['0.6', '0.7', '0.8', '0.9'].map((k) => pct(r.power[k]!)).join(' / ')}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      // The same columns as the run's own power.csv.
      if (a.csv) writeFileAtomic(a.csv, await powerCsv(rows));
      return EXIT.ok;
    }
    if (a.auc === undefined || a.n === undefined) throw new ConfigError('--auc/--n', 'give --auc and --n (or --run summary.json)', 'flags');
    const aucs = list(a.auc, '--auc', (v) => v > 0.5 && v < 1, 'AUC must be in (0.5, 1)');
    const ns = list(a.n, '--n', (v) => Number.isInteger(v) && v >= 4, 'n must be an integer >= 4');
    const b = a.baseRate;
    if (!(b > 0 && b < 1)) throw new ConfigError('--base-rate', `must be in (0,1), got ${b}`, 'flags');
    const cells = powerGrid(aucs, ns, b, { alpha, replications: reps, permutations: perms, seed });
    lines.push(`probability that the two-sided permutation test on AUC rejects at alpha ${alpha} (${reps} simulated data sets per cell, base rate ${b})`);
    lines.push(`${'n \\ AUC'.padEnd(10)}${aucs.map((x) => x.toFixed(2).padStart(8)).join('')}`);
    ns.forEach((n, i) => lines.push(`${String(n).padEnd(10)}${cells.slice(i * aucs.length, (i + 1) * aucs.length).map((c) => pct(c.power).padStart(8)).join('')}`));
    process.stdout.write(`${lines.join('\n')}\n`);
    const rows = cells.map((c) => [c.auc, c.n, c.durable, c.n - c.durable, alpha, c.power]);
    if (a.csv) writeFileAtomic(a.csv, await toCsv(['auc', 'n', 'durable', 'not_durable', 'alpha', 'power'], rows));
    return EXIT.ok;
  },
});
