/**
 * Sharding a run: shard i of n runs the jobs whose canonical index is
 * i-1 modulo n, so any set of shards covers every job exactly once and
 * `rally merge` can put them back in canonical order.
 */
import { ConfigError } from '../errors.ts';

export interface Shard {
  index: number; // 1-based
  count: number;
}

/** Parse `i/n` (a --shard flag). */
export function parseShard(text: string, key = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ConfigError(key, `expected i/n such as 1/4, got '${text}'`, 'flags');
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new ConfigError(key, `shard ${text}: need 1 <= i <= n`, 'flags');
  return { index, count };
}

/** The jobs of one shard (all of them without a shard), in canonical order. */
export function jobsOfShard<J extends { index: number }>(jobs: readonly J[], shard?: Shard): J[] {
  return shard ? jobs.filter((j) => j.index % shard.count === shard.index - 1) : [...jobs];
}
