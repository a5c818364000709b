/**
 * `rally power`: a power table for given AUCs and episode counts, or what a
 * finished run could and could not detect (`--run`), as its power.csv holds
 * it: a universe's pooled set (its members' episodes, with the design effect
 * of their clustering in time) first, then the plain datasets' sets; with the
 * run's own settings (then the numbers are power.csv's) unless flags change them.
 */
import { ConfigError } from '../errors.ts';
import { EXIT } from '../vocabulary.ts';
import { defineCommand } from './command.ts';
import type { PowerRow } from '../results.ts';
import type { PowerSettings, RunPower } from '../run/power.ts';

/** A comma-separated list (a flag given twice arrives as an array). */
function list(x: string | readonly string[], flag: string, check: (v: number) => boolean, what: string): number[] {
  const texts = (Array.isArray(x) ? x : [x]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const t of texts) if (!check(Number(t))) throw new ConfigError(flag, `${what}, got '${t}'`, 'flags');
  return texts.map(Number);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '-');

/** The power grid's simulation settings when no flag gives them (`--run` uses the run's own). */
const GRID = { alpha: 0.05, replications: 400, permutations: 200, seed: '1' } as const;

const AUCS = ['0.6', '0.7', '0.8', '0.9'];

function detectable(r: PowerRow): string {
  return `${Number.isFinite(r.minDetectableAuc) ? `only AUC above ~${r.minDetectableAuc.toFixed(2)} is detectable` : 'no AUC up to 0.99 is reliably detectable'}` +
    `; power at AUC ${AUCS.join('/')}: ${AUCS.map((k) => pct(r.power[k]!)).join(' / ')}`;
}

function setName(r: PowerRow): string {
  return `${r.dataset} ${r.kind}${r.definition === undefined ? '' : ` (${r.definition})`}`;
}

function pooledLine(r: PowerRow, members: number | undefined): string {
  const c = r.clustered!;
  return `  ${setName(r)}, pooled over ${members ?? 'its'} members: ${r.n} episodes (${r.positives} durable) in ${c.clusters} clusters (${c.by}), ` +
    `design effect ${c.designEffect.toFixed(1)}, so worth ${c.effectivePositives + c.effectiveNegatives} independent episodes (${c.effectivePositives} durable); ${detectable(r)}`;
}

function settingsText(st: PowerSettings): string {
  return `alpha ${st.alpha}, ${st.replications} simulated data sets per point, ${st.permutations} permutations per test, seed ${JSON.stringify(st.seed)}`;
}

function sameSettings(a: PowerSettings, b: PowerSettings): boolean {
  return a.seed === b.seed && a.alpha === b.alpha && a.replications === b.replications && a.permutations === b.permutations;
}

/** The lines of `rally power --run`: settings, pooled universe sets, members in a word, plain sets. */
export function runPowerLines(p: RunPower): string[] {
  const own = sameSettings(p.settings, p.runSettings);
  const lines = [
    `minimum AUC the permutation test detects with 80% power (${settingsText(p.settings)})`,
    own ? '  (the run\'s own settings: these are the numbers of its power.csv)'
      : `  (the run's own settings, those of its power.csv, are ${settingsText(p.runSettings)}: these numbers differ from power.csv's by that change and by simulation noise)`,
  ];
  const members = new Map(p.universes.map((u) => [u.id, u.members]));
  for (const r of p.rows.filter((x) => x.clustered)) lines.push(pooledLine(r, members.get(r.dataset)));
  for (const u of p.universes) lines.push(`  ${u.id}: its ${u.members} members' episodes are pooled above (power.csv has no per-member rows)`);
  for (const r of p.rows.filter((x) => !x.clustered)) lines.push(`  ${setName(r)}: with ${r.n} episodes (${r.positives} durable), ${detectable(r)}`);
  return lines;
}

