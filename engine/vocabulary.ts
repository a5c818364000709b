/**
 * The closed vocabularies of the project, each defined once as an `as const`
 * list (or record) that gives both the type and a guard. Every other list of
 * these names derives from here.
 */

/** Membership test for a closed list: narrows `x` to one of its members. */
function member<T extends string>(values: readonly T[]): (x: unknown) => x is T {
  const set = new Set<unknown>(values);
  return (x: unknown): x is T => set.has(x);
}

/** Episode kinds, in their canonical (report) order. */
export const EPISODE_KINDS = ['rebound', 'sector-lead', 'seasonal'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];
export const isEpisodeKind = member<EpisodeKind>(EPISODE_KINDS);

/** Hindsight outcomes of an episode, in their canonical (report) order. */
export const OUTCOMES = ['durable', 'stalled', 'failed', 'censored'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = member<Outcome>(OUTCOMES);

/** Data roles of a bundle: the kinds of file a dataset is built from (datasets/bundle.ts). */
export const DATA_ROLES = ['price', 'vix', 'breadth', 'sectors', 'shiller', 'series'] as const;
export type DataRole = (typeof DATA_ROLES)[number];
export const isDataRole = member<DataRole>(DATA_ROLES);

/** Criteria that are baselines (no claim; the floor every other criterion is compared with). */
export const BASELINE_CRITERIA = ['always-durable', 'coin-flip'] as const;
export type BaselineCriterion = (typeof BASELINE_CRITERIA)[number];
export const isBaselineCriterion = member<BaselineCriterion>(BASELINE_CRITERIA);

/** Exit codes of the `rally` command. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, jobsFailed: 3, internal: 70 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
export const isExitCode = (x: unknown): x is ExitCode => Object.values(EXIT).some((c) => c === x);
