/** episodes.csv: one row per episode, the brief's leading columns first, ISO dates. */
import { withDefinition } from './definition-column.ts';
import type { Episode } from '../engine/types.ts';
import { toCsv, type Cell } from './csv.ts';

const EPISODE_COLUMNS = [
  'id', 'market', 'kind', 'decision_date', 'ref_low_date', 'ref_low', 'peak_date', 'peak', 'outcome',
  'label', 'horizon', 'drawdown', 'days_peak_to_low', 'fwd_21', 'fwd_63', 'fwd_126', 'fwd_252', 'mae',
  'days_to_regain_peak', 'sector', 'window', 'price_column', 'decision_index',
] as const;

function episodeRow(e: Episode): Cell[] {
  return [
    e.id, e.market, e.kind, e.decisionDate, e.refLowDate, e.refLow, e.peakDate, e.peak, e.outcome,
    e.label, e.horizon, e.drawdown, e.daysPeakToLow, e.fwd21, e.fwd63, e.fwd126, e.fwd252, e.mae,
    e.daysToRegainPeak, e.sector ?? '', e.window ?? '', e.priceColumn, e.decisionIndex,
  ];
}

/** With a universe's data notes (hygiene flags, a peak at a file's first bar), a last column `flags` says them. */
export function episodesCsv(episodes: readonly Episode[]): Promise<string> {
  if (episodes.some((e) => e.flags !== undefined)) return toCsv(...withDefinition([...EPISODE_COLUMNS, 'flags'], episodes, (e) => [[...episodeRow(e), e.flags ?? '']]));
  return toCsv(...withDefinition(EPISODE_COLUMNS, episodes, (e) => [episodeRow(e)]));
}
