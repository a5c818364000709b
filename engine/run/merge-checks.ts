/**
 * Do these shard files form one run, complete? Every shard 1..n present
 * exactly once; the same config hash, seed, engine, data (file hashes),
 * shard count and shard scheme (the same plan); every job index
 * 0..total-1 in exactly one shard. Each problem is named — which shards are
 * missing or given twice, which differ from which and in what — so a failed
 * merge says what to re-run or remove.
 */
import type { ShardPlan } from './shard.ts';
import type { RunParts } from './assemble.ts';

/** What the checks read of a shard file (merge.ts reads and shape-checks the files). */
export interface ShardEntry {
  /** How the user named it (folder or file). */
  where: string;
  shard: { index: number; count: number };
  plan: ShardPlan;
  parts: {
    summaryBase: Pick<RunParts['summaryBase'], 'engine' | 'runConfigHash' | 'seed' | 'data'>;
    totalJobs: number;
    jobs: ReadonlyArray<{ index: number }>;
  };
}

/** `1, 2, 5..9` from sorted whole numbers. */
export function ranges(xs: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(j === i ? String(xs[i]) : `${xs[i]}..${xs[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

function list(where: readonly string[], max = 4): string {
  return where.length <= max ? where.join(', ') : `${where.slice(0, max).join(', ')} and ${where.length - max} more`;
}

/** "what: A (shards x, y) vs B (shard z)" when the shards disagree on `value`; null when they agree. */
function mixed(what: string, shards: readonly ShardEntry[], value: (s: ShardEntry) => string): string | null {
  const groups = new Map<string, string[]>();
  for (const s of shards) {
    const v = value(s);
    groups.set(v, [...(groups.get(v) ?? []), s.where]);
  }
  if (groups.size < 2) return null;
  return `mixed ${what}: ${[...groups].map(([v, w]) => `${v} (${list(w)})`).join(' vs ')}`;
}

function dataFiles(s: ShardEntry): Map<string, string> {
  return new Map(s.parts.summaryBase.data.map((d) => [`${d.dataset} ${d.role}`, d.sha256] as const));
}

/** Which data files differ between shards, named by dataset and role with their hashes. */
function mixedData(shards: readonly ShardEntry[]): string[] {
  const all = new Set(shards.flatMap((s) => [...dataFiles(s).keys()]));
  const out: string[] = [];
  for (const key of [...all].sort()) {
    const m = mixed(`data (${key} file sha256)`, shards, (s) => (dataFiles(s).get(key) ?? 'absent').slice(0, 12));
    if (m) out.push(m);
  }
  return out;
}

/** Shards that disagree on anything that makes them parts of one run. */
function identityProblems(shards: readonly ShardEntry[]): string[] {
  const base = (s: ShardEntry) => s.parts.summaryBase;
  return [
    mixed('engine', shards, (s) => `${base(s).engine.name} ${base(s).engine.version}`),
    mixed('config hash', shards, (s) => base(s).runConfigHash.slice(0, 12)),
    mixed('seed', shards, (s) => JSON.stringify(base(s).seed)),
    ...mixedData(shards),
    mixed('shard count', shards, (s) => `of ${s.shard.count}`),
    mixed('shard scheme', shards, (s) => s.plan.scheme),
    mixed('job count', shards, (s) => `${s.parts.totalJobs} jobs`),
  ].filter((p): p is string => p !== null);
}

/** Shards missing, given twice or out of range. */
function shardSetProblems(shards: readonly ShardEntry[], count: number): string[] {
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.shard.index, [...(byIndex.get(s.shard.index) ?? []), s.where]);
  const out: string[] = [];
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) out.push(`missing shards ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  for (const [i, where] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (where.length > 1) out.push(`shard ${i}/${count} given ${where.length} times (${list(where)})`);
    if (i < 1 || i > count) out.push(`shard ${i}/${count} is out of range (${list(where)})`);
  }
  return out;
}

/** Jobs in no shard, in several, or out of range (only meaningful once the shard set is right). */
function jobProblems(shards: readonly ShardEntry[], total: number): string[] {
  const holders = new Map<number, string[]>();
  for (const s of shards) for (const j of s.parts.jobs) holders.set(j.index, [...(holders.get(j.index) ?? []), s.where]);
  const out: string[] = [];
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !holders.has(i));
  if (missing.length) out.push(`jobs ${ranges(missing)} (${missing.length} of ${total}) are in no shard`);
  const twice = [...holders].filter(([, w]) => w.length > 1).sort((a, b) => a[0] - b[0]);
  if (twice.length) out.push(`jobs ${ranges(twice.map(([i]) => i))} are in more than one shard (job ${twice[0]![0]} in ${list(twice[0]![1])})`);
  const outside = [...holders.keys()].filter((i) => !Number.isInteger(i) || i < 0 || i >= total).sort((a, b) => a - b);
  if (outside.length) out.push(`jobs ${outside.join(', ')} are outside the run's 0..${total - 1}`);
  return out;
}

/** Every reason these shards do not merge into one complete run (empty: they do). */
export function mergeProblems(shards: readonly ShardEntry[]): string[] {
  if (shards.length === 0) return ['give at least one shard folder'];
  const identity = identityProblems(shards);
  const sameCount = shards.every((s) => s.shard.count === shards[0]!.shard.count);
  const problems = [...identity, ...(sameCount ? shardSetProblems(shards, shards[0]!.shard.count) : [])];
  if (problems.length) return problems;
  // Same run, same scheme: the same plan, unless a shard file was edited or an engine bug planned differently.
  const plan = mixed('shard plan (estimated load per shard)', shards, (s) => s.plan.loads.join('/'));
  if (plan) return [plan];
  return jobProblems(shards, shards[0]!.parts.totalJobs);
}
