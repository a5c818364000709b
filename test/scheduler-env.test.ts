import { describe, expect, it } from 'vitest';
import { ConfigError } from '../engine/errors.ts';
import { parseAutoShard, shardFromEnvironment } from '../engine/run/scheduler-env.ts';

/** What Slurm 22.05 sets for `sbatch --array=SPEC` (observed on a live slurmd). */
function slurmTask(id: number, min: number, max: number, step: number, count: number) {
  return {
    SLURM_ARRAY_JOB_ID: '41', SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(max), SLURM_ARRAY_TASK_STEP: String(step), SLURM_ARRAY_TASK_COUNT: String(count),
  };
}

function refusal(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).key).toBe('--shard auto');
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const pick = ({ index, count }: { index: number; count: number }) => `${index}/${count}`;

describe('shardFromEnvironment: Slurm job arrays', () => {
  it('--array=1-4 gives shards 1/4..4/4', () => {
    expect([1, 2, 3, 4].map((id) => pick(shardFromEnvironment(slurmTask(id, 1, 4, 1, 4))))).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('--array=0-3 is also 1/4..4/4 (the index counts from SLURM_ARRAY_TASK_MIN)', () => {
    expect([0, 1, 2, 3].map((id) => pick(shardFromEnvironment(slurmTask(id, 0, 3, 1, 4))))).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('a stepped range --array=1-7:3 is 1/3, 2/3, 3/3', () => {
    expect([1, 4, 7].map((id) => pick(shardFromEnvironment(slurmTask(id, 1, 7, 3, 3))))).toEqual(['1/3', '2/3', '3/3']);
  });

  it('without SLURM_ARRAY_TASK_COUNT the count comes from MIN, MAX and STEP', () => {
    const s = shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '12', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '16', SLURM_ARRAY_TASK_STEP: '2' });
    expect(pick(s)).toBe('2/4');
  });

  it('says which variables it used', () => {
    const s = shardFromEnvironment(slurmTask(3, 1, 4, 1, 4));
    expect(s.source).toBe('Slurm job array (SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=4, SLURM_ARRAY_TASK_STEP=1, SLURM_ARRAY_TASK_COUNT=4)');
  });

  it('refuses an irregular list such as --array=0,5,7 (no position can be derived)', () => {
    const e = refusal(() => shardFromEnvironment(slurmTask(5, 0, 7, 1, 3)));
    expect(e.message).toMatch(/not a regular range.*--array=1-N/);
  });

  it('refuses a task outside the declared range or off the step', () => {
    expect(refusal(() => shardFromEnvironment(slurmTask(9, 1, 4, 1, 4))).message).toMatch(/task 9 is not in the range/);
    expect(refusal(() => shardFromEnvironment(slurmTask(2, 1, 7, 3, 3))).message).toMatch(/task 2 is not in the range/);
  });

  it('refuses a task id that is not a whole number, and an array with no count', () => {
    expect(refusal(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3a' })).message).toMatch(/SLURM_ARRAY_TASK_ID='3a' is not a whole number/);
    expect(refusal(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' })).message)
      .toMatch(/neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX/);
  });

  it('a count on the flag must agree with the array', () => {
    expect(pick(shardFromEnvironment(slurmTask(2, 1, 4, 1, 4), 4))).toBe('2/4');
    expect(refusal(() => shardFromEnvironment(slurmTask(2, 1, 4, 1, 4), 8)).message).toMatch(/has 4 tasks .* but the flag says 8/);
  });

  it('wins over a CI job\'s variables exported into the batch job', () => {
    expect(shardFromEnvironment({ ...slurmTask(2, 1, 4, 1, 4), CI_NODE_INDEX: '1', CI_NODE_TOTAL: '1' }).source).toMatch(/^Slurm/);
  });
});

describe('shardFromEnvironment: other schedulers', () => {
  it('AWS Batch arrays count from 0', () => {
    const s = shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '0', AWS_BATCH_JOB_ARRAY_SIZE: '10' });
    expect(pick(s)).toBe('1/10');
    expect(s.source).toBe('AWS Batch array job (AWS_BATCH_JOB_ARRAY_INDEX=0, AWS_BATCH_JOB_ARRAY_SIZE=10)');
    expect(refusal(() => shardFromEnvironment({ AWS_BATCH_JOB_ARRAY_INDEX: '10', AWS_BATCH_JOB_ARRAY_SIZE: '10' })).message).toMatch(/index 11 of 10 is out of range/);
  });

  it('Kubernetes Indexed Jobs take the count from the flag or RALLY_SHARD_COUNT', () => {
    expect(pick(shardFromEnvironment({ JOB_COMPLETION_INDEX: '3' }, 4))).toBe('4/4');
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '3' }, 4).source).toBe('Kubernetes Indexed Job (JOB_COMPLETION_INDEX=3, count 4 from --shard auto/4)');
    expect(pick(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', RALLY_SHARD_COUNT: '4' }))).toBe('1/4');
    expect(refusal(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' })).message).toMatch(/Kubernetes Indexed Job .* no shard count: set RALLY_SHARD_COUNT/);
    expect(refusal(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', RALLY_SHARD_COUNT: '4' }, 3)).message).toMatch(/has 4 tasks/);
  });

  it('GitLab (1-based), CircleCI and Buildkite (0-based) parallel jobs', () => {
    expect(pick(shardFromEnvironment({ CI_NODE_INDEX: '2', CI_NODE_TOTAL: '5' }))).toBe('2/5');
    expect(pick(shardFromEnvironment({ CIRCLE_NODE_INDEX: '2', CIRCLE_NODE_TOTAL: '5' }))).toBe('3/5');
    expect(pick(shardFromEnvironment({ BUILDKITE_PARALLEL_JOB: '4', BUILDKITE_PARALLEL_JOB_COUNT: '5' }))).toBe('5/5');
    expect(refusal(() => shardFromEnvironment({ CI_NODE_INDEX: '0', CI_NODE_TOTAL: '5' })).message).toMatch(/CI_NODE_INDEX=0 must be >= 1/);
  });

  it('RALLY_SHARD_INDEX / RALLY_SHARD_COUNT for anything else (e.g. a GitHub Actions matrix)', () => {
    expect(pick(shardFromEnvironment({ RALLY_SHARD_INDEX: '3', RALLY_SHARD_COUNT: '4' }))).toBe('3/4');
  });

  it('GitLab\'s CI_NODE_TOTAL alone (set on every job) is not a shard', () => {
    expect(refusal(() => shardFromEnvironment({ CI_NODE_TOTAL: '1' })).message).toMatch(/no scheduler environment found/);
  });

  it('with nothing set, the error names the variables and the explicit alternative', () => {
    const e = refusal(() => shardFromEnvironment({ PATH: '/usr/bin', SLURM_ARRAY_TASK_ID: '' }));
    expect(e.message).toBe(
      'flags: --shard auto: no scheduler environment found: set one of SLURM_ARRAY_TASK_ID (Slurm), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch), ' +
      'JOB_COMPLETION_INDEX (Kubernetes), CI_NODE_INDEX (GitLab), CIRCLE_NODE_INDEX (CircleCI), BUILDKITE_PARALLEL_JOB (Buildkite) or RALLY_SHARD_INDEX, or pass --shard i/n',
    );
  });

  it('refuses a count hint that is not a whole number >= 1', () => {
    expect(refusal(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' }, 0)).message).toMatch(/whole number >= 1/);
  });
});

describe('parseAutoShard', () => {
  it('reads auto and auto/N, and leaves i/n to parseShard', () => {
    expect(parseAutoShard('auto')).toEqual({ countHint: undefined });
    expect(parseAutoShard(' auto/8 ')).toEqual({ countHint: 8 });
    expect(parseAutoShard('2/8')).toBeNull();
    expect(parseAutoShard('automatic')).toBeNull();
  });
});
