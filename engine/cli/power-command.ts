import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, InputError } from '../errors.ts';
import type { RunSummary } from '../results.ts';
import { minDetectableAuc, simulatePower } from '../power.ts';
import { toCsv } from '../../reports/csv.ts';
import { writeFileAtomic } from '../../reports/atomic.ts';
import type { CommandModule } from './main.ts';

function list(x: unknown, flag: string, check: (v: number) => boolean, what: string): number[] {
  const raw = Array.isArray(x) ? x : [x];
  const out = raw.flatMap((v) => String(v).split(',')).filter((s) => s.trim() !== '').map(Number);
  for (const v of out) if (!check(v)) throw new ConfigError(flag, `${what}, got ${v}`, 'flags');
  return out;
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '-');

export const powerCommand: CommandModule = {
  command: 'power',
  describe: 'Power analysis: how likely the permutation test detects a criterion of true AUC a with n episodes; or the minimum detectable AUC of a finished run',
  builder: (y: Argv) => y
    .option('auc', { type: 'string', describe: 'true AUC(s), comma-separated (e.g. 0.6,0.7,0.8)' })
    .option('n', { type: 'string', describe: 'scored episode count(s), comma-separated' })
    .option('base-rate', { type: 'number', default: 0.3, describe: 'share of durable episodes' })
    .option('alpha', { type: 'number', default: 0.05, describe: 'test level' })
    .option('replications', { type: 'number', default: 400, describe: 'simulated data sets per cell' })
    .option('permutations', { type: 'number', default: 200, describe: 'permutations per test' })
    .option('seed', { type: 'string', default: '1', describe: 'simulation seed' })
    .option('run', { type: 'string', describe: 'a finished run\'s summary.json: minimum detectable AUC at its own episode counts' })
    .option('csv', { type: 'string', describe: 'also write the table as CSV' })
    .example('rally power --auc 0.6,0.7,0.8 --n 27,60,120 --base-rate 0.25', 'power table for three effect sizes and sample sizes')
    .example('rally power --run rally-out/summary.json --csv power.csv', 'what a finished run could and could not detect'),
  handler: async (a) => {
    const alpha = a.alpha as number;
    if (!(alpha > 0 && alpha < 1)) throw new ConfigError('--alpha', `must be in (0,1), got ${alpha}`, 'flags');
    const reps = a.replications as number, perms = a.permutations as number;
    if (!(Number.isInteger(reps) && reps >= 10)) throw new ConfigError('--replications', `must be an integer >= 10, got ${reps}`, 'flags');
    if (!(Number.isInteger(perms) && perms >= 19)) throw new ConfigError('--permutations', `must be an integer >= 19, got ${perms}`, 'flags');
    const opts = { alpha, replications: reps, permutations: perms, seed: String(a.seed) };
    const lines: string[] = [];
    let header: string[];
    let rows: Array<Array<string | number>>;
    if (a.run) {
      let s: RunSummary;
      try { s = JSON.parse(readFileSync(a.run as string, 'utf8')) as RunSummary; } catch (e) {
        throw new InputError(a.run as string, 0, 0, `cannot read summary.json: ${(e as Error).message}`);
      }
      if (!Array.isArray(s.episodes)) throw new InputError(a.run as string, 0, 0, 'not a rally summary.json');
      const sets = new Map<string, { dataset: string; kind: string; n1: number; n0: number }>();
      for (const e of s.episodes) {
        if (e.outcome === 'censored') continue;
        const k = `${e.dataset}|${e.kind}`;
        const v = sets.get(k) ?? { dataset: e.dataset, kind: e.kind, n1: 0, n0: 0 };
        if (e.outcome === 'durable') v.n1++; else v.n0++;
        sets.set(k, v);
      }
      header = ['dataset', 'kind', 'n', 'durable', 'not_durable', 'alpha', 'min_detectable_auc'];
      rows = [];
      lines.push(`minimum AUC the permutation test detects with 80% power (alpha ${alpha}, ${reps} simulated data sets per point)`);
      for (const v of sets.values()) {
        const { auc } = minDetectableAuc(v.n1, v.n0, opts);
        rows.push([v.dataset, v.kind, v.n1 + v.n0, v.n1, v.n0, alpha, auc]);
        lines.push(`  ${v.dataset} ${v.kind}: with ${v.n1 + v.n0} episodes (${v.n1} durable), ` +
          (Number.isFinite(auc) ? `only AUC above ~${auc.toFixed(2)} is detectable` : 'no AUC up to 0.99 is reliably detectable'));
      }
    } else {
      if (a.auc === undefined || a.n === undefined) throw new ConfigError('--auc/--n', 'give --auc and --n (or --run summary.json)', 'flags');
      const aucs = list(a.auc, '--auc', (v) => v > 0.5 && v < 1, 'AUC must be in (0.5, 1)');
      const ns = list(a.n, '--n', (v) => Number.isInteger(v) && v >= 4, 'n must be an integer >= 4');
      const b = a['base-rate'] as number;
      if (!(b > 0 && b < 1)) throw new ConfigError('--base-rate', `must be in (0,1), got ${b}`, 'flags');
      header = ['auc', 'n', 'durable', 'not_durable', 'alpha', 'power'];
      rows = [];
      lines.push(`probability that the one-sided permutation test on AUC rejects at alpha ${alpha} (${reps} simulated data sets per cell, base rate ${b})`);
      lines.push(`${'n \\ AUC'.padEnd(10)}${aucs.map((x) => x.toFixed(2).padStart(8)).join('')}`);
      for (const n of ns) {
        const n1 = Math.max(1, Math.min(n - 1, Math.round(n * b)));
        const cells: string[] = [];
        for (const auc of aucs) {
          const p = simulatePower(auc, n1, n - n1, opts);
          rows.push([auc, n, n1, n - n1, alpha, p]);
          cells.push(pct(p).padStart(8));
        }
        lines.push(`${String(n).padEnd(10)}${cells.join('')}`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (a.csv) writeFileAtomic(a.csv as string, await toCsv(header, rows));
    return 0;
  },
};
