/**
 * The run config's `nullWorlds` key: rerun every criterion on P alternate
 * histories of each dataset (engine/data/null-world.ts) and rank each row's
 * real AUC in the null distribution the paths give.
 *
 *   "nullWorlds": { "paths": 200 }                                   whole July-June years resampled (default)
 *   "nullWorlds": { "paths": 200, "scheme": "stationary", "block": 252 }  stationary bootstrap, mean block 252 days
 *
 * `rally run --null-worlds P` sets the paths (and the default scheme) from the command line.
 */
import { ConfigError } from './errors.ts';

export const NULL_WORLD_SCHEMES = ['years', 'stationary'] as const;
export type NullWorldScheme = (typeof NULL_WORLD_SCHEMES)[number];

export interface NullWorldsConfig {
  paths: number;
  scheme: NullWorldScheme;
  /** Mean block length in trading days (the stationary scheme only). */
  block?: number;
}

export const NULL_WORLD_LIMITS = { paths: 10_000, block: 10_000 } as const;
export const DEFAULT_NULL_BLOCK = 252;
const KEYS = ['paths', 'scheme', 'block'];

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validate `nullWorlds` (undefined: none). `key` names it in errors ('nullWorlds' or '--null-worlds'). */
export function parseNullWorlds(given: unknown, src: string, key = 'nullWorlds'): NullWorldsConfig | undefined {
  if (given === undefined) return undefined;
  if (!isObj(given)) throw new ConfigError(key, 'expected an object like {"paths": 100}', src);
  for (const k of Object.keys(given)) if (!KEYS.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key (allowed: ${KEYS.join(', ')})`, src);
  const paths = given.paths;
  if (typeof paths !== 'number' || !Number.isInteger(paths) || paths < 1 || paths > NULL_WORLD_LIMITS.paths) {
    throw new ConfigError(`${key}.paths`, `expected a whole number of paths from 1 to ${NULL_WORLD_LIMITS.paths}, got ${JSON.stringify(paths)}`, src);
  }
  const scheme = given.scheme === undefined ? 'years' : given.scheme;
  if (!(NULL_WORLD_SCHEMES as readonly unknown[]).includes(scheme)) throw new ConfigError(`${key}.scheme`, `expected one of ${NULL_WORLD_SCHEMES.join(', ')}, got ${JSON.stringify(scheme)}`, src);
  if (scheme === 'years') {
    if (given.block !== undefined) throw new ConfigError(`${key}.block`, 'the "years" scheme resamples whole July-June years: a block length applies to "scheme": "stationary" only', src);
    return { paths, scheme: 'years' };
  }
  const block = given.block === undefined ? DEFAULT_NULL_BLOCK : given.block;
  if (typeof block !== 'number' || !Number.isFinite(block) || block < 1 || block > NULL_WORLD_LIMITS.block) {
    throw new ConfigError(`${key}.block`, `expected a mean block length in trading days from 1 to ${NULL_WORLD_LIMITS.block}, got ${JSON.stringify(block)}`, src);
  }
  return { paths, scheme: 'stationary', block };
}

/** The key as a summary records it. */
export function recordedNullWorlds(n: NullWorldsConfig | undefined): { nullWorlds?: Record<string, unknown> } {
  return n ? { nullWorlds: { paths: n.paths, scheme: n.scheme, ...(n.block === undefined ? {} : { block: n.block }) } } : {};
}
