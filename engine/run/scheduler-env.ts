/**
 * `--shard auto`: which shard this process is, read from the environment a
 * batch scheduler or CI system sets for each task of an array/matrix.
 *
 * Pure: the caller passes the environment (process.env in the CLI), so the
 * rules are testable without a scheduler. The index is 1-based, as in
 * `--shard i/n`. The first scheduler found, in the order below, wins (the one
 * that launched this process sets its own variables; a parent's may leak in
 * through an exported environment, e.g. sbatch submitted from a CI job):
 *
 * - Slurm job arrays: SLURM_ARRAY_TASK_ID, its position in the array
 *   (SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_STEP) and SLURM_ARRAY_TASK_COUNT
 *   (else derived from SLURM_ARRAY_TASK_MAX). `--array=1-4` and `--array=0-3`
 *   both give shards 1/4..4/4; an irregular list such as `--array=0,5,7` is refused.
 * - AWS Batch array jobs: AWS_BATCH_JOB_ARRAY_INDEX (0-based), AWS_BATCH_JOB_ARRAY_SIZE.
 * - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based); the count is not
 *   in the pod's environment: give it as `--shard auto/N` or RALLY_SHARD_COUNT
 *   (= the Job's spec.completions).
 * - GitLab CI `parallel:`: CI_NODE_INDEX (1-based), CI_NODE_TOTAL.
 * - CircleCI `parallelism:`: CIRCLE_NODE_INDEX (0-based), CIRCLE_NODE_TOTAL.
 * - Buildkite `parallelism:`: BUILDKITE_PARALLEL_JOB (0-based), BUILDKITE_PARALLEL_JOB_COUNT.
 * - Anything else (e.g. a GitHub Actions matrix): RALLY_SHARD_INDEX (1-based), RALLY_SHARD_COUNT.
 *
 * A count given by the caller (`--shard auto/N`) must agree with the scheduler's.
 */
import { ConfigError } from '../errors.ts';

export type Environment = Record<string, string | undefined>;

export interface ScheduledShard {
  index: number; // 1-based
  count: number;
  /** Which scheduler and variables gave it, e.g. "Slurm job array (SLURM_ARRAY_TASK_ID=3, ...)". */
  source: string;
}

const KEY = '--shard auto';

function fail(detail: string): never {
  throw new ConfigError(KEY, detail, 'flags');
}

/** A whole number >= min read from `env[name]`, or undefined when unset/empty. */
function whole(env: Environment, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\d+$/.test(raw.trim())) fail(`${name}='${raw}' is not a whole number`);
  const n = Number(raw.trim());
  if (n < min) fail(`${name}=${n} must be >= ${min}`);
  return n;
}

function shown(env: Environment, names: string[]): string {
  return names.filter((n) => env[n] !== undefined && env[n]!.trim() !== '').map((n) => `${n}=${env[n]!.trim()}`).join(', ');
}

interface Found { index: number; count: number | undefined; vars: string[] }

function slurm(env: Environment): Found | null {
  const id = whole(env, 'SLURM_ARRAY_TASK_ID', 0);
  if (id === undefined) return null;
  const min = whole(env, 'SLURM_ARRAY_TASK_MIN', 0) ?? 0;
  const step = whole(env, 'SLURM_ARRAY_TASK_STEP', 1) ?? 1;
  const max = whole(env, 'SLURM_ARRAY_TASK_MAX', 0);
  const given = whole(env, 'SLURM_ARRAY_TASK_COUNT', 1);
  const vars = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX', 'SLURM_ARRAY_TASK_STEP', 'SLURM_ARRAY_TASK_COUNT'];
  const here = shown(env, vars);
  if (max !== undefined && max < min) fail(`Slurm array: SLURM_ARRAY_TASK_MAX < SLURM_ARRAY_TASK_MIN (${here})`);
  if (id < min || (max !== undefined && id > max) || (id - min) % step !== 0) {
    fail(`Slurm array: task ${id} is not in the range the array declares (${here})`);
  }
  const spanned = max === undefined ? undefined : Math.floor((max - min) / step) + 1;
  if (given !== undefined && spanned !== undefined && given !== spanned) {
    fail(`Slurm array is not a regular range (${here}); submit it as --array=1-N (or pass --shard i/n)`);
  }
  const count = given ?? spanned;
  if (count === undefined) fail(`Slurm array: neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is set (${here})`);
  return { index: (id - min) / step + 1, count, vars };
}

