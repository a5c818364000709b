/**
 * Advance/decline breadth files: a date column and any of advancers,
 * decliners, unchanged issues, advancing/declining/unchanged volume, new
 * highs, new lows. Header names are matched loosely (advn, advances,
 * advancers, adv...). Series get the engine's standard names (adv, dec, unch,
 * adv_volume, dec_volume, unch_volume, new_highs, new_lows); unrecognised
 * columns keep their header as name with a `breadth.` prefix.
 */
import { InputError, printable } from '../../engine/errors.ts';
import type { Series } from '../../engine/types.ts';
import { cellError, parseColumns } from './columns.ts';
import { emptyStats, headerKey, readFileText, type FileText } from './table.ts';

const NAMES: Array<[string, string[]]> = [
  ['adv', ['advn', 'adv', 'advances', 'advancers', 'advancing', 'advancingissues']],
  ['dec', ['decln', 'dec', 'declines', 'decliners', 'declining', 'decliningissues']],
  ['unch', ['unchn', 'unch', 'unchanged', 'unchangedissues']],
  ['adv_volume', ['advv', 'advvol', 'advvolume', 'advancingvolume', 'upvolume', 'upvol']],
  ['dec_volume', ['declv', 'decvol', 'decvolume', 'decliningvolume', 'downvolume', 'downvol']],
  ['unch_volume', ['unchv', 'unchvol', 'unchangedvolume']],
  ['new_highs', ['newhi', 'newhighs', 'highs']],
  ['new_lows', ['newlo', 'newlows', 'lows']],
];

export function breadthName(header: string): string {
  const k = headerKey(header);
  for (const [name, keys] of NAMES) if (keys.includes(k)) return name;
  return `breadth.${header}`;
}

export function readBreadth(file: string): Series[] {
  return parseBreadth(readFileText(file));
}

export function parseBreadth(ft: FileText): Series[] {
  const t = parseColumns(ft);
  const out: Series[] = [];
  for (const [header, values] of t.values) {
    const stats = emptyStats();
    stats.rows = t.rows;
    stats.missing = t.missing.get(header)!;
    for (let i = 0; i < values.length; i++) {
      if (values[i]! < 0) throw cellError(ft, t, i, header, `negative count ${values[i]} in column '${printable(header)}'`);
    }
    out.push({
      name: breadthName(header), dates: t.dates, values, frequency: 'daily', lagDays: 0,
      source: { file: ft.file, sha256: ft.sha256 }, stats,
    });
  }
  if (!out.some((s) => s.name === 'adv') || !out.some((s) => s.name === 'dec')) {
    throw new InputError(ft.file, 1, 1, 'breadth file needs advancers and decliners columns (named e.g. advn and decln, or Advances and Declines)');
  }
  return out;
}
