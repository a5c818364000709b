/**
 * Sector-led advances sector by sector: how many episodes each sector had,
 * how many held, the median forward return, and how well the top criteria
 * ranked that sector's episodes (AUC within the sector, with its n).
 */
import type { Episode, Prediction } from '../../../engine/types.ts';
import { rocAuc } from '../../../engine/stats/auc.ts';
import { median } from '../../../engine/stats/descriptive.ts';
import { DASH, clip, cmp, esc, fint, fpct, fx, num, str } from '../format.ts';

export interface SectorCriterion {
  criterion: string;
  params: string;
  dataset: string;
}

interface SectorGroup {
  dataset: string;
  sector: string;
  episodes: Episode[];
}

function sectorGroups(episodes: readonly Episode[]): SectorGroup[] {
  const by = new Map<string, SectorGroup>();
  for (const e of episodes) {
    const k = JSON.stringify([str(e.market), str(e.sector)]);
    let g = by.get(k);
    if (!g) by.set(k, (g = { dataset: str(e.market), sector: str(e.sector), episodes: [] }));
    g.episodes.push(e);
  }
  return [...by.values()].sort((a, b) => cmp(a.dataset, b.dataset) || cmp(a.sector, b.sector));
}

/** AUC of one criterion within one sector's labelled, scored episodes; n alongside. */
function sectorAuc(g: SectorGroup, c: SectorCriterion, preds: ReadonlyMap<string, Prediction>): { auc: number; n: number } {
  const scores: number[] = [], labels: number[] = [];
  for (const e of g.episodes) {
    if (e.label === null || str(e.market) !== c.dataset) continue;
    const p = preds.get(JSON.stringify([str(e.id), c.criterion, c.params]));
    if (!p || !Number.isFinite(num(p.score))) continue;
    scores.push(num(p.score));
    labels.push(e.label);
  }
  const pos = labels.filter((l) => l === 1).length;
  return { auc: pos > 0 && pos < labels.length ? rocAuc(scores, labels) : NaN, n: labels.length };
}

export function sectorTable(episodes: readonly Episode[], predictions: readonly Prediction[], top: readonly SectorCriterion[]): string {
  const groups = sectorGroups(episodes.filter((e) => e.sector !== undefined));
  if (groups.length === 0) return '';
  const preds = new Map(predictions.map((p) => [JSON.stringify([str(p.episodeId), str(p.criterion), str(p.params)]), p] as const));
  const multi = new Set(groups.map((g) => g.dataset)).size > 1;
  let s = `<div class="tablewrap"><table class="sectors"><thead><tr>${multi ? '<th>Dataset</th>' : ''}<th>Sector</th><th class="n">Episodes</th><th class="n">Durable</th><th class="n">Failed</th><th class="n">Censored</th><th class="n">Durable share</th><th class="n" title="median simple return from the decision over 126 trading days">Median 126-day return</th>`;
  const repeated = (c: SectorCriterion): boolean => top.filter((t) => t.criterion === c.criterion).length > 1;
  s += top.map((c) => `<th class="n" title="${esc(`${c.criterion} ${c.params}`)}">AUC ${esc(c.criterion)} (n)${repeated(c) && c.params ? `<br><span class="vp">${esc(clip(c.params, 28))}</span>` : ''}</th>`).join('');
  s += '</tr></thead><tbody>';
  for (const g of groups) {
    const count = (o: string): number => g.episodes.filter((e) => str(e.outcome) === o).length;
    const scored = g.episodes.filter((e) => e.label !== null);
    const share = scored.length ? count('durable') / scored.length : NaN;
    const fwd = g.episodes.map((e) => num(e.fwd126)).filter(Number.isFinite);
    s += `<tr>${multi ? `<td>${esc(g.dataset)}</td>` : ''}<td>${esc(g.sector)}</td><td class="n">${g.episodes.length}</td><td class="n">${count('durable')}</td><td class="n">${count('failed')}</td><td class="n">${count('censored')}</td>`;
    s += `<td class="n">${Number.isFinite(share) ? fx(share, 2) : DASH}</td><td class="n">${fwd.length ? fpct(median(fwd), 1, true) : DASH}</td>`;
    for (const c of top) {
      const { auc, n } = sectorAuc(g, c, preds);
      s += `<td class="n">${fx(auc, 2)} <span class="muted">(${fint(n)})</span></td>`;
    }
    s += '</tr>';
  }
  return `${s}</tbody></table></div>`;
}
