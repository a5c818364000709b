/**
 * report.html: one self-contained, deterministic HTML document for a run.
 *
 * - Inline CSS (styles.ts), inline SVG, one small inline script (script.ts:
 *   leaderboard sorting, expand/collapse, call-grid hover read-out). No
 *   network of any kind; a Content-Security-Policy (default-src 'none', the
 *   script allowed by its sha256 only) makes that a property the browser
 *   enforces, and keeps any markup that slipped through escaping inert.
 * - Deterministic: no clocks, random ids or locale formatting; every list is
 *   sorted with a code-point comparator; numbers go through format.ts.
 * - Every string from the run (ids, params, paths, reasons...) is escaped
 *   with `esc` and printed only in text or double-quoted attribute contexts;
 *   nothing from the run goes into the <script> or <style> element. Element
 *   ids are built from indices, never from names. The script reads what it
 *   needs from the DOM (data-v sort keys, data-s call codes).
 * - Stays light for large runs: per-criterion charts sit in closed <details>,
 *   the episode x criterion call grid is one SVG with one <path> per colour
 *   bucket, the price history is min/max-decimated to ~2000 points per dataset.
 *
 * The page is: document head, header, table of contents, the shared chart
 * frames, then SECTIONS in order, footer, script. Each section is a pure
 * function of the ReportModel (model.ts) in its own file under sections/.
 */
import type { RunResult } from '../../engine/results.ts';
import { type ReportSection, buildModel } from './model.ts';
import { chartFrames } from './parts/mini-charts.ts';
import { caveatsSection } from './sections/caveats.ts';
import { contentsNav } from './sections/contents.ts';
import { documentEnd, documentStart } from './sections/document.ts';
import { pageFooter } from './sections/footer.ts';
import { pageHeader } from './sections/header.ts';
import { kindsSection } from './sections/kinds.ts';
import { outOfSampleSection } from './sections/out-of-sample.ts';
import { selectionSection } from './sections/selection.ts';
import { combineSection } from './sections/combine.ts';
import { powerSection } from './sections/power.ts';
import { pricesSection } from './sections/prices.ts';
import { provenanceSection } from './sections/provenance.ts';
import { verdictSection } from './sections/verdict.ts';
import { fansSection, survivalSection } from './sections/whole-path.ts';
import { tradingSection } from './sections/trading.ts';
import { gridsSection } from './sections/grids.ts';
import { sectorsSection } from './sections/sectors.ts';
import { universeSection } from './parts/universe.ts';
import { definitionsSection } from './sections/definitions.ts';
import { nullWorldsSection } from './sections/null-worlds.ts';

export { REPORT_SCRIPT_ELEMENTS } from './script.ts';

/**
 * The body sections, top to bottom: the verdict first, the caveats next,
 * provenance last. The table of contents follows this order, so adding or
 * moving a section is a change to this list only.
 */
export const SECTIONS = [
  verdictSection, caveatsSection, universeSection, kindsSection, definitionsSection, nullWorldsSection, outOfSampleSection, selectionSection, combineSection, survivalSection, fansSection, tradingSection, gridsSection, sectorsSection, pricesSection, powerSection, provenanceSection,
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/**
 * Render a finished run as one self-contained, deterministic HTML document.
 * `sections` replaces the body sections (tests reorder them).
 */
export function renderHtml(result: RunResult, sections: readonly ReportSection[] = SECTIONS): string {
  const m = buildModel(result);
  const links = sections.map((s) => s.contents(m));
  const body = sections.map((s) => s.render(m));
  return [
    documentStart(m.summary),
    pageHeader(m),
    contentsNav(links),
    chartFrames(),
    ...body,
    pageFooter(m.summary),
    documentEnd(),
  ].join('');
}
