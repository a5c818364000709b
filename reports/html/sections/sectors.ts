/** Sector-lead runs: the per-sector table (nothing for runs without sector-led episodes). */
import { str } from '../format.ts';
import type { ReportModel, ReportSection } from '../model.ts';
import { sectorTable, type SectorCriterion } from '../parts/sector-table.ts';
import { BASELINES } from '../vocabulary.ts';

/** Criteria whose AUC the table shows per sector: the verdict's top three rows of the kind. */
const TOP = 3;

function sectorsHtml(m: ReportModel): string {
  const part = m.kinds.find((k) => k.kind === 'sector-lead');
  if (!part || !part.episodes.some((e) => e.sector !== undefined)) return '';
  const kv = m.summary.verdict?.kinds?.find((k) => str(k.kind) === 'sector-lead');
  const top: SectorCriterion[] = (kv
    ? kv.rows.map((r) => ({ criterion: str(r.criterion), params: str(r.params), dataset: str(r.dataset) }))
    : part.rows.filter((r) => !BASELINES.has(str(r.row.criterion))).map((r) => ({ criterion: str(r.row.criterion), params: str(r.row.params), dataset: str(r.row.dataset) }))).slice(0, TOP);
  const table = sectorTable(part.episodes, part.predictions, top);
  if (!table) return '';
  return `<section id="sectors"><h2>Sector by sector</h2><p>Sector-led advances per sector: how many there were and how many held (durable: the sector both advanced and kept leading over the horizon), the median 126-day return, and the AUC within each sector of the top ${top.length} criteria of the verdict (n: that sector\u2019s scored episodes; a few dozen episodes give a wide interval).</p>${table}</section>`;
}

export const sectorsSection: ReportSection<'sectors'> = {
  id: 'sectors',
  contents: (m) => (m.kinds.some((k) => k.kind === 'sector-lead' && k.episodes.some((e) => e.sector !== undefined)) ? '<a href="#sectors">Sectors</a>' : ''),
  render: sectorsHtml,
};
