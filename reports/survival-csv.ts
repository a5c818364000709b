/**
 * survival.csv and fans.csv: the whole-path evidence of every row.
 *
 * survival.csv: one line per step of each Kaplan-Meier curve (day 0 first,
 * then every trading day on which an episode failed or stopped being
 * followed) per row and group (called / not_called), with the row's log-rank
 * statistic and restricted-mean difference repeated on each line so that any
 * filter of the file keeps them.
 *
 * fans.csv: the median and quartiles of the cumulative forward return at a
 * few horizons, per row and group (called, not_called, Q1..Q5 score
 * quintiles); the report draws the fans at every fifth day.
 */
import { withDefinition } from './definition-column.ts';
import type { FanBand, FanRow, SurvivalGroup, SurvivalRow } from '../engine/results.ts';
import { toCsv, type Cell } from './csv.ts';

const SURVIVAL_COLUMNS = [
  'dataset', 'kind', 'criterion', 'params', 'group', 'day', 'at_risk', 'failures', 'censored', 'survival',
  'group_n', 'group_failures', 'rmst', 'tau', 'horizon', 'logrank_chi2', 'logrank_p', 'rmst_difference',
] as const;

function groupLines(r: SurvivalRow, name: string, g: SurvivalGroup): Cell[][] {
  const row = [r.dataset, r.kind, r.criterion, r.params, name];
  const tail = [g.n, g.events, g.rmst, r.tau, r.horizon, r.logRankChiSquare, r.logRankP, r.rmstDifference];
  const lines: Cell[][] = [];
  // Day 0: everyone at risk, survival 1 (unless the curve has its own step at 0).
  if (g.steps[0]?.time !== 0) lines.push([...row, 0, g.n, 0, 0, 1, ...tail]);
  for (const s of g.steps) lines.push([...row, s.time, s.atRisk, s.events, s.censored, s.survival, ...tail]);
  return lines;
}

export function survivalCsv(rows: readonly SurvivalRow[]): Promise<string> {
  return toCsv(...withDefinition(SURVIVAL_COLUMNS, rows, (r) => [...groupLines(r, 'called', r.called), ...groupLines(r, 'not_called', r.notCalled)]));
}

/** Horizons (trading days) fans.csv reports. */
export const FAN_CSV_DAYS = [21, 63, 126, 189, 252] as const;

const FAN_COLUMNS = ['dataset', 'kind', 'criterion', 'params', 'group', 'group_n', 'day', 'count', 'q25', 'median', 'q75'] as const;

function bandLines(r: FanRow, b: FanBand): Cell[][] {
  const name = b.group.replace(/ /g, '_');
  return FAN_CSV_DAYS.flatMap((d) => {
    const i = r.days.indexOf(d);
    return i < 0 ? [] : [[r.dataset, r.kind, r.criterion, r.params, name, b.n, d, b.count[i]!, b.q25[i]!, b.median[i]!, b.q75[i]!]];
  });
}

export function fansCsv(rows: readonly FanRow[]): Promise<string> {
  return toCsv(...withDefinition(FAN_COLUMNS, rows, (r) => [r.called, r.notCalled, ...r.quintiles].flatMap((b) => bandLines(r, b))));
}
