/**
 * Null worlds, after the real run (config `nullWorlds`, `rally run
 * --null-worlds P`): every dataset is replaced by P alternate histories
 * (engine/data/null-world.ts), on each of which the run's episode
 * definitions are detected and every criterion × parameter set is scored
 * again (AUC only: no resamples), on the same worker pool. Each row's real
 * AUC is then ranked among its P null AUCs (engine/stats/null-distribution.ts),
 * and each episode set's real count is set beside the null worlds' counts.
 *
 * Deterministic: world p of dataset d is drawn from
 * deriveSeed(run seed, `null-world|p|d`) alone, in the main thread, and the
 * jobs' outputs are pure, so the result is the same for any worker count.
 */
import { ConfigError } from '../errors.ts';
import type { RunConfig } from '../config.ts';
import type { Episode } from '../types.ts';
import type { MetricsRow, NullWorldCounts, NullWorldRow, NullWorldsInfo, StatisticsSettings } from '../results.ts';
import type { NullWorldsConfig } from '../null-worlds-spec.ts';
import { prepare, type PreparedDataset } from '../data/view.ts';
import { nullWorldDataset, nullWorldDays, nullWorldYearDays } from '../data/null-world.ts';
import { setIdentity } from '../definition-labels.ts';
import { deriveSeed, FastRng } from '../stats/random.ts';
import { rankInNull } from '../stats/null-distribution.ts';
import { detectRunEpisodes, type RunEpisodes } from './episodes.ts';
import { planJobs } from './plan.ts';
import { executeJobs } from './execute.ts';
import type { ResolvedCriterion } from './criteria-set.ts';
import type { JobPool } from './pool.ts';

export interface NullWorldInput {
  cfg: RunConfig;
  spec: NullWorldsConfig;
  prepared: ReadonlyMap<string, PreparedDataset>;
  criteria: readonly ResolvedCriterion[];
  statistics: StatisticsSettings;
  /** The real run's episodes and rows. */
  real: { episodes: RunEpisodes; metrics: readonly MetricsRow[] };
  /** Jobs done across the worlds (each world's jobs after the previous worlds'). */
  onProgress?: (done: number) => void;
}

/** The sentence the reports print about how the worlds were made. */
export function nullWorldMethod(spec: NullWorldsConfig): string {
  const how = spec.scheme === 'years'
    ? 'whole July\u2013June years of its trading days drawn with replacement (calendar effects kept, every link between years cut)'
    : `a stationary bootstrap of its trading days with mean block ${spec.block} days (links beyond about one block cut)`;
  return `${spec.paths} null worlds: each dataset's history rebuilt from ${how}, all its series moving together and levels rebuilt from the drawn days' returns; every episode definition detected and every criterion scored again on each.`;
}

/** World `path` of one dataset. */
export function nullWorldOf(p: PreparedDataset, spec: NullWorldsConfig, seed: string, path: number): PreparedDataset {
  const ds = p.dataset;
  const rng = new FastRng(deriveSeed(seed, `null-world|${path}|${ds.id}`));
  const start = ds.priceStart ?? 0;
  const days = spec.scheme === 'years' ? nullWorldYearDays(ds.dates, start, rng) : nullWorldDays(ds.dates.length, start, spec.block!, rng);
  return prepare(nullWorldDataset(ds, days));
}

const rowIdentity = (m: Pick<MetricsRow, 'dataset' | 'kind' | 'definition' | 'criterion' | 'params'>): string =>
  JSON.stringify([setIdentity(m.dataset, m.kind, m.definition), m.criterion, m.params]);

interface SetTally { episodes: number[]; durableShare: number[] }

function tallySets(eps: RunEpisodes, into: Map<string, SetTally>): void {
  for (const ref of eps.order) {
    const set = eps.sets.get(ref.setKey) ?? [];
    const k = setIdentity(ref.dataset, ref.kind, ref.definition);
    const t = into.get(k) ?? { episodes: [], durableShare: [] };
    const scored = set.filter((e) => e.label !== null);
    t.episodes.push(set.length);
    t.durableShare.push(scored.length ? scored.filter((e) => e.label === 1).length / scored.length : NaN);
    into.set(k, t);
  }
}

function meanOf(xs: readonly number[]): number {
  const f = xs.filter((x) => Number.isFinite(x));
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
}

function countsOf(real: RunEpisodes, tallies: Map<string, SetTally>): NullWorldCounts[] {
  return real.order.map((ref) => {
    const set: Episode[] = real.sets.get(ref.setKey) ?? [];
    const scored = set.filter((e) => e.label !== null);
    const t = tallies.get(setIdentity(ref.dataset, ref.kind, ref.definition)) ?? { episodes: [], durableShare: [] };
    return {
      dataset: ref.dataset, kind: ref.kind, ...(ref.definition === undefined ? {} : { definition: ref.definition }),
      realEpisodes: set.length, realDurableShare: scored.length ? scored.filter((e) => e.label === 1).length / scored.length : NaN,
      nullMean: meanOf(t.episodes), nullMin: t.episodes.length ? Math.min(...t.episodes) : NaN, nullMax: t.episodes.length ? Math.max(...t.episodes) : NaN,
      nullDurableShare: meanOf(t.durableShare),
    };
  });
}

/** Score every criterion on P null worlds and rank each real row's AUC among them. */
export async function runNullWorlds(pool: JobPool, x: NullWorldInput): Promise<NullWorldsInfo> {
  const { spec, cfg } = x;
  if (x.real.episodes.order.some((r) => r.universe)) throw new ConfigError('nullWorlds', 'null worlds of a universe are not supported: run them on plain datasets');
  const aucs = new Map<string, number[]>();
  const tallies = new Map<string, SetTally>();
  const statistics = { ...x.statistics, bootstrap: 0, permutations: 0 };
  const worldCfg: RunConfig = { ...cfg, evaluation: { ...cfg.evaluation, periods: [] } };
  let offset = 0;
  for (let path = 1; path <= spec.paths; path++) {
    const prepared = new Map([...x.prepared].map(([id, p]) => [id, nullWorldOf(p, spec, cfg.seed, path)] as const));
    const episodes = detectRunEpisodes(prepared, cfg.episodes);
    tallySets(episodes, tallies);
    const jobs = planJobs(episodes.order, x.criteria);
    const done = offset;
    const onProgress = x.onProgress ? (d: number): void => x.onProgress!(done + d) : undefined;
    const outputs = await executeJobs(pool, { cfg: worldCfg, prepared, sets: episodes.sets, criteria: x.criteria, statistics, jobs, onProgress });
    offset += jobs.length;
    for (const o of outputs) {
      const k = rowIdentity(o.metrics);
      const l = aucs.get(k) ?? [];
      l.push(o.error ? NaN : o.metrics.auc);
      aucs.set(k, l);
    }
  }
  const rows: NullWorldRow[] = x.real.metrics.map((m) => ({
    dataset: m.dataset, kind: m.kind, ...(m.definition === undefined ? {} : { definition: m.definition }), criterion: m.criterion, params: m.params,
    realAuc: m.auc, ...rankInNull(m.auc, aucs.get(rowIdentity(m)) ?? []),
  }));
  return {
    paths: spec.paths, scheme: spec.scheme, ...(spec.block === undefined ? {} : { block: spec.block }), method: nullWorldMethod(spec),
    counts: countsOf(x.real.episodes, tallies), rows,
  };
}
