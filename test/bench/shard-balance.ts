/**
 * How evenly a run's jobs split into n shards: the old rule (job i → shard
 * i mod n) against the cost-balanced plan (engine/run/shard.ts), in
 * estimated cost (job-cost.ts) and, given the unsharded run's summary.json, in
 * scored predictions (the n of each metrics row, what a job's statistics
 * scale with). Plans only (no job runs), so it is quick.
 *
 *   node --import tsx test/bench/shard-balance.ts CONFIG.json N [SUMMARY.json]
 */
import { readFileSync } from 'node:fs';
import { readRunConfig } from '../../engine/config.ts';
import { loadRunData } from '../../engine/run/data.ts';
import { detectRunEpisodes } from '../../engine/run/episodes.ts';
import { resolveCriteria } from '../../engine/run/criteria-set.ts';
import { planJobs } from '../../engine/run/plan.ts';
import { estimateJobCosts } from '../../engine/run/job-cost.ts';
import { assignShards } from '../../engine/run/shard.ts';

function perShard(values: readonly number[], shardOf: (j: number) => number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  values.forEach((v, j) => { out[shardOf(j) - 1]! += v; });
  return out;
}

function spread(xs: readonly number[]): string {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${xs.map((x) => x.toLocaleString('en-US')).join(' / ')}  (max/mean ${(Math.max(...xs) / mean).toFixed(2)})`;
}

async function main(): Promise<void> {
  const [configFile, nText, summaryFile] = process.argv.slice(2);
  if (!configFile || !nText) throw new Error('usage: shard-balance.ts CONFIG.json N [SUMMARY.json]');
  const n = Number(nText);
  const cfg = readRunConfig(configFile);
  const data = await loadRunData(cfg);
  const episodes = detectRunEpisodes(data.prepared, cfg.episodes);
  const criteria = await resolveCriteria(cfg.criteria, cfg.baseDir, [], cfg.source);
  const jobs = planJobs(episodes.order, criteria);
  const t0 = performance.now();
  const costs = estimateJobCosts(jobs, { prepared: data.prepared, sets: episodes.sets, criteria, statistics: cfg.statistics });
  const estimateMs = performance.now() - t0;
  const lpt = assignShards(costs, n);
  const rules: Array<[string, (j: number) => number]> = [['i mod n', (j) => (j % n) + 1], ['cost-lpt', (j) => lpt[j]!]];
  console.log(`${configFile}: ${jobs.length} jobs into ${n} shards (cost estimate ${estimateMs.toFixed(0)} ms)`);
  let scored: number[] | null = null;
  if (summaryFile) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8')) as { metrics: Array<{ n: number }> };
    if (s.metrics.length !== jobs.length) throw new Error(`${summaryFile} has ${s.metrics.length} rows, the plan ${jobs.length} jobs`);
    scored = s.metrics.map((m) => m.n);
  }
  for (const [name, shardOf] of rules) {
    console.log(`  ${name.padEnd(8)} jobs:               ${spread(perShard(costs.map(() => 1), shardOf, n))}`);
    console.log(`  ${name.padEnd(8)} estimated cost:     ${spread(perShard(costs, shardOf, n))}`);
    if (scored) console.log(`  ${name.padEnd(8)} scored predictions: ${spread(perShard(scored, shardOf, n))}`);
  }
}

await main();
