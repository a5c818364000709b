/** The verdict as it opens the terminal summary of `rally run` and `rally merge`. */
import { rowWhere, VERDICT_STATUS_SHORT, type Verdict, type VerdictRow } from '../results.ts';
import { levelPercent } from '../stats/interval-choice.ts';

const KIND_TITLE: Record<string, string> = { rebound: 'Rebounds', 'sector-lead': 'Sector-led advances', seasonal: 'Seasonal windows' };

function f(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : '-';
}

function fq(q: number): string {
  return !Number.isFinite(q) ? '-' : q < 0.001 ? '<0.001' : q.toFixed(3);
}

/** Words of `text` wrapped at `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = indent + w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Where each row's episodes come from, when the rows' sources differ or are a universe's (else no column). */
function whereColumn(rows: readonly VerdictRow[], multi: boolean): ((r: VerdictRow) => string) | null {
  if (!multi && !rows.some((r) => r.scope !== undefined)) return null;
  const w = Math.min(30, Math.max(13, ...rows.map((r) => rowWhere(r, true).length + 1)));
  return (r) => {
    const t = rowWhere(r, true);
    return (t.length > w - 1 ? `${t.slice(0, w - 2)}…` : t).padEnd(w);
  };
}

function rowLine(r: VerdictRow, where: ((r: VerdictRow) => string) | null, oos: number, withParams: boolean): string {
  const head = withParams && r.params ? `${r.criterion}(${r.params})` : r.criterion;
  const tag = r.definition === undefined ? '' : ` [${r.definition}]`;
  const w = withParams ? 44 : 26;
  // A long name is cut before its definition's tag, which tells two definitions' rows apart.
  const name = head.length + tag.length > w ? `${head.slice(0, Math.max(1, w - tag.length - 1))}…${tag}` : `${head}${tag}`;
  const vsAlways = Number.isFinite(r.precision) ? `${f(r.precision, 2)} (${f(r.baseRate, 2)})` : `none called (${f(r.baseRate, 2)})`;
  return `  ${r.status === 'beats-chance' ? '✔' : ' '} ${name.padEnd(w)} ${where ? where(r) : ''}`
    + `${`${r.n} (${r.positives})`.padStart(9)}  ${f(r.auc)} [${f(r.aucCI.lo, 2)}, ${f(r.aucCI.hi, 2)}]  ${f(r.nullBand.lo, 2)}–${f(r.nullBand.hi, 2)}`
    + `  ${fq(r.qValue).padStart(6)}  ${vsAlways.padEnd(28)}${oos ? `${(r.outOfSample || '-').padEnd(oos)}` : ''}${VERDICT_STATUS_SHORT[r.status]}${r.smallSample ? '; small sample' : ''}`;
}

/** What the header says of rows whose episodes are dependent (none: ''). */
function dependenceNote(v: Verdict): string {
  const schemes = new Set(v.kinds.flatMap((k) => k.rows.map((r) => r.interval)));
  const own = [schemes.has('cluster') ? 'cluster-robust for pooled and group rows' : '', schemes.has('year-block') ? 'calendar-year blocks for sector-lead and seasonal rows' : ''].filter(Boolean);
  return own.length ? `; each row's interval is the one it reports (${own.join(', ')}), and where episodes are dependent the band is widened to match and the interval must exclude 0.5` : '';
}

/** The verdict block: one sentence per kind and its best rows against the chance band and always-durable. */
export function verdictText(v: Verdict | undefined, datasets: number): string[] {
  if (!v) return [];
  const pct = levelPercent(v.level);
  const lines = [`VERDICT — q-values adjusted over the ${v.tests} rows with a p-value; chance band = central ${pct} of the AUCs of random rankings (same n and durable count)${dependenceNote(v)}`];
  for (const k of v.kinds) {
    lines.push('', ...wrap(`${KIND_TITLE[k.kind] ?? k.kind}: ${k.sentence}`, 110, '  '));
    if (k.rows.length === 0) continue;
    const oos = k.rows.some((r) => r.outOfSample !== '') ? Math.max(14, ...k.rows.map((r) => r.outOfSample.length + 2)) : 0; // column width
    const where = whereColumn(k.rows, datasets > 1);
    const repeated = new Set(k.rows.map((r) => `${r.criterion}|${rowWhere(r, true)}`)).size < k.rows.length;
    const whereHead = where ? (k.rows.some((r) => r.scope !== undefined) ? 'rows of' : 'dataset').padEnd(where(k.rows[0]!).length) : '';
    lines.push(`    ${'criterion'.padEnd(repeated ? 44 : 26)} ${whereHead}${'n (dur.)'.padStart(9)}  ${`AUC   [${pct} CI]`.padEnd(20)}chance band     q  precision (always-durable)  ${oos ? 'out-of-sample'.padEnd(oos) : ''}standing`);
    for (const r of k.rows) lines.push(rowLine(r, where, oos, repeated));
    const hidden = k.winners - k.rows.filter((r) => r.status === 'beats-chance').length;
    const more = `${k.more} more row${k.more === 1 ? '' : 's'}`;
    if (k.more > 0) lines.push(`    … ${hidden > 0 ? `${hidden} more beat chance; ${more} in all` : `${more} (baselines, unscored, too small to judge, lower AUC)`} in report.html and metrics.csv`);
  }
  return [...lines, ''];
}
