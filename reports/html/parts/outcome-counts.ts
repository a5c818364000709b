/** Episodes of one kind per dataset and outcome, with the durable share of the scored ones. */
import type { Episode } from '../../../engine/types.ts';
import { DASH, cmp, esc, fx, str } from '../format.ts';
import { OUTCOMES, outcomeClass } from '../vocabulary.ts';

export function outcomeCounts(episodes: Episode[]): string {
  const byDs = new Map<string, Episode[]>();
  for (const e of episodes) {
    const k = str(e.market);
    let l = byDs.get(k);
    if (!l) byDs.set(k, (l = []));
    l.push(e);
  }
  let s = '<table><thead><tr><th>Dataset</th><th class="n">Episodes</th>';
  for (const o of OUTCOMES) s += `<th class="n"><span class="sw o-${o}"></span>${o}</th>`;
  s += '<th class="n">Durable share (scored)</th></tr></thead><tbody>';
  for (const ds of [...byDs.keys()].sort(cmp)) {
    const l = byDs.get(ds)!;
    const count = (o: string): number => l.filter((e) => outcomeClass(str(e.outcome)) === o).length;
    const scored = l.length - count('censored');
    s += `<tr><td>${esc(ds)}</td><td class="n">${l.length}</td>${OUTCOMES.map((o) => `<td class="n">${count(o)}</td>`).join('')}<td class="n">${scored > 0 ? fx(count('durable') / scored, 2) : DASH}</td></tr>`;
  }
  s += '</tbody></table>';
  return s;
}
