/**
 * Writing a run's output folder: episodes.csv, predictions.csv, metrics.csv,
 * power.csv, survival.csv and fans.csv (not for a shard), summary.json and
 * report.html, each atomically. The same
 * RunResult always gives byte-identical files.
 */
import { join } from 'node:path';
import type { RunResult } from '../engine/results.ts';
import { writeFileAtomic } from '../engine/files.ts';
import { episodesCsv } from './episodes-csv.ts';
import { metricsCsv, powerCsv, predictionsCsv } from './tables.ts';
import { summaryJson } from './json.ts';
import { fansCsv, survivalCsv } from './survival-csv.ts';
import { renderHtml } from './html/report.ts';

export async function writeRunOutputs(dir: string, r: RunResult): Promise<string[]> {
  const files: Array<[string, string]> = [
    ['episodes.csv', await episodesCsv(r.episodes)],
    ['predictions.csv', await predictionsCsv(r.predictions)],
    ['metrics.csv', await metricsCsv(r.summary.metrics)],
    ['power.csv', await powerCsv(r.summary.power)],
    ...(r.survival ? [['survival.csv', await survivalCsv(r.survival)] as [string, string]] : []),
    ...(r.fans ? [['fans.csv', await fansCsv(r.fans)] as [string, string]] : []),
    ['summary.json', summaryJson(r.summary)],
    ['report.html', renderHtml(r)],
  ];
  for (const [name, text] of files) writeFileAtomic(join(dir, name), text);
  return files.map(([n]) => join(dir, n));
}
