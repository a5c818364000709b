/** Walk-forward selection and replication as the terminal summary states them (runs that configure them). */
import type { RunSummary } from '../results.ts';

const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '-');
const MAX_LINES = 10;

export function selectionLines(s: RunSummary): string[] {
  const lines: string[] = [];
  const wf = s.walkForward ?? [];
  if (wf.length) lines.push('', `WALK-FORWARD (chosen by ${s.evaluation?.walkForward?.objective ?? 'auc'} on outcomes known before each step, scored on the next block; walk-forward.csv)`);
  for (const r of wf.slice(0, MAX_LINES)) {
    lines.push(`  ${r.criterion} ${r.dataset}/${r.kind}, ${r.sets} sets, ${r.steps.length} steps: out of sample AUC ${f(r.oosAuc)} [${f(r.oosAucCI.lo, 2)}, ${f(r.oosAucCI.hi, 2)}] p ${f(r.oosP)} n ${r.oosN}`
      + ` | in-sample best ${f(r.bestAuc)} (${r.bestParams}) family-wise p ${f(r.bestFamilyP)} PBO ${f(r.pbo, 2)}`);
  }
  if (wf.length > MAX_LINES) lines.push(`  … ${wf.length - MAX_LINES} more grids in walk-forward.csv`);
  const rep = s.replication ?? [];
  if (rep.length) {
    const cells = rep.flatMap((r) => r.targets);
    const count = (st: string): number => cells.filter((c) => c.status === st).length;
    lines.push('', `REPLICATION (chosen on ${s.evaluation?.replication?.discovery ?? '?'}, same parameters elsewhere; replication.csv): `
      + `${count('replicated')} replicated, ${count('reversed')} reversed, ${count('not replicated')} not replicated, ${count('not discovered')} not discovered, ${count('untested')} untested (criterion × dataset)`);
  }
  return lines;
}