/** A scheduler whose index and count are two variables (index 0- or 1-based). */
function pair(env: Environment, indexVar: string, countVar: string, base: 0 | 1): Found | null {
  const index = whole(env, indexVar, base);
  if (index === undefined) return null;
  return { index: index - base + 1, count: whole(env, countVar, 1), vars: [indexVar, countVar] };
}

interface Scheduler { name: string; read: (env: Environment) => Found | null; countHelp: string }

const SCHEDULERS: Scheduler[] = [
  { name: 'Slurm job array', read: (env) => slurm(env), countHelp: 'SLURM_ARRAY_TASK_COUNT' },
  { name: 'AWS Batch array job', read: (env) => pair(env, 'AWS_BATCH_JOB_ARRAY_INDEX', 'AWS_BATCH_JOB_ARRAY_SIZE', 0), countHelp: 'AWS_BATCH_JOB_ARRAY_SIZE' },
  { name: 'Kubernetes Indexed Job', read: (env) => pair(env, 'JOB_COMPLETION_INDEX', 'RALLY_SHARD_COUNT', 0), countHelp: 'RALLY_SHARD_COUNT (the Job\'s spec.completions) or --shard auto/N' },
  { name: 'GitLab CI parallel job', read: (env) => pair(env, 'CI_NODE_INDEX', 'CI_NODE_TOTAL', 1), countHelp: 'CI_NODE_TOTAL' },
  { name: 'CircleCI parallel job', read: (env) => pair(env, 'CIRCLE_NODE_INDEX', 'CIRCLE_NODE_TOTAL', 0), countHelp: 'CIRCLE_NODE_TOTAL' },
  { name: 'Buildkite parallel job', read: (env) => pair(env, 'BUILDKITE_PARALLEL_JOB', 'BUILDKITE_PARALLEL_JOB_COUNT', 0), countHelp: 'BUILDKITE_PARALLEL_JOB_COUNT' },
  { name: 'RALLY_SHARD_* variables', read: (env) => pair(env, 'RALLY_SHARD_INDEX', 'RALLY_SHARD_COUNT', 1), countHelp: 'RALLY_SHARD_COUNT or --shard auto/N' },
];

/** The variables `--shard auto` reads, for help texts and error messages. */
export const SHARD_ENV_HELP =
  'SLURM_ARRAY_TASK_ID (Slurm), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch), JOB_COMPLETION_INDEX (Kubernetes), ' +
  'CI_NODE_INDEX (GitLab), CIRCLE_NODE_INDEX (CircleCI), BUILDKITE_PARALLEL_JOB (Buildkite) or RALLY_SHARD_INDEX';

/** This task's shard from the scheduler's environment; `countHint` is N of `--shard auto/N`. */
export function shardFromEnvironment(env: Environment, countHint?: number): ScheduledShard {
  if (countHint !== undefined && (!Number.isInteger(countHint) || countHint < 1)) fail(`the shard count must be a whole number >= 1, got ${countHint}`);
  for (const s of SCHEDULERS) {
    const found = s.read(env);
    if (!found) continue;
    const here = shown(env, found.vars);
    const count = found.count ?? countHint;
    if (count === undefined) fail(`${s.name} (${here}) but no shard count: set ${s.countHelp}`);
    if (countHint !== undefined && count !== countHint) fail(`${s.name} has ${count} tasks (${here}) but the flag says ${countHint}`);
    if (found.index > count) fail(`${s.name}: index ${found.index} of ${count} is out of range (${here})`);
    const hinted = found.count === undefined ? `, count ${countHint} from --shard auto/${countHint}` : '';
    return { index: found.index, count, source: `${s.name} (${here}${hinted})` };
  }
  fail(`no scheduler environment found: set one of ${SHARD_ENV_HELP}, or pass --shard i/n`);
}

/**
 * `auto` or `auto/N` → the count hint (undefined for plain `auto`); null for anything
 * else (an explicit `i/n`, parsed elsewhere).
 */
export function parseAutoShard(text: string): { countHint: number | undefined } | null {
  const m = /^auto(?:\/(\d+))?$/.exec(text.trim());
  if (!m) return null;
  return { countHint: m[1] === undefined ? undefined : Number(m[1]) };
}
