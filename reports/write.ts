/**
 * Writing a run's output files: episodes.csv, predictions.csv, metrics.csv,
 * power.csv, stability.csv, families.csv (runs with parameter grids),
 * walk-forward.csv and replication.csv (runs that configure them),
 * survival.csv and fans.csv (not for a shard), trades.csv and trading.csv (the
 * trading backtest, not for a shard), combine.csv (runs with a `combine` key),
 * definitions.csv (runs with labelled definitions), null-worlds.csv (runs with `nullWorlds`), summary.json and
 * report.html. Returns the names written, in order (the terminal's "wrote" line).
 * `dir` is the staging folder of engine/output-folder.ts (private to this run
 * until it is swapped in as a whole), so plain writes suffice. The same
 * RunResult always gives byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../engine/results.ts';
import { episodesCsv } from './episodes-csv.ts';
import { metricsCsv, powerCsv, predictionsCsv } from './tables.ts';
import { summaryJson } from './json.ts';
import { familiesCsv, metricsWithPeriods, stabilityCsv } from './oos-csv.ts';
import { fansCsv, survivalCsv } from './survival-csv.ts';
import { replicationCsv, walkForwardCsv } from './walk-forward-csv.ts';
import { combineCsv } from './combine-csv.ts';
import { renderHtml } from './html/report.ts';
import { tradesCsv, tradingCsv } from './trading-csv.ts';
import { definitionFiles } from './definitions-csv.ts';
import { nullWorldFiles } from './null-worlds-csv.ts';

export async function writeRunOutputs(dir: string, r: RunResult): Promise<string[]> {
  const files: Array<[string, string]> = [
    ['episodes.csv', await episodesCsv(r.episodes)],
    ['predictions.csv', await predictionsCsv(r.predictions)],
    ['metrics.csv', await metricsCsv(metricsWithPeriods(r.summary))],
    ['power.csv', await powerCsv(r.summary.power)],
    ['stability.csv', await stabilityCsv(r.summary.stability ?? [])],
    ...(r.summary.families ? [['families.csv', await familiesCsv(r.summary.families)] as [string, string]] : []),
    ...(r.summary.walkForward ? [['walk-forward.csv', await walkForwardCsv(r.summary.walkForward)] as [string, string]] : []),
    ...(r.summary.replication ? [['replication.csv', await replicationCsv(r.summary.replication)] as [string, string]] : []),
    ...(r.survival ? [['survival.csv', await survivalCsv(r.survival)] as [string, string]] : []),
    ...(r.fans ? [['fans.csv', await fansCsv(r.fans)] as [string, string]] : []),
    ...(r.trading ? [['trades.csv', await tradesCsv(r.trading)] as [string, string], ['trading.csv', await tradingCsv(r.trading)] as [string, string]] : []),
    ...(r.summary.combine?.sets ? [['combine.csv', await combineCsv(r.summary.combine.sets)] as [string, string]] : []),
    ...(await definitionFiles(r)),
    ...(await nullWorldFiles(r)),
    ['summary.json', summaryJson(r.summary)],
    ['report.html', renderHtml(r)],
  ];
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([n]) => join(dir, n));
}