export const powerCommand = defineCommand({
  command: 'power',
  describe: 'Power analysis: how likely the permutation test detects a criterion of true AUC a with n episodes; or the minimum detectable AUC of a finished run',
  options: {
    flags: {
      auc: { type: 'string', describe: 'true AUC(s), comma-separated (e.g. 0.6,0.7,0.8)' },
      n: { type: 'string', describe: 'scored episode count(s), comma-separated' },
      'base-rate': { type: 'number', default: 0.3, describe: 'share of durable episodes' },
      alpha: { type: 'number', describe: `test level (default ${GRID.alpha}; with --run: the run's own)` },
      replications: { type: 'number', describe: `simulated data sets per cell (default ${GRID.replications}; with --run: the run's own, as in its power.csv)` },
      permutations: { type: 'number', describe: `permutations per test (default ${GRID.permutations}; with --run: the run's own)` },
      seed: { type: 'string', describe: `simulation seed (default ${GRID.seed}; with --run: the run's seed)` },
      run: { type: 'string', describe: 'a finished run\'s summary.json: minimum detectable AUC of each of its episode sets, as its power.csv (a universe: its pooled set, with the design effect)' },
      csv: { type: 'string', describe: 'also write the table as CSV' },
    },
    conflicts: [['run', ['auc', 'n']]],
    examples: [
      ['rally power --auc 0.6,0.7,0.8 --n 27,60,120 --base-rate 0.25', 'power table for three effect sizes and sample sizes'],
      ['rally power --run rally-out/summary.json', 'what a finished run could and could not detect (its power.csv, in words)'],
      ['rally power --run rally-out/summary.json --replications 2000', 'the same, with less simulation noise than the run\'s own settings'],
    ],
  },
  handler: async (a) => {
    const { alpha, replications: reps, permutations: perms } = a;
    if (alpha !== undefined && !(alpha > 0 && alpha < 1)) throw new ConfigError('--alpha', `must be in (0,1), got ${alpha}`, 'flags');
    if (reps !== undefined && !(Number.isInteger(reps) && reps >= 10)) throw new ConfigError('--replications', `must be an integer >= 10, got ${reps}`, 'flags');
    if (perms !== undefined && !(Number.isInteger(perms) && perms >= 19)) throw new ConfigError('--permutations', `must be an integer >= 19, got ${perms}`, 'flags');
    // Loaded here, not at start-up (`rally --help` needs none of them).
    const [{ writeFileAtomic }, { powerGrid, powerOfRun }, { powerCsv }, { toCsv }] = await Promise.all([
      import('../files.ts'), import('../run/power.ts'), import('../../reports/tables.ts'), import('../../reports/csv.ts'),
    ]);
    if (a.run) {
      // The run's own seed and settings unless flags change them: then the rows are its power.csv's.
      const p = powerOfRun(a.run, { seed: a.seed, alpha, replications: reps, permutations: perms });
      process.stdout.write(`${runPowerLines(p).join('\n')}\n`);
      // The same rows and columns as the run's own power.csv.
      if (a.csv) writeFileAtomic(a.csv, await powerCsv(p.rows));
      return EXIT.ok;
    }
    const g = { alpha: alpha ?? GRID.alpha, replications: reps ?? GRID.replications, permutations: perms ?? GRID.permutations, seed: a.seed ?? GRID.seed };
    if (a.auc === undefined || a.n === undefined) throw new ConfigError('--auc/--n', 'give --auc and --n (or --run summary.json)', 'flags');
    const aucs = list(a.auc, '--auc', (v) => v > 0.5 && v < 1, 'AUC must be in (0.5, 1)');
    const ns = list(a.n, '--n', (v) => Number.isInteger(v) && v >= 4, 'n must be an integer >= 4');
    const b = a.baseRate;
    if (!(b > 0 && b < 1)) throw new ConfigError('--base-rate', `must be in (0,1), got ${b}`, 'flags');
    const cells = powerGrid(aucs, ns, b, g);
    const lines = [`probability that the two-sided permutation test on AUC rejects at alpha ${g.alpha} (${g.replications} simulated data sets per cell, base rate ${b})`];
    lines.push(`${'n \\ AUC'.padEnd(10)}${aucs.map((x) => x.toFixed(2).padStart(8)).join('')}`);
    ns.forEach((n, i) => lines.push(`${String(n).padEnd(10)}${cells.slice(i * aucs.length, (i + 1) * aucs.length).map((c) => pct(c.power).padStart(8)).join('')}`));
    process.stdout.write(`${lines.join('\n')}\n`);
    const rows = cells.map((c) => [c.auc, c.n, c.durable, c.n - c.durable, g.alpha, c.power]);
    if (a.csv) writeFileAtomic(a.csv, await toCsv(['auc', 'n', 'durable', 'not_durable', 'alpha', 'power'], rows));
    return EXIT.ok;
  },
});
